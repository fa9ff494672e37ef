"""The admin's password step is limited like a member's sign-in (issue 18, point 5:
25 wrong passwords and then the right one were all accepted)."""

import pytest

from accounts.models import AttemptCounter, User

pytestmark = pytest.mark.django_db

PASSWORD = "staff pass 123"
ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("boss@example.com", PASSWORD, name="站長")


def log_in(client, password, **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "boss@example.com", "password": password, "next": "/admin/"},
        **extra,
    )


def test_wrong_passwords_lock_the_address_out_of_the_admin(client, staff):
    answers = [log_in(client, f"guess {n}", **ATTACKER).status_code for n in range(25)]

    assert answers == [200] * 5 + [429] * 20
    refused = log_in(client, PASSWORD, **ATTACKER)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "登入嘗試次數過多" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_staff_member_elsewhere_still_gets_to_the_second_factor(client, staff):
    for number in range(5):
        log_in(client, f"guess {number}", **ATTACKER)

    answer = log_in(client, PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert answer.status_code == 302
    assert answer["Location"].startswith("/admin/second-factor/")


def test_admin_and_api_share_the_counters(client, staff):
    for number in range(3):
        log_in(client, f"guess {number}", **ATTACKER)
    for _ in range(2):
        client.put(
            "/api/user/auth",
            data={"email": "boss@example.com", "password": "guess"},
            content_type="application/json",
            **ATTACKER,
        )

    assert log_in(client, PASSWORD, **ATTACKER).status_code == 429
    assert AttemptCounter.objects.filter(key__startswith="sign-in-pair:").count() == 1
