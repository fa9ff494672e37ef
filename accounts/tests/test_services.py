"""Member services called directly: their own checks, transactions and side effects."""

from unittest import mock

import pytest
from django.db.models import QuerySet

from accounts import services
from accounts.errors import AccountError, SignInThrottled
from accounts.forms import MESSAGES
from accounts.models import Token, User
from accounts.tokens import user_for_token

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


def test_sign_up_stores_the_email_lower_cased(db):
    member = services.sign_up(
        name=" 小華 ",
        email="Hua@Example.com",
        password="tr1p taipei",
        client_address="192.0.2.1",
    )

    assert (member.email, member.name) == ("hua@example.com", "小華")
    assert member.check_password("tr1p taipei")


def test_sign_up_loses_a_race_for_the_same_email_with_a_clear_error(user):
    # Both requests passed the existence check; the unique index decides.
    with mock.patch.object(QuerySet, "exists", return_value=False):
        with pytest.raises(AccountError) as error:
            services.sign_up(
                name="另一個",
                email="member@example.com",
                password="tr1p taipei",
                client_address="192.0.2.1",
            )

    assert error.value.message == MESSAGES["email_taken"]
    assert User.objects.count() == 1


def test_sign_up_refuses_a_password_too_like_the_members_name(db):
    with pytest.raises(AccountError):
        services.sign_up(
            name="Chiang Wei-Ting",
            email="cwt@example.com",
            password="chiangweiting",
            client_address="192.0.2.1",
        )

    # The same password is fine for someone with another name.
    services.sign_up(
        name="Lin Mei",
        email="lm@example.com",
        password="chiangweiting",
        client_address="192.0.2.1",
    )


def test_sign_in_returns_a_working_token(user, clean_cache):
    token = services.sign_in(
        email="member@example.com", password=PASSWORD, client_address="192.0.2.1"
    )

    assert user_for_token(token) == user


def test_sign_in_refuses_while_throttled_without_checking_the_password(
    user, clean_cache, settings
):
    settings.SIGN_IN_FAILURES_PER_PAIR = 1
    with pytest.raises(AccountError):
        services.sign_in(
            email="member@example.com", password="guess", client_address="192.0.2.1"
        )

    with mock.patch.object(User, "check_password") as check:
        with pytest.raises(SignInThrottled) as error:
            services.sign_in(
                email="member@example.com",
                password=PASSWORD,
                client_address="192.0.2.1",
            )

    check.assert_not_called()
    assert error.value.status == 429 and error.value.retry_after > 0


def test_a_failed_sign_in_never_logs_the_password(user, clean_cache, caplog):
    with pytest.raises(AccountError):
        services.sign_in(
            email="member@example.com",
            password="my secret guess",
            client_address="192.0.2.1",
        )

    assert "my secret guess" not in caplog.text
    assert "Failed sign-in" in caplog.text


def test_sign_out_with_an_empty_token_does_nothing(user, token):
    services.sign_out(token="")

    assert user_for_token(token) == user


def test_update_profile_changes_only_what_is_given(user):
    user.phone = "0911111111"
    user.save()

    services.update_profile(user=user, name="新名字")

    user.refresh_from_db()
    assert (user.name, user.phone) == ("新名字", "0911111111")


@pytest.mark.parametrize(
    "changes", [{"phone": "12345"}, {"name": ""}, {"name": "名" * 51}]
)
def test_update_profile_validates_on_its_own(user, changes):
    with pytest.raises(AccountError):
        services.update_profile(user=user, **changes)

    user.refresh_from_db()
    assert (user.name, user.phone) == ("小明", "")


def test_change_password_revokes_every_earlier_token(user, token, clean_cache):
    new_token = services.change_password(
        user=user, current_password=PASSWORD, new_password="another long one"
    )

    assert user_for_token(token) is None
    assert user_for_token(new_token) == user
    assert Token.objects.filter(revoked_at=None).count() == 1


def test_change_password_keeps_everything_when_validation_fails(
    user, token, clean_cache
):
    with pytest.raises(AccountError):
        services.change_password(user=user, current_password=PASSWORD, new_password="1")

    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert user_for_token(token) == user


def test_change_password_rolls_back_if_the_new_token_cannot_be_issued(
    user, token, clean_cache
):
    with mock.patch("accounts.services.issue_token", side_effect=RuntimeError("db")):
        with pytest.raises(RuntimeError):
            services.change_password(
                user=user, current_password=PASSWORD, new_password="another long one"
            )

    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert user_for_token(token) == user
