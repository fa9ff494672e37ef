"""POST/DELETE /api/user/avatar: multipart uploads, bad files and storage failures."""

import io
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from PIL import Image

from accounts import avatars
from accounts.forms import MESSAGES
from accounts.tests.images import all_zero_png, image_bytes, upload
from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db


def post_avatar(client, file=None, **extra):
    data = {"avatar": file} if file is not None else {}
    return client.post("/api/user/avatar", data=data, **extra)


def current_avatar(client):
    return client.get("/api/user/auth").json()["data"]["avatar"]


def test_an_uploaded_avatar_is_stored_and_shown_in_who_am_i(auth_client, user):
    response = post_avatar(auth_client, upload(image_bytes("PNG", size=(500, 300))))

    assert response.status_code == 200
    url = response.json()["data"]["avatar"]
    user.refresh_from_db()
    assert url == default_storage.url(user.avatar)
    assert current_avatar(auth_client) == url
    with default_storage.open(user.avatar) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert (image.format, image.size) == ("WEBP", (256, 256))


def test_replacing_the_avatar_deletes_the_old_file(
    auth_client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_avatar(auth_client, upload(image_bytes("PNG")))
    user.refresh_from_db()
    first = user.avatar

    with django_capture_on_commit_callbacks(execute=True):
        response = post_avatar(auth_client, upload(image_bytes("WEBP"), "me.webp"))

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.avatar != first
    assert not default_storage.exists(first)


def test_removing_the_avatar_deletes_the_file(auth_client, user):
    post_avatar(auth_client, upload(image_bytes("JPEG"), "me.jpg"))
    user.refresh_from_db()
    name = user.avatar

    response = auth_client.delete("/api/user/avatar")

    assert response.json() == {"ok": True}
    assert current_avatar(auth_client) is None
    assert not default_storage.exists(name)


def test_removing_when_there_is_no_avatar_is_harmless(auth_client):
    assert auth_client.delete("/api/user/avatar").json() == {"ok": True}


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"hello, I am text\n" * 20, "avatar.png", MESSAGES["avatar_format"]),
        (image_bytes("GIF"), "avatar.gif", MESSAGES["avatar_format"]),
        (image_bytes("BMP"), "avatar.jpg", MESSAGES["avatar_format"]),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "a.png",
            MESSAGES["avatar_format"],
        ),
        (
            image_bytes("PNG", size=(300, 300))[:-200],
            "cut.png",
            MESSAGES["avatar_broken"],
        ),
        (all_zero_png(20000, 20000), "bomb.png", None),
    ],
    ids=["text-named-png", "gif", "bmp", "svg", "truncated-png", "20000x20000-png"],
)
def test_a_bad_file_is_refused_and_the_old_avatar_kept(
    auth_client, user, data, name, message
):
    post_avatar(auth_client, upload(image_bytes("PNG")))
    user.refresh_from_db()
    old = user.avatar

    response = post_avatar(auth_client, upload(data, name))

    assert_json_error(response, 400, message or avatars.too_many_pixels_message())
    user.refresh_from_db()
    assert user.avatar == old and default_storage.exists(old)
    assert default_storage.listdir("avatars")[1] == [old.split("/")[1]]


def test_an_oversized_file_is_refused(auth_client, user, settings):
    settings.AVATAR_MAX_BYTES = 100 * 1024
    big = image_bytes("PNG") + b"\0" * (100 * 1024)

    response = post_avatar(auth_client, upload(big))

    assert_json_error(response, 400, MESSAGES["avatar_too_large"].format(megabytes=0))
    user.refresh_from_db()
    assert user.avatar == ""


def test_a_body_far_over_the_limit_is_refused_before_it_is_parsed(auth_client):
    response = auth_client.generic(
        "POST",
        "/api/user/avatar",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert_json_error(response, 400, avatars.too_large_message())


def test_no_file_is_refused(auth_client):
    assert_json_error(post_avatar(auth_client), 400, MESSAGES["avatar_required"])


def test_an_empty_file_is_refused(auth_client):
    response = post_avatar(auth_client, upload(b""))

    assert_json_error(response, 400, MESSAGES["avatar_broken"])


def test_a_json_body_instead_of_a_file_is_refused(auth_client):
    response = auth_client.post(
        "/api/user/avatar", data={"avatar": "x"}, content_type="application/json"
    )

    assert_json_error(response, 400, MESSAGES["avatar_required"])


def test_a_malformed_multipart_body_is_a_400_not_a_500(auth_client):
    response = auth_client.generic(
        "POST",
        "/api/user/avatar",
        data=b'--xyz\r\nContent-Disposition: form-data; name="avatar"',
        content_type="multipart/form-data; boundary=",
    )

    assert_json_error(response, 400, MESSAGES["avatar_bad_upload"])


def test_a_full_disk_is_a_clear_503_and_the_old_avatar_stays(auth_client, user):
    post_avatar(auth_client, upload(image_bytes("PNG")))
    user.refresh_from_db()
    old = user.avatar

    with mock.patch.object(
        FileSystemStorage, "save", side_effect=OSError(28, "No space left on device")
    ):
        response = post_avatar(auth_client, upload(image_bytes("JPEG")))

    assert_json_error(response, 503, MESSAGES["avatar_storage"])
    user.refresh_from_db()
    assert user.avatar == old


def test_a_storage_backend_error_is_a_503_too(auth_client, user):
    class BucketError(Exception):
        pass

    with mock.patch.object(FileSystemStorage, "save", side_effect=BucketError("503")):
        response = post_avatar(auth_client, upload(image_bytes("PNG")))

    assert_json_error(response, 503, MESSAGES["avatar_storage"])


def test_without_a_token_uploads_and_removals_are_403(client, user):
    assert_json_error(
        post_avatar(client, upload(image_bytes("PNG"))),
        403,
        API_MESSAGES["not_signed_in"],
    )
    assert_json_error(client.delete("/api/user/avatar"), 403)
    assert (
        not default_storage.exists("avatars")
        or not default_storage.listdir("avatars")[1]
    )
