"""A member who books and pays on the English pages gets an English receipt: the pages
send lang=en with every API call, the order keeps it, the receipt is written in it."""

import re

import pytest
from playwright.sync_api import expect

from e2e.signed_in import (
    APPROVED_CARD,
    FAKE_SDK_URL,
    add_to_cart,
    fill_card,
    sign_in,
)

pytestmark = pytest.mark.e2e


def test_paying_on_the_english_cart_sends_an_english_receipt(
    page, live_server, settings, fake_tappay, user, make_attraction
):
    from mail.models import Email
    from orders.models import Order

    settings.TAPPAY_SDK_URL = FAKE_SDK_URL
    settings.TAPPAY_APP_ID = "11327"
    settings.TAPPAY_APP_KEY = "app_fake_public_key"
    settings.TAPPAY_SERVER_TYPE = "sandbox"
    place = make_attraction("象山", mrt="象山", address="臺北市信義區")
    place.name_en = "Elephant Mountain"
    place.save()
    add_to_cart(user, place, days=3, slot="afternoon")
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/en/booking")
    page.get_by_label("Mobile:").fill("0912345678")
    fill_card(page, APPROVED_CARD)
    page.get_by_role("button", name="Confirm and pay").click()
    page.wait_for_url(re.compile(r"/en/thankyou\?number="))

    order = Order.objects.get()
    expect(page.locator("[data-order-number]")).to_have_text(order.number)
    assert (order.status, order.language) == ("paid", "en")
    receipt = Email.objects.get(template="receipt")
    assert receipt.language == "en"
    assert receipt.subject == f"Taipei Day Trip order {order.number}: payment received"
    assert "Afternoon, 14:00–21:00" in receipt.text_body
    assert "  Elephant Mountain · 1 person · NT$2,500" in receipt.text_body
    assert f"/en/order/{order.number}" in receipt.text_body
