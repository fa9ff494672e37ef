"""Helpers for the browser tests of the signed-in pages (booking, thank-you, order
history, member): a member signed in by token, a cart, orders placed through the API,
card entry through the fake TapPay SDK, and what counts as a page problem."""

import datetime
import json

from django.test import Client

FAKE_SDK_URL = "/static/js/tappay-fake-sdk.js"
APPROVED_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"
TIMEOUT_CARD = "4000 0000 0000 0119"
PASSWORD = "a long pass phrase 42"


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


def page_problems(page, console) -> list[str]:
    """CSP violations (from the page's recorder and the console) and script errors."""
    recorded = page.evaluate("() => window.__cspViolations || []")
    errors = [line for line in console if line.startswith("pageerror")]
    return [*recorded, *console.csp_errors(), *errors]
