"""Seats: the one home of the rule "never more participants than a slot's capacity".

A slot's seats live in its `Departure` row. Taking seats is one conditional UPDATE
(`taken = taken + n WHERE NOT is_closed AND taken + n <= capacity`): the database row
lock serialises concurrent takers, so the last seats go to exactly as many buyers as
fit and every other one sees 0 rows updated ("sold out"). Every take and release writes
a `SeatMovement` and, once committed, retires the attraction's cached availability.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from attractions.catalogue_cache import copies
from attractions.models import Attraction
from bookings.formats import date_text
from bookings.models import Departure, SeatMovement
from taipei_trip.cache import CACHE_ERRORS
from taipei_trip.errors import AppError
from taipei_trip.translated import localized, translated_language

logger = logging.getLogger(__name__)

MESSAGES = {
    "sold_out": _("「{name}」{date} {slot}的名額已售完，請選擇其他日期或時段"),
    "not_enough": _("「{name}」{date} {slot}只剩 {remaining} 個名額，請減少人數"),
    "closed": _("「{name}」{date} {slot}暫停販售，請選擇其他日期或時段"),
}


class SeatsError(AppError):
    """Not enough seats, or the slot is closed; nothing was taken (HTTP 400)."""


def capacity_of(attraction: Attraction) -> int:
    """Seats per slot of this attraction: staff's own number, else the site default."""
    if attraction.seats_per_slot is not None:
        return attraction.seats_per_slot
    return settings.TRIP_SEATS_PER_SLOT


def _departure(attraction_id: int, day: datetime.date, slot: str) -> Departure:
    trip = {"attraction_id": attraction_id, "date": day, "slot": slot}
    departure = Departure.objects.filter(**trip).first()
    if departure is not None:
        return departure
    try:
        # A savepoint: a concurrent first taker may insert the same row meanwhile.
        with transaction.atomic():
            return Departure.objects.create(**trip)
    except IntegrityError:
        return Departure.objects.get(**trip)


def take_seats(
    *,
    attraction: Attraction,
    day: datetime.date,
    slot: str,
    count: int,
    order_item_id: int,
    slot_label: str,
) -> None:
    """Take `count` seats of a slot for an order item, or raise SeatsError.

    Call inside the transaction that places (or pays) the order, so a refusal takes
    nothing back from anyone and a rollback returns the seats.
    """
    departure = _departure(attraction.pk, day, slot)
    capacity = capacity_of(attraction)
    updated = Departure.objects.filter(
        pk=departure.pk, is_closed=False, taken__lte=capacity - count
    ).update(taken=F("taken") + count)
    if not updated:
        departure.refresh_from_db()
        # The place as the member reads it: its name in their language if staff wrote it.
        name, _ = localized(attraction, "name", translated_language())
        names = {"name": name, "date": date_text(day), "slot": slot_label}
        if departure.is_closed:
            raise SeatsError(MESSAGES["closed"].format(**names))
        remaining = max(capacity - departure.taken, 0)
        logger.info(
            "seats refused: departure %s has %s of %s left, %s asked",
            departure.pk,
            remaining,
            capacity,
            count,
        )
        if remaining:
            raise SeatsError(
                MESSAGES["not_enough"].format(remaining=remaining, **names)
            )
        raise SeatsError(MESSAGES["sold_out"].format(**names))
    _audit(departure, order_item_id, count, "taken")


def release_seats(
    *,
    attraction_id: int,
    day: datetime.date,
    slot: str,
    count: int,
    order_item_id: int,
    reason: str,
) -> None:
    """Give back seats an order item held (the caller records that it no longer does)."""
    trip = {"attraction_id": attraction_id, "date": day, "slot": slot}
    # Never below zero, even if an earlier bug released twice.
    Departure.objects.filter(**trip, taken__gte=count).update(taken=F("taken") - count)
    departure = Departure.objects.filter(**trip).first()
    if departure is None:
        logger.error("order item %s released seats it never took", order_item_id)
        return
    _audit(departure, order_item_id, -count, reason, reread=False)


def _audit(
    departure: Departure,
    order_item_id: int,
    change: int,
    reason: str,
    *,
    reread: bool = True,
) -> None:
    if reread:
        departure.refresh_from_db(fields=["taken"])
    SeatMovement.objects.create(
        departure=departure,
        order_item_id=order_item_id,
        change=change,
        reason=reason,
        taken_after=departure.taken,
    )
    logger.info(
        "departure %s (%s %s %s): %+d seats for order item %s (%s), %s taken",
        departure.pk,
        departure.attraction_id,
        departure.date,
        departure.slot,
        change,
        order_item_id,
        reason,
        departure.taken,
    )
    availability_changed(departure.attraction_id)


# Availability answers in the shared cache: each attraction has a version, and every
# entry is kept with the version it was built from, so a bump retires them all.
def version_key(attraction_id: int) -> str:
    return f"availability:version:{attraction_id}"


def availability_version(attraction_id: int) -> str | None:
    """The version an availability answer must carry to be current (None: the cache
    is unreachable): the attraction's seat version and the catalogue's, so a staff
    edit of the capacity or publishing retires it too (within the catalogue's check
    interval in other processes)."""
    catalogue = catalogue_version()
    if catalogue is None:
        return None
    key = version_key(attraction_id)
    try:
        version = cache.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, None)
            version = cache.get(key)
    except CACHE_ERRORS:
        logger.warning("Availability cache unreachable: answering from the database")
        return None
    return None if version is None else f"{version}:{catalogue}"


def catalogue_version() -> str | None:
    return copies.current_version()


def bump_availability(attraction_id: int) -> None:
    try:
        cache.set(version_key(attraction_id), uuid.uuid4().hex, None)
    except CACHE_ERRORS:
        logger.exception(
            "Availability cache unreachable: attraction %s's answers stay until their "
            "AVAILABILITY_CACHE_SECONDS run out",
            attraction_id,
        )


def availability_changed(attraction_id: int) -> None:
    """Seats or closures of this attraction changed: retire its cached answers once the
    change commits (at once outside a transaction)."""
    transaction.on_commit(lambda: bump_availability(attraction_id))
