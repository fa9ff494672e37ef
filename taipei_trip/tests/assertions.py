"""Assertions shared by every app's tests (rewritten by pytest, see conftest.py)."""


def assert_json_error(response, status: int, message: str | None = None) -> None:
    """The response has this status and the contract's error body (and message)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"] is True
    assert isinstance(body["message"], str) and body["message"]
    if message is not None:
        assert body["message"] == message
