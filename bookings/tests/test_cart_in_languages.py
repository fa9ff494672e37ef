"""The cart names its places in the API's language (`lang`): the English or Japanese
name and address where staff wrote one, else the 繁體中文 named in `untranslated`, as
the catalogue does; without `lang` the answer is today's, byte for byte."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.pricing import PRICES, today_in_taipei
from taipei_trip.api import json_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(auth_client, attraction):
    attraction.name_en = "Taipei 101"
    attraction.save()
    body = {
        "attractionId": attraction.id,
        "date": (today_in_taipei() + timedelta(days=1)).isoformat(),
        "time": "morning",
        "price": PRICES["morning"],
    }
    auth_client.post("/api/booking", json.dumps(body), content_type="application/json")
    return attraction


def cart_attraction(client, lang=None):
    path = "/api/booking" + (f"?lang={lang}" if lang else "")
    return client.get(path).json()["data"][0]["attraction"]


def test_an_english_cart_names_the_place_in_english_and_says_what_is_not(
    auth_client, booked
):
    assert cart_attraction(auth_client, "en") == {
        "id": booked.id,
        "name": "Taipei 101",
        "address": "臺北市信義區信義路五段7號",
        "image": f"https://images.example.com/{booked.id}-0.jpg",
        "untranslated": ["address"],
    }


def test_a_japanese_cart_falls_back_to_the_chinese_for_both(auth_client, booked):
    booked.address_ja = "台北市信義区信義路五段7号"
    booked.save()

    data = cart_attraction(auth_client, "ja")

    assert data["name"] == "台北101" and data["address"] == "台北市信義区信義路五段7号"
    assert data["untranslated"] == ["name"]


def test_a_cart_without_lang_is_todays_answer_byte_for_byte(auth_client, booked):
    response = auth_client.get("/api/booking")

    (item,) = response.json()["data"]
    assert list(item["attraction"]) == ["id", "name", "address", "image"]
    assert item["attraction"]["name"] == "台北101"
    assert response.content == json_response({"data": [item]}).content
    assert auth_client.get("/api/booking?lang=zh-Hant").content == response.content


def test_an_english_cart_costs_the_queries_a_chinese_one_does(auth_client, booked):
    auth_client.get("/api/booking?lang=en")  # compiles the English SQL once
    with CaptureQueriesContext(connection) as chinese:
        auth_client.get("/api/booking")
    with CaptureQueriesContext(connection) as english:
        auth_client.get("/api/booking?lang=en")

    assert len(english) == len(chinese)
