"""Helpers for the browser tests of the signed-in pages (booking, thank-you, order
history, member): a member signed in by token, a cart, card entry through the fake
TapPay SDK, and the axe-core and CSP checks."""

import datetime
import json
from pathlib import Path

from django.test import Client

AXE = (
    Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
)
FAKE_SDK_URL = "/static/js/tappay-fake-sdk.js"
APPROVED_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"
PASSWORD = "a long pass phrase 42"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def card_expiry() -> str:
    """A month/year three years ahead, in the MM / YY form TapPay's field takes."""
    year = datetime.datetime.now(tz=datetime.UTC).year + 3
    return f"12 / {year % 100:02d}"


def sign_in(page, live_server, user) -> str:
    """Signs the browser in as `user` the way the sign-in dialog does: a token in
    localStorage (per origin, so the page at the live server is opened first)."""
    from accounts.tokens import issue_token

    token = issue_token(user=user)
    page.goto(f"{live_server.url}/")
    page.evaluate("token => localStorage.setItem('token', token)", token)
    return token


def add_to_cart(user, attraction, *, days: int, slot: str):
    from bookings.pricing import today_in_taipei
    from bookings.services import add_booking

    return add_booking(
        user=user,
        attraction_id=attraction.id,
        date=today_in_taipei() + datetime.timedelta(days=days),
        slot=slot,
    )


def api_client(user) -> Client:
    from accounts.tokens import issue_token

    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user)}")


def place_order(user, prime: str, *, phone: str = "0912345678") -> dict:
    """Pays the member's whole cart through the public API, as booking.js does."""
    client = api_client(user)
    cart = client.get("/api/booking").json()["data"]
    body = {
        "prime": prime,
        "order": {
            "bookingIds": [item["id"] for item in cart],
            "price": sum(item["price"] for item in cart),
            "contact": {"name": user.name, "email": user.email, "phone": phone},
        },
    }
    response = client.post(
        "/api/orders", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["data"]


def fill_card(page, number: str, *, root=None) -> None:
    """Types a card into the fields the SDK mounted inside the form's containers."""
    scope = root or page
    scope.locator("[data-card-field='number'] input").fill(number)
    scope.locator("[data-card-field='expirationDate'] input").fill(card_expiry())
    scope.locator("[data-card-field='ccv'] input").fill("123")


def watch_console(page) -> list[str]:
    """Collects console errors (CSP violations are reported there) from now on."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if message.type == "error" else None
        ),
    )
    return messages


def csp_violations(messages: list[str]) -> list[str]:
    return [text for text in messages if "Content Security Policy" in text]


def serious_axe_violations(page) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the current page."""
    # Evaluated through DevTools rather than added as a <script>, which the page's CSP
    # (no inline scripts) would rightly block.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": violation["id"], "nodes": [n["target"] for n in violation["nodes"]]}
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
