"""Staff sign-in: password, then an authenticator enrolled the first time, backup codes."""

import re
import time

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from backoffice.middleware import LAST_SEEN_KEY
from backoffice.testing import current_code, enrolled_authenticator, sign_in_staff

pytestmark = pytest.mark.django_db

PASSWORD = "staff pass 123"


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("boss@example.com", PASSWORD, name="站長")


def sign_in_with_password(client, user, next_url="/admin/orders/order/"):
    return client.post(
        f"/admin/login/?next={next_url}",
        {"username": user.email, "password": PASSWORD, "next": next_url},
    )


def test_a_password_alone_does_not_open_the_admin(client, staff):
    response = sign_in_with_password(client, staff)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/second-factor/")
    assert client.get("/admin/orders/order/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_first_sign_in_enrols_an_authenticator_and_shows_backup_codes(client, staff):
    sign_in_with_password(client, staff)
    page = client.get("/admin/second-factor/?next=/admin/orders/order/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed

    response = client.post(
        "/admin/second-factor/?next=/admin/orders/order/",
        {"code": current_code(device)},
    )

    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/orders/order/").status_code == 200


def test_a_wrong_code_at_enrolment_confirms_nothing(client, staff):
    sign_in_with_password(client, staff)
    client.get("/admin/second-factor/")
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post("/admin/second-factor/", {"code": wrong})

    assert response.status_code == 200
    assert "驗證碼不正確" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_an_enrolled_staff_signs_in_with_a_code_used_once(client, staff):
    device = enrolled_authenticator(staff)
    sign_in_with_password(client, staff)
    code = current_code(device)

    response = client.post(
        "/admin/second-factor/?next=/admin/orders/order/", {"code": code}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/orders/order/"
    client.post("/admin/logout/")
    sign_in_with_password(client, staff)
    replay = client.post("/admin/second-factor/", {"code": code})
    assert replay.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_works_once(client, staff):
    from backoffice import security

    enrolled_authenticator(staff)
    codes = security.replace_backup_codes(user=staff)
    sign_in_with_password(client, staff)

    assert client.post("/admin/second-factor/", {"code": codes[0]}).status_code == 302
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post("/admin/logout/")
    sign_in_with_password(client, staff)
    assert client.post("/admin/second-factor/", {"code": codes[0]}).status_code == 200
    StaticDevice.objects.update(throttling_failure_count=0)  # the 1 s wait after it
    assert client.post("/admin/second-factor/", {"code": codes[1]}).status_code == 302


def test_wrong_codes_are_throttled_in_the_database(client, staff):
    device = enrolled_authenticator(staff)
    sign_in_with_password(client, staff)
    wrong = f"{(int(current_code(device)) + 5) % 1_000_000:06d}"

    client.post("/admin/second-factor/", {"code": wrong})
    response = client.post("/admin/second-factor/", {"code": current_code(device)})

    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert "稍後再試" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_next_page_after_sign_in_is_never_another_site(client, staff):
    device = enrolled_authenticator(staff)
    sign_in_with_password(client, staff)

    response = client.post(
        "/admin/second-factor/?next=https://evil.example.com/",
        {"code": current_code(device)},
    )

    assert response["Location"] == "/admin/"


def test_new_backup_codes_replace_the_old_ones(client, staff):
    from backoffice import security

    old = security.replace_backup_codes(user=staff)
    sign_in_staff(client, staff)

    response = client.post("/admin/backup-codes/")

    new = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(new) == 10
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_a_staff_session_ends_after_the_idle_time(client, staff, settings):
    settings.ADMIN_IDLE_TIMEOUT = 60
    sign_in_staff(client, staff)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 61
    session.save()

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_staff_session_in_use_stays_open(client, staff, settings):
    settings.ADMIN_IDLE_TIMEOUT = 60
    sign_in_staff(client, staff)
    client.get("/admin/")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 59
    session.save()

    assert client.get("/admin/").status_code == 200
