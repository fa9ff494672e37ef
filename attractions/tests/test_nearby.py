"""Nearby places: the 4 closest other published attractions by great-circle distance."""

import math

import pytest

from attractions.forms import MESSAGES
from attractions.models import Attraction
from attractions.selectors import (
    NEARBY_RADII_M,
    WALKING_METRES_PER_MINUTE,
    nearby_attractions,
)
from attractions.services import set_published
from attractions.templatetags.places import distance, duration
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

NEARBY_KEYS = {
    "id", "name", "category", "mrt", "lat", "lng", "image", "distance",
    "walkingMinutes",
}  # fmt: skip


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two points on a sphere of the mean Earth radius, in plain Python."""
    (lat1, lng1), (lat2, lng2) = (map(math.radians, point) for point in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def expected_nearby(attraction: Attraction, count: int = 4) -> list[tuple[int, float]]:
    others = Attraction.objects.published().exclude(pk=attraction.pk)
    ranked = sorted(
        (haversine((attraction.lat, attraction.lng), (o.lat, o.lng)), o.pk)
        for o in others
    )
    return [(pk, metres) for metres, pk in ranked[:count]]


def nearby_of(attraction: Attraction) -> list[dict]:
    return nearby_attractions(
        attraction_id=attraction.pk, lat=attraction.lat, lng=attraction.lng
    )


def assert_matches_python_haversine(attraction: Attraction) -> None:
    found = nearby_of(attraction)
    expected = expected_nearby(attraction)

    assert [place["id"] for place in found] == [pk for pk, _ in expected]
    for place, (_, metres) in zip(found, expected, strict=True):
        assert abs(place["distance"] - metres) <= 1
        assert place["walkingMinutes"] == max(
            1, math.ceil(place["distance"] / WALKING_METRES_PER_MINUTE)
        )


def test_every_demo_place_gets_the_four_nearest_by_python_haversine(
    imported_catalogue,
):
    attractions = list(Attraction.objects.all())

    assert len(attractions) > 5
    for attraction in attractions:
        assert_matches_python_haversine(attraction)


def test_every_real_place_gets_the_four_nearest_by_python_haversine(real_catalogue):
    for attraction in Attraction.objects.all():
        assert_matches_python_haversine(attraction)


def test_a_place_with_neighbours_in_the_first_box_costs_one_query(
    make_attraction, django_assert_num_queries
):
    center = make_attraction("中心", lat=25.0339, lng=121.5645)
    # 100 to 500 m away in every direction, and one 3 km away.
    for step, (dlat, dlng) in enumerate([(1, 0), (0, 1), (-1, 0), (0, -1), (1, 1)]):
        make_attraction(
            f"鄰居{step}", lat=25.0339 + 0.0009 * dlat, lng=121.5645 + 0.001 * dlng
        )
    far = make_attraction("遠方", lat=25.0339 + 0.027, lng=121.5645)

    with django_assert_num_queries(1):
        found = nearby_of(center)

    assert len(found) == 4
    assert far.pk not in [place["id"] for place in found]
    assert set(found[0]) == NEARBY_KEYS
    assert found[0]["image"].startswith("https://images.example.com/")


def test_a_remote_place_widens_the_box_until_four_are_found(
    make_attraction, django_assert_max_num_queries
):
    lonely = make_attraction("孤島", lat=22.0, lng=120.0)
    for step in range(4):
        make_attraction(f"台北{step}", lat=25.03 + step * 0.01, lng=121.56)
    make_attraction("近鄰", lat=22.005, lng=120.0)

    with django_assert_max_num_queries(len(NEARBY_RADII_M) + 1):
        found = nearby_of(lonely)

    assert [place["name"] for place in found] == ["近鄰", "台北0", "台北1", "台北2"]
    assert_matches_python_haversine(lonely)


def test_a_place_just_outside_the_first_box_beats_its_far_corners(make_attraction):
    center = make_attraction("中心", lat=25.0, lng=121.5)
    metres_per_degree = 6_371_008.8 * math.pi / 180
    lat_step = 900 / metres_per_degree  # 900 m north or south
    lng_step = lat_step / math.cos(math.radians(25.0))  # 900 m east or west
    for dlat, dlng in [(1, 1), (1, -1), (-1, 1), (-1, -1)]:  # about 1,270 m away
        make_attraction("角落", lat=25.0 + dlat * lat_step, lng=121.5 + dlng * lng_step)
    make_attraction("正北", lat=25.0 + 1100 / metres_per_degree, lng=121.5)

    found = nearby_of(center)

    assert found[0]["name"] == "正北"
    assert found[0]["distance"] == 1100
    assert_matches_python_haversine(center)


def test_a_small_catalogue_answers_every_other_place(make_attraction):
    first = make_attraction("甲", lat=25.0, lng=121.5)
    make_attraction("乙", lat=-33.9, lng=151.2)  # Sydney: past every box

    assert [place["name"] for place in nearby_of(first)] == ["乙"]


def test_places_across_the_antimeridian_and_near_a_pole_are_found(make_attraction):
    west = make_attraction("換日線西", lat=-16.0, lng=179.999)
    make_attraction("換日線東", lat=-16.0, lng=-179.999)
    pole = make_attraction("北極", lat=89.999, lng=0.0)
    make_attraction("北極對面", lat=89.999, lng=180.0)

    assert nearby_of(west)[0]["name"] == "換日線東"
    assert nearby_of(west)[0]["distance"] < 300
    assert nearby_of(pole)[0]["name"] == "北極對面"
    assert nearby_of(pole)[0]["distance"] < 300


def test_the_place_itself_and_unpublished_places_are_left_out(make_attraction):
    center = make_attraction("中心", lat=25.0339, lng=121.5645)
    hidden = make_attraction("下架", lat=25.0340, lng=121.5645)
    shown = make_attraction("上架", lat=25.0350, lng=121.5645)
    set_published(attractions=[hidden], is_published=False)

    found = [place["id"] for place in nearby_of(center)]

    assert found == [shown.pk]


def test_the_api_answers_the_nearby_places(client, imported_catalogue):
    attraction = Attraction.objects.get(pk=1)

    response = client.get("/api/attraction/1/nearby")

    assert response.status_code == 200
    data = response.json()["data"]
    assert [place["id"] for place in data] == [
        pk for pk, _ in expected_nearby(attraction)
    ]
    assert set(data[0]) == NEARBY_KEYS


@pytest.mark.parametrize("attraction_id", ["99999", "abc", "0", "99999999999"])
def test_the_api_refuses_an_unknown_attraction(
    client, imported_catalogue, attraction_id
):
    response = client.get(f"/api/attraction/{attraction_id}/nearby")

    assert_json_error(response, 400, MESSAGES["attraction_id"])


def test_the_api_refuses_an_unpublished_attraction(client, imported_catalogue):
    set_published(attractions=Attraction.objects.filter(pk=1), is_published=False)

    response = client.get("/api/attraction/1/nearby")

    assert_json_error(response, 400, MESSAGES["attraction_id"])


def test_the_attraction_page_links_the_nearby_places(client, imported_catalogue):
    attraction = Attraction.objects.get(pk=1)
    expected = expected_nearby(attraction)

    html = client.get("/attraction/1").content.decode()

    assert "附近景點" in html
    for pk, metres in expected:
        assert f'href="/attraction/{pk}"' in html
        walk = duration(max(1, math.ceil(round(metres) / WALKING_METRES_PER_MINUTE)))
        assert f"相距 {distance(round(metres))} · 步行約 {walk}" in html


@pytest.mark.parametrize(
    ("metres", "text"),
    [(80, "80 公尺"), (999, "999 公尺"), (1000, "1.0 公里"), (2540, "2.5 公里"),
     (12600, "13 公里")],
)  # fmt: skip
def test_distances_read_in_metres_then_kilometres(metres, text):
    assert distance(metres) == text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(1, "1 分鐘"), (59, "59 分鐘"), (60, "1 小時"), (141, "2 小時 21 分鐘")],
)
def test_walking_times_read_in_minutes_then_hours(minutes, text):
    assert duration(minutes) == text
