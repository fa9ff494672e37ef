"""Home and attraction pages in English and Japanese: the catalogue's texts in the page's
language, each element showing 繁體中文 for want of a translation marked lang="zh-Hant",
and every page kept in the catalogue cache per language."""

import re

import pytest

from attractions.models import MrtStation

pytestmark = pytest.mark.django_db

SOURCE_MARK = 'lang="zh-Hant"'


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_attraction_page_in_english_needs_no_mark(client, imported_catalogue):
    page = html(client, "/en/attraction/1")

    assert '<h1 class="attraction__name">Xinbeitou Hot Spring Area</h1>' in page
    assert "Take the MRT Xinbeitou branch line" in page
    assert "Thermal Valley" in page and "Hot Springs" in page
    assert SOURCE_MARK not in page.split("<main", 1)[1]


def test_texts_without_a_translation_are_marked_where_they_show(
    client, make_attraction
):
    place = make_attraction(
        "某景點", name_en="Some place", description="只有中文介紹", transport="步行"
    )
    make_attraction("旁邊", lat=25.034, lng=121.5646, name_en="")  # its neighbour

    page = html(client, f"/en/attraction/{place.pk}")

    assert '<h1 class="attraction__name">Some place</h1>' in page
    assert f"<p {SOURCE_MARK}>只有中文介紹</p>" in page
    assert f"<p {SOURCE_MARK}>步行</p>" in page
    assert '<span lang="zh-Hant">地標</span>' in page  # the category
    assert f'<span class="nearby__name" {SOURCE_MARK}>旁邊</span>' in page


def card_names(page: str) -> list[str]:
    return re.findall(r"data-card-name[^>]*>([^<]+)</h2>", page)


def test_home_cards_in_japanese_mark_the_names_without_a_translation(
    client, make_attraction
):
    make_attraction("新北投溫泉區", name_ja="新北投温泉エリア", mrt="雙連")
    MrtStation.objects.filter(name="雙連").update(name_ja="双連")
    make_attraction("新景點", mrt="新站", category="新分類")

    page = html(client, "/ja/")

    assert '<h2 class="card__name" data-card-name>新北投温泉エリア</h2>' in page
    assert f'<h2 class="card__name" data-card-name {SOURCE_MARK}>新景點</h2>' in page
    assert '<span lang="zh-Hant">新站</span>' in page
    assert f"<span data-card-category {SOURCE_MARK}>新分類</span>" in page
    assert re.search(r'data-station="双連">双連</a>', page)
    assert re.search(rf'data-station="新站"[^>]*{SOURCE_MARK}>新站</a>', page)
    assert re.search(rf'<option value="新分類"[^>]*{SOURCE_MARK}>新分類</option>', page)


def test_chinese_pages_carry_no_marks(client, imported_catalogue):
    for path in ("/", "/attraction/1"):
        assert SOURCE_MARK not in html(client, path).split("<main", 1)[1]


def test_an_english_keyword_searches_in_english(client, imported_catalogue):
    page = html(client, "/en/?keyword=Beitou")

    assert card_names(page) == ["Xinbeitou Hot Spring Area"]


def test_each_language_of_a_page_is_cached_apart(client, imported_catalogue):
    for _ in range(2):
        assert "新北投溫泉區</h1>" in html(client, "/attraction/1")
        assert "Xinbeitou Hot Spring Area</h1>" in html(client, "/en/attraction/1")
        assert "新北投温泉エリア</h1>" in html(client, "/ja/attraction/1")
        assert "Xinbeitou Hot Spring Area" in html(client, "/en/")
        assert "Xinbeitou Hot Spring Area" not in html(client, "/")
