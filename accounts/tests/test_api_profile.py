"""Members API extensions: PATCH /api/user and PUT /api/user/password."""

import json

import pytest

from accounts.forms import MESSAGES
from accounts.models import Token
from accounts.tokens import issue_token
from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


def patch_profile(client, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.patch("/api/user", data=data, content_type="application/json")


def change_password(client, body):
    return client.put(
        "/api/user/password", data=json.dumps(body), content_type="application/json"
    )


def me(client, token):
    return client.get("/api/user/auth", HTTP_AUTHORIZATION=f"Bearer {token}").json()


class TestProfile:
    def test_name_and_phone_are_updated(self, auth_client, user):
        response = patch_profile(
            auth_client, {"name": "  王小明 ", "phone": "0912345678"}
        )

        assert response.status_code == 200
        assert response.json() == {"ok": True}
        user.refresh_from_db()
        assert (user.name, user.phone) == ("王小明", "0912345678")

    def test_only_the_fields_sent_change(self, auth_client, user):
        user.phone = "0911111111"
        user.save()

        patch_profile(auth_client, {"name": "新名字"})

        user.refresh_from_db()
        assert (user.name, user.phone) == ("新名字", "0911111111")

    def test_an_empty_phone_clears_it(self, auth_client, user):
        user.phone = "0911111111"
        user.save()

        assert patch_profile(auth_client, {"phone": ""}).status_code == 200

        user.refresh_from_db()
        assert user.phone == ""

    def test_the_phone_may_be_typed_with_dashes_or_spaces(self, auth_client, user):
        patch_profile(auth_client, {"phone": "0912-345 678"})

        user.refresh_from_db()
        assert user.phone == "0912345678"

    def test_the_new_profile_shows_in_who_am_i(self, auth_client, token):
        patch_profile(auth_client, {"name": "阿明", "phone": "0987654321"})

        data = me(auth_client, token)["data"]
        assert (data["name"], data["phone"]) == ("阿明", "0987654321")

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({"phone": "12345"}, MESSAGES["phone_invalid"]),
            ({"phone": "0812345678"}, MESSAGES["phone_invalid"]),
            ({"phone": "091234567"}, MESSAGES["phone_invalid"]),
            ({"phone": "09123456789"}, MESSAGES["phone_invalid"]),
            ({"phone": "０９１２３４５６７８"}, MESSAGES["phone_invalid"]),
            ({"phone": "+886912345678"}, MESSAGES["phone_invalid"]),
            ({"phone": 912345678}, MESSAGES["phone_type"]),
            ({"phone": None}, MESSAGES["phone_type"]),
            ({"name": ""}, MESSAGES["name_required"]),
            ({"name": "   "}, MESSAGES["name_required"]),
            ({"name": "名" * 51}, MESSAGES["name_length"]),
            ({"name": 123}, MESSAGES["name_type"]),
            ({"name": None}, MESSAGES["name_type"]),
            ({"name": "a\tb"}, MESSAGES["name_control"]),
            ({}, MESSAGES["profile_empty"]),
            ({"nmae": "typo"}, MESSAGES["profile_empty"]),
        ],
    )
    def test_bad_input_is_refused_and_changes_nothing(
        self, auth_client, user, body, message
    ):
        response = patch_profile(auth_client, {**body})

        assert_json_error(response, 400, message)
        user.refresh_from_db()
        assert (user.name, user.phone) == ("小明", "")

    def test_one_bad_field_stops_the_good_one_too(self, auth_client, user):
        response = patch_profile(auth_client, {"name": "新名字", "phone": "123"})

        assert_json_error(response, 400, MESSAGES["phone_invalid"])
        user.refresh_from_db()
        assert user.name == "小明"

    def test_malformed_json_is_a_400(self, auth_client):
        assert_json_error(
            patch_profile(auth_client, "{"), 400, API_MESSAGES["bad_json"]
        )

    def test_without_a_token_it_is_403(self, client, user):
        response = patch_profile(client, {"name": "入侵者"})

        assert_json_error(response, 403, API_MESSAGES["not_signed_in"])
        user.refresh_from_db()
        assert user.name == "小明"


class TestPasswordChange:
    def test_the_password_changes_and_every_earlier_token_is_revoked(
        self, auth_client, client, user, token
    ):
        other_device = issue_token(user=user)

        response = change_password(
            auth_client,
            {"currentPassword": PASSWORD, "newPassword": "a brand new passphrase"},
        )

        assert response.status_code == 200
        body = response.json()
        assert body["ok"] is True and body["token"] not in (token, other_device)
        assert me(client, token) == {"data": None}
        assert me(client, other_device) == {"data": None}
        assert me(client, body["token"])["data"]["id"] == user.pk
        user.refresh_from_db()
        assert user.check_password("a brand new passphrase")
        assert Token.objects.filter(revoked_at=None).count() == 1

    def test_the_old_password_no_longer_signs_in(
        self, auth_client, client, clean_cache
    ):
        change_password(
            auth_client,
            {"currentPassword": PASSWORD, "newPassword": "a brand new passphrase"},
        )

        def sign_in(password):
            return client.put(
                "/api/user/auth",
                data=json.dumps({"email": "member@example.com", "password": password}),
                content_type="application/json",
            )

        assert_json_error(sign_in(PASSWORD), 400, MESSAGES["bad_credentials"])
        assert sign_in("a brand new passphrase").status_code == 200

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (
                {"currentPassword": "wrong one", "newPassword": "a brand new pass"},
                MESSAGES["current_password_wrong"],
            ),
            (
                {"currentPassword": PASSWORD, "newPassword": PASSWORD},
                MESSAGES["new_password_same"],
            ),
            ({"currentPassword": PASSWORD, "newPassword": "1234"}, None),
            ({"currentPassword": PASSWORD, "newPassword": "password1"}, None),
            (
                {"newPassword": "a brand new pass"},
                MESSAGES["current_password_required"],
            ),
            ({"currentPassword": PASSWORD}, MESSAGES["new_password_required"]),
            ({"currentPassword": PASSWORD, "newPassword": 12345678901}, None),
        ],
    )
    def test_bad_input_changes_nothing(
        self, auth_client, client, user, token, clean_cache, body, message
    ):
        response = change_password(auth_client, body)

        assert_json_error(response, 400, message)
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        assert me(client, token)["data"]["id"] == user.pk

    def test_guessing_the_current_password_is_throttled(
        self, auth_client, clean_cache, settings
    ):
        settings.SIGN_IN_FAILURES_PER_PAIR = 3
        for _ in range(3):
            change_password(
                auth_client, {"currentPassword": "guess", "newPassword": "x new pass 9"}
            )

        response = change_password(
            auth_client, {"currentPassword": PASSWORD, "newPassword": "x new pass 9"}
        )

        assert_json_error(response, 429)

    def test_without_a_token_it_is_403(self, client, user):
        response = change_password(
            client, {"currentPassword": PASSWORD, "newPassword": "a brand new pass"}
        )

        assert_json_error(response, 403, API_MESSAGES["not_signed_in"])
