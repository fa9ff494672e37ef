"""Failures of member actions that the member should read: a message and a status."""

from taipei_trip.errors import AppError


class AccountError(AppError):
    """Bad input or a refused action; nothing changed. The API answers `status`."""


class SignInThrottled(AccountError):
    """Too many failed sign-ins for this e-mail or address; try again later."""

    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after
