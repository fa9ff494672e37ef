"""Two checkouts of the same cart at the same moment: one order, one charge; and
twenty members after the last three seats: three sold, seventeen told "sold out".

SQLite has no row locks (it ignores FOR UPDATE and serialises writers), so only MariaDB
can prove the locking; the suite runs this file there.
"""

from functools import partial

import pytest
from django.db import connection
from django.test import Client

from accounts.tokens import issue_token
from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders.models import Order, Payment
from orders.tests.conftest import at_once, checkout_body, post_json

pytestmark = [
    pytest.mark.mariadb_only,
    pytest.mark.skipif(connection.vendor != "mysql", reason="needs MariaDB row locks"),
    pytest.mark.django_db(transaction=True),
]


def post_at_once(user, requests):
    """POST these (path, body) pairs from one thread each, released together."""

    def post(client, request):
        response = post_json(client, *request)
        return (response.status_code, response.json())

    clients = [
        Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user)}") for _ in requests
    ]
    return at_once(
        [
            partial(post, client, request)
            for client, request in zip(clients, requests, strict=True)
        ]
    )


def test_two_simultaneous_checkouts_make_one_order_and_one_charge(
    user, cart, fake_tappay
):
    body = checkout_body(cart, prime=SANDBOX_TEST_PRIME)
    answers = post_at_once(user, [("/api/orders", body)] * 2)

    assert [status for status, _ in answers] == [200, 200]
    numbers = {body["data"]["number"] for _, body in answers}
    assert numbers == {Order.objects.get().number}
    assert Payment.objects.count() == 1
    assert len(fake_tappay.charges) == 1
    assert sorted(body["data"]["payment"]["status"] for _, body in answers) in (
        [0, 0],  # the second arrived after the first had paid
        [0, 1],  # the second arrived while the first was paying
    )


def test_four_simultaneous_checkouts_with_different_primes_charge_once(
    user, cart, fake_tappay
):
    answers = post_at_once(
        user,
        [("/api/orders", checkout_body(cart, prime=f"fresh-{n}")) for n in range(4)],
    )

    assert [status for status, _ in answers] == [200] * 4, answers
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1
    assert len(fake_tappay.charges) == 1


def test_paying_an_old_order_while_a_new_one_takes_its_trips_charges_once(
    user, cart, book, make_attraction, fake_tappay
):
    from orders import services
    from orders.tests.conftest import CONTACT

    old = services.place_order(
        user=user, booking_ids=[b.pk for b in cart], contact=CONTACT, price=4500
    )
    services.pay_order(order=old, prime="fake_decline_race")
    extra = book(make_attraction("陽明山", mrt=None))

    answers = post_at_once(
        user,
        [
            (f"/api/order/{old.number}/pay", {"prime": "fresh-old"}),
            ("/api/orders", checkout_body([*cart, extra], prime="fresh-new")),
        ],
    )

    assert sorted(status for status, _ in answers) in ([200, 200], [200, 400]), answers
    assert Payment.objects.filter(state="succeeded").count() == 1
    assert len(fake_tappay.charges) == 1


def test_twenty_members_buying_the_last_three_seats_sell_exactly_three(
    attraction, fake_tappay
):
    from datetime import timedelta

    from accounts.models import User
    from bookings.models import Departure, SeatMovement
    from bookings.pricing import today_in_taipei
    from bookings.services import add_booking

    day = today_in_taipei() + timedelta(days=1)
    Departure.objects.create(attraction=attraction, date=day, slot="morning", taken=17)
    members, bookings = [], []
    for n in range(20):
        member = User.objects.create_user(f"buyer{n}@example.com", "another horse 42")
        members.append(member)
        bookings.append(
            add_booking(
                user=member, attraction_id=attraction.id, date=day, slot="morning"
            )
        )
    clients = [
        Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=member)}")
        for member in members
    ]

    def buy(client, booking):
        body = checkout_body([booking], prime=f"fresh-{booking.pk}")
        response = post_json(client, "/api/orders", body)
        return response.status_code, response.json()

    answers = at_once(
        [
            partial(buy, client, booking)
            for client, booking in zip(clients, bookings, strict=True)
        ]
    )

    paid = [body for status, body in answers if status == 200]
    refused = [body for status, body in answers if status == 400]
    assert len(paid) == 3, answers
    assert all(body["data"]["payment"]["status"] == 0 for body in paid)
    assert len(refused) == 17, answers
    assert all("售完" in body["message"] for body in refused)
    assert Departure.objects.get().taken == 20
    assert Order.objects.count() == 3
    assert len(fake_tappay.charges) == 3
    assert SeatMovement.objects.filter(change=1).count() == 3
