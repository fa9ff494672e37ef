import pytest
from playwright.sync_api import expect

from attractions.models import Attraction

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CARDS = ".cards .card"


def wait_for_cards(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('.cards .card').length === n", arg=count
    )


def card_names(page) -> list[str]:
    return page.locator(f"{CARDS} .card__name").all_inner_texts()


def record_requests(page, path: str) -> list[str]:
    """The URLs of the page's requests to `path`, as they are made."""
    asked = []
    page.on(
        "request",
        lambda request: asked.append(request.url) if path in request.url else None,
    )
    return asked


def scroll_until_done(page, expected: int) -> None:
    for _ in range(40):
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(150)
        if (
            page.locator(CARDS).count() >= expected
            and page.locator("[data-skeleton]").count() == 0
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
    asked = record_requests(page, "/api/attractions")
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
    assert "找不到「不存在的景點」的景點" in message.inner_text()
    assert page.locator(CARDS).count() == 0
    # Said once on the screen: the status line only carries it to screen readers.
    status = page.locator("[data-status]")
    assert status.evaluate("node => node.classList.contains('visually-hidden')")
    assert (
        page.get_by_text("找不到「不存在的景點」的景點").count() == 2
    )  # one is status


def test_a_search_with_no_result_offers_stations_and_categories_to_try(
    page, site, catalogue
):
    page.goto(site + "/?keyword=不存在的景點")

    empty = page.locator("[data-empty]")
    empty.get_by_role("link", name="新北投").click()

    page.wait_for_function("() => document.querySelectorAll('.cards .card').length > 0")
    assert page.locator("#keyword").input_value() == "新北投"
    assert empty.is_hidden()
    assert "keyword=%E6%96%B0%E5%8C%97%E6%8A%95" in page.url

    page.goto(site + "/?keyword=不存在的景點")
    empty.get_by_role("link", name="養生溫泉").click()
    page.wait_for_function("() => document.querySelectorAll('.cards .card').length > 0")
    assert page.locator("#category").input_value() == "養生溫泉"
    assert page.locator("#keyword").input_value() == ""


def test_clearing_the_search_box_brings_back_the_full_list(page, site, catalogue):
    page.goto(site + "/?keyword=溫泉")
    before = page.locator(CARDS).count()

    page.fill("#keyword", "")

    wait_for_cards(page, 12)
    assert before < 12
    assert page.url == site + "/"


def test_the_end_of_the_list_says_how_many_places_were_shown(page, site, catalogue):
    page.goto(site + "/")
    end = page.locator("[data-end]")
    assert end.inner_text() == "已顯示全部 12 個景點"

    page.fill("#keyword", "溫泉")
    page.keyboard.press("Enter")

    page.wait_for_function(
        "() => document.querySelector('[data-end]').innerText === '已顯示全部 1 個景點'"
    )


def test_the_end_line_waits_for_the_last_of_58_places(page, site, real_catalogue):
    page.goto(site + "/")
    end = page.locator("[data-end]")
    assert end.is_hidden()

    scroll_until_done(page, 58)

    end.wait_for(state="visible")
    assert end.inner_text() == "已顯示全部 58 個景點"


def test_skeleton_cards_hold_the_place_of_a_page_while_it_loads(page, site, catalogue):
    held = []
    page.route("**/api/attractions?*", lambda route: held.append(route))
    page.goto(site + "/")
    page.select_option("#category", "戶外踏青")
    page.wait_for_function("() => document.querySelectorAll('[data-skeleton]').length")

    skeletons = page.locator("[data-skeleton]")
    assert skeletons.count() == 4
    assert skeletons.first.get_attribute("aria-hidden") == "true"
    assert page.locator("[data-attractions]").get_attribute("aria-busy") == "true"
    page.unroute("**/api/attractions?*")
    for route in held:
        route.continue_()
    wait_for_cards(page, 3)
    assert skeletons.count() == 0
    assert page.locator("[data-attractions]").get_attribute("aria-busy") == "false"


def test_typing_suggests_stations_and_places_in_a_combobox(page, site, catalogue):
    page.goto(site + "/")
    box = page.get_by_role("combobox", name="搜尋景點名稱或捷運站")

    box.press_sequentially("士林")

    listbox = page.get_by_role("listbox", name="搜尋建議")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    texts = options.all_inner_texts()
    assert texts[0].startswith("士林") and "捷運站" in texts[0]
    assert any("國立故宮博物院" in text and "景點" in text for text in texts)

    box.press("ArrowDown")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("ArrowUp")  # wraps to the last suggestion
    assert options.last.get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"

    box.press("ArrowDown")
    box.press("Enter")  # the station: searches in place
    page.wait_for_function(
        "() => [...document.querySelectorAll('.cards .card')].length > 0"
        " && location.search.includes('keyword')"
    )
    assert box.input_value() == "士林"


def test_picking_a_suggested_place_opens_its_page(page, site, catalogue):
    page.goto(site + "/")
    box = page.get_by_role("combobox", name="搜尋景點名稱或捷運站")

    box.press_sequentially("故宮")
    page.get_by_role("option", name="國立故宮博物院").click()

    page.wait_for_url("**/attraction/*")
    assert page.get_by_role("heading", level=1).inner_text() == "國立故宮博物院"


def test_suggestions_wait_for_the_typing_to_pause(page, site, catalogue):
    asked = record_requests(page, "/api/attractions")
    page.goto(site + "/")

    page.locator("#keyword").press_sequentially("中正紀念", delay=20)
    page.get_by_role("listbox", name="搜尋建議").wait_for()

    assert len(asked) == 1


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


def test_a_failed_page_offers_a_retry_button_and_is_not_retried_in_a_loop(
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
    retry = page.get_by_role("button", name="重新載入")
    retry.wait_for()
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(1500)

    assert len(asked) == 1
    assert page.get_by_role("alert").filter(has_text="景點載入失敗").is_visible()
    assert page.locator("[data-skeleton]").count() == 0
    page.unroute("**/api/attractions?*")
    retry.click()
    wait_for_cards(page, 24)
    assert retry.count() == 0
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


@pytest.mark.parametrize("width", [390, 1280])
def test_the_retry_button_of_a_failed_page_is_in_view_where_the_page_was_asked(
    page, site, real_catalogue, width
):
    """The next page is asked before the list's end is in view; its error must not be
    left below the fold, where nobody sees the retry."""
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

    page.set_viewport_size({"width": width, "height": 800})
    page.route("**/api/attractions?*", failing)
    page.goto(site + "/")
    wait_for_cards(page, 12)
    while not asked:
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(100)
    retry = page.get_by_role("button", name="重新載入")
    retry.wait_for()

    expect(retry).to_be_in_viewport()
    page.unroute("**/api/attractions?*")
    retry.click()
    wait_for_cards(page, 24)
