"""A member's language is the one of their last sign-up or sign-in (or verification
resend) through the API (`lang`); their account e-mails go out in it. A password-reset
request, which anyone may make for any address, is mailed in its own language and
changes nobody's."""

import json

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def post_json(client, path, body, method="post"):
    return getattr(client, method)(
        path, data=json.dumps(body), content_type="application/json"
    )


def test_signing_up_in_japanese_sends_the_verification_mail_in_japanese(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    body = {
        "name": "山田",
        "email": "yamada@example.com",
        "password": "a long horse 42",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, "/api/user?lang=ja", body)

    assert response.status_code == 200
    assert User.objects.get(email="yamada@example.com").language == "ja"
    [message] = mailoutbox
    assert message.subject == "【台北一日遊】メールアドレスの確認をお願いします"
    assert "山田 様" in message.body
    assert "http://127.0.0.1:8000/ja/verify/" in message.body


def test_signing_in_records_the_language_and_a_reset_request_leaves_it(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    credentials = {"email": user.email, "password": "correct horse 42"}
    assert post_json(client, "/api/user/auth?lang=en", credentials, "put").json()
    user.refresh_from_db()
    assert user.language == "en"

    with django_capture_on_commit_callbacks(execute=True):
        post_json(client, "/api/user/password-reset", {"email": user.email})

    user.refresh_from_db()
    assert user.language == "en"
    # The request's own language (繁體中文 without lang) writes its mail.
    [message] = mailoutbox
    assert message.subject == "重設您在台北一日遊的密碼"


def test_anyone_asking_a_reset_in_japanese_does_not_change_the_members_language(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=user.pk).update(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            client, "/api/user/password-reset?lang=ja", {"email": user.email}
        )

    assert response.json() == {"ok": True}
    user.refresh_from_db()
    assert user.language == "en"
    [message] = mailoutbox
    assert "http://127.0.0.1:8000/ja/reset/" in message.body


def test_a_reset_asked_in_english_is_mailed_in_english(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_json(client, "/api/user/password-reset?lang=en", {"email": user.email})

    [message] = mailoutbox
    assert message.subject == "Reset your Taipei Day Trip password"
    assert "http://127.0.0.1:8000/en/reset/" in message.body


def test_the_english_links_lead_to_the_english_pages(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_json(client, "/api/user/password-reset?lang=en", {"email": user.email})
        post_json(
            client,
            "/api/user?lang=en",
            {
                "name": "Alex",
                "email": "alex@example.com",
                "password": "a long horse 42",
            },
        )

    reset, verify = mailoutbox
    for message, path in ((reset, "/en/reset/"), (verify, "/en/verify/")):
        link = next(w for w in message.body.split() if path in w)
        page = client.get(link.removeprefix("http://127.0.0.1:8000"))
        assert page.status_code == 200, link
        assert '<html lang="en"' in page.content.decode()
