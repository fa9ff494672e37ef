"""Verifying the address, resetting a forgotten password, exporting and deleting."""

import json
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.forms import MESSAGES
from accounts.models import Token, User
from mail.models import Email
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"


def post_json(client, path, body, method="post", **headers):
    return getattr(client, method)(
        path, data=json.dumps(body), content_type="application/json", **headers
    )


def link_in(message, path: str) -> str:
    found = re.search(rf"http://127\.0\.0\.1:8000(/{path}/[^\s\"<]+)", message.body)
    assert found, message.body
    return found.group(1)


def reset_link(user) -> tuple[str, str]:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return uid, default_token_generator.make_token(user)


def confirm(client, uid, token, password=NEW_PASSWORD):
    return post_json(
        client,
        "/api/user/password-reset/confirm",
        {"uid": uid, "token": token, "password": password},
    )


class TestSignUpAndVerification:
    def test_sign_up_mails_a_link_that_verifies_the_address(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(
                client,
                "/api/user",
                {
                    "name": "小華",
                    "email": "Hua@Example.com",
                    "password": "a long passphrase",
                },
            )
        assert response.json() == {"ok": True}
        member = User.objects.get()
        assert member.email_verified_at is None
        [message] = mailoutbox
        assert message.to == ["hua@example.com"] and "驗證" in message.subject
        assert message.alternatives[0][1] == "text/html"

        page = client.get(link_in(message, "verify"))

        assert page.status_code == 200
        assert "已驗證完成" in page.content.decode()
        member.refresh_from_db()
        assert member.email_verified_at is not None
        assert client.get(link_in(message, "verify")).status_code == 200  # again: fine

    def test_the_member_data_says_whether_the_address_is_verified(
        self, auth_client, user
    ):
        assert (
            auth_client.get("/api/user/auth").json()["data"]["emailVerified"] is False
        )

    def test_a_tampered_verification_link_is_refused(self, client, user):
        page = client.get("/verify/not-a-real-token")
        assert page.status_code == 400
        assert str(MESSAGES["verify_link_invalid"]) in page.content.decode()

    def test_a_member_can_ask_for_a_few_more_verification_mails(
        self,
        auth_client,
        mailoutbox,
        django_capture_on_commit_callbacks,
        settings,
        clean_cache,
    ):
        settings.VERIFICATION_MAILS_PER_MEMBER = 2
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(2):
                assert post_json(auth_client, "/api/user/verification", {}).json() == {
                    "ok": True
                }
            third = post_json(auth_client, "/api/user/verification", {})
        assert third.status_code == 429
        assert len(mailoutbox) == 2

    def test_staff_see_the_verification_state_in_the_admin(self, admin_client, user):
        page = admin_client.get("/admin/accounts/user/?email_verified_at__isempty=1")
        assert page.status_code == 200
        assert "member@example.com" in page.content.decode()
        assert "信箱已驗證" in page.content.decode()


class TestPasswordReset:
    def test_the_mailed_link_sets_a_new_password_and_ends_every_sign_in(
        self,
        client,
        user,
        token,
        mailoutbox,
        django_capture_on_commit_callbacks,
        clean_cache,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(
                client, "/api/user/password-reset", {"email": "MEMBER@example.com"}
            )
        assert response.json() == {"ok": True}
        [message] = mailoutbox
        assert message.to == ["member@example.com"]
        path = link_in(message, "reset")
        assert client.get(path).status_code == 200
        uid, reset_token = path.split("/")[2:4]

        answer = confirm(client, uid, reset_token)

        assert answer.status_code == 200, answer.content
        new_token = answer.json()["token"]
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        assert user.email_verified_at is not None  # the link proved the address
        assert Token.objects.filter(user=user, revoked_at=None).count() == 1
        who = client.get("/api/user/auth", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert who.json() == {"data": None}  # the old sign-in ended
        who = client.get("/api/user/auth", HTTP_AUTHORIZATION=f"Bearer {new_token}")
        assert who.json()["data"]["email"] == "member@example.com"

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(
        self, client, user, mailoutbox, django_capture_on_commit_callbacks, clean_cache
    ):
        with django_capture_on_commit_callbacks(execute=True):
            known = post_json(client, "/api/user/password-reset", {"email": user.email})
            unknown = post_json(
                client, "/api/user/password-reset", {"email": "nobody@example.com"}
            )
        assert known.status_code == unknown.status_code == 200
        assert known.content == unknown.content
        assert len(mailoutbox) == 1

    def test_a_link_works_once(self, client, user, clean_cache):
        uid, reset_token = reset_link(user)
        assert confirm(client, uid, reset_token).status_code == 200
        assert_json_error(
            confirm(client, uid, reset_token, "another passphrase 9"),
            400,
            MESSAGES["reset_link_invalid"],
        )
        assert client.get(f"/reset/{uid}/{reset_token}").status_code == 400

    def test_earlier_links_die_when_the_password_changes(
        self, client, user, clean_cache
    ):
        first = reset_link(user)
        second = reset_link(user)
        assert confirm(client, *second).status_code == 200
        assert_json_error(confirm(client, *first), 400, MESSAGES["reset_link_invalid"])

    def test_a_link_expires_after_an_hour(self, client, user, settings, clean_cache):
        uid, reset_token = reset_link(user)
        settings.PASSWORD_RESET_TIMEOUT = -1  # already older than allowed
        assert_json_error(
            confirm(client, uid, reset_token), 400, MESSAGES["reset_link_invalid"]
        )

    @pytest.mark.parametrize(
        "uid, token",
        [("MQ", "tampered-token"), ("!!", "x"), ("OTk5OTk", "abc-def"), ("", "x")],
    )
    def test_tampered_or_unknown_links_are_refused(
        self, client, user, uid, token, clean_cache
    ):
        response = confirm(client, uid, token)
        assert response.status_code == 400
        assert response.json()["error"] is True
        user.refresh_from_db()
        assert not user.check_password(NEW_PASSWORD)

    def test_a_weak_new_password_is_refused_with_django_s_message(
        self, client, user, clean_cache
    ):
        uid, reset_token = reset_link(user)
        response = confirm(client, uid, reset_token, "12345678")
        assert response.status_code == 400
        assert (
            "常見" in response.json()["message"] or "數字" in response.json()["message"]
        )
        # The link still works for a better password.
        assert confirm(client, uid, reset_token).status_code == 200

    def test_wrong_types_are_a_400_not_a_500(self, client, clean_cache):
        for body in ({"email": 42}, {"email": ["a@b.c"]}, {}):
            assert (
                post_json(client, "/api/user/password-reset", body).status_code == 400
            )
        assert (
            post_json(
                client,
                "/api/user/password-reset/confirm",
                {"uid": 1, "token": None, "password": "x"},
            ).status_code
            == 400
        )

    def test_mails_are_limited_per_address_and_requests_per_client(
        self,
        client,
        user,
        settings,
        mailoutbox,
        django_capture_on_commit_callbacks,
        clean_cache,
    ):
        settings.PASSWORD_RESETS_PER_EMAIL = 2
        settings.PASSWORD_RESETS_PER_ADDRESS = 4
        with django_capture_on_commit_callbacks(execute=True):
            answers = [
                post_json(client, "/api/user/password-reset", {"email": user.email})
                for _ in range(3)
            ]
        # The third gets the same answer but no third mail: the two links still work.
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert len(mailoutbox) == 2
        # Another address from the same client: one more, then the client is limited,
        # whether or not the addresses exist.
        other = post_json(
            client, "/api/user/password-reset", {"email": "x@example.com"}
        )
        assert other.status_code == 200
        limited = post_json(
            client, "/api/user/password-reset", {"email": "y@example.com"}
        )
        assert limited.status_code == 429
        assert MESSAGES["reset_throttled"].split("，")[0] in limited.json()["message"]
        assert limited["Retry-After"]


class TestExportAndDeletion:
    @pytest.fixture
    def paid_order(self, user, make_attraction):
        from datetime import date

        from orders.models import Order, OrderItem

        attraction = make_attraction()
        order = Order.objects.create(
            user=user,
            status="paid",
            amount=2000,
            contact_name="小明",
            contact_email="member@example.com",
            contact_phone="0912345678",
        )
        OrderItem.objects.create(
            order=order,
            attraction=attraction,
            attraction_snapshot_id=attraction.pk,
            attraction_name=attraction.name,
            date=date(2030, 1, 2),
            slot="morning",
            price=2000,
        )
        return order

    def test_download_my_data_is_a_json_file_of_profile_bookings_and_orders(
        self, auth_client, paid_order
    ):
        response = auth_client.get("/api/user/export")

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        data = response.json()
        assert data["profile"]["email"] == "member@example.com"
        assert data["bookings"] == []
        [order] = data["orders"]
        assert order["number"] == paid_order.number and order["amount"] == 2000
        assert order["trips"][0]["date"] == "2030-01-02"

    def test_export_needs_a_member(self, client):
        assert_json_error(client.get("/api/user/export"), 403)

    def test_deleting_keeps_paid_orders_anonymised_and_frees_the_address(
        self,
        auth_client,
        user,
        token,
        paid_order,
        client,
        django_capture_on_commit_callbacks,
        clean_cache,
    ):
        from bookings.models import Booking

        Booking.objects.create(
            user=user,
            attraction=paid_order.items.get().attraction,
            date=paid_order.items.get().date,
            slot="afternoon",
            price=2500,
        )
        Email.objects.create(
            to=user.email, template="receipt", subject="s", text_body="t", state="sent"
        )
        user.avatar = "avatars/old.webp"
        user.save()

        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(
                auth_client,
                "/api/user",
                {"password": "correct horse 42"},
                method="delete",
            )

        assert response.json() == {"ok": True}
        user.refresh_from_db()
        assert user.email != "member@example.com" and user.name == "已刪除的會員"
        assert not user.is_active and not user.has_usable_password()
        assert user.phone == "" and user.avatar == "" and user.deleted_at
        assert not Token.objects.filter(user=user, revoked_at=None).exists()
        assert not Booking.objects.filter(user=user).exists()
        assert not Email.objects.filter(to="member@example.com").exists()
        paid_order.refresh_from_db()
        assert paid_order.amount == 2000 and paid_order.status == "paid"
        assert paid_order.contact_email != "member@example.com"
        assert (
            paid_order.contact_phone == "" and paid_order.contact_name == "已刪除的會員"
        )
        who = client.get("/api/user/auth", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert who.json() == {"data": None}
        again = post_json(
            client,
            "/api/user",
            {
                "name": "小明",
                "email": "member@example.com",
                "password": "a long passphrase",
            },
        )
        assert again.json() == {"ok": True}

    def test_deleting_with_a_wrong_password_changes_nothing(
        self, auth_client, user, clean_cache
    ):
        response = post_json(
            auth_client, "/api/user", {"password": "wrong"}, method="delete"
        )
        assert_json_error(response, 400, MESSAGES["current_password_wrong"])
        user.refresh_from_db()
        assert user.is_active and user.email == "member@example.com"

    def test_deleting_needs_a_password_and_a_member(self, auth_client):
        assert (
            post_json(auth_client, "/api/user", {}, method="delete").status_code == 400
        )
        signed_out = Client()
        assert_json_error(
            post_json(signed_out, "/api/user", {"password": "x"}, method="delete"), 403
        )
