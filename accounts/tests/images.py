"""Image files built in memory for the avatar tests, hostile ones included."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt: str = "PNG", size=(40, 30), color=(200, 30, 30), **save) -> bytes:
    output = io.BytesIO()
    mode = "RGBA" if len(color) == 4 else "RGB"
    Image.new(mode, size, color).save(output, format=fmt, **save)
    return output.getvalue()


def upload(data: bytes, name: str = "avatar.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def all_zero_png(width: int, height: int) -> bytes:
    """A real, complete 1-bit PNG of any size: zero rows compress ~1000:1.

    20000 x 20000 pixels is 50 MB of raw rows, streamed through the compressor a row
    at a time, so the test never holds the image in memory (a decoder would expand
    it to 400 MB in 8-bit greyscale).
    """
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressed = [compressor.compress(row) for _ in range(height)]
    compressed.append(compressor.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"".join(compressed))
        + png_chunk(b"IEND", b"")
    )


def striped_jpeg_with_exif(orientation: int = 6) -> bytes:
    """60 x 20: red top half, blue bottom half, EXIF orientation and a camera tag."""
    image = Image.new("RGB", (60, 20), (220, 0, 0))
    image.paste((0, 0, 220), (0, 10, 60, 20))
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "tracking-software 1.0"  # Software
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes(), quality=95)
    return output.getvalue()
