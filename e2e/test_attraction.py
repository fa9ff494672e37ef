import pytest

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

    assert price.inner_text() == "新台幣 2000 元"
    page.get_by_label("下半天").check()
    assert price.inner_text() == "新台幣 2500 元"
    page.get_by_label("上半天").check()
    assert price.inner_text() == "新台幣 2000 元"


def test_the_date_field_starts_today_in_taipei(page, site, three_photos):
    from attractions.views import taipei_today

    page.goto(site + three_photos.get_absolute_url())

    assert page.locator("#booking-date").get_attribute("min") == (
        taipei_today().isoformat()
    )


def test_booking_signed_out_opens_the_sign_in_dialog(page, site, three_photos):
    page.goto(site + three_photos.get_absolute_url())

    page.get_by_role("button", name="開始預約行程").click()

    dialog = page.locator("#auth-modal")
    dialog.wait_for(state="visible")
    assert page.get_by_role("heading", name="登入會員帳號").is_visible()
