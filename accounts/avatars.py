"""Avatar images: checked from their content, re-encoded by Pillow, stored by name.

The uploaded bytes never reach storage: Pillow decodes them, applies the EXIF
orientation, crops the centre square and writes a fresh WebP without any metadata.

Memory is bounded before any pixel is decoded (issue 18: a 113 kB 6300 x 6300 PNG took
~435 MB of a worker): the header's size must be under AVATAR_MAX_PIXELS, and what the
decoder will really expand (a JPEG is decoded at 1/2..1/8 scale, a PNG or WebP in full,
about 4 bytes a pixel) under AVATAR_MAX_DECODED_PIXELS; one request decodes one image,
and each process decodes at most AVATAR_DECODES_PER_PROCESS at once (a busy process
answers 503 after AVATAR_DECODE_WAIT seconds). The decoded image is shrunk at once, so
the full-size one is the only large copy. `scripts/avatar_memory.py` measures the peak.
"""

import io
import logging
import secrets
import struct
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.errors import AccountError
from accounts.forms import MESSAGES

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
AVATAR_DIRECTORY = "avatars"
# What Pillow raises on damaged or hostile input, besides its own error classes.
DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
)


class AvatarError(AccountError):
    """The upload is not an acceptable picture; nothing was stored."""


class AvatarStorageError(AvatarError):
    """Storage refused the file (full disk, bucket down); the old avatar is kept."""

    status = 503


class AvatarBusyError(AvatarError):
    """Every decoding slot of this process stayed taken; try again in a moment."""

    status = 503

    def __init__(self, message: str):
        super().__init__(message, headers={"Retry-After": "5"})


_decode_slots: threading.BoundedSemaphore | None = None
_decode_slots_lock = threading.Lock()


def decode_slots() -> threading.BoundedSemaphore:
    """This process's decoding slots (made on first use: settings are read then)."""
    global _decode_slots
    with _decode_slots_lock:
        if _decode_slots is None:
            _decode_slots = threading.BoundedSemaphore(
                settings.AVATAR_DECODES_PER_PROCESS
            )
        return _decode_slots


def max_bytes() -> int:
    return settings.AVATAR_MAX_BYTES


def max_pixels() -> int:
    return settings.AVATAR_MAX_PIXELS


def too_large_message() -> str:
    return MESSAGES["avatar_too_large"].format(megabytes=max_bytes() // (1024 * 1024))


def render_avatar(upload) -> bytes:
    """The upload as a square WebP thumbnail without metadata, or an AvatarError."""
    if upload.size > max_bytes():
        raise AvatarError(too_large_message())
    upload.seek(0)
    slots = decode_slots()
    if not slots.acquire(timeout=settings.AVATAR_DECODE_WAIT):
        raise AvatarBusyError(MESSAGES["avatar_busy"])
    try:
        return decode_and_encode(upload)
    finally:
        slots.release()


def decode_and_encode(upload) -> bytes:
    try:
        # `formats` makes Pillow sniff only these decoders: a GIF or a text file
        # named .png is unidentified whatever its name says.
        with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
            check_pixels(image)
            header_size = image.size
            if image.format == "JPEG":
                # Let libjpeg decode at 1/2..1/8 scale: far less memory for big photos.
                image.draft("RGB", (settings.AVATAR_SIZE * 2,) * 2)
            check_decoded_pixels(image, header_size)
            image.load()
            return encode_square(shrunk(image))
    except UnidentifiedImageError as exc:
        raise AvatarError(MESSAGES["avatar_format"]) from exc
    except Image.DecompressionBombError as exc:
        raise AvatarError(too_many_pixels_message()) from exc
    except DECODE_ERRORS as exc:
        raise AvatarError(MESSAGES["avatar_broken"]) from exc


def too_many_pixels_message() -> str:
    return MESSAGES["avatar_too_many_pixels"].format(
        megapixels=max_pixels() // 1_000_000
    )


def check_pixels(image: Image.Image) -> None:
    """Refuse by header size before any pixel is decoded."""
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels():
        raise AvatarError(too_many_pixels_message())


def check_decoded_pixels(image: Image.Image, header_size: tuple[int, int]) -> None:
    """Refuse what the decoder would expand beyond the budget, before load().

    image.size is what will be decoded (a JPEG's after draft()); a progressive JPEG
    keeps coefficients for the whole picture whatever the scale, so it counts in full.
    """
    width, height = image.size
    if image.format == "JPEG" and image.info.get("progressive"):
        width, height = header_size
    if width * height > settings.AVATAR_MAX_DECODED_PIXELS:
        raise AvatarError(
            MESSAGES["avatar_too_many_pixels"].format(
                megapixels=settings.AVATAR_MAX_DECODED_PIXELS // 1_000_000
            )
        )


def shrunk(image: Image.Image) -> Image.Image:
    """A copy at least twice the avatar's size on its shorter side, made with a
    whole-number reduce (cheap, little memory); the full-size one is then dropped."""
    factor = min(image.size) // (settings.AVATAR_SIZE * 2)
    if factor < 2:
        return image
    small = image.reduce(factor)
    small.info = image.info  # reduce() drops the EXIF orientation
    return small


def encode_square(image: Image.Image) -> bytes:
    size = settings.AVATAR_SIZE
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    square = ImageOps.fit(image, (size, size), method=Image.Resampling.LANCZOS)
    output = io.BytesIO()
    # No exif=, icc_profile= or xmp= argument: the new file carries no metadata.
    square.save(output, format="WEBP", quality=85, method=4)
    return output.getvalue()


def store_avatar(data: bytes) -> str:
    """Save the thumbnail under a random name; the storage name is returned."""
    name = f"{AVATAR_DIRECTORY}/{secrets.token_urlsafe(18)}.webp"
    try:
        return default_storage.save(name, ContentFile(data))
    except Exception as exc:
        # Backends raise their own errors (OSError on disk, botocore's on S3).
        logger.exception("Could not store avatar %s", name)
        # FileSystemStorage creates the file before writing it: a full disk leaves
        # an empty one. The name is random, so whatever is there is this attempt's.
        try:
            default_storage.delete(name)
        except Exception:
            logger.exception("Could not remove the partial avatar file %s", name)
        raise AvatarStorageError(MESSAGES["avatar_storage"]) from exc


def delete_avatar_file(name: str) -> None:
    """Delete a stored avatar, or raise AvatarStorageError if storage refuses."""
    try:
        default_storage.delete(name)
    except Exception as exc:
        logger.exception("Could not delete avatar file %s", name)
        raise AvatarStorageError(MESSAGES["avatar_storage"]) from exc


def discard_avatar_file(name: str) -> None:
    """Best-effort delete of a replaced file: the member's change already stands."""
    try:
        delete_avatar_file(name)
    except AvatarStorageError:
        pass  # logged above; an orphan file is harmless and can be swept later


def avatar_url(name: str) -> str | None:
    return default_storage.url(name) if name else None
