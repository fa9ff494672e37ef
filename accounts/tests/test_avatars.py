"""Avatar processing: content sniffing, limits, bombs, metadata and storage failures."""

import io
import re
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from PIL import Image

from accounts import avatars, services
from accounts.avatars import AvatarError, AvatarStorageError, render_avatar
from accounts.forms import MESSAGES
from accounts.tests.images import (
    all_zero_png,
    image_bytes,
    striped_jpeg_with_exif,
    upload,
)


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_each_accepted_format_becomes_a_256_pixel_square_webp(fmt):
    result = decoded(render_avatar(upload(image_bytes(fmt, size=(300, 120)))))

    assert result.format == "WEBP"
    assert result.size == (256, 256)


def test_the_type_comes_from_the_content_not_the_file_name():
    jpeg_named_gif = upload(image_bytes("JPEG"), name="photo.gif")

    assert decoded(render_avatar(jpeg_named_gif)).format == "WEBP"


def test_a_text_file_named_png_is_refused():
    with pytest.raises(AvatarError) as error:
        render_avatar(upload(b"just some words, not a picture\n" * 10))

    assert error.value.message == MESSAGES["avatar_format"]


def test_a_gif_is_refused_even_when_named_png():
    with pytest.raises(AvatarError) as error:
        render_avatar(upload(image_bytes("GIF"), name="avatar.png"))

    assert error.value.message == MESSAGES["avatar_format"]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_truncated_image_is_refused_as_broken(fmt):
    # Noise does not compress, so half the file is half the pixels.
    noisy = Image.effect_noise((400, 400), 80).convert("RGB")
    output = io.BytesIO()
    noisy.save(output, format=fmt)
    whole = output.getvalue()

    with pytest.raises(AvatarError) as error:
        render_avatar(upload(whole[: len(whole) // 2]))

    assert error.value.message == MESSAGES["avatar_broken"]


def test_a_20000_by_20000_png_bomb_is_refused_before_decoding():
    bomb = all_zero_png(20000, 20000)
    assert len(bomb) < 200_000  # tiny on the wire, 400 MB once decoded

    with mock.patch.object(Image.Image, "load") as load:
        with pytest.raises(AvatarError) as error:
            render_avatar(upload(bomb))

    load.assert_not_called()
    assert error.value.message == avatars.too_many_pixels_message()


def test_an_image_over_the_pixel_limit_but_under_pillows_is_refused(settings):
    settings.AVATAR_MAX_PIXELS = 1_000_000

    with pytest.raises(AvatarError) as error:
        render_avatar(upload(all_zero_png(1001, 1000)))

    assert "1 百萬像素" in error.value.message


def test_an_image_just_under_the_pixel_limit_is_accepted(settings):
    settings.AVATAR_MAX_PIXELS = 1_000_000

    assert decoded(render_avatar(upload(all_zero_png(1000, 1000)))).size == (256, 256)


def test_a_file_over_the_size_limit_is_refused_without_opening_it(settings):
    settings.AVATAR_MAX_BYTES = 1024
    big = upload(image_bytes("PNG") + b"\0" * 2048)

    with mock.patch.object(Image, "open") as image_open:
        with pytest.raises(AvatarError) as error:
            render_avatar(big)

    image_open.assert_not_called()
    assert error.value.message == MESSAGES["avatar_too_large"].format(megabytes=0)


def test_the_default_size_limit_is_five_megabytes():
    five_megabytes_and_one = upload(b"\0" * (5 * 1024 * 1024 + 1))

    with pytest.raises(AvatarError) as error:
        render_avatar(five_megabytes_and_one)

    assert error.value.message == "頭像圖片不可超過 5 MB"


def test_exif_is_removed_and_its_orientation_applied_first():
    result = decoded(render_avatar(upload(striped_jpeg_with_exif(orientation=6))))

    assert not result.getexif()
    assert "exif" not in result.info and "xmp" not in result.info
    # Orientation 6 turns the red top stripe into the right-hand side.
    left, right = result.getpixel((40, 128)), result.getpixel((215, 128))
    assert left[2] > 150 and left[0] < 80, left
    assert right[0] > 150 and right[2] < 80, right


def test_a_transparent_png_keeps_its_transparency():
    result = decoded(render_avatar(upload(image_bytes("PNG", color=(0, 0, 0, 0)))))

    assert result.mode == "RGBA"
    assert result.getpixel((128, 128))[3] == 0


@pytest.mark.parametrize("mode", ["L", "P", "CMYK", "I;16", "1", "LA"])
def test_unusual_colour_modes_are_converted(mode):
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    output = io.BytesIO()
    Image.new(mode, (30, 50)).save(output, format=fmt)

    assert decoded(render_avatar(upload(output.getvalue()))).size == (256, 256)


@pytest.mark.django_db
class TestStorage:
    def test_the_avatar_is_saved_under_a_random_name_in_the_avatars_folder(self, user):
        url = services.set_avatar(user=user, upload=upload(image_bytes("PNG")))

        user.refresh_from_db()
        # 18 random bytes, URL-safe: neither the upload's name nor the member's id.
        assert re.fullmatch(r"avatars/[A-Za-z0-9_-]{24}\.webp", user.avatar)
        assert default_storage.exists(user.avatar)
        assert url == default_storage.url(user.avatar)

    def test_replacing_deletes_the_old_file_after_commit(
        self, user, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.set_avatar(user=user, upload=upload(image_bytes("PNG")))
        first = user.avatar
        with django_capture_on_commit_callbacks(execute=True):
            services.set_avatar(user=user, upload=upload(image_bytes("JPEG")))

        assert user.avatar != first
        assert not default_storage.exists(first)
        assert default_storage.exists(user.avatar)

    def test_removing_deletes_the_file_and_clears_the_field(self, user):
        services.set_avatar(user=user, upload=upload(image_bytes("PNG")))
        name = user.avatar

        services.remove_avatar(user=user)

        user.refresh_from_db()
        assert user.avatar == ""
        assert not default_storage.exists(name)

    def test_a_full_disk_keeps_the_old_avatar(self, user):
        services.set_avatar(user=user, upload=upload(image_bytes("PNG")))
        old = user.avatar
        full = OSError(28, "No space left on device")

        with mock.patch.object(FileSystemStorage, "save", side_effect=full):
            with pytest.raises(AvatarStorageError) as error:
                services.set_avatar(user=user, upload=upload(image_bytes("JPEG")))

        assert error.value.status == 503
        assert error.value.message == MESSAGES["avatar_storage"]
        user.refresh_from_db()
        assert user.avatar == old and default_storage.exists(old)

    def test_a_storage_that_refuses_to_delete_keeps_the_avatar(self, user):
        services.set_avatar(user=user, upload=upload(image_bytes("PNG")))
        old = user.avatar

        with mock.patch.object(
            FileSystemStorage, "delete", side_effect=PermissionError("read-only")
        ):
            with pytest.raises(AvatarStorageError):
                services.remove_avatar(user=user)

        user.refresh_from_db()
        assert user.avatar == old and default_storage.exists(old)

    def test_a_failed_database_write_deletes_the_new_file(self, user):
        saved = []
        real_save = FileSystemStorage.save

        def remember(storage, name, content, **kwargs):
            saved.append(real_save(storage, name, content, **kwargs))
            return saved[-1]

        with (
            mock.patch.object(FileSystemStorage, "save", remember),
            mock.patch(
                "accounts.models.User.save", side_effect=RuntimeError("database gone")
            ),
            pytest.raises(RuntimeError),
        ):
            services.set_avatar(user=user, upload=upload(image_bytes("PNG")))

        assert saved and not default_storage.exists(saved[0])


def test_an_animated_png_becomes_a_still_avatar():
    frames = [Image.new("RGB", (40, 40), color) for color in ("red", "blue", "green")]
    output = io.BytesIO()
    frames[0].save(output, format="PNG", save_all=True, append_images=frames[1:])

    result = decoded(render_avatar(upload(output.getvalue())))

    assert getattr(result, "n_frames", 1) == 1


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_exif_in_png_and_webp_is_removed_too(fmt):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    source = image_bytes(fmt, size=(50, 50), exif=exif.tobytes())
    assert Image.open(io.BytesIO(source)).getexif()  # the input really carries it

    result = render_avatar(upload(source))

    assert b"SecretCam" not in result
    assert not decoded(result).getexif()


def test_a_jpeg_header_claiming_65000_by_65000_pixels_is_refused():
    jpeg = bytearray(image_bytes("JPEG", size=(16, 16)))
    marker = jpeg.index(b"\xff\xc0")  # start of frame: height and width follow
    jpeg[marker + 5 : marker + 9] = (65000).to_bytes(2, "big") * 2

    with pytest.raises(AvatarError) as error:
        render_avatar(upload(bytes(jpeg)))

    assert error.value.message == avatars.too_many_pixels_message()


def test_the_uploaded_file_name_never_reaches_storage(db, user):
    hostile = upload(image_bytes("PNG"), name="../../etc/passwd.png")

    services.set_avatar(user=user, upload=hostile)

    assert "passwd" not in user.avatar and ".." not in user.avatar


# --- memory bounds (issue 18, point 6) and failed writes (point 13) ------------------


def test_a_png_over_the_decoded_pixel_budget_is_refused_before_load(settings):
    settings.AVATAR_MAX_DECODED_PIXELS = 1_000_000

    with mock.patch.object(Image.Image, "load") as load:
        with pytest.raises(AvatarError) as error:
            render_avatar(upload(all_zero_png(1001, 1000)))

    load.assert_not_called()
    assert error.value.message == MESSAGES["avatar_too_many_pixels"].format(
        megapixels=1
    )


def test_a_big_baseline_jpeg_fits_the_budget_once_scaled_but_a_progressive_one_not(
    settings,
):
    settings.AVATAR_MAX_DECODED_PIXELS = 300_000
    big = (4096, 4096)  # decoded at 1/8: 512 x 512

    baseline = render_avatar(upload(image_bytes("JPEG", size=big)))
    with pytest.raises(AvatarError):
        render_avatar(upload(image_bytes("JPEG", size=big, progressive=True)))

    assert decoded(baseline).size == (256, 256)


def test_a_large_picture_is_shrunk_before_it_is_converted():
    converted = []
    original_convert = Image.Image.convert

    def convert(image, *args, **kwargs):
        converted.append(image.size)
        return original_convert(image, *args, **kwargs)

    with mock.patch.object(Image.Image, "convert", convert):
        render_avatar(upload(image_bytes("PNG", size=(3000, 2000))))

    # 3000 x 2000 reduced by 3: the shorter side stays at least twice 256.
    assert max(width * height for width, height in converted) <= 1000 * 667


def test_a_process_with_every_decoding_slot_taken_answers_503(settings):
    settings.AVATAR_DECODE_WAIT = 0.1
    slots = avatars.decode_slots()
    taken = [
        slots.acquire(timeout=5) for _ in range(settings.AVATAR_DECODES_PER_PROCESS)
    ]
    try:
        with pytest.raises(avatars.AvatarBusyError) as error:
            render_avatar(upload(image_bytes("PNG")))
    finally:
        for _ in taken:
            slots.release()

    assert error.value.status == 503
    assert error.value.headers["Retry-After"]
    assert decoded(render_avatar(upload(image_bytes("PNG")))).size == (256, 256)


def test_a_write_failing_on_a_full_disk_leaves_no_empty_file(settings):
    import errno
    import os

    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, file):
            self.file = file

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.file.close()

    with mock.patch(
        "os.fdopen", lambda fd, *a, **k: FullDisk(real_fdopen(fd, *a, **k))
    ):
        with pytest.raises(AvatarStorageError):
            avatars.store_avatar(b"RIFF....WEBP")

    folder = settings.MEDIA_ROOT / avatars.AVATAR_DIRECTORY
    assert folder.is_dir()  # the save got as far as creating the file
    assert list(folder.iterdir()) == []
