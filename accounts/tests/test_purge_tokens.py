"""manage.py purge_tokens: expired and revoked tokens go, live ones stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Token
from accounts.tokens import hash_token, issue_token, user_for_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(user):
    live = issue_token(user=user)
    expired = issue_token(user=user)
    revoked = issue_token(user=user)
    Token.objects.filter(key_hash=hash_token(expired)).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    Token.objects.filter(key_hash=hash_token(revoked)).update(revoked_at=timezone.now())
    return live


def purge(*args):
    out = StringIO()
    call_command("purge_tokens", *args, stdout=out)
    return out.getvalue()


def test_expired_and_revoked_tokens_are_deleted_and_live_ones_kept(user, tokens):
    output = purge()

    assert output == "2 expired or revoked tokens deleted.\n"
    assert Token.objects.count() == 1
    assert user_for_token(tokens) == user


def test_a_dry_run_only_counts(tokens):
    output = purge("--dry-run")

    assert output == "2 expired or revoked tokens would be deleted.\n"
    assert Token.objects.count() == 3


def test_the_purge_is_one_query_whatever_the_number_of_tokens(
    user, tokens, django_assert_max_num_queries
):
    for _ in range(20):
        revoked = issue_token(user=user)
        Token.objects.filter(key_hash=hash_token(revoked)).update(
            revoked_at=timezone.now()
        )

    with django_assert_max_num_queries(4):
        purge("--verbosity", "0")

    assert Token.objects.count() == 1
