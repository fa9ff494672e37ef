"""Seats and the cut-off at checkout (issue 11, points 1 and 3)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings.models import Departure, SeatMovement
from bookings.pricing import today_in_taipei
from bookings.seats import MESSAGES as SEAT_MESSAGES
from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders.forms import MESSAGES
from orders.models import Order, OrderItem, Payment
from orders.tests.conftest import checkout_body, post_json
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db


def taken(attraction, *, days=1, slot="morning") -> int:
    departure = Departure.objects.filter(
        attraction=attraction, date=today_in_taipei() + timedelta(days=days), slot=slot
    ).first()
    return departure.taken if departure else 0


@pytest.fixture
def party(user, attraction):
    """A booking for three people tomorrow morning."""
    from bookings.services import add_booking

    return add_booking(
        user=user,
        attraction_id=attraction.id,
        date=today_in_taipei() + timedelta(days=1),
        slot="morning",
        participants=3,
    )


def test_a_paid_order_keeps_its_participants_seats(
    auth_client, party, attraction, fake_tappay
):
    response = post_json(
        auth_client, "/api/orders", checkout_body([party], prime=SANDBOX_TEST_PRIME)
    )

    assert response.json()["data"]["payment"]["status"] == 0
    assert taken(attraction) == 3
    item = OrderItem.objects.get()
    assert (item.participants, item.price, item.seats_held) == (3, 6000, True)
    assert list(SeatMovement.objects.values_list("change", "reason")) == [(3, "taken")]


def test_a_declined_payment_gives_the_seats_back_and_paying_again_retakes_them(
    auth_client, party, attraction, fake_tappay
):
    post_json(auth_client, "/api/orders", checkout_body([party], prime="fake_decline"))
    assert taken(attraction) == 0
    order = Order.objects.get()

    post_json(auth_client, f"/api/order/{order.number}/pay", {"prime": "fresh"})

    assert taken(attraction) == 3
    assert list(SeatMovement.objects.values_list("change", "reason")) == [
        (3, "taken"),
        (-3, "payment failed"),
        (3, "taken"),
    ]


def test_an_unknown_payment_keeps_the_seats(
    auth_client, party, attraction, fake_tappay
):
    post_json(auth_client, "/api/orders", checkout_body([party], prime="fake_timeout"))

    assert Payment.objects.get().state == "unknown"
    assert taken(attraction) == 3


def test_the_last_seats_cannot_be_oversold(
    auth_client, party, attraction, fake_tappay, settings
):
    settings.TRIP_SEATS_PER_SLOT = 2
    response = post_json(
        auth_client, "/api/orders", checkout_body([party], prime=SANDBOX_TEST_PRIME)
    )

    day = (today_in_taipei() + timedelta(days=1)).isoformat()
    assert_json_error(
        response,
        400,
        SEAT_MESSAGES["not_enough"].format(
            name=attraction.name, date=day, slot="上半天", remaining=2
        ),
    )
    assert not Order.objects.exists()
    assert fake_tappay.charges == []
    assert taken(attraction) == 0


def test_a_sold_out_slot_says_sold_out(auth_client, party, attraction, fake_tappay):
    attraction.seats_per_slot = 5
    attraction.save()
    Departure.objects.create(
        attraction=attraction,
        date=today_in_taipei() + timedelta(days=1),
        slot="morning",
        taken=5,
    )
    response = post_json(
        auth_client, "/api/orders", checkout_body([party], prime=SANDBOX_TEST_PRIME)
    )

    day = (today_in_taipei() + timedelta(days=1)).isoformat()
    assert_json_error(
        response,
        400,
        SEAT_MESSAGES["sold_out"].format(name=attraction.name, date=day, slot="上半天"),
    )
    assert fake_tappay.charges == []


def test_a_slot_staff_closed_cannot_be_ordered(
    auth_client, party, attraction, fake_tappay
):
    Departure.objects.create(
        attraction=attraction,
        date=today_in_taipei() + timedelta(days=1),
        slot="morning",
        is_closed=True,
    )
    response = post_json(
        auth_client, "/api/orders", checkout_body([party], prime=SANDBOX_TEST_PRIME)
    )

    assert_json_error(response, 400)
    assert "暫停販售" in response.json()["message"]
    assert fake_tappay.charges == []


def test_paying_after_the_cut_off_is_refused_and_charges_nothing(
    auth_client, book, attraction, fake_tappay, taipei_clock
):
    taipei_clock("06:00")
    booking = book(attraction, days=0)
    post_json(
        auth_client, "/api/orders", checkout_body([booking], prime="fake_decline")
    )
    order = Order.objects.get()
    taipei_clock("07:00")

    response = post_json(auth_client, f"/api/order/{order.number}/pay", {"prime": "x"})

    assert_json_error(
        response,
        400,
        MESSAGES["cutoff"].format(
            date=today_in_taipei().isoformat(), slot="上半天", cutoff="2 小時"
        ),
    )
    assert Payment.objects.count() == 1  # the declined attempt only
    assert fake_tappay.charges == []


def test_an_unpaid_hold_is_released_after_15_minutes(
    auth_client, party, attraction, fake_tappay
):
    from orders.services import place_order
    from orders.tests.conftest import CONTACT

    order = place_order(
        user=party.user, booking_ids=[party.pk], contact=CONTACT, price=6000
    )
    assert taken(attraction) == 3
    out = StringIO()
    call_command("release_expired_holds", stdout=out)
    assert taken(attraction) == 3  # too young

    Order.objects.filter(pk=order.pk).update(
        created_at=timezone.now() - timedelta(minutes=16)
    )
    call_command("release_expired_holds", stdout=out)

    assert taken(attraction) == 0
    assert "1 unpaid order" in out.getvalue()
    assert not OrderItem.objects.get().seats_held


def test_an_expired_hold_with_a_payment_in_flight_keeps_its_seats(
    auth_client, party, attraction, fake_tappay, settings
):
    post_json(auth_client, "/api/orders", checkout_body([party], prime="fake_error500"))
    old = timezone.now() - timedelta(minutes=16)
    Order.objects.update(created_at=old)
    Payment.objects.update(requested_at=old)
    # TapPay cannot be asked: the attempt stays unknown, so the seats stay.
    settings.TAPPAY_BASE_URL = "http://127.0.0.1:9"

    call_command("release_expired_holds", stdout=StringIO())

    assert Payment.objects.get().state == "unknown"
    assert taken(attraction) == 3
