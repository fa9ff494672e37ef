import json
from datetime import timedelta

import pytest

from bookings.pricing import today_in_taipei

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


def test_the_date_field_starts_today_in_taipei(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())

    assert page.locator("#booking-date").get_attribute("min") == (
        today_in_taipei().isoformat()
    )


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
    day = (today_in_taipei() + timedelta(days=7)).isoformat()
    page.goto(site + three_photos.get_absolute_url())

    page.fill("#booking-date", day)
    page.get_by_label("下半天").check()
    with page.expect_navigation(url="**/booking"):
        page.get_by_role("button", name="立即預訂").click()

    assert bookings == [
        (
            "Bearer a-token",
            {
                "attractionId": three_photos.pk,
                "date": day,
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
    assert page.locator("#booking-date").get_attribute("aria-invalid") == "true"
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

    page.fill("#booking-date", (today_in_taipei() + timedelta(days=3)).isoformat())
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

    page.fill("#booking-date", day.isoformat())
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
