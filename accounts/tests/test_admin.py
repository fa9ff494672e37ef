"""The members admin: search, escaping, password hashing and staff actions."""

import pytest
from django.core.files.storage import default_storage

from accounts import services
from accounts.models import User
from accounts.tests.images import image_bytes, upload
from accounts.tokens import user_for_token
from backoffice.testing import sign_in_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/user/"


@pytest.fixture
def staff_client(client):
    admin = User.objects.create_superuser(
        "boss@example.com", "boss pass 123", name="站長"
    )
    return sign_in_staff(client, admin)


def test_the_change_list_escapes_a_name_with_markup(staff_client):
    User.objects.create_user(
        "x@example.com", "pass phrase 77", name="<script>alert(1)</script>"
    )

    page = staff_client.get(CHANGELIST).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_change_form_escapes_the_name_too(staff_client):
    member = User.objects.create_user(
        "x@example.com", "pass phrase 77", name='"><img src=x onerror=alert(1)>'
    )

    page = staff_client.get(f"{CHANGELIST}{member.pk}/change/").content.decode()

    assert "<img src=x onerror=alert(1)>" not in page


@pytest.mark.parametrize("term", ["member@example", "小明", "0912345678"])
def test_staff_find_members_by_email_name_or_phone(staff_client, user, term):
    user.phone = "0912345678"
    user.save()

    page = staff_client.get(CHANGELIST, {"q": term}).content.decode()

    assert "member@example.com" in page


def test_the_list_filters_by_active_and_staff(staff_client, user):
    response = staff_client.get(
        CHANGELIST, {"is_active__exact": "1", "is_staff__exact": "0"}
    )

    assert response.status_code == 200
    assert "member@example.com" in response.content.decode()


def test_staff_add_a_member_with_a_hashed_password_and_lower_cased_email(
    staff_client,
):
    response = staff_client.post(
        f"{CHANGELIST}add/",
        {
            "email": "New.Member@Example.COM",
            "name": "新會員",
            "usable_password": "true",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    member = User.objects.get(name="新會員")
    assert member.email == "new.member@example.com"
    assert member.password != "a long passphrase"
    assert member.check_password("a long passphrase")


def test_staff_cannot_add_an_email_taken_in_another_case(staff_client, user):
    response = staff_client.post(
        f"{CHANGELIST}add/",
        {
            "email": "MEMBER@example.com",
            "name": "重複",
            "usable_password": "true",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )

    assert response.status_code == 200
    assert User.objects.filter(email="member@example.com").count() == 1
    assert not User.objects.filter(name="重複").exists()


def test_the_change_form_edits_a_member_and_keeps_the_password(staff_client, user):
    page = staff_client.get(f"{CHANGELIST}{user.pk}/change/")
    assert page.status_code == 200

    response = staff_client.post(
        f"{CHANGELIST}{user.pk}/change/",
        {
            "email": "Member@Example.com",
            "name": "小明明",
            "phone": "0987654321",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert (user.email, user.name, user.phone) == (
        "member@example.com",
        "小明明",
        "0987654321",
    )
    assert user.check_password("correct horse 42")


def test_the_admin_password_form_hashes_the_new_password(staff_client, user):
    response = staff_client.post(
        f"{CHANGELIST}{user.pk}/password/",
        {
            "usable_password": "true",
            "password1": "staff chosen pass",
            "password2": "staff chosen pass",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("staff chosen pass")


def test_the_change_form_shows_the_avatar(staff_client, user):
    services.set_avatar(user=user, upload=upload(image_bytes("PNG")))

    page = staff_client.get(f"{CHANGELIST}{user.pk}/change/").content.decode()

    assert default_storage.url(user.avatar) in page


def test_signing_members_out_everywhere_revokes_their_tokens(staff_client, user, token):
    staff_client.post(
        CHANGELIST, {"action": "sign_out_everywhere", "_selected_action": [user.pk]}
    )

    assert user_for_token(token) is None


def test_removing_avatars_deletes_the_files(staff_client, user):
    services.set_avatar(user=user, upload=upload(image_bytes("PNG")))
    name = user.avatar

    staff_client.post(
        CHANGELIST, {"action": "remove_avatars", "_selected_action": [user.pk]}
    )

    user.refresh_from_db()
    assert user.avatar == "" and not default_storage.exists(name)


def test_members_who_are_not_staff_cannot_open_the_admin(client, user):
    client.force_login(user)

    assert client.get(CHANGELIST).status_code == 302


def test_the_member_page_in_the_admin_lists_their_orders(admin_client, user):
    from orders.models import Order

    order = Order.objects.create(
        user=user,
        amount=2000,
        contact_name="小明",
        contact_email="member@example.com",
        contact_phone="0912345678",
    )

    response = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")

    assert response.status_code == 200
    assert order.number in response.content.decode()
