import json
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from bookings.pricing import today_in_taipei
from e2e.calendar import day_button, pick_date

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def current_slide(page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-slide]')]"
        ".findIndex(slide => slide.classList.contains('is-active'))"
    )


@pytest.fixture
def three_photos(make_attraction):
    return make_attraction("台北101", images=3)


def test_the_carousel_moves_with_its_arrows_and_wraps_both_ways(
    page, site, three_photos
):
    page.goto(site + three_photos.get_absolute_url())
    next_button = page.get_by_role("button", name="下一張照片")
    previous = page.get_by_role("button", name="上一張照片")

    next_button.click()
    assert current_slide(page) == 1
    next_button.click()
    next_button.click()
    assert current_slide(page) == 0
    previous.click()
    assert current_slide(page) == 2
    assert page.locator("[data-carousel-status]").inner_text() == "3 / 3"


def test_the_carousel_dots_jump_to_a_photo_and_mark_it(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())

    page.get_by_role("button", name="顯示第 3 張照片").click()

    assert current_slide(page) == 2
    dots = page.locator("[data-carousel-dot]")
    assert dots.nth(2).get_attribute("aria-current") == "true"
    assert dots.nth(0).get_attribute("aria-current") is None


def test_the_carousel_answers_the_arrow_keys(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())

    page.locator("[data-carousel]").focus()
    page.keyboard.press("ArrowLeft")
    assert current_slide(page) == 2
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert current_slide(page) == 1


def test_a_single_photo_has_no_carousel_controls(page, site, make_attraction):
    attraction = make_attraction("象山", images=1)

    page.goto(site + attraction.get_absolute_url())

    assert page.locator("[data-carousel-next]").count() == 0
    assert page.locator("[data-slide]").count() == 1


def test_an_attraction_without_photos_shows_the_placeholder(
    page, site, make_attraction
):
    attraction = make_attraction("無照片的景點", images=0)

    page.goto(site + attraction.get_absolute_url())

    image = page.locator(".carousel__image")
    assert "placeholder" in image.get_attribute("src")
    assert image.evaluate("image => image.naturalWidth") > 0


def test_choosing_the_afternoon_shows_its_price(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())
    price = page.locator("[data-price-label]")

    assert price.inner_text() == "NT$ 2,000"
    page.get_by_label("下半天").check()
    assert price.inner_text() == "NT$ 2,500"
    page.get_by_label("上半天").check()
    assert price.inner_text() == "NT$ 2,000"


def test_the_calendar_starts_today_in_taipei(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())
    today = today_in_taipei()

    expect(day_button(page, today)).to_be_enabled()
    yesterday = today - timedelta(days=1)
    if yesterday.month == today.month:
        expect(day_button(page, yesterday)).to_be_disabled()
    expect(page.get_by_role("button", name="上個月")).to_be_disabled()


def test_the_calendar_is_one_tab_stop_driven_by_the_keyboard(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())
    today = today_in_taipei()
    day_button(page, today)
    grid = page.get_by_role("grid")
    assert grid.locator("[tabindex='0']").count() == 1

    page.get_by_role("button", name="下個月").focus()
    page.keyboard.press("Tab")
    expect(day_button(page, today)).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    day = today + timedelta(days=8)
    expect(day_button(page, day)).to_be_focused()
    expect(day_button(page, day)).to_have_attribute("aria-pressed", "true")
    assert page.locator("#booking-date").input_value() == day.isoformat()
    expect(page.locator("[data-calendar-chosen]")).to_contain_text(day.isoformat())
    assert grid.locator("[tabindex='0']").count() == 1

    page.keyboard.press("PageDown")
    month = page.locator("[data-calendar-month]")
    expect(month).to_contain_text(f"{(day.month % 12) + 1} 月")
    expect(page.locator("[data-calendar-days] :focus")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.get_by_label("上半天")).to_be_focused()


def test_without_scripts_the_form_says_how_to_book_instead_of_a_dead_calendar(
    browser, site, three_photos
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + three_photos.get_absolute_url())

    # Playwright's text and role engines skip <noscript>; the notice is found by class.
    notice = page.locator("[data-booking-form] .notice")
    expect(notice).to_be_visible()
    assert "無法在此選擇日期與預訂" in notice.evaluate("element => element.innerText")
    expect(page.locator("[data-calendar]")).to_be_hidden()
    expect(page.get_by_role("button", name="立即預訂")).to_be_hidden()
    expect(page.get_by_text("NT$ 2,000").first).to_be_visible()
    context.close()


def test_booking_signed_out_opens_the_sign_in_dialog(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())

    page.get_by_role("button", name="立即預訂").click()

    dialog = page.locator("#auth-modal")
    dialog.wait_for(state="visible")
    assert page.get_by_role("heading", name="登入會員帳號").is_visible()


def swipe(page, dx: int) -> None:
    page.evaluate(
        """dx => {
          const root = document.querySelector("[data-carousel]");
          const box = root.getBoundingClientRect();
          const x = box.left + box.width / 2, y = box.top + box.height / 2;
          const touch = (clientX) => new Touch({identifier: 1, target: root, clientX,
                                                clientY: y});
          root.dispatchEvent(new TouchEvent("touchstart", {touches: [touch(x)],
            changedTouches: [touch(x)], bubbles: true}));
          root.dispatchEvent(new TouchEvent("touchend", {touches: [],
            changedTouches: [touch(x + dx)], bubbles: true}));
        }""",
        dx,
    )


def test_a_swipe_moves_the_carousel_and_a_small_drag_does_not(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())

    swipe(page, -120)
    assert current_slide(page) == 1
    swipe(page, 120)
    swipe(page, 120)
    assert current_slide(page) == 2
    swipe(page, -10)
    assert current_slide(page) == 2


def signed_in_with_stubbed_apis(page, bookings: list) -> None:
    """Stubs the Members and cart APIs: this checks the page's side of the contract."""

    def member(route):
        route.fulfill(
            content_type="application/json",
            body=json.dumps(
                {"data": {"id": 1, "name": "小明", "email": "m@example.com",
                          "phone": "", "avatar": None}}
            ),
        )  # fmt: skip

    def booking(route):
        if route.request.method == "POST":
            bookings.append(
                (
                    route.request.headers.get("authorization"),
                    route.request.post_data_json,
                )
            )
        route.fulfill(content_type="application/json", body='{"ok": true}')

    page.route("**/api/user/auth", member)
    page.route("**/api/booking", booking)
    page.add_init_script("localStorage.setItem('token', 'a-token')")


def test_a_member_books_the_afternoon_and_goes_to_the_cart(page, site, three_photos):
    bookings = []
    signed_in_with_stubbed_apis(page, bookings)
    day = today_in_taipei() + timedelta(days=7)
    page.goto(site + three_photos.get_absolute_url())

    pick_date(page, day)
    page.get_by_label("下半天").check()
    with page.expect_navigation(url="**/booking"):
        page.get_by_role("button", name="立即預訂").click()

    assert bookings == [
        (
            "Bearer a-token",
            {
                "attractionId": three_photos.pk,
                "date": day.isoformat(),
                "time": "afternoon",
                "participants": 1,
                "price": 2500,
            },
        )
    ]


def test_booking_without_a_date_asks_for_one_and_sends_nothing(
    page, site, three_photos
):
    bookings = []
    signed_in_with_stubbed_apis(page, bookings)
    page.goto(site + three_photos.get_absolute_url())

    page.get_by_role("button", name="立即預訂").click()

    error = page.locator("[data-booking-error]")
    error.filter(has_text="請選擇日期").wait_for()
    # The focus goes back to the calendar, which the message describes.
    expect(page.locator("[data-calendar-days] :focus")).to_have_count(1)
    calendar = page.get_by_role("group", name="選擇日期")
    expect(calendar).to_have_attribute("aria-describedby", "booking-error")
    expect(calendar).to_have_class(re.compile("is-invalid"))
    assert bookings == []


def test_a_refused_booking_shows_the_servers_message(page, site, three_photos):
    signed_in_with_stubbed_apis(page, [])
    page.route(
        "**/api/booking",
        lambda route: route.fulfill(
            status=400,
            content_type="application/json",
            body=json.dumps(
                {"error": True, "message": "建立失敗，輸入不正確或其他原因"}
            ),
        ),
    )
    page.goto(site + three_photos.get_absolute_url())

    pick_date(page, today_in_taipei() + timedelta(days=3))
    page.get_by_role("button", name="立即預訂").click()

    page.locator("[data-booking-error]").filter(has_text="建立失敗").wait_for()
    assert page.url.endswith(three_photos.get_absolute_url())


def test_a_signed_in_member_books_a_trip_into_the_cart(
    page, site, three_photos, user, token
):
    from bookings.models import Booking

    page.add_init_script(f"localStorage.setItem('token', {token!r})")
    day = today_in_taipei() + timedelta(days=10)
    page.goto(site + three_photos.get_absolute_url())
    page.get_by_role("button", name=user.name).wait_for()

    pick_date(page, day)
    page.get_by_label("下半天").check()
    with page.expect_navigation(url="**/booking"):
        page.get_by_role("button", name="立即預訂").click()

    booking = Booking.objects.get(user=user)
    assert (booking.attraction_id, booking.date, booking.slot, booking.price) == (
        three_photos.pk,
        day,
        "afternoon",
        2500,
    )
