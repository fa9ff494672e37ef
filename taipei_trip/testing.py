"""Assertions and browser settings shared by every app's tests and the page scripts."""

# Debian's Chromium (playwright install cannot download here) with the flags that keep it
# off the network: the closed network refuses its background connections.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def assert_json_error(response, status: int, message: str | None = None) -> None:
    """The response has this status and the contract's error body (and message)."""
    assert response.status_code == status, response.content  # noqa: S101
    body = response.json()
    assert body["error"] is True  # noqa: S101
    assert isinstance(body["message"], str) and body["message"]  # noqa: S101
    if message is not None:
        assert body["message"] == message  # noqa: S101
