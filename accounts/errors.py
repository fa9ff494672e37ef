"""Failures of member actions that the member should read: a message and a status."""


class AccountError(Exception):
    """Bad input or a refused action; nothing changed. The API answers `status`."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignInThrottled(AccountError):
    """Too many failed sign-ins for this e-mail or address; try again later."""

    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
