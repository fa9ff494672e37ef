"""The catalogue API in English and Japanese (`lang`): translated texts, 繁體中文 where a
translation is missing (named in `untranslated`), search in the request's language or in
繁體中文, answers cached and stored per language at a 繁體中文 answer's cost."""

import json

import pytest

from attractions.models import Attraction, AttractionJson, MrtStation
from attractions.services import save_attraction_edit
from taipei_trip.paging import PAGE_SIZE

pytestmark = pytest.mark.django_db


def get(client, path: str, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(client, **params) -> list[int]:
    return [
        item["id"] for item in get(client, "/api/attractions", page=0, **params)["data"]
    ]


def test_an_attraction_in_english_and_japanese(client, imported_catalogue):
    english = get(client, "/api/attraction/1", lang="en")["data"]
    japanese = get(client, "/api/attraction/1", lang="ja")["data"]
    source = get(client, "/api/attraction/1")["data"]

    assert english["name"] == "Xinbeitou Hot Spring Area"
    assert english["mrt"] == "Xinbeitou" and english["category"] == "Hot Springs"
    assert english["transport"].startswith("Take the MRT Xinbeitou branch line")
    assert japanese["name"] == "新北投温泉エリア" and japanese["category"] == "温泉"
    assert english["untranslated"] == japanese["untranslated"] == []
    # The same object otherwise, keys in the contract's order, `untranslated` added.
    assert list(english) == [*source, "untranslated"]
    for key in ("id", "lat", "lng", "images"):
        assert english[key] == japanese[key] == source[key]


def test_a_missing_translation_falls_back_to_chinese_and_is_named(
    client, make_attraction
):
    attraction = make_attraction(
        "台北101", name_en="Taipei 101", description="台北的地標", address=""
    )
    MrtStation.objects.filter(pk=attraction.mrt_id).update(name_en="Taipei 101/WTC")

    data = get(client, f"/api/attraction/{attraction.pk}", lang="en")["data"]

    assert data["name"] == "Taipei 101" and data["mrt"] == "Taipei 101/WTC"
    assert data["description"] == "台北的地標" and data["category"] == "地標"
    # An empty source text has nothing to mark.
    assert data["untranslated"] == ["category", "description"]
    japanese = get(client, f"/api/attraction/{attraction.pk}", lang="ja")["data"]
    assert japanese["untranslated"] == ["name", "category", "description", "mrt"]


def test_a_place_without_a_station_has_none_in_every_language(
    client, imported_catalogue
):
    data = get(client, "/api/attraction/26", lang="en")["data"]

    assert data["mrt"] is None and "mrt" not in data["untranslated"]


def test_the_station_bar_and_categories_in_english(client, imported_catalogue):
    stations = get(client, "/api/mrts", lang="en")
    categories = get(client, "/api/categories", lang="ja")

    assert "Xinbeitou" in stations["data"] and "新北投" not in stations["data"]
    assert len(stations["data"]) == len(get(client, "/api/mrts")["data"])
    assert stations["untranslated"] == []
    assert "博物館・美術館" in categories["data"] and categories["untranslated"] == []


def test_a_station_without_an_english_name_is_listed_in_chinese_and_named(
    client, make_attraction
):
    make_attraction(mrt="新站")

    assert get(client, "/api/mrts", lang="en") == {
        "data": ["新站"],
        "untranslated": ["新站"],
    }


@pytest.mark.parametrize(
    ("keyword", "language", "expected"),
    [
        ("Beitou", "en", [1]),  # part of "Xinbeitou Hot Spring Area"
        ("beitou", "en", [1]),
        ("Xinbeitou", "en", [1]),  # the station, exactly
        ("XINBEITOU", "en", [1]),
        ("北投", "en", [1]),  # the 繁體中文 name still finds it
        ("新北投", "ja", [1]),  # the station's Japanese name
        ("温泉", "ja", [1]),
        ("Shuanglian", "en", [2]),
        ("双連", "ja", [2]),
        ("雙連", "ja", [2]),  # the station's 繁體中文 name
        ("Taipei", "en", [25, 27]),
        ("台北", "en", [25, 27]),  # 台 and 臺 are one character in English and Japanese
        ("臺北", "ja", [25, 27]),
        ("Palace Museum", "en", [4]),
        ("Beitou", "ja", []),
    ],
)
def test_a_keyword_in_the_requests_language_or_in_chinese(
    client, imported_catalogue, keyword, language, expected
):
    assert ids(client, keyword=keyword, lang=language) == expected


def test_the_chinese_search_stays_literal(client, imported_catalogue):
    assert ids(client, keyword="台北") == [25]
    assert ids(client, keyword="臺北") == [27]
    assert ids(client, keyword="Beitou") == []
    assert ids(client, keyword="Xinbeitou") == []


def test_a_station_name_in_english_is_found_exactly_not_as_a_part(
    client, make_attraction
):
    make_attraction("某地", mrt="北投", category="地標")
    MrtStation.objects.filter(name="北投").update(name_en="Beitou")
    place = Attraction.objects.get(name="某地")

    assert ids(client, keyword="Beitou", lang="en") == [place.pk]
    assert ids(client, keyword="Beito", lang="en") == []


def test_the_category_filter_takes_the_name_in_the_requests_language_or_chinese(
    client, imported_catalogue
):
    assert ids(client, category="Hot Springs", lang="en") == [1]
    assert ids(client, category="養生溫泉", lang="en") == [1]
    assert ids(client, category="温泉", lang="ja") == [1]
    assert ids(client, category="Hot Springs") == []
    assert ids(client, keyword="Park", category="Outdoors", lang="en") == [8, 26]


def test_wildcards_stay_literal_in_every_language(client, imported_catalogue):
    assert ids(client, keyword="%", lang="en") == []
    assert ids(client, keyword="_", lang="ja") == []


def test_nearby_places_in_english(client, imported_catalogue):
    nearby = get(client, "/api/attraction/14/nearby", lang="en")["data"]
    source = get(client, "/api/attraction/14/nearby")["data"]

    assert [place["id"] for place in nearby] == [place["id"] for place in source]
    first = nearby[0]
    assert list(first) == [*source[0], "untranslated"]
    named = Attraction.objects.get(pk=first["id"])
    assert first["name"] == named.name_en and first["untranslated"] == []
    assert first["distance"] == source[0]["distance"]


def test_every_language_is_stored_beside_the_others_and_an_edit_empties_all(
    client, settings, imported_catalogue
):
    settings.CATALOGUE_CACHE_SECONDS = 0
    for language in ("en", "ja"):
        get(client, "/api/attraction/1", lang=language)
    get(client, "/api/attraction/1")
    row = AttractionJson.objects.get(pk=1)
    assert json.loads(row.text_en)["name"] == "Xinbeitou Hot Spring Area"
    assert json.loads(row.text_ja)["name"] == "新北投温泉エリア"
    assert json.loads(row.text)["name"] == "新北投溫泉區"

    attraction = Attraction.objects.get(pk=1)
    attraction.name_en = "Xinbeitou Hot Springs"
    save_attraction_edit(attraction=attraction)  # as the admin saves

    row.refresh_from_db()
    assert row.text == row.text_en == row.text_ja == ""
    assert get(client, "/api/attraction/1", lang="en")["data"]["name"] == (
        "Xinbeitou Hot Springs"
    )
    assert ids(client, keyword="Hot Springs", lang="en") == [1]


def test_a_station_renamed_in_english_reaches_its_places(
    client, settings, imported_catalogue
):
    settings.CATALOGUE_CACHE_SECONDS = 0
    get(client, "/api/attraction/1", lang="en")
    station = MrtStation.objects.get(name="新北投")
    station.name_en = "Xinbeitou (Hot Springs)"
    station.save()

    assert get(client, "/api/attraction/1", lang="en")["data"]["mrt"] == (
        "Xinbeitou (Hot Springs)"
    )


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_page_miss_in_a_language_costs_the_queries_of_a_chinese_one(
    client, settings, imported_catalogue, django_assert_num_queries, language
):
    settings.CATALOGUE_CACHE_SECONDS = 0
    for params in ({}, {"lang": language}):  # build and keep every stored row
        get(client, "/api/attractions", page=0, **params)

    # The page's ids, then their stored texts.
    with django_assert_num_queries(2):
        get(client, "/api/attractions", page=0)
    with django_assert_num_queries(2):
        get(client, "/api/attractions", page=0, lang=language)
    # A station or category name is first looked up in its small table.
    keyword = {"en": "Park", "ja": "公園"}[language]
    with django_assert_num_queries(3):
        get(client, "/api/attractions", page=0, keyword=keyword, lang=language)
    category = {"en": "Outdoors", "ja": "アウトドア"}[language]
    with django_assert_num_queries(3):
        get(client, "/api/attractions", page=0, category=category, lang=language)
    with django_assert_num_queries(4):
        get(
            client,
            "/api/attractions",
            page=0,
            keyword=keyword,
            category=category,
            lang=language,
        )


def test_a_stale_page_in_a_language_is_built_in_a_bounded_number_of_queries(
    client, settings, make_attraction, django_assert_max_num_queries
):
    settings.CATALOGUE_CACHE_SECONDS = 0
    for number in range(PAGE_SIZE):
        make_attraction(f"景點{number}", name_en=f"Place {number}", images=3)

    # ids, stored rows, the page's rows, their images, and the write-back's three.
    with django_assert_max_num_queries(8):
        page = get(client, "/api/attractions", page=0, lang="en")
    assert [item["name"] for item in page["data"]] == [
        f"Place {number}" for number in range(PAGE_SIZE)
    ]


def test_cached_answers_are_kept_per_language(client, imported_catalogue):
    for _ in range(2):
        assert get(client, "/api/attraction/1")["data"]["name"] == "新北投溫泉區"
        assert get(client, "/api/attraction/1", lang="en")["data"]["name"] == (
            "Xinbeitou Hot Spring Area"
        )
        assert "Xinbeitou" in get(client, "/api/mrts", lang="en")["data"]
        assert "新北投" in get(client, "/api/mrts")["data"]


def test_lang_is_documented_on_every_catalogue_endpoint():
    from taipei_trip.openapi import DOCUMENT

    for path in (
        "/api/attractions",
        "/api/attraction/{attractionId}",
        "/api/attraction/{attractionId}/nearby",
        "/api/mrts",
        "/api/categories",
    ):
        parameters = DOCUMENT["paths"][path]["get"]["parameters"]
        lang = next(p for p in parameters if p["name"] == "lang")
        assert lang["schema"]["enum"] == ["zh-Hant", "en", "ja"]
        assert lang["required"] is False


def test_a_station_written_with_the_other_tai_is_found_in_english_and_japanese(
    client, make_attraction
):
    place = make_attraction("某醫院旁", mrt="臺大醫院")
    MrtStation.objects.filter(name="臺大醫院").update(name_ja="台大医院")

    assert ids(client, keyword="台大醫院", lang="en") == [place.pk]
    assert ids(client, keyword="台大医院", lang="ja") == [place.pk]
    # 繁體中文: the contract's literal rule.
    assert ids(client, keyword="台大醫院") == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (None, "景點編號不正確"),
        ("en", "Unknown attraction"),
        ("ja", "観光スポットの番号が正しくありません"),
    ],
)
def test_an_unknown_attraction_is_refused_in_the_requests_language(
    client, imported_catalogue, language, message
):
    params = {"lang": language} if language else {}
    for path in (
        "/api/attraction/3",
        "/api/attraction/abc",
        "/api/attraction/3/nearby",
    ):
        response = client.get(path, params)
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": message}
