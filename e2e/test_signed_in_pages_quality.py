"""axe-core and CSP checks of the signed-in pages, at a phone and a desktop width."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import CLS_RECORDER, run_axe
from e2e.signed_in import (
    FAKE_SDK_URL,
    add_to_cart,
    page_problems,
    place_order,
    sign_in,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(settings, fake_tappay, user, make_attraction):
    """A member with one paid order and two trips still in the cart."""
    from devtools.fake_tappay import SANDBOX_TEST_PRIME

    settings.TAPPAY_SDK_URL = FAKE_SDK_URL
    add_to_cart(user, make_attraction("大稻埕碼頭", mrt="北門"), days=2, slot="morning")
    order = place_order(user, SANDBOX_TEST_PRIME)
    add_to_cart(
        user, make_attraction("國立故宮博物院", mrt="士林"), days=3, slot="morning"
    )
    add_to_cart(user, make_attraction("象山", mrt="象山"), days=6, slot="afternoon")
    return {"user": user, "number": order["number"]}


@pytest.fixture
def declined(shop):
    """The shop's member with a second order, declined, holding the two cart trips."""
    number = place_order(shop["user"], "fake_decline_card")["number"]
    return {**shop, "number": number}


PAGES = {
    "booking": ("/booking", ".trip"),
    "thankyou": ("/thankyou?number={number}", "[data-order-number]"),
    "order": ("/order/{number}", "[data-order-payments] li"),
    "orders": ("/orders", ".order-card"),
    "member": ("/member", "[data-avatar-image]"),
}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_the_page_has_no_serious_accessibility_problem_or_csp_violation(
    page, console, live_server, shop, name, width
):
    path, ready = PAGES[name]
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, shop["user"])

    page.goto(f"{live_server.url}{path.format(number=shop['number'])}")
    expect(page.locator(ready).first).to_be_visible()

    assert run_axe(page) == []
    assert page_problems(page, console) == []


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["/thankyou?number={number}", "/order/{number}"])
def test_an_unpaid_order_with_its_pay_again_form_has_no_serious_problem(
    page, console, live_server, declined, path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, declined["user"])

    page.goto(live_server.url + path.format(number=declined["number"]))
    expect(
        page.locator("[data-retry-form] [data-card-field] input").first
    ).to_be_visible()

    assert run_axe(page) == []
    assert page_problems(page, console) == []


def slow_api(route):
    """The API answers after the page has painted its skeletons, as on a slow phone."""
    import time

    time.sleep(0.4)
    route.fallback()


@pytest.mark.parametrize(
    "path", ["/booking", "/thankyou?number={number}", "/order/{number}", "/member"]
)
def test_nothing_on_screen_moves_as_the_member_and_the_order_arrive(
    page, live_server, declined, path
):
    # The member is unverified, so the address banner appears too.
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, live_server, declined["user"])
    page.add_init_script(CLS_RECORDER)
    page.route("**/api/**", slow_api)

    page.goto(live_server.url + path.format(number=declined["number"]))
    expect(page.locator("[data-verify-banner]")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)

    assert page.evaluate("() => window.__layoutShift") < 0.01


@pytest.mark.parametrize("width", [360, 600, 1200])
def test_the_booking_page_never_scrolls_sideways(page, live_server, shop, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, shop["user"])
    page.goto(f"{live_server.url}/booking")
    expect(page.locator(".trip").first).to_be_visible()
    page.wait_for_load_state("networkidle")  # the settled page: card fields mounted

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_the_pay_button_works_by_keyboard_alone(page, live_server, shop):
    sign_in(page, live_server, shop["user"])
    page.goto(f"{live_server.url}/booking")
    pay = page.get_by_role("button", name="確認訂購並付款")
    pay.focus()
    page.keyboard.press("Enter")

    # An empty phone stops the checkout before any card is read, with focus on it.
    expect(page.get_by_label("手機號碼：")).to_be_focused()
    expect(page.locator("#contact-phone-error")).to_have_text(re.compile("手機號碼"))
