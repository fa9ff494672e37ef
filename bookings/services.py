"""Cart changes: add a trip (idempotent), remove one, empty the cart."""

import datetime
import logging

from django.db import IntegrityError, transaction

from accounts.models import User
from attractions.models import Attraction
from bookings.formats import date_text
from bookings.forms import MESSAGES
from bookings.models import Booking, Slot
from bookings.pricing import (
    BOOKING_HORIZON_DAYS,
    SLOT_LABELS,
    bookable_dates,
    cutoff_text,
    is_past_cutoff,
    total_price,
)
from taipei_trip.errors import AppError

logger = logging.getLogger(__name__)


class BookingError(AppError):
    """A booking the rules refuse; its message is shown to the member (HTTP 400)."""


def check_trip_date(trip_date: datetime.date) -> None:
    """Trips can be booked from today (in Taipei) up to the booking horizon."""
    first, last = bookable_dates()
    if trip_date < first:
        raise BookingError(MESSAGES["date_past"])
    if trip_date > last:
        raise BookingError(MESSAGES["date_far"].format(days=BOOKING_HORIZON_DAYS))


def check_cutoff(trip_date: datetime.date, slot: str) -> None:
    """A slot can be booked (and paid) only until its cut-off before it starts."""
    if is_past_cutoff(trip_date, slot):
        raise BookingError(
            MESSAGES["cutoff"].format(
                date=date_text(trip_date), slot=SLOT_LABELS[slot], cutoff=cutoff_text()
            )
        )


def add_booking(
    *,
    user: User,
    attraction_id: int,
    date: datetime.date,
    slot: str,
    participants: int = 1,
) -> Booking:
    """Put a trip in the cart; the same attraction, date and slot again is the same item
    (with the party size asked last). The cart holds no seats: placing the order does."""
    if slot not in Slot.values:
        raise BookingError(MESSAGES["time"])
    check_trip_date(date)
    check_cutoff(date, slot)
    attraction = Attraction.objects.published().filter(pk=attraction_id).first()
    if attraction is None:
        raise BookingError(MESSAGES["attraction"])
    trip = {"user": user, "attraction": attraction, "date": date, "slot": slot}
    price = total_price(slot, participants)
    existing = Booking.objects.filter(**trip).first()
    if existing is not None:
        if existing.participants != participants:
            Booking.objects.filter(pk=existing.pk).update(
                participants=participants, price=price
            )
            existing.participants, existing.price = participants, price
        return existing
    booking = Booking(**trip, participants=participants, price=price)
    booking.full_clean(validate_unique=False, validate_constraints=False)
    try:
        # The savepoint keeps an outer transaction usable when a concurrent request
        # inserted the same trip between the lookup above and this insert.
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        existing = Booking.objects.filter(**trip).first()
        if existing is None:
            raise
        return existing
    logger.info("booking %s added by user %s: %s", booking.pk, user.pk, booking)
    return booking


def remove_booking(*, user: User, booking_id: int) -> None:
    """Take one trip out of the member's own cart; another member's id is not found."""
    deleted, _ = Booking.objects.filter(user=user, pk=booking_id).delete()
    if not deleted:
        raise BookingError(MESSAGES["not_found"])


def clear_cart(*, user: User) -> int:
    """Empty the member's cart; returns how many trips left it."""
    deleted, _ = Booking.objects.filter(user=user).delete()
    return deleted
