"""The one error type of the project: what went wrong, for whom to read.

Services raise subclasses of `AppError` (`BookingError`, `OrderError`, `AccountError`,
...) without importing the HTTP layer; `ApiView` renders any of them as the contract's
`{"error": true, "message": ...}` body with the error's status and headers.
"""


class AppError(Exception):
    """A refused request or action; nothing changed. `message` is shown to the caller.

    `status` is the HTTP status an API answers with (400 unless a subclass or the caller
    says otherwise); `headers` are added to that answer (e.g. `Retry-After`).
    """

    status = 400

    def __init__(
        self,
        message: str,
        status: int | None = None,
        *,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.headers = dict(headers or {})
