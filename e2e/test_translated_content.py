"""The catalogue in English in the browser: cards the scripts add come in English, a
place without a translation is marked lang="zh-Hant" there too, and English keywords
and station names search."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CARDS = ".cards .card"


def test_cards_loaded_by_scrolling_mark_names_without_a_translation(
    page, site, catalogue, make_attraction
):
    # A 13th place, after the demo's 12: it comes from the API as the page scrolls.
    make_attraction("未翻譯的景點", mrt="未翻譯站", category="未翻譯分類")
    page.goto(f"{site}/en/")
    expect(page.locator(CARDS)).to_have_count(12)
    expect(page.locator(f"{CARDS} .card__name").first).to_have_text(
        "Xinbeitou Hot Spring Area"
    )

    for _ in range(20):
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(150)
        if page.locator(CARDS).count() == 13:
            break

    added = page.locator(CARDS).nth(12)
    expect(added.locator(".card__name")).to_have_text("未翻譯的景點")
    expect(added.locator(".card__name")).to_have_attribute("lang", "zh-Hant")
    expect(added.locator("[data-card-category]")).to_have_attribute("lang", "zh-Hant")
    # Only the station's name is in 繁體中文, not the words around it.
    station = added.locator("[data-card-mrt]")
    expect(station.locator("span[lang=zh-Hant]")).to_have_text("未翻譯站")
    assert station.get_attribute("lang") is None
    for name in page.locator(f"{CARDS} .card__name").all()[:12]:
        assert name.get_attribute("lang") is None


def test_an_english_keyword_and_station_search_in_english(page, site, catalogue):
    page.goto(f"{site}/en/")

    page.locator("#keyword").fill("Beitou")
    page.keyboard.press("Enter")
    expect(page.locator(f"{CARDS} .card__name")).to_have_text(
        ["Xinbeitou Hot Spring Area"]
    )

    page.locator("[data-mrt-list] [data-station='Shuanglian']").click()
    expect(page.locator(f"{CARDS} .card__name")).to_have_text(["Dadaocheng Wharf"])


def test_an_english_cart_marks_what_it_shows_in_chinese(
    page, live_server, user, make_attraction
):
    from e2e.signed_in import add_to_cart, sign_in

    untranslated = make_attraction("未翻譯的景點", mrt="未翻譯站")
    translated = make_attraction(
        "台北101", name_en="Taipei 101", address_en="7 Xinyi Rd Sec 5"
    )
    add_to_cart(user, untranslated, days=2, slot="morning")
    add_to_cart(user, translated, days=3, slot="morning")
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/en/booking")

    first, second = page.locator(".trip").nth(0), page.locator(".trip").nth(1)
    # Only the name is in 繁體中文 inside the English heading, and the address.
    expect(first.locator(".trip__name a span[lang=zh-Hant]")).to_have_text(
        "未翻譯的景點"
    )
    assert first.locator(".trip__name a").get_attribute("lang") is None
    expect(first.locator("dd[lang=zh-Hant]")).to_have_text("臺北市信義區信義路五段7號")
    expect(first.locator("img")).to_have_attribute("lang", "zh-Hant")
    expect(second.locator(".trip__name a")).to_contain_text("Taipei 101")
    expect(second.locator("[lang=zh-Hant]")).to_have_count(0)
