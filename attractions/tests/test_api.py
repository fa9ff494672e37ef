import pytest
from django.db import connection

from attractions.forms import MESSAGES
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

ATTRACTION_KEYS = {
    "id", "name", "category", "description", "address", "transport", "mrt", "lat", "lng",
    "images",
}  # fmt: skip


def get_page(client, **params):
    response = client.get("/api/attractions", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    ("keyword", "count"), [("新北投", 6), ("劍潭", 4), ("北投", 6)]
)
def test_keyword_matches_station_exactly_or_part_of_the_name(
    client, real_catalogue, keyword, count
):
    body = get_page(client, page=0, keyword=keyword)

    assert len(body["data"]) == count
    assert body["nextPage"] is None
    for item in body["data"]:
        assert item["mrt"] == keyword or keyword in item["name"]


def test_the_fifth_page_holds_the_last_ten_attractions(client, real_catalogue):
    body = get_page(client, page=4)

    assert len(body["data"]) == 10
    assert body["nextPage"] is None


def test_a_full_page_has_twelve_attractions_and_points_to_the_next(
    client, real_catalogue
):
    body = get_page(client, page=0)

    assert len(body["data"]) == 12
    assert body["nextPage"] == 1
    assert set(body["data"][0]) == ATTRACTION_KEYS


def test_paging_visits_every_attraction_once_in_a_stable_order(client, real_catalogue):
    seen, page = [], 0
    while page is not None:
        body = get_page(client, page=page)
        seen += [item["id"] for item in body["data"]]
        page = body["nextPage"]

    assert len(seen) == len(set(seen)) == 58
    assert seen == sorted(seen)


def test_a_page_past_the_end_is_empty(client, imported_catalogue):
    assert get_page(client, page=99) == {"nextPage": None, "data": []}


@pytest.mark.parametrize("keyword", ["%", "_", "%%", "新北投%", "\\"])
def test_wildcard_characters_are_literal_text(client, imported_catalogue, keyword):
    assert get_page(client, page=0, keyword=keyword)["data"] == []


def test_a_keyword_that_is_part_of_a_station_name_does_not_match_by_station(
    client, imported_catalogue
):
    names = [item["name"] for item in get_page(client, page=0, keyword="新北")["data"]]

    assert names == ["新北投溫泉區"]


def test_category_filter_matches_exactly_and_combines_with_keyword(
    client, real_catalogue
):
    springs = get_page(client, page=0, category="養生溫泉")["data"]
    both = get_page(client, page=0, category="養生溫泉", keyword="新北投")["data"]

    assert len(springs) == 4
    assert {item["category"] for item in springs} == {"養生溫泉"}
    assert 0 < len(both) < 6
    assert get_page(client, page=0, category="養生")["data"] == []


@pytest.mark.parametrize("query", ["", "?page=", "?page=-1", "?page=abc", "?page=1e3"])
def test_a_missing_or_invalid_page_is_a_400(client, query):
    assert_json_error(client.get(f"/api/attractions{query}"), 400, MESSAGES["page"])


@pytest.mark.parametrize("count", [1, 12, 30])
def test_a_page_costs_at_most_two_queries_whatever_its_size(
    client, settings, make_attraction, django_assert_num_queries, count
):
    settings.CATALOGUE_CACHE_SECONDS = 0  # the cost of building, not of the cache
    for number in range(count):
        make_attraction(f"景點{number}", images=3)
    full = min(count, 12)

    # New attractions: the page's ids, their stored JSON (none built yet), their rows
    # and their images, and one UPDATE keeping what was built (in a savepoint; on
    # MariaDB after locking the rows no open edit holds).
    skip_locked = connection.features.has_select_for_update_skip_locked
    with django_assert_num_queries(7 + skip_locked):
        first = get_page(client, page=0)
    # From then on the page's ids (a keyword's station and name matches in one UNION)
    # and their stored JSON.
    with django_assert_num_queries(2):
        assert get_page(client, page=0) == first
        assert len(first["data"]) == full
    with django_assert_num_queries(2):
        assert len(get_page(client, page=0, keyword="景點0")["data"]) == 1
    with django_assert_num_queries(2):
        assert len(get_page(client, page=0, keyword="景點")["data"]) == full
    with django_assert_num_queries(1):  # nothing found: nothing more to read
        assert get_page(client, page=0, keyword="無此景點")["data"] == []


def test_one_attraction_in_the_contract_shape(client, imported_catalogue):
    response = client.get("/api/attraction/1")

    data = response.json()["data"]
    assert set(data) == ATTRACTION_KEYS
    assert data["name"] == "新北投溫泉區"
    assert data["mrt"] == "新北投"
    assert isinstance(data["lat"], float) and isinstance(data["lng"], float)
    assert all(url.startswith("http") for url in data["images"])


@pytest.mark.parametrize(
    "attraction_id", ["999", "abc", "0", "-1", "1.5", "１", "9" * 30]
)
def test_an_unknown_or_malformed_attraction_id_is_a_400(
    client, imported_catalogue, attraction_id
):
    response = client.get(f"/api/attraction/{attraction_id}")

    assert_json_error(response, 400, MESSAGES["attraction_id"])


def test_the_attraction_without_station_has_a_null_mrt(client, imported_catalogue):
    items = []
    for page in range(5):
        items += get_page(client, page=page)["data"]

    assert [item["mrt"] for item in items].count(None) == 1


def test_stations_are_listed_by_attraction_count(client, real_catalogue):
    stations = client.get("/api/mrts").json()["data"]

    assert len(stations) == 32
    assert stations[:2] == ["新北投", "劍潭"]
    assert None not in stations


def test_categories_are_listed_by_attraction_count(client, real_catalogue):
    categories = client.get("/api/categories").json()["data"]

    assert len(categories) == 9
    assert categories[0] == "藝文館所"
    assert "其他" in categories


def test_json_is_sent_as_utf8_characters(client, imported_catalogue):
    response = client.get("/api/mrts")

    assert response["Content-Type"] == "application/json"
    assert "新北投".encode() in response.content


def test_unknown_api_paths_answer_json_404(client):
    assert_json_error(client.get("/api/nothing-here"), 404)


def test_a_wrong_method_answers_json_405(client):
    assert_json_error(client.post("/api/mrts"), 405)
