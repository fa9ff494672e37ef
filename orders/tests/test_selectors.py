from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_history_is_newest_first_twelve_a_page(auth_client, make_order):
    start = timezone.now() - timedelta(days=30)
    numbers = [
        make_order(created_at=start + timedelta(hours=index)).number
        for index in range(13)
    ]

    first = auth_client.get("/api/orders?page=0").json()
    second = auth_client.get("/api/orders?page=1").json()

    assert first["nextPage"] == 1
    assert [order["number"] for order in first["data"]] == numbers[::-1][:12]
    assert second["nextPage"] is None
    assert [order["number"] for order in second["data"]] == numbers[:1]


def test_history_without_a_page_is_the_first_page(auth_client, make_order):
    order = make_order()

    assert auth_client.get("/api/orders").json()["data"][0]["number"] == order.number


def test_a_page_past_the_end_is_empty(auth_client, make_order):
    make_order()

    assert auth_client.get("/api/orders?page=5").json() == {
        "nextPage": None,
        "data": [],
    }


def test_history_shows_only_my_orders(auth_client, make_order, other_member):
    mine = make_order()
    make_order(member=other_member)

    data = auth_client.get("/api/orders?page=0").json()["data"]

    assert [order["number"] for order in data] == [mine.number]


def test_an_order_has_the_contract_shape_plus_trips_state_and_time(
    auth_client, make_order
):
    order = make_order(items=2, status="failed")

    data = auth_client.get(f"/api/order/{order.number}").json()["data"]

    assert data["number"] == order.number
    assert data["price"] == 4000
    assert data["status"] == 1
    assert data["state"] == "failed"
    assert data["contact"] == {
        "name": "王小明",
        "email": "ming@example.com",
        "phone": "0912345678",
    }
    assert data["trip"] == data["trips"][0]
    assert len(data["trips"]) == 2
    assert set(data["trip"]) >= {"attraction", "date", "time"}
    assert set(data["trip"]["attraction"]) == {"id", "name", "address", "image"}
    assert data["createdAt"].endswith("+08:00")


def test_only_a_paid_order_has_status_zero(auth_client, make_order):
    statuses = {
        state: auth_client.get(f"/api/order/{make_order(status=state).number}").json()[
            "data"
        ]["status"]
        for state in ("pending", "paid", "failed", "refunded")
    }

    assert statuses == {"pending": 1, "paid": 0, "failed": 1, "refunded": 1}


def test_another_members_order_is_null(other_client, make_order):
    order = make_order()

    assert other_client.get(f"/api/order/{order.number}").json() == {"data": None}


def test_an_order_number_is_found_whatever_its_letter_case(auth_client, make_order):
    order = make_order()

    data = auth_client.get(f"/api/order/{order.number.lower()}").json()["data"]

    assert data["number"] == order.number


def test_the_order_keeps_what_was_bought_when_the_catalogue_changes(
    auth_client, make_order, attraction
):
    order = make_order()
    attraction.name = "台北101觀景台"
    attraction.is_published = False
    attraction.save()

    trip = auth_client.get(f"/api/order/{order.number}").json()["data"]["trip"]

    assert trip["attraction"]["name"] == "台北101"


def test_history_takes_a_constant_number_of_queries(
    auth_client, make_order, django_assert_max_num_queries
):
    for _ in range(12):
        make_order(items=3)

    # token, orders, items (each with its refund, joined), payments, refunds
    with django_assert_max_num_queries(5):
        response = auth_client.get("/api/orders?page=0")

    assert len(response.json()["data"]) == 12
