"""Bearer tokens: random, stored as a hash only, seven days, revocable."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Token, User
from accounts.tokens import (
    TOKEN_LIFETIME,
    hash_token,
    issue_token,
    revoke_all_tokens,
    revoke_token,
    user_for_token,
)

pytestmark = pytest.mark.django_db


def test_a_token_is_random_and_only_its_hash_is_stored(user):
    first, second = issue_token(user=user), issue_token(user=user)

    assert first != second and len(first) >= 43
    stored = set(Token.objects.values_list("key_hash", flat=True))
    assert stored == {hash_token(first), hash_token(second)}
    assert first not in stored and second not in stored


def test_a_fresh_token_names_its_member(user, token):
    assert user_for_token(token) == user


def test_the_lookup_is_one_query_giving_the_whole_member(
    user, token, django_assert_num_queries
):
    with django_assert_num_queries(1):
        member = user_for_token(token)
        assert (member.email, member.name, member.date_joined) == (
            user.email,
            user.name,
            user.date_joined,
        )
        assert member.is_authenticated and member.is_active


def test_the_member_read_by_the_lookup_equals_the_orms_field_by_field(user, token):
    user.email_verified_at = timezone.now()
    user.phone = "0912345678"
    user.save()
    expected = User.objects.get(pk=user.pk)

    member = user_for_token(token)

    for field in User._meta.concrete_fields:
        assert getattr(member, field.attname) == getattr(expected, field.attname)
    assert timezone.is_aware(member.date_joined)
    assert member._state.adding is False and member._state.db == expected._state.db
    member.name = "改名"
    member.save()  # an instance the ORM can save like its own
    assert User.objects.get(pk=user.pk).name == "改名"


def test_an_inactive_members_token_names_no_one(user, token):
    user.is_active = False
    user.save()

    assert user_for_token(token) is None


def test_a_revoked_token_is_refused_on_its_next_use(user, token):
    assert user_for_token(token) == user

    revoke_token(token)

    assert user_for_token(token) is None


def test_a_token_lasts_seven_days(user, token):
    row = Token.objects.get()

    assert TOKEN_LIFETIME == timedelta(days=7)
    assert row.expires_at - row.created_at == TOKEN_LIFETIME


def test_an_expired_token_names_no_one(token):
    Token.objects.update(expires_at=timezone.now() - timedelta(microseconds=1))

    assert user_for_token(token) is None


def test_a_tampered_token_names_no_one(token):
    assert user_for_token(token[:-1]) is None
    assert user_for_token(token + "x") is None
    assert user_for_token(token.swapcase()) is None
    assert user_for_token("") is None


def test_an_absurdly_long_token_is_not_even_hashed(token):
    assert user_for_token(token * 100) is None


def test_revoking_a_token_leaves_the_others(user, token):
    other = issue_token(user=user)

    revoke_token(token)

    assert user_for_token(token) is None
    assert user_for_token(other) == user


def test_revoking_all_tokens_ends_every_sign_in(user, token):
    other = issue_token(user=user)

    revoke_all_tokens(user=user)

    assert user_for_token(token) is None and user_for_token(other) is None


def test_revoking_all_tokens_of_one_member_spares_another(user, token):
    from accounts.models import User

    someone = User.objects.create_user(
        "someone@example.com", "pass phrase 77", name="A"
    )
    theirs = issue_token(user=someone)

    revoke_all_tokens(user=user)

    assert user_for_token(theirs) == someone
