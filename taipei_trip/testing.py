"""Assertions shared by every app's tests."""


def assert_json_error(response, status: int, message: str | None = None) -> None:
    """The response has this status and the contract's error body (and message)."""
    assert response.status_code == status, response.content  # noqa: S101
    body = response.json()
    assert body["error"] is True  # noqa: S101
    assert isinstance(body["message"], str) and body["message"]  # noqa: S101
    if message is not None:
        assert body["message"] == message  # noqa: S101
