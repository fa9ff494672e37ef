"""Assertions shared by every app's tests."""


def assert_json_error(response, status: int, message: str | None = None) -> None:
    """The response has this status and the contract's error body (and message)."""
    assert response.status_code == status, response.content  # noqa: S101
    body = response.json()
    assert body["error"] is True  # noqa: S101
    assert isinstance(body["message"], str) and body["message"]  # noqa: S101
    if message is not None:
        assert body["message"] == message  # noqa: S101


def inline_code(html: str) -> list[str]:
    """Inline scripts, <style> blocks, style="" and on*="" handlers: what a strict CSP
    (no 'unsafe-inline') would block, so pages must have none."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names = dict(attrs)
            if tag == "style":
                found.append("<style>")
            if tag == "script" and not names.get("src"):
                found.append("<script> without src")
            found.extend(f"{tag} {name}=" for name in names if name == "style")
            found.extend(f"{tag} {name}=" for name in names if name.startswith("on"))

    Finder().feed(html)
    return found
