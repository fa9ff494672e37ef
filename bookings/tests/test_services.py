from datetime import timedelta

import pytest

from bookings import services
from bookings.forms import MESSAGES
from bookings.models import Booking
from bookings.pricing import today_in_taipei

pytestmark = pytest.mark.django_db


def tomorrow():
    return today_in_taipei() + timedelta(days=1)


def test_add_booking_copies_the_price_of_the_slot(user, attraction):
    booking = services.add_booking(
        user=user, attraction_id=attraction.id, date=tomorrow(), slot="afternoon"
    )

    assert booking.price == 2500


def test_add_booking_twice_returns_the_same_item(user, attraction):
    trip = {"user": user, "attraction_id": attraction.id, "date": tomorrow()}
    first = services.add_booking(**trip, slot="morning")
    second = services.add_booking(**trip, slot="morning")

    assert first.pk == second.pk
    assert Booking.objects.count() == 1


def test_add_booking_refuses_an_unknown_slot(user, attraction):
    with pytest.raises(services.BookingError, match=str(MESSAGES["time"])):
        services.add_booking(
            user=user, attraction_id=attraction.id, date=tomorrow(), slot="night"
        )


def test_add_booking_refuses_yesterday(user, attraction):
    with pytest.raises(services.BookingError, match=str(MESSAGES["date_past"])):
        services.add_booking(
            user=user,
            attraction_id=attraction.id,
            date=today_in_taipei() - timedelta(days=1),
            slot="morning",
        )


def test_the_database_refuses_a_duplicate_trip(user, attraction):
    from django.db import IntegrityError, transaction

    services.add_booking(
        user=user, attraction_id=attraction.id, date=tomorrow(), slot="morning"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            user=user,
            attraction=attraction,
            date=tomorrow(),
            slot="morning",
            price=2000,
        )


def test_remove_booking_of_another_member_raises_not_found(
    user, other_member, attraction
):
    theirs = services.add_booking(
        user=other_member, attraction_id=attraction.id, date=tomorrow(), slot="morning"
    )

    with pytest.raises(services.BookingError, match=str(MESSAGES["not_found"])):
        services.remove_booking(user=user, booking_id=theirs.pk)


def test_clear_cart_counts_the_removed_trips(user, attraction):
    for slot in ("morning", "afternoon"):
        services.add_booking(
            user=user, attraction_id=attraction.id, date=tomorrow(), slot=slot
        )

    assert services.clear_cart(user=user) == 2
    assert services.clear_cart(user=user) == 0
