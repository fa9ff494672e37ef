"""Orders name their places in the API's language (`lang`): the English or Japanese
name and address where staff wrote one, else the order's 繁體中文 snapshot (also when the
place is gone) named in `untranslated`, the rule the order e-mails follow
(orders.emails.place_text); without `lang` the answers are today's, byte for byte."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taipei_trip.api import json_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(make_order, attraction):
    attraction.name_en = "Taipei 101"
    attraction.address_ja = "台北市信義区信義路五段7号"
    attraction.save()
    return make_order(status="paid")


def trip_attraction(client, path, lang=None):
    answer = client.get(path + (f"&lang={lang}" if lang else "")).json()["data"]
    order = answer[0] if isinstance(answer, list) else answer
    assert order["trip"] == order["trips"][0]
    return order["trip"]["attraction"]


def order_path(order):
    return f"/api/order/{order.number}?"


@pytest.mark.parametrize("path", [order_path, lambda order: "/api/orders?page=0"])
def test_an_order_and_the_history_name_the_place_in_the_requests_language(
    auth_client, order, attraction, path
):
    english = trip_attraction(auth_client, path(order), "en")
    japanese = trip_attraction(auth_client, path(order), "ja")

    assert english == {
        "id": attraction.id,
        "name": "Taipei 101",
        "address": "臺北市信義區信義路五段7號",
        "image": "https://images.example.com/a.jpg",
        "untranslated": ["address"],
    }
    assert japanese["name"] == "台北101" and japanese["untranslated"] == ["name"]
    assert japanese["address"] == "台北市信義区信義路五段7号"


def test_a_place_no_longer_there_is_the_snapshot_in_chinese(auth_client, order):
    order.items.update(attraction=None, attraction_name="舊名稱")

    data = trip_attraction(auth_client, order_path(order), "en")

    assert data["name"] == "舊名稱" and data["untranslated"] == ["name", "address"]


@pytest.mark.parametrize("path", [order_path, lambda order: "/api/orders?page=0"])
def test_orders_without_lang_are_todays_answers_byte_for_byte(auth_client, order, path):
    response = auth_client.get(path(order))

    data = response.json()
    order_data = data["data"][0] if "nextPage" in data else data["data"]
    assert list(order_data["trip"]["attraction"]) == ["id", "name", "address", "image"]
    assert order_data["trip"]["attraction"]["name"] == "台北101"
    assert response.content == json_response(data).content
    assert auth_client.get(path(order) + "&lang=zh-Hant").content == response.content


@pytest.mark.parametrize("path", [order_path, lambda order: "/api/orders?page=0"])
def test_an_english_order_costs_the_queries_a_chinese_one_does(
    auth_client, make_order, order, path
):
    make_order(status="pending", items=2)
    with CaptureQueriesContext(connection) as chinese:
        auth_client.get(path(order))
    with CaptureQueriesContext(connection) as english:
        auth_client.get(path(order) + "&lang=en")

    assert len(english) == len(chinese)


def test_lang_and_untranslated_are_documented_on_the_cart_and_orders():
    from taipei_trip.openapi import DOCUMENT

    for path, verb in [
        ("/api/booking", "get"),
        ("/api/orders", "get"),
        ("/api/order/{orderNumber}", "get"),
        ("/api/order/{orderNumber}/cancel", "post"),
    ]:
        parameters = DOCUMENT["paths"][path][verb]["parameters"]
        assert any(p["name"] == "lang" for p in parameters), path
    place = DOCUMENT["components"]["schemas"]["TripAttraction"]
    assert "untranslated" in place["properties"]
    assert "untranslated" not in place["required"]
