"""Bad input on every field of the order endpoints: a 400 with the error body, no order."""

import pytest

from orders.forms import MESSAGES
from orders.models import Order
from orders.tests.conftest import CONTACT, checkout_body, post_json
from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db
PRIME = "prime_that_is_never_sent"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/orders"),
        ("get", "/api/orders"),
        ("get", "/api/order/TDT-AAAA-BBBB-CCCC"),
        ("post", "/api/order/TDT-AAAA-BBBB-CCCC/pay"),
    ],
)
def test_every_order_endpoint_needs_a_token(client, method, path):
    assert_json_error(getattr(client, method)(path), 403, API_MESSAGES["not_signed_in"])


@pytest.mark.parametrize("body", [b"{", b"[]", b"null", b"\xff", b"12"])
def test_malformed_json_is_a_400(auth_client, body):
    response = auth_client.post(
        "/api/orders", data=body, content_type="application/json"
    )

    assert_json_error(response, 400, API_MESSAGES["bad_json"])


def with_order(cart, **changes):
    body = checkout_body(cart, prime=PRIME)
    body["order"].update(changes)
    return body


def with_contact(cart, **changes):
    return with_order(cart, contact={**CONTACT, **changes})


BAD_BODIES = {
    "missing prime": (lambda cart: {"order": with_order(cart)["order"]}, "prime"),
    "empty prime": (lambda cart: {**with_order(cart), "prime": ""}, "prime"),
    "numeric prime": (lambda cart: {**with_order(cart), "prime": 123}, "prime"),
    "object prime": (lambda cart: {**with_order(cart), "prime": {"a": 1}}, "prime"),
    "huge prime": (lambda cart: {**with_order(cart), "prime": "p" * 201}, "prime"),
    "missing order": (lambda cart: {"prime": PRIME}, "order"),
    "order is a list": (lambda cart: {"prime": PRIME, "order": []}, "order"),
    "missing price": (
        lambda cart: {
            "prime": PRIME,
            "order": {"bookingIds": [cart[0].id], "contact": CONTACT},
        },
        "price",
    ),
    "price is text": (lambda cart: with_order(cart, price="abc"), "price"),
    "price is negative": (lambda cart: with_order(cart, price=-4500), "price"),
    "price is zero": (lambda cart: with_order(cart, price=0), "price"),
    "price is fractional": (lambda cart: with_order(cart, price=4500.5), "price"),
    "price is a boolean": (lambda cart: with_order(cart, price=True), "price"),
    "missing contact": (
        lambda cart: {
            "prime": PRIME,
            "order": {"bookingIds": [cart[0].id], "price": 2000},
        },
        "contact",
    ),
    "contact is text": (lambda cart: with_order(cart, contact="王小明"), "contact"),
    "missing name": (
        lambda cart: with_order(
            cart, contact={"email": "a@b.tw", "phone": "0912345678"}
        ),
        "name",
    ),
    "blank name": (lambda cart: with_contact(cart, name="   "), "name"),
    "long name": (lambda cart: with_contact(cart, name="名" * 51), "name"),
    "numeric name": (lambda cart: with_contact(cart, name=42), "name"),
    "name with a newline": (lambda cart: with_contact(cart, name="王\n小明"), "name"),
    "name with a null": (lambda cart: with_contact(cart, name="王\x00小明"), "name"),
    "prime with a null": (
        lambda cart: {**with_order(cart), "prime": "ab\x00c"},
        "prime",
    ),
    "phone with a null": (
        lambda cart: with_contact(cart, phone="091234567\x00"),
        "phone",
    ),
    "missing email": (
        lambda cart: with_order(cart, contact={"name": "小明", "phone": "0912345678"}),
        "email",
    ),
    "bad email": (
        lambda cart: with_contact(cart, email="ming-at-example.com"),
        "email",
    ),
    "list email": (lambda cart: with_contact(cart, email=["a@b.tw"]), "email"),
    "missing phone": (
        lambda cart: with_order(cart, contact={"name": "小明", "email": "a@b.tw"}),
        "phone",
    ),
    "landline phone": (lambda cart: with_contact(cart, phone="0223456789"), "phone"),
    "short phone": (lambda cart: with_contact(cart, phone="091234567"), "phone"),
    "long phone": (lambda cart: with_contact(cart, phone="09123456789"), "phone"),
    "phone with dashes": (
        lambda cart: with_contact(cart, phone="0912-345-678"),
        "phone",
    ),
    "international phone": (
        lambda cart: with_contact(cart, phone="+886912345678"),
        "phone",
    ),
    "numeric phone": (lambda cart: with_contact(cart, phone=912345678), "phone"),
    "full-width digits": (
        lambda cart: with_contact(cart, phone="０９１２３４５６７８"),
        "phone",
    ),
    # Issue 18, point 11: \d matched these (any Unicode decimal digit).
    "Arabic-Indic digits after 09": (
        lambda cart: with_contact(cart, phone="09١٢٣٤٥٦٧٨"),
        "phone",
    ),
    "Devanagari digits after 09": (
        lambda cart: with_contact(cart, phone="09१२३४५६७८"),
        "phone",
    ),
    "no items": (
        lambda cart: {"prime": PRIME, "order": {"price": 2000, "contact": CONTACT}},
        "booking_ids",
    ),
    "empty bookingIds": (lambda cart: with_order(cart, bookingIds=[]), "booking_ids"),
    "bookingIds not a list": (
        lambda cart: with_order(cart, bookingIds=cart[0].id),
        "booking_ids",
    ),
    "text booking id": (
        lambda cart: with_order(cart, bookingIds=[str(cart[0].id)]),
        "booking_ids",
    ),
    "boolean booking id": (
        lambda cart: with_order(cart, bookingIds=[True]),
        "booking_ids",
    ),
    "negative booking id": (
        lambda cart: with_order(cart, bookingIds=[-1]),
        "booking_ids",
    ),
    "huge booking id": (
        lambda cart: with_order(cart, bookingIds=[10**20]),
        "booking_ids",
    ),
    "too many booking ids": (
        lambda cart: with_order(cart, bookingIds=list(range(1, 52))),
        "booking_ids",
    ),
}


@pytest.mark.parametrize("case", BAD_BODIES.keys())
def test_a_bad_field_is_a_400_and_makes_no_order(auth_client, cart, case):
    make_body, message_key = BAD_BODIES[case]

    response = post_json(auth_client, "/api/orders", make_body(cart))

    assert_json_error(response, 400, MESSAGES[message_key])
    assert not Order.objects.exists()


TRIP_CASES = {
    "trip is text": "台北101",
    "no attraction": {"date": "2030-01-01", "time": "morning"},
    "attraction is a number": {
        "attraction": 1,
        "date": "2030-01-01",
        "time": "morning",
    },
    "attraction id is text": {
        "attraction": {"id": "abc"},
        "date": "2030-01-01",
        "time": "morning",
    },
    "bad date": {"attraction": {"id": 1}, "date": "2030/01/01", "time": "morning"},
    "numeric date": {"attraction": {"id": 1}, "date": 20300101, "time": "morning"},
    "bad time": {"attraction": {"id": 1}, "date": "2030-01-01", "time": "night"},
}


@pytest.mark.parametrize("case", TRIP_CASES.keys())
def test_a_bad_single_trip_is_a_400(auth_client, cart, case):
    body = {
        "prime": PRIME,
        "order": {"price": 2000, "trip": TRIP_CASES[case], "contact": CONTACT},
    }

    assert_json_error(
        post_json(auth_client, "/api/orders", body), 400, MESSAGES["trip"]
    )


def test_a_trip_not_in_the_cart_is_a_400(auth_client, attraction):
    body = {
        "prime": PRIME,
        "order": {
            "price": 2000,
            "trip": {
                "attraction": {"id": attraction.id},
                "date": "2030-01-01",
                "time": "morning",
            },
            "contact": CONTACT,
        },
    }

    response = post_json(auth_client, "/api/orders", body)

    assert_json_error(response, 400, MESSAGES["bookings_missing"])


def test_an_unknown_booking_id_is_a_400(auth_client, cart):
    body = checkout_body(cart, prime=PRIME)
    body["order"]["bookingIds"].append(cart[-1].id + 100)

    response = post_json(auth_client, "/api/orders", body)

    assert_json_error(response, 400, MESSAGES["bookings_missing"])
    assert not Order.objects.exists()


def test_another_members_booking_cannot_be_ordered(
    auth_client, book, other_member, attraction
):
    theirs = book(attraction, member=other_member)

    response = post_json(
        auth_client, "/api/orders", checkout_body([theirs], prime=PRIME)
    )

    assert_json_error(response, 400, MESSAGES["bookings_missing"])
    assert not Order.objects.exists()


@pytest.mark.parametrize("price", [4499, 4501, 2000, 45000])
def test_a_tampered_price_is_a_400_and_makes_no_order(auth_client, cart, price):
    response = post_json(
        auth_client, "/api/orders", checkout_body(cart, prime=PRIME, price=price)
    )

    assert_json_error(response, 400, MESSAGES["price"])
    assert not Order.objects.exists()


@pytest.mark.parametrize("page", ["-1", "abc", "1.5", "99999999999"])
def test_a_bad_history_page_is_a_400(auth_client, page):
    assert_json_error(
        auth_client.get(f"/api/orders?page={page}"), 400, MESSAGES["page"]
    )


@pytest.mark.parametrize(
    "body", [b"{", b"[]", b"{}", b'{"prime": 1}', b'{"prime": ""}']
)
def test_paying_again_with_a_bad_body_is_a_400(auth_client, body):
    response = auth_client.post(
        "/api/order/TDT-AAAA-BBBB-CCCC/pay", data=body, content_type="application/json"
    )

    assert_json_error(response, 400)


def test_paying_an_unknown_order_is_a_400(auth_client):
    response = post_json(
        auth_client, "/api/order/TDT-AAAA-BBBB-CCCC/pay", {"prime": PRIME}
    )

    assert_json_error(response, 400, MESSAGES["not_found"])


@pytest.mark.parametrize("number", ["nope", "TDT-AAAA-BBBB-CCCC", "x" * 300, "%00"])
def test_an_unknown_order_number_is_null(auth_client, number):
    assert auth_client.get(f"/api/order/{number}").json() == {"data": None}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/api/orders"),
        ("delete", "/api/order/TDT-AAAA-BBBB-CCCC"),
        ("get", "/api/order/TDT-AAAA-BBBB-CCCC/pay"),
    ],
)
def test_an_unsupported_method_is_a_json_405(auth_client, method, path):
    assert_json_error(getattr(auth_client, method)(path), 405)


def test_repeated_booking_ids_count_once(auth_client, cart):
    body = checkout_body(cart, prime=PRIME)
    body["order"]["bookingIds"] = [cart[0].id, cart[0].id]
    body["order"]["price"] = 4000  # the repeated trip counted twice

    response = post_json(auth_client, "/api/orders", body)

    assert_json_error(response, 400, MESSAGES["price"])


def test_a_name_with_a_full_width_space_is_accepted(auth_client, cart, fake_tappay):
    from devtools.fake_tappay import SANDBOX_TEST_PRIME

    body = checkout_body(
        cart, prime=SANDBOX_TEST_PRIME, contact={**CONTACT, "name": "王　小明"}
    )

    response = post_json(auth_client, "/api/orders", body)

    assert response.json()["data"]["payment"]["status"] == 0
    assert Order.objects.get().contact_name == "王　小明"
