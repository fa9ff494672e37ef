"""The contract's member endpoints: POST /api/user and GET/PUT/DELETE /api/user/auth."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.utils import timezone

from accounts.forms import MESSAGES
from accounts.models import Token, User
from accounts.tokens import issue_token
from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


def post_json(client, path, body, method="post", **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return getattr(client, method)(
        path, data=data, content_type="application/json", **headers
    )


def sign_up(client, **fields):
    body = {"name": "小華", "email": "hua@example.com", "password": "a long passphrase"}
    return post_json(client, "/api/user", {**body, **fields})


def sign_in(client, email="member@example.com", password=PASSWORD, **headers):
    return post_json(
        client,
        "/api/user/auth",
        {"email": email, "password": password},
        method="put",
        **headers,
    )


def who_am_i(client, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.get("/api/user/auth", **headers)


class TestSignUp:
    def test_a_new_member_signs_up_with_a_lower_cased_email_and_hashed_password(
        self, client
    ):
        response = sign_up(client, email="  Hua@Example.COM ")

        assert response.status_code == 200
        assert response.json() == {"ok": True}
        member = User.objects.get()
        assert member.email == "hua@example.com"
        assert member.name == "小華"
        assert member.password != "a long passphrase"
        assert member.check_password("a long passphrase")

    def test_an_email_already_taken_in_another_letter_case_is_refused(
        self, client, user
    ):
        response = sign_up(client, email="MEMBER@Example.com")

        assert_json_error(response, 400, "這個電子郵件已經註冊過了")
        assert User.objects.count() == 1

    @pytest.mark.parametrize(
        ("missing", "message"),
        [
            ("name", MESSAGES["name_required"]),
            ("email", MESSAGES["email_required"]),
            ("password", MESSAGES["password_required"]),
        ],
    )
    def test_a_missing_field_is_refused(self, client, missing, message):
        body = {"name": "小華", "email": "hua@example.com", "password": "a long pass"}
        del body[missing]

        assert_json_error(post_json(client, "/api/user", body), 400, message)
        assert not User.objects.exists()

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("name", 123, MESSAGES["name_type"]),
            ("name", ["小華"], MESSAGES["name_type"]),
            ("name", {"first": "小"}, MESSAGES["name_type"]),
            ("name", True, MESSAGES["name_type"]),
            ("email", [], MESSAGES["email_type"]),
            ("email", ["hua@example.com"], MESSAGES["email_type"]),
            ("email", 42, MESSAGES["email_type"]),
            ("password", 12345678901, MESSAGES["password_type"]),
            ("password", None, MESSAGES["password_required"]),
        ],
    )
    def test_a_wrong_typed_field_is_refused(self, client, field, value, message):
        assert_json_error(sign_up(client, **{field: value}), 400, message)
        assert not User.objects.exists()

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"email": "not-an-email"}, MESSAGES["email_invalid"]),
            ({"email": "a@" + "b" * 250 + ".tw"}, MESSAGES["email_invalid"]),
            ({"name": "   "}, MESSAGES["name_required"]),
            ({"name": "名" * 51}, MESSAGES["name_length"]),
            ({"name": "小\n華"}, MESSAGES["name_control"]),
            ({"name": "小\x00華"}, None),
            ({"password": "x" * 129}, MESSAGES["password_length"]),
        ],
    )
    def test_an_invalid_field_is_refused(self, client, fields, message):
        assert_json_error(sign_up(client, **fields), 400, message)
        assert not User.objects.exists()

    @pytest.mark.parametrize("password", ["short1", "12345678901", "password123"])
    def test_a_weak_password_is_refused_by_djangos_validators(self, client, password):
        response = sign_up(client, password=password)

        assert_json_error(response, 400)
        assert not User.objects.exists()

    def test_a_password_like_the_email_is_refused(self, client):
        response = sign_up(
            client, email="hualien.trip@example.com", password="hualientrip"
        )

        assert_json_error(response, 400)

    def test_a_fifty_character_name_is_accepted(self, client):
        assert sign_up(client, name="名" * 50).status_code == 200

    @pytest.mark.parametrize(
        "body", ["{not json", "", "[1, 2]", '"text"', "null", b"\xff\xfe"]
    )
    def test_malformed_json_is_a_400(self, client, body):
        response = post_json(client, "/api/user", body)

        assert_json_error(response, 400, API_MESSAGES["bad_json"])

    def test_a_name_with_markup_is_returned_as_the_raw_string(self, client):
        sign_up(client, name="<script>alert(1)</script>")
        token = sign_in(client, "hua@example.com", "a long passphrase").json()["token"]

        response = who_am_i(client, token)

        assert response["Content-Type"].startswith("application/json")
        assert response.json()["data"]["name"] == "<script>alert(1)</script>"


class TestSignIn:
    def test_the_right_password_gives_a_token_that_signs_in(self, client, user):
        response = sign_in(client)

        assert response.status_code == 200
        assert set(response.json()) == {"token"}
        data = who_am_i(client, response.json()["token"]).json()["data"]
        assert data == {
            "id": user.pk,
            "name": "小明",
            "email": "member@example.com",
            "phone": "",
            "avatar": None,
        }

    def test_the_email_may_be_typed_in_any_letter_case(self, client, user):
        assert sign_in(client, email=" Member@EXAMPLE.com").status_code == 200

    def test_the_token_lives_seven_days(self, client, user):
        sign_in(client)

        token = Token.objects.get()
        assert token.expires_at - token.created_at == timedelta(days=7)

    def test_sign_in_records_the_last_login(self, client, user):
        sign_in(client)

        user.refresh_from_db()
        assert user.last_login is not None

    def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(
        self, client, user, clean_cache
    ):
        wrong_password = sign_in(client, password="wrong password")
        unknown_email = sign_in(client, email="nobody@example.com")

        assert_json_error(wrong_password, 400, "電子郵件或密碼錯誤")
        assert_json_error(unknown_email, 400, "電子郵件或密碼錯誤")
        assert not Token.objects.exists()

    def test_an_unknown_email_still_runs_the_password_hasher(
        self, client, user, clean_cache
    ):
        with mock.patch.object(
            MD5PasswordHasher,
            "encode",
            autospec=True,
            side_effect=MD5PasswordHasher.encode,
        ) as encode:
            sign_in(client, email="nobody@example.com")

        assert encode.call_count == 1

    def test_a_deactivated_member_cannot_sign_in(self, client, user, clean_cache):
        user.is_active = False
        user.save()

        assert_json_error(sign_in(client), 400, "電子郵件或密碼錯誤")

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({"password": PASSWORD}, MESSAGES["email_required"]),
            ({"email": "member@example.com"}, MESSAGES["password_required"]),
            ({"email": [], "password": PASSWORD}, MESSAGES["email_type"]),
            (
                {"email": "member@example.com", "password": 42},
                MESSAGES["password_type"],
            ),
            ({"email": "member", "password": PASSWORD}, MESSAGES["email_invalid"]),
        ],
    )
    def test_bad_input_is_refused(self, client, user, body, message):
        response = post_json(client, "/api/user/auth", body, method="put")

        assert_json_error(response, 400, message)

    def test_malformed_json_is_a_400(self, client):
        response = post_json(client, "/api/user/auth", "{'email':", method="put")

        assert_json_error(response, 400, API_MESSAGES["bad_json"])


class TestWhoAmI:
    def test_without_a_token_the_data_is_null(self, client):
        response = who_am_i(client)

        assert response.status_code == 200
        assert response.json() == {"data": None}

    @pytest.mark.parametrize(
        "header",
        [
            "Bearer",
            "Bearer ",
            "Bearer not-a-token",
            "Basic bWVtYmVyOnBhc3M=",
            "Bearer " + "x" * 5000,
            "Bearer \u53f0\u5317",
            # An unsigned JWT ("alg": "none") is just an unknown token here.
            "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ1c2VyX2lkIjoxfQ.",
        ],
    )
    def test_a_garbage_token_gives_null_data_not_an_error(self, client, user, header):
        response = client.get("/api/user/auth", HTTP_AUTHORIZATION=header)

        assert response.status_code == 200
        assert response.json() == {"data": None}

    def test_a_tampered_token_gives_null_data(self, client, token):
        flipped = token[:-1] + ("A" if token[-1] != "A" else "B")

        assert who_am_i(client, flipped).json() == {"data": None}
        assert who_am_i(client, token.upper()).json() == {"data": None}

    def test_an_expired_token_gives_null_data(self, client, token):
        Token.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

        assert who_am_i(client, token).json() == {"data": None}

    def test_a_revoked_token_gives_null_data(self, client, token):
        Token.objects.update(revoked_at=timezone.now())

        assert who_am_i(client, token).json() == {"data": None}

    def test_a_deactivated_members_token_gives_null_data(self, client, user, token):
        User.objects.filter(pk=user.pk).update(is_active=False)

        assert who_am_i(client, token).json() == {"data": None}

    def test_the_bearer_scheme_is_case_insensitive(self, client, token):
        response = client.get("/api/user/auth", HTTP_AUTHORIZATION=f"bearer {token}")

        assert response.json()["data"]["email"] == "member@example.com"


class TestSignOut:
    def test_signing_out_revokes_that_token_only(self, client, user, token):
        other_device = issue_token(user=user)

        response = client.delete("/api/user/auth", HTTP_AUTHORIZATION=f"Bearer {token}")

        assert response.status_code == 200
        assert response.json() == {"ok": True}
        assert who_am_i(client, token).json() == {"data": None}
        assert who_am_i(client, other_device).json()["data"]["id"] == user.pk

    def test_signing_out_without_a_token_is_harmless(self, client, token):
        response = client.delete("/api/user/auth")

        assert response.json() == {"ok": True}
        assert who_am_i(client, token).json()["data"] is not None

    def test_a_revoked_token_cannot_change_the_profile(self, client, token):
        client.delete("/api/user/auth", HTTP_AUTHORIZATION=f"Bearer {token}")

        response = client.patch(
            "/api/user",
            data={"name": "x"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

        assert_json_error(response, 403, API_MESSAGES["not_signed_in"])


def test_an_unsupported_method_is_a_json_405(client):
    assert_json_error(client.get("/api/user"), 405)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/user"),
        ("patch", "/api/user"),
        ("put", "/api/user/auth"),
        ("delete", "/api/user/auth"),
        ("put", "/api/user/password"),
        ("post", "/api/user/avatar"),
        ("delete", "/api/user/avatar"),
    ],
)
def test_no_endpoint_asks_for_a_csrf_token(method, path, token):
    # Browsers send a bearer token, never a cookie, so CSRF does not apply.
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    client.cookies["sessionid"] = "x"

    response = getattr(client, method)(path, data="{}", content_type="application/json")

    # Signed in with a valid token, so a 403 could only be the CSRF check.
    assert response.status_code in (200, 400), response.content


def test_a_json_body_over_djangos_upload_limit_is_a_400_not_a_500(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = {"name": "名" * 2000, "email": "a@example.com", "password": "x"}

    response = post_json(client, "/api/user", body)

    assert_json_error(response, 400, API_MESSAGES["bad_request"])
    assert not User.objects.exists()
