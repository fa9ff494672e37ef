"""Member state changes: sign-up, sign-in and out, profile, password and avatar."""

import logging

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts import avatars, membership, throttling
from accounts.errors import AccountError
from accounts.forms import MESSAGES
from accounts.models import User
from accounts.tokens import (
    dead_tokens,
    issue_token,
    revoke_all_tokens,
    revoke_token,
)

logger = logging.getLogger(__name__)


@sensitive_variables("password")
def sign_up(
    *,
    name: str,
    email: str,
    password: str,
    client_address: str,
    language: str | None = None,
) -> User:
    """Create a member and mail a verification link in their language; an e-mail
    already taken in any letter case is refused. Attempts are limited per client and per e-mail address, so
    the answer for a taken address cannot list members quickly."""
    email = User.objects.normalize_email_address(email)
    window = settings.SIGN_UP_WINDOW
    throttling.consume(
        [
            (
                throttling.Limit(
                    "sign-up-address", settings.SIGN_UPS_PER_ADDRESS, window
                ),
                client_address,
            ),
            (
                throttling.Limit("sign-up-email", settings.SIGN_UPS_PER_EMAIL, window),
                email,
            ),
        ],
        message=MESSAGES["sign_up_throttled"],
    )
    if User.objects.filter(email=email).exists():
        raise AccountError(MESSAGES["email_taken"])
    user = User(
        email=email, name=name.strip(), language=language or settings.LANGUAGE_CODE
    )
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise AccountError(exc.messages[0]) from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            membership.send_verification(user=user)
    except IntegrityError as exc:  # a concurrent sign-up took the address first
        raise AccountError(MESSAGES["email_taken"]) from exc
    logger.info("Member %s signed up", user.pk)
    return user


@sensitive_variables("password")
def sign_in(
    *,
    email: str,
    password: str,
    client_address: str,
    language: str | None = None,
) -> str:
    """A new token for the right e-mail and password; the member's language becomes
    the one they signed in with. Each attempt is counted before
    the password is checked (accounts/throttling.py: per pair and address, a delay per
    e-mail); a success forgives the pair and the e-mail."""
    email = User.objects.normalize_email_address(email)
    throttling.consume(
        throttling.sign_in_limits(email, client_address), message=MESSAGES["throttled"]
    )
    user = User.objects.filter(email=email).first()
    if user is None:
        # Hash anyway, so an unknown e-mail answers as slowly as a wrong password.
        User().set_password(password)
        is_valid = False
    else:
        is_valid = user.check_password(password) and user.is_active
    if not is_valid:
        logger.warning("Failed sign-in from %s", client_address)
        raise AccountError(MESSAGES["bad_credentials"])
    throttling.signed_in(email, client_address)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            last_login=timezone.now(), language=language or user.language
        )
        return issue_token(user=user)


def sign_out(*, token: str) -> None:
    """Revoke this one token; other devices stay signed in."""
    if token:
        revoke_token(token)


def update_profile(
    *, user: User, name: str | None = None, phone: str | None = None
) -> User:
    """Change the given profile fields (None leaves a field as it is)."""
    changes = {
        field: value
        for field, value in (("name", name), ("phone", phone))
        if value is not None
    }
    if not changes:
        return user
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        for field, value in changes.items():
            setattr(locked, field, value.strip())
        others = {field.name for field in User._meta.fields} - changes.keys()
        try:
            locked.clean_fields(exclude=others)
        except ValidationError as exc:
            raise AccountError(exc.messages[0]) from exc
        locked.save(update_fields=list(changes))
    for field in changes:
        setattr(user, field, getattr(locked, field))
    return user


@sensitive_variables("current_password", "new_password")
def change_password(*, user: User, current_password: str, new_password: str) -> str:
    """Set a new password, revoke every earlier token and return a fresh one."""
    if not membership.check_current_password(user=user, password=current_password):
        raise AccountError(MESSAGES["current_password_wrong"])
    if new_password == current_password:
        raise AccountError(MESSAGES["new_password_same"])
    try:
        password_validation.validate_password(new_password, user=user)
    except ValidationError as exc:
        raise AccountError(exc.messages[0]) from exc
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(new_password)
        locked.save(update_fields=["password"])
        revoke_all_tokens(user=locked)
        token = issue_token(user=locked)
    user.password = locked.password
    logger.info("Member %s changed their password; earlier tokens revoked", user.pk)
    return token


def set_avatar(*, user: User, upload: UploadedFile) -> str:
    """Store the upload as the member's avatar and return its URL; the old file goes."""
    name = avatars.store_avatar(avatars.render_avatar(upload))
    try:
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=user.pk)
            old_name = locked.avatar
            locked.avatar = name
            locked.save(update_fields=["avatar"])
            if old_name:
                transaction.on_commit(lambda: avatars.discard_avatar_file(old_name))
    except BaseException:
        avatars.discard_avatar_file(name)
        raise
    user.avatar = name
    return avatars.avatar_url(name)


def remove_avatar(*, user: User) -> None:
    """Delete the member's avatar; if storage refuses, the avatar stays as it was."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.avatar:
            user.avatar = ""
            return
        avatars.delete_avatar_file(locked.avatar)
        locked.avatar = ""
        locked.save(update_fields=["avatar"])
    user.avatar = ""


def purge_dead_tokens() -> int:
    """Delete expired and revoked tokens (and ended attempt counters); the number of
    tokens deleted is returned."""
    throttling.purge_expired_counters()
    with transaction.atomic():
        deleted, _ = dead_tokens().delete()
    return deleted
