"""Browser journeys for redirect payments: 3-D Secure, LINE Pay and JKO Pay, from the
booking page through the fake gateway's challenge or wallet page back to the site,
where the server checks TapPay's Record API before the page shows "paid"."""

import re

import pytest
from playwright.sync_api import expect

from e2e.signed_in import FAKE_SDK_URL, add_to_cart, fill_card, page_problems, sign_in

ORDER_PAGE = re.compile(r"/order/[A-Z0-9-]+$")

pytestmark = pytest.mark.e2e

THREE_DS_CARD = "4000 0000 0000 3220"


@pytest.fixture
def redirects(settings, fake_tappay, live_server):
    """3-D Secure and both wallets on; TapPay's result_url points at the live server
    and the fake delivers its notify there after sending the browser back."""
    settings.TAPPAY_SDK_URL = FAKE_SDK_URL
    settings.TAPPAY_APP_ID = "11327"
    settings.TAPPAY_APP_KEY = "app_fake_public_key"
    settings.TAPPAY_THREE_DOMAIN_SECURE = True
    settings.TAPPAY_LINE_PAY_MERCHANT_ID = fake_tappay.line_pay_merchant_id
    settings.TAPPAY_JKO_PAY_MERCHANT_ID = fake_tappay.jko_pay_merchant_id
    settings.SITE_URL = live_server.url
    fake_tappay.notify_mode = "after"
    return fake_tappay


@pytest.fixture
def gateway_page(page, redirects):
    """The page may also open the fake gateway's own pages (the bank, the wallets)."""
    page.route(f"{redirects.base_url}/**", lambda route: route.continue_())
    return page


@pytest.fixture
def cart(user, make_attraction):
    attraction = make_attraction("新北投溫泉區", mrt="新北投", address="臺北市北投區")
    return [add_to_cart(user, attraction, days=3, slot="morning")]


def pay_with_3d_secure_card(page, live_server, user) -> None:
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    page.get_by_label("手機號碼：").fill("0912345678")
    fill_card(page, THREE_DS_CARD)
    page.get_by_role("button", name="確認訂購並付款").click()


def finish_at_the_gateway(page, fake, button: str) -> None:
    page.wait_for_url(re.compile(re.escape(fake.base_url) + r"/fake/redirect/"))
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r"/order/[A-Z0-9-]+/return\?"))


def paid_order(number_text: str, method: str, mailoutbox, fake) -> None:
    from orders.models import Order

    order = Order.objects.get(number=number_text)
    assert order.status == "paid"
    assert order.payments.get().method == method
    # The notify arrives too; it finds the attempt settled and sends nothing more.
    assert fake.wait_for_notifications(1) == [200]
    assert len(mailoutbox) == 1


def test_a_3d_secure_card_passes_the_bank_challenge_and_the_order_is_paid(
    gateway_page, console, live_server, redirects, user, cart, mailoutbox
):
    page = gateway_page
    pay_with_3d_secure_card(page, live_server, user)

    finish_at_the_gateway(page, redirects, "Complete")

    # Once settled, the return page forwards to the order page.
    page.wait_for_url(ORDER_PAGE)
    expect(page.locator("[data-order-state]")).to_have_text("已付款")
    expect(page.locator("[data-order-payments]")).to_contain_text("信用卡 付款")
    number = page.locator("[data-order-number]").inner_text()
    paid_order(number, "card", mailoutbox, redirects)
    assert page_problems(page, console) == []


def test_a_failed_challenge_leaves_the_order_unpaid(
    gateway_page, live_server, redirects, user, cart
):
    from orders.models import Order

    page = gateway_page
    pay_with_3d_secure_card(page, live_server, user)

    finish_at_the_gateway(page, redirects, "Fail")

    page.wait_for_url(ORDER_PAGE)
    expect(page.locator("[data-order-state]")).to_have_text("付款失敗")
    expect(page.locator("[data-retry-form]")).to_be_visible()
    assert Order.objects.get().status == "failed"
    assert redirects.charges == []


@pytest.mark.parametrize(
    ("button", "method", "label"),
    [
        ("以 LINE Pay 付款", "line_pay", "LINE Pay"),
        ("以 街口支付 付款", "jko_pay", "街口支付"),
    ],
)
def test_a_wallet_payment_goes_through_the_wallet_page_to_paid(
    gateway_page,
    console,
    live_server,
    redirects,
    user,
    cart,
    mailoutbox,
    button,
    method,
    label,
):
    page = gateway_page
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    page.get_by_label("手機號碼：").fill("0912345678")
    page.get_by_role("button", name=button).click()

    finish_at_the_gateway(page, redirects, "Complete")

    page.wait_for_url(ORDER_PAGE)
    expect(page.locator("[data-order-payments]")).to_contain_text(f"{label} 付款")
    number = page.locator("[data-order-number]").inner_text()
    paid_order(number, method, mailoutbox, redirects)
    assert page_problems(page, console) == []
