"""Bearer tokens: random, stored only as a SHA-256 hash, valid for seven days."""

import hashlib
import secrets
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Token, User

TOKEN_LIFETIME = timedelta(days=7)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(*, user: User) -> str:
    """A new token for the member; the raw value is returned once and never stored."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    Token.objects.create(
        user=user,
        key_hash=hash_token(raw),
        created_at=now,
        expires_at=now + TOKEN_LIFETIME,
    )
    return raw


def user_for_token(raw: str) -> User | None:
    """The active member a live token belongs to, or None."""
    if len(raw) > 200:
        return None
    token = (
        Token.objects.select_related("user")
        .filter(
            key_hash=hash_token(raw), revoked_at=None, expires_at__gt=timezone.now()
        )
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user


def revoke_token(raw: str) -> None:
    Token.objects.filter(key_hash=hash_token(raw), revoked_at=None).update(
        revoked_at=timezone.now()
    )


def revoke_all_tokens(*, user: User) -> None:
    Token.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


def dead_tokens() -> QuerySet[Token]:
    """Tokens that can no longer sign anyone in: expired or revoked."""
    return Token.objects.filter(
        Q(expires_at__lte=timezone.now()) | Q(revoked_at__isnull=False)
    )
