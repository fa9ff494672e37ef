"""A member's address and account over time: verifying the e-mail, resetting a
forgotten password, exporting one's data and deleting the account."""

import logging

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.debug import sensitive_variables

from accounts import avatars, throttling
from accounts.errors import AccountError, SignInThrottled
from accounts.forms import MESSAGES
from accounts.models import User
from accounts.signals import account_deleting
from accounts.tokens import issue_token, revoke_all_tokens
from mail.models import Email
from mail.services import queue_mail, site_url_in

logger = logging.getLogger(__name__)

VERIFY_SALT = "accounts.verify-email"
DELETED_NAME = "已刪除的會員"


# --- verifying the address -------------------------------------------------------


def verification_url(user: User) -> str:
    # Signed with the address, so a link stops working once the address changes.
    token = signing.dumps({"id": user.pk, "email": user.email}, salt=VERIFY_SALT)
    return f"{site_url_in(user.language)}/verify/{token}"


def send_verification(*, user: User) -> None:
    """Mail the member, in their language, a link that proves the address is theirs."""
    queue_mail(
        to=user.email,
        template="verify_email",
        context={"user": user, "verify_url": verification_url(user)},
        language=user.language,
    )


def record_language(*, user: User, language: str | None) -> None:
    """The member asked something in this language: their e-mails follow it."""
    if language and user.language != language:
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)


def resend_verification(*, user: User, language: str | None = None) -> None:
    """Another verification mail, at most a few per hour; nothing once verified."""
    if user.is_email_verified:
        return
    record_language(user=user, language=language)
    limit = throttling.Limit(
        "verify-mail", settings.VERIFICATION_MAILS_PER_MEMBER, 3600
    )
    throttling.consume(
        [(limit, str(user.pk))], message=MESSAGES["verification_throttled"]
    )
    send_verification(user=user)


def verify_email(*, token: str) -> User:
    """Mark the address in a valid link verified (again is fine); else AccountError."""
    try:
        data = signing.loads(
            token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_TIMEOUT
        )
    except signing.BadSignature as exc:  # also SignatureExpired
        raise AccountError(MESSAGES["verify_link_invalid"]) from exc
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=data.get("id"), email=data.get("email"), is_active=True)
            .first()
        )
        if user is None:
            raise AccountError(MESSAGES["verify_link_invalid"])
        if not user.is_email_verified:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            logger.info("Member %s verified their e-mail address", user.pk)
    return user


# --- password reset --------------------------------------------------------------


def request_password_reset(
    *, email: str, client_address: str, language: str | None = None
) -> None:
    """Mail a reset link if the address belongs to a member, in `language` (the
    request's; the member's own without one), leaving the member's language as it
    was. The caller answers the same either way. A client asking too often is refused (429); an e-mail address
    asked for too often gets no further mail but the same answer, so nobody can keep a
    member from resetting: the links already mailed keep working."""
    email = User.objects.normalize_email_address(email)
    window = settings.PASSWORD_RESET_WINDOW
    per_client = throttling.Limit(
        "reset-address", settings.PASSWORD_RESETS_PER_ADDRESS, window
    )
    per_email = throttling.Limit(
        "reset-email", settings.PASSWORD_RESETS_PER_EMAIL, window
    )
    message = MESSAGES["reset_throttled"]
    throttling.consume([(per_client, client_address)], message=message)
    try:
        throttling.consume([(per_email, email)], message=message)
    except SignInThrottled:
        logger.info("Password reset mails for one address used up; none sent")
        return
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        logger.info(
            "Password reset asked for an unknown address from %s", client_address
        )
        return
    # Anyone may ask for anyone's address, so the request's language writes this
    # mail alone and never becomes the member's (record_language is for requests
    # the member signed).
    mail_language = language or user.language
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    queue_mail(
        to=user.email,
        template="password_reset",
        context={
            "user": user,
            "reset_url": f"{site_url_in(mail_language)}/reset/{uid}/{token}",
            "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        },
        language=mail_language,
    )
    logger.info("Password reset link queued for member %s", user.pk)


def user_for_reset_link(*, uid: str, token: str) -> User | None:
    """The member a reset link is for while it is valid: unused (the password it was
    made with is unchanged), under an hour old, not tampered with."""
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@sensitive_variables("password")
def reset_password(*, uid: str, token: str, password: str) -> str:
    """Set a new password from a valid link; every earlier link and sign-in ends.
    Returns a new sign-in token."""
    user = user_for_reset_link(uid=uid, token=token)
    if user is None:
        raise AccountError(MESSAGES["reset_link_invalid"])
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise AccountError(exc.messages[0]) from exc
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        # Under the lock: of two uses of one link, the second finds a new password.
        if not default_token_generator.check_token(locked, token):
            raise AccountError(MESSAGES["reset_link_invalid"])
        locked.set_password(password)
        # Following the link proved the address is theirs.
        locked.email_verified_at = locked.email_verified_at or timezone.now()
        locked.save(update_fields=["password", "email_verified_at"])
        revoke_all_tokens(user=locked)
        new_token = issue_token(user=locked)
    throttling.clear_email_delay(locked.email)
    logger.info("Member %s reset their password; earlier tokens revoked", locked.pk)
    return new_token


# --- the current password and deletion ---------------------------------------


def password_check_limit() -> throttling.Limit:
    """Guesses of a signed-in member's current password (a stolen token must not help
    guess it): per member, like the sign-in pair limit."""
    return throttling.Limit(
        "current-password",
        settings.SIGN_IN_FAILURES_PER_PAIR,
        settings.SIGN_IN_FAILURE_WINDOW,
    )


@sensitive_variables("password")
def check_current_password(*, user: User, password: str) -> bool:
    """Whether password is the member's, counted against password_check_limit()."""
    limit = password_check_limit()
    throttling.consume([(limit, str(user.pk))], message=MESSAGES["password_throttled"])
    if not user.check_password(password):
        return False
    throttling.clear(limit, str(user.pk))
    return True


@sensitive_variables("password")
def delete_account(*, user: User, password: str) -> None:
    """With the current password: sign out everywhere, drop the cart, the avatar and
    the personal data; orders stay for accounting, their contact data anonymised."""
    if not check_current_password(user=user, password=password):
        raise AccountError(MESSAGES["current_password_wrong"])
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        old_email, old_avatar = locked.email, locked.avatar
        revoke_all_tokens(user=locked)
        # The cart goes, orders keep amounts and dates without contact data.
        account_deleting.send(sender=User, user=locked)
        # Mails hold the address and what was written to it.
        Email.objects.filter(to=old_email).delete()
        locked.email = f"deleted-{locked.pk}@deleted.invalid"
        locked.name = DELETED_NAME
        locked.phone = ""
        locked.avatar = ""
        locked.is_active = False
        locked.email_verified_at = None
        locked.deleted_at = timezone.now()
        locked.set_unusable_password()
        locked.save()
        if old_avatar:
            transaction.on_commit(lambda: avatars.discard_avatar_file(old_avatar))
    logger.info("Member %s deleted their account", locked.pk)
