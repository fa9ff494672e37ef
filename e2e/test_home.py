import pytest

from attractions.models import Attraction

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CARDS = ".cards .card"


def wait_for_cards(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('.cards .card').length === n", arg=count
    )


def card_names(page) -> list[str]:
    return page.locator(f"{CARDS} .card__name").all_inner_texts()


def scroll_until_done(page, expected: int) -> None:
    for _ in range(40):
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(150)
        if (
            page.locator(CARDS).count() >= expected
            and page.locator("[data-loading]").is_hidden()
        ):
            break


def test_the_first_page_is_rendered_by_the_server_without_any_script(
    browser, site, catalogue
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(site + "/")

    assert page.locator(CARDS).count() == 12
    assert (
        page.locator(CARDS).first.locator(".card__name").inner_text() == "新北投溫泉區"
    )
    context.close()


def test_scrolling_loads_all_58_attractions_once_each(page, site, real_catalogue):
    asked = []
    page.on(
        "request",
        lambda request: (
            asked.append(request.url) if "/api/attractions" in request.url else None
        ),
    )
    page.goto(site + "/")

    scroll_until_done(page, 58)
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(500)

    names = card_names(page)
    assert len(names) == 58
    assert len(set(names)) == 58
    assert len(asked) == len(set(asked)) == 4  # pages 1, 2, 3 and 4 after page 0
    assert all("page=0" not in url for url in asked)


def test_clicking_a_station_shows_its_attractions_only(page, site, real_catalogue):
    expected = set(
        Attraction.objects.filter(mrt__name="劍潭").values_list("name", flat=True)
    )
    page.goto(site + "/")

    page.locator(".mrt-bar__station", has_text="劍潭").click()
    wait_for_cards(page, len(expected))

    assert set(card_names(page)) == expected
    assert page.locator("#keyword").input_value() == "劍潭"
    assert "keyword=%E5%8A%8D%E6%BD%AD" in page.url


def test_the_station_bar_scrolls_with_its_arrow_buttons(page, site, catalogue):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/")
    bar = page.locator("[data-mrt-list]")

    page.get_by_role("button", name="往右捲動捷運站列表").click()
    page.wait_for_function(
        "() => document.querySelector('[data-mrt-list]').scrollLeft > 0"
    )
    right = bar.evaluate("element => element.scrollLeft")
    page.get_by_role("button", name="往左捲動捷運站列表").click()
    page.wait_for_function(
        "() => document.querySelector('[data-mrt-list]').scrollLeft === 0"
    )

    assert right > 0


def test_a_keyword_with_no_match_says_nothing_was_found(page, site, catalogue):
    page.goto(site + "/")

    page.fill("#keyword", "不存在的景點")
    page.keyboard.press("Enter")

    message = page.locator("[data-empty]")
    message.wait_for(state="visible")
    assert "找不到符合條件的景點" in message.inner_text()
    assert page.locator(CARDS).count() == 0


def test_a_keyword_search_restarts_from_the_first_page(page, site, catalogue):
    page.goto(site + "/")
    scroll_until_done(page, 36)

    page.fill("#keyword", "溫泉")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.cards .card__name')]"
        ".every(n => n.textContent.includes('溫泉'))"
        " && document.querySelectorAll('.cards .card').length > 0"
    )

    expected = Attraction.objects.filter(name__contains="溫泉").count()
    assert page.locator(CARDS).count() == expected


def test_a_late_answer_of_an_older_search_is_discarded(page, site, catalogue):
    page.goto(site + "/")
    # The first search's answer arrives after the second's, ignoring the abort, as a
    # slow server would: only the generation check keeps it off the page.
    page.evaluate(
        """() => {
          const realFetch = window.fetch;
          window.fetch = (url, options) => {
            if (String(url).includes(encodeURIComponent("北投"))) {
              return new Promise((resolve) =>
                setTimeout(() => resolve(realFetch(url)), 1500));
            }
            return realFetch(url, options);
          };
        }"""
    )

    page.fill("#keyword", "北投")
    page.keyboard.press("Enter")
    page.fill("#keyword", "動物園")
    page.keyboard.press("Enter")
    page.wait_for_timeout(2500)

    names = card_names(page)
    assert names
    assert all("北投" not in name for name in names)


def test_choosing_a_category_filters_the_cards(page, site, catalogue):
    expected = set(
        Attraction.objects.filter(category__name="宗教信仰").values_list(
            "name", flat=True
        )
    )
    page.goto(site + "/")

    page.select_option("#category", "宗教信仰")
    wait_for_cards(page, len(expected))

    assert set(card_names(page)) == expected


def test_broken_photos_show_the_placeholder(page, site, catalogue):
    page.goto(site + "/")

    first = page.locator(f"{CARDS} img").first
    page.wait_for_function(
        "() => document.querySelector('.cards img').src.includes('placeholder')"
    )

    assert first.evaluate("image => image.naturalWidth") > 0


def test_jumping_to_the_end_with_the_keyboard_keeps_loading(page, site, real_catalogue):
    page.goto(site + "/")

    for _ in range(30):
        page.keyboard.press("End")
        page.wait_for_timeout(150)
        if page.locator(CARDS).count() == 58:
            break

    assert len(set(card_names(page))) == 58
    assert page.locator("[data-attractions]").get_attribute("data-has-more") is None


def test_a_failed_page_is_retried_after_a_pause_not_in_a_loop(
    page, site, real_catalogue
):
    asked = []

    def failing(route):
        if "page=1" in route.request.url:
            asked.append(route.request.url)
            route.fulfill(
                status=500,
                content_type="application/json",
                body='{"error": true, "message": "x"}',
            )
        else:
            route.continue_()

    page.route("**/api/attractions?*", failing)
    page.goto(site + "/")
    page.keyboard.press("End")
    page.wait_for_timeout(1500)

    assert len(asked) == 1
    assert "景點載入失敗" in page.locator("[data-status]").inner_text()
    page.unroute("**/api/attractions?*")
    page.wait_for_timeout(3000)
    page.keyboard.press("End")
    page.wait_for_function(
        "() => document.querySelectorAll('.cards .card').length >= 24"
    )
    assert "景點載入失敗" not in page.locator("[data-status]").inner_text()


def test_the_station_bar_is_one_tab_stop_walked_with_the_arrow_keys(
    page, site, catalogue
):
    page.goto(site + "/")
    stations = page.locator("[data-station]")
    first, second = stations.nth(0), stations.nth(1)

    first.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.dataset.station") == (
        second.get_attribute("data-station")
    )
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => document.activeElement.dataset.station") == (
        stations.last.get_attribute("data-station")
    )
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.mrtScroll") == "1"

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expected = stations.last.get_attribute("data-station")
    page.wait_for_function(
        "name => new URL(location.href).searchParams.get('keyword') === name",
        arg=expected,
    )
