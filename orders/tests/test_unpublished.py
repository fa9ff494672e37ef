"""A place unpublished after it was put in a cart or ordered."""

import pytest

from attractions.services import set_published
from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders.forms import MESSAGES
from orders.models import OrderStatus
from orders.tests.conftest import checkout_body, post_json
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db


def test_the_cart_says_a_trip_is_no_longer_offered(auth_client, cart, attraction):
    set_published(attractions=[attraction], is_published=False)

    items = auth_client.get("/api/booking").json()["data"]

    assert [item["offered"] for item in items] == [False, True]


def test_checkout_refuses_a_trip_no_longer_offered_and_charges_nothing(
    auth_client, cart, attraction, fake_tappay
):
    set_published(attractions=[attraction], is_published=False)

    response = post_json(
        auth_client, "/api/orders", checkout_body(cart, prime=SANDBOX_TEST_PRIME)
    )

    assert_json_error(response, 400, MESSAGES["not_offered"].format(name="台北101"))
    assert fake_tappay.charges == []


def test_an_order_placed_before_unpublishing_keeps_working(
    auth_client, cart, attraction, fake_tappay
):
    paid = post_json(
        auth_client, "/api/orders", checkout_body(cart, prime=SANDBOX_TEST_PRIME)
    ).json()["data"]
    set_published(attractions=[attraction], is_published=False)

    order = auth_client.get(f"/api/order/{paid['number']}").json()["data"]

    assert order["state"] == OrderStatus.PAID
    assert [trip["attraction"]["name"] for trip in order["trips"]] == [
        "台北101",
        "北投溫泉",
    ]
