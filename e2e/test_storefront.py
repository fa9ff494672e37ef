"""The storefront's shared pieces in a real browser: trust pages and footer, states
(skeletons, empty with a next action, errors with a retry button), the cart badge, the
carousel's one tab stop and where the thank-you page puts the focus."""

import re

import pytest

from e2e.conftest import run_axe
from e2e.signed_in import FAKE_SDK_URL, add_to_cart, place_order, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FAILING_ANSWER = {
    "status": 503,
    "content_type": "application/json",
    "body": '{"error": true, "message": "x"}',
}


@pytest.fixture
def place(make_attraction):
    return make_attraction("士林官邸", mrt="士林", images=3)


def fail_until_unrouted(page, pattern: str) -> list:
    """Requests matching `pattern` fail until `page.unroute(pattern)`."""
    failed = []

    def handler(route):
        failed.append(route.request.url)
        route.fulfill(**FAILING_ANSWER)

    page.route(pattern, handler)
    return failed


@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ("服務條款", "服務條款"),
        ("隱私權政策", "隱私權政策"),
        ("取消與退款政策", "取消與退款政策"),
    ],
)
def test_the_footer_leads_to_each_trust_page(page, site, link, heading):
    page.goto(site + "/")
    footer = page.get_by_role("contentinfo")

    footer.get_by_role("link", name=link).click()

    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert "最後更新" in page.locator("main").inner_text()
    assert run_axe(page) == []


def test_the_footer_shows_customer_service_and_the_company(page, site, settings):
    settings.SUPPORT_EMAIL = "help@trip.example"
    settings.COMPANY_TAX_ID = "24681357"
    page.goto(site + "/help/refunds")

    footer = page.get_by_role("contentinfo")

    assert footer.get_by_role("link", name="help@trip.example").is_visible()
    assert "統一編號：24681357" in footer.inner_text()


def test_the_carousel_dots_are_one_tab_stop_walked_with_the_arrow_keys(
    page, site, place
):
    page.goto(site + place.get_absolute_url())
    dots = page.locator("[data-carousel-dot]")
    tab_stops = dots.evaluate_all("dots => dots.filter(dot => dot.tabIndex === 0)")
    assert len(tab_stops) == 1

    dots.first.focus()
    page.keyboard.press("ArrowRight")

    assert page.evaluate("() => document.activeElement.dataset.carouselDot") == "1"
    assert dots.nth(1).get_attribute("aria-current") == "true"
    assert dots.nth(1).get_attribute("tabindex") == "0"
    assert dots.first.get_attribute("tabindex") == "-1"
    page.keyboard.press("End")
    assert page.evaluate("() => document.activeElement.dataset.carouselDot") == "2"


def test_the_nav_bar_counts_the_trips_in_the_cart(page, live_server, user, place):
    add_to_cart(user, place, days=3, slot="morning")
    add_to_cart(user, place, days=4, slot="afternoon")
    sign_in(page, live_server, user)

    page.goto(live_server.url + "/")

    link = page.get_by_role(
        "link", name=re.compile(r"^預訂行程\s*，購物車有 2 個行程$")
    )
    link.wait_for()
    assert link.locator("[data-cart-count] [aria-hidden]").inner_text() == "2"


def test_the_cart_badge_follows_a_deleted_trip(page, live_server, user, place):
    add_to_cart(user, place, days=3, slot="morning")
    add_to_cart(user, place, days=4, slot="afternoon")
    sign_in(page, live_server, user)
    page.goto(live_server.url + "/booking")
    badge = page.locator("[data-cart-count]")
    page.wait_for_function(
        "() => document.querySelector('[data-cart-count] [aria-hidden]')?.textContent === '2'"
    )

    page.locator(".trip__delete").first.click()

    page.wait_for_function(
        "() => document.querySelector('[data-cart-count] [aria-hidden]')?.textContent === '1'"
    )
    page.locator(".trip__delete").first.click()
    page.get_by_text("目前沒有任何待預訂的行程").wait_for()
    assert badge.is_hidden()


def test_an_empty_cart_leads_back_to_browsing(page, live_server, user):
    sign_in(page, live_server, user)
    page.goto(live_server.url + "/booking")

    page.get_by_role("link", name="去逛逛景點").click()

    page.wait_for_url(live_server.url + "/")


def test_no_orders_leads_back_to_browsing(page, live_server, user):
    sign_in(page, live_server, user)
    page.goto(live_server.url + "/orders")

    page.get_by_text("目前沒有任何訂單").wait_for()
    assert page.get_by_role("link", name="去逛逛景點").is_visible()


def test_the_cart_shows_skeletons_while_it_loads(page, live_server, user, place):
    add_to_cart(user, place, days=3, slot="morning")
    sign_in(page, live_server, user)
    held = []
    page.route("**/api/booking", lambda route: held.append(route))

    page.goto(live_server.url + "/booking")
    page.wait_for_function("() => document.querySelectorAll('[data-skeleton]').length")

    assert page.locator("[data-skeleton]").first.is_visible()
    page.unroute("**/api/booking")
    for route in held:
        route.continue_()
    page.locator(".trip").first.wait_for()
    assert page.locator("[data-booking-skeletons]").is_hidden()


def test_a_cart_that_fails_to_load_offers_a_retry(page, live_server, user, place):
    add_to_cart(user, place, days=3, slot="morning")
    sign_in(page, live_server, user)
    failed = fail_until_unrouted(page, "**/api/booking")

    page.goto(live_server.url + "/booking")
    page.get_by_role("alert").filter(has_text="無法載入待預訂的行程").wait_for()
    assert page.locator(".trip").count() == 0
    asked = len(failed)
    page.wait_for_timeout(1000)
    assert len(failed) == asked  # no retry loop
    page.unroute("**/api/booking")

    page.get_by_role("button", name="重新載入").click()

    page.locator(".trip").first.wait_for()
    assert page.get_by_role("button", name="重新載入").count() == 0


def test_order_history_that_fails_to_load_offers_a_retry(
    page, live_server, user, place, fake_tappay
):
    add_to_cart(user, place, days=3, slot="morning")
    place_order(user, "demo_ok")
    sign_in(page, live_server, user)
    fail_until_unrouted(page, "**/api/orders?*")

    page.goto(live_server.url + "/orders")
    retry = page.get_by_role("button", name="重新載入")
    retry.wait_for()
    page.unroute("**/api/orders?*")
    retry.click()

    page.locator(".order-card").first.wait_for()
    assert page.locator("[data-history-skeletons]").is_hidden()


def test_the_thank_you_page_focuses_its_heading(
    page, live_server, user, place, fake_tappay
):
    add_to_cart(user, place, days=3, slot="morning")
    number = place_order(user, "demo_ok")["number"]
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/thankyou?number={number}")
    page.get_by_role("heading", name="感謝您的訂購").wait_for()

    page.wait_for_function("() => document.activeElement.tagName === 'H1'")
    assert page.evaluate("() => document.activeElement.textContent") == "感謝您的訂購"


def test_an_order_that_fails_to_load_offers_a_retry(
    page, live_server, user, place, fake_tappay
):
    add_to_cart(user, place, days=3, slot="morning")
    number = place_order(user, "demo_ok")["number"]
    sign_in(page, live_server, user)
    fail_until_unrouted(page, "**/api/order/*")

    page.goto(f"{live_server.url}/thankyou?number={number}")
    retry = page.get_by_role("button", name="重新載入")
    retry.wait_for()
    page.unroute("**/api/order/*")
    retry.click()

    page.get_by_role("heading", name="感謝您的訂購").wait_for()


@pytest.mark.parametrize("path", ["/booking", "/thankyou?number={number}"])
def test_the_card_fields_are_named_by_their_visible_labels(
    page, live_server, settings, user, place, fake_tappay, path
):
    settings.TAPPAY_SDK_URL = FAKE_SDK_URL
    settings.TAPPAY_APP_ID = "11327"
    settings.TAPPAY_APP_KEY = "app_fake_public_key"
    add_to_cart(user, place, days=3, slot="morning")
    number = place_order(user, "fake_decline_labels")["number"]
    add_to_cart(user, place, days=4, slot="afternoon")
    sign_in(page, live_server, user)

    page.goto(live_server.url + path.format(number=number))

    for label in ["卡片號碼：", "有效期限：", "安全碼："]:
        field = page.get_by_role("textbox", name=label, exact=True)
        field.wait_for()
        assert field.evaluate("node => node.name").startswith("tpfake-")
