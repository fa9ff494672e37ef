"""Staff second factor: TOTP enrolment and sign-in, single-use backup codes.

django-otp keeps the devices: it checks codes with clock drift allowed, refuses a code
already used (TOTPDevice.last_t) and throttles failures per device in the database, so
the limit holds across app processes. Backup codes are django-otp static tokens, each
deleted by the sign-in that uses it.
"""

import logging
import re

from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

logger = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"
TOTP_CODE = re.compile(r"^\d{6}$")


class SecondFactorError(Exception):
    """A code that does not match; the message is shown on the form."""


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(*, user: User) -> TOTPDevice:
    """The authenticator being enrolled: made once, shown until a code confirms it."""
    with transaction.atomic():
        device = _locked_pending_device(user)
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=AUTHENTICATOR_NAME, confirmed=False
            )
    return device


def _locked_pending_device(user: User) -> TOTPDevice | None:
    return (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )


def confirm_authenticator(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from it; returns new backup codes."""
    with transaction.atomic():
        device = _locked_pending_device(user)
        # A wrong code's throttle count must commit, so nothing raises in here.
        is_confirmed = device is not None and device.verify_token(normalise_code(code))
        if is_confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _replace_backup_codes(user)
    if not is_confirmed:
        raise SecondFactorError("驗證碼不正確 The code is not correct.")
    logger.info("staff %s enrolled authenticator %s", user.pk, device.pk)
    return device, codes


def replace_backup_codes(*, user: User) -> list[str]:
    """New backup codes for the user; every earlier one stops working."""
    with transaction.atomic():
        codes = _replace_backup_codes(user)
    logger.info("staff %s replaced their backup codes", user.pk)
    return codes


def _replace_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def remaining_backup_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_second_factor(*, user: User, code: str) -> Device:
    """The device that accepts this code: six digits from the authenticator, or a
    backup code (which is used up)."""
    code = normalise_code(code)
    model = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    device, is_throttled = _matching_device(user, model, code)
    if device is not None:
        logger.info("staff %s passed the second factor (%s)", user.pk, model.__name__)
        return device
    logger.warning("staff %s gave a wrong second-factor code", user.pk)
    if is_throttled:
        raise SecondFactorError(
            "錯誤次數太多，請稍後再試 Too many wrong codes: wait a moment and try again."
        )
    raise SecondFactorError("驗證碼不正確或已使用過 The code is wrong or already used.")


def _matching_device(user: User, model, code: str) -> tuple[Device | None, bool]:
    # Returns rather than raises inside the transaction: a failure's throttle count
    # must be committed, not rolled back with an exception.
    is_throttled = False
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(
            user=user, confirmed=True
        ):
            is_allowed, _ = device.verify_is_allowed()
            if not is_allowed:
                is_throttled = True
                continue
            if device.verify_token(code):
                return device, False
    return None, is_throttled


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()
