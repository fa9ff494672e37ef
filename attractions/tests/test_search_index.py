"""The name search index proposes candidates; results equal the plain literal filter."""

import pytest
from django.db.models import Q

from attractions.grams import MAX_KEYWORD_GRAMS, keyword_grams, name_grams
from attractions.models import Attraction, NameGram
from attractions.selectors import search_attractions
from attractions.services import (
    index_attraction_names,
    rebuild_name_index,
    save_attraction_edit,
)
from taipei_trip.paging import PAGE_SIZE

pytestmark = pytest.mark.django_db


def plain_ids(keyword: str, category: str = "") -> list[int]:
    """The contract's rule with no index: station exactly or literal name substring."""
    queryset = Attraction.objects.filter(
        Q(mrt__name=keyword) | Q(name__icontains=keyword)
    )
    if category:
        queryset = queryset.filter(category__name=category)
    return list(queryset.order_by("id").values_list("id", flat=True))


def searched_ids(keyword: str, category: str = "") -> list[int]:
    ids, page = [], 0
    while page is not None:
        rows, page = search_attractions(page=page, keyword=keyword, category=category)
        ids += [row["id"] for row in rows]
    return ids


def every_keyword_in_the_names() -> list[str]:
    names = list(Attraction.objects.values_list("name", flat=True))
    chars = sorted({char for name in names for char in name})
    pairs = sorted({name[i : i + 2] for name in names for i in range(len(name) - 1)})
    return chars + pairs


EDGE_KEYWORDS = [
    "%", "_", "%%", "\\", "新北投%", "北_", "101", "台北101", "北10", "1914文化",
    "華山1914文化創意產業園區", "新北投", "劍潭", "北投", "新北", "無此景點", "x", "Z",
    "台北101大樓", "溫泉區", "館", "'", '"', " ", "北 投", "ａ",
]  # fmt: skip


def test_every_character_and_pair_of_the_real_names_finds_what_the_plain_filter_finds(
    real_catalogue,
):
    keywords = every_keyword_in_the_names()
    assert len(keywords) > 300  # the real names: ~190 characters, ~600 pairs

    differing = [kw for kw in keywords if searched_ids(kw) != plain_ids(kw)]

    assert differing == []


@pytest.mark.parametrize("keyword", EDGE_KEYWORDS)
def test_edge_keywords_find_exactly_what_the_plain_filter_finds(
    imported_catalogue, keyword
):
    assert searched_ids(keyword) == plain_ids(keyword)


@pytest.mark.parametrize("category", ["養生溫泉", "藝文館所", "無此分類"])
def test_keyword_and_category_together_match_the_plain_filter(
    imported_catalogue, category
):
    for keyword in ["北", "北投", "館", "%"]:
        assert searched_ids(keyword, category) == plain_ids(keyword, category)


def test_latin_letters_match_whatever_their_case(make_attraction):
    lower = make_attraction("taipei eye 台北之眼")
    mixed = make_attraction("Taipei 101 Observatory")
    make_attraction("台北101")

    assert searched_ids("TAIPEI") == [lower.id, mixed.id] == plain_ids("TAIPEI")
    assert searched_ids("eYe") == [lower.id]
    assert searched_ids("o") == plain_ids("o")


def test_a_renamed_attraction_is_found_by_its_new_name_only(make_attraction):
    attraction = make_attraction("舊名字")

    attraction.name = "新名稱"
    save_attraction_edit(attraction=attraction)

    assert searched_ids("新名") == [attraction.id]
    assert searched_ids("舊名") == []
    assert set(
        NameGram.objects.filter(attraction=attraction).values_list("gram", flat=True)
    ) == name_grams("新名稱")


def test_an_admin_edit_reindexes_the_name(admin_client, imported_catalogue):
    attraction = Attraction.objects.get(pk=1)
    data = {
        "name": "改過的溫泉區",
        "category": attraction.category_id,
        "mrt": attraction.mrt_id or "",
        "description": attraction.description,
        "address": attraction.address,
        "transport": attraction.transport,
        "lat": attraction.lat,
        "lng": attraction.lng,
        "is_published": "on",
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
    }

    response = admin_client.post("/admin/attractions/attraction/1/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert 1 in searched_ids("改過")
    assert 1 not in searched_ids("新北投溫泉")


def test_bulk_inserted_attractions_are_found_after_a_rebuild(make_attraction):
    first = make_attraction("大稻埕碼頭")
    Attraction.objects.bulk_create(
        [
            Attraction(
                name=f"河濱公園{number}", category=first.category, lat=25, lng=121
            )
            for number in range(20)
        ]
    )
    assert len(searched_ids("河濱")) == 0  # bulk_create skips the services

    written = rebuild_name_index()

    assert len(searched_ids("河濱")) == 20
    assert searched_ids("碼頭") == [first.id]
    assert written == NameGram.objects.count()


def test_deleting_an_attraction_removes_its_index_rows(make_attraction):
    attraction = make_attraction("要刪除的景點")

    attraction.delete()

    assert not NameGram.objects.exists()


def test_indexing_again_does_not_duplicate_rows(make_attraction):
    attraction = make_attraction("象山步道")
    before = NameGram.objects.count()

    index_attraction_names(attractions=[attraction])
    index_attraction_names(attractions=[attraction])

    assert NameGram.objects.count() == before == len(name_grams("象山步道"))


def test_pages_of_a_keyword_are_cut_at_the_same_places_as_the_plain_filter(
    make_attraction,
):
    for number in range(PAGE_SIZE * 2 + 3):
        make_attraction(f"公園{number:02d}", mrt=None, images=0)
    make_attraction("捷運站旁", mrt="公園", images=0)

    rows, next_page = search_attractions(page=2, keyword="公園")

    assert [row["id"] for row in rows] == plain_ids("公園")[PAGE_SIZE * 2 :]
    assert next_page is None


def test_names_give_their_characters_and_neighbouring_pairs_folded_to_lower_case():
    assert name_grams("Ab北") == {"a", "b", "北", "ab", "b北"}
    assert name_grams("İx") == {"İ", "x", "İx"}  # lower() would give two characters


def test_long_keywords_use_a_bounded_number_of_pairs_including_both_ends():
    keyword = "國立故宮博物院南部院區文物展覽"
    grams = keyword_grams(keyword)

    assert len(grams) == MAX_KEYWORD_GRAMS
    assert grams[0] == "國立" and grams[-1] == "展覽"
    assert keyword_grams("x") == ["x"] and keyword_grams("") == []
