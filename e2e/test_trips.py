"""The attraction page's calendar of seats, the party-size stepper and a sold-out slot
(issue 11), against the live server's real availability API."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from bookings.pricing import today_in_taipei
from e2e import calendar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place(make_attraction):
    return make_attraction("台北101", images=1)


def sell(place, *, days: int, slot: str, taken: int = 20, closed: bool = False):
    from bookings.models import Departure

    Departure.objects.create(
        attraction=place,
        date=today_in_taipei() + timedelta(days=days),
        slot=slot,
        taken=taken,
        is_closed=closed,
    )


def day_button(page, days: int):
    """The calendar's button for today + days."""
    return calendar.day_button(page, today_in_taipei() + timedelta(days=days))


def test_the_calendar_disables_sold_out_and_closed_days_and_warns_of_few_seats(
    page, site, place
):
    sell(place, days=3, slot="morning")
    sell(place, days=3, slot="afternoon", closed=True, taken=0)
    sell(place, days=5, slot="morning", taken=17)
    page.goto(site + place.get_absolute_url())

    expect(day_button(page, 3)).to_be_disabled()
    few = day_button(page, 5)
    assert few.is_enabled()
    assert "剩 3" in few.inner_text()
    few.click()

    morning = page.locator("[data-slot-option='morning']")
    assert "只剩 3 位" in morning.inner_text()
    assert (
        page.locator("#booking-date").input_value()
        == (today_in_taipei() + timedelta(days=5)).isoformat()
    )


def test_a_sold_out_slot_cannot_be_chosen_and_the_open_one_is(page, site, place):
    sell(place, days=4, slot="morning")
    page.goto(site + place.get_absolute_url())

    day_button(page, 4).click()

    morning = page.locator("input[name='time'][value='morning']")
    assert morning.is_disabled()
    assert "已額滿" in page.locator("[data-slot-option='morning']").inner_text()
    assert page.locator("input[name='time'][value='afternoon']").is_checked()
    assert page.locator("[data-total-label]").inner_text().startswith("NT$ 2,500")


def test_a_member_books_three_people_with_the_stepper_and_sees_the_total(
    page, site, place, user, token
):
    from bookings.models import Booking

    page.add_init_script(f"localStorage.setItem('token', {token!r})")
    page.goto(site + place.get_absolute_url())
    page.get_by_role("button", name=user.name).wait_for()

    day_button(page, 6).click()
    page.get_by_label("上半天").check()
    plus = page.get_by_role("button", name="增加一人")
    plus.click()
    plus.click()
    assert page.locator("[data-total-label]").inner_text() == "NT$ 6,000（3 人）"
    with page.expect_navigation(url="**/booking"):
        page.get_by_role("button", name="立即預訂").click()

    booking = Booking.objects.get(user=user)
    assert (booking.participants, booking.price) == (3, 6000)
    page.get_by_text("3 人").first.wait_for()


@pytest.fixture
def paid_order(fake_tappay, user, make_attraction):
    """Two trips, three people on the afternoon one, paid through the fake gateway."""
    from bookings.services import add_booking
    from devtools.fake_tappay import SANDBOX_TEST_PRIME
    from e2e.signed_in import add_to_cart, place_order

    first = make_attraction("新北投溫泉區", address="臺北市北投區中山路")
    second = make_attraction("士林官邸", address="臺北市士林區福林路60號")
    add_to_cart(user, first, days=3, slot="morning")
    add_booking(
        user=user,
        attraction_id=second.id,
        date=today_in_taipei() + timedelta(days=1),
        slot="afternoon",
        participants=3,
    )
    return place_order(user, SANDBOX_TEST_PRIME)["number"]


def test_a_member_cancels_one_of_two_trips_and_sees_the_partial_refund(
    page, live_server, user, paid_order, fake_tappay, console
):
    from e2e.signed_in import page_problems, sign_in
    from orders.models import Order

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/order/{paid_order}")
    trips = page.locator("[data-order-trips] > li")
    trips.first.wait_for()
    assert trips.count() == 2
    page.get_by_text("3 人").wait_for()
    page.get_by_text("免費取消期限").first.wait_for()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile(r"^取消行程\s?：新北投溫泉區")).click()

    message = page.locator("[data-cancel-message]")
    message.filter(has_text="已取消").wait_for()
    assert "NT$ 2,000" in message.inner_text()
    page.locator("[data-order-refunds]").filter(has_text="NT$ 2,000").wait_for()
    first, second = trips.nth(0), trips.nth(1)
    assert first.get_attribute("data-trip-state") == "refunded"
    assert second.get_attribute("data-trip-state") == "paid"
    assert fake_tappay.charges[0].refunded_amount == 2000
    assert Order.objects.get(number=paid_order).status == "paid"
    assert page_problems(page, console) == []


def test_another_members_order_page_reads_as_not_found(
    page, live_server, paid_order, fake_tappay
):
    from accounts.models import User
    from e2e.signed_in import PASSWORD, sign_in

    stranger = User.objects.create_user("x@example.com", PASSWORD, name="路人")
    sign_in(page, live_server, stranger)
    page.goto(f"{live_server.url}/order/{paid_order}")
    page.get_by_role("heading", name="找不到這筆訂單").wait_for()
    page.goto(f"{live_server.url}/order/TDT-NOPE-NOPE-NOPE")
    page.get_by_role("heading", name="找不到這筆訂單").wait_for()
