"""The attraction page's map in a real browser: lazy Leaflet, markers, tiles, axe."""

import pytest

from e2e.conftest import csp_violations, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def leaflet_requests(page) -> list[str]:
    return page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(name => name.includes('/vendor/leaflet/'))"
    )


def test_leaflet_loads_once_the_map_nears_the_screen_and_draws_every_place(
    page, console, site, catalogue
):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/attraction/1")
    page.wait_for_load_state("networkidle")

    assert leaflet_requests(page) == []
    page.locator("[data-map]").scroll_into_view_if_needed()
    page.locator("[data-map].is-ready").wait_for()

    assert len(leaflet_requests(page)) == 2  # its script and stylesheet
    assert page.locator(".map-pin:not(.map-pin--nearby)").count() == 1
    assert page.locator(".map-pin--nearby").count() == 4
    assert page.locator(".leaflet-tile").count() == 0  # no tile source in tests
    assert page.get_by_role("button", name="放大地圖").is_visible()
    # The one tab stop Leaflet adds (arrow keys pan) is named.
    region = page.get_by_role("region", name="新北投溫泉區的位置地圖")
    assert region.get_attribute("tabindex") == "0"
    assert (
        page.get_by_role("link", name="在 Google 地圖開啟")
        .get_attribute("href")
        .endswith("query=25.137077%2C121.508447")
    )
    assert csp_violations(page) == []
    assert not [line for line in console if line.startswith("pageerror")]
    assert run_axe(page) == []


def test_a_local_tile_source_fills_the_map(page, site, catalogue, settings):
    settings.MAP_TILE_URL = site + "/static/img/placeholder.svg?tile={z}-{x}-{y}"
    page.goto(site + "/attraction/1")
    page.locator("[data-map]").scroll_into_view_if_needed()
    page.locator("[data-map].is-ready").wait_for()
    page.locator(".leaflet-tile-loaded").first.wait_for()

    sources = page.locator(".leaflet-tile").evaluate_all(
        "tiles => tiles.map(t => t.src)"
    )
    assert sources and all("placeholder.svg?tile=" in src for src in sources)
    assert page.get_by_text("地圖資料").is_visible()
    assert run_axe(page) == []


def test_the_map_scrolls_under_the_sticky_header(page, site, catalogue):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/attraction/1")
    page.locator("[data-map]").scroll_into_view_if_needed()
    page.locator("[data-map].is-ready").wait_for()
    # Put the map's zoom buttons and top edge right under the header.
    page.evaluate(
        "() => window.scrollBy(0, document.querySelector('[data-map]')"
        ".getBoundingClientRect().top - 20)"
    )

    on_top = page.evaluate(
        "() => { const nav = document.querySelector('.nav').getBoundingClientRect();"
        " return [80, 600].map(x => document.elementFromPoint(x, nav.bottom - 10)"
        ".closest('.nav') !== null); }"
    )
    assert on_top == [True, True]
