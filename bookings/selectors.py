"""Cart reads, shaped as the API contract's booking items."""

import datetime
from functools import cache

from django.db import connections
from django.utils import timezone

from accounts.models import User
from attractions.models import Attraction, AttractionImage, image_src
from attractions.selectors import first_image, localized_texts
from bookings.models import Booking, Departure, Slot
from bookings.pricing import (
    bookable_dates,
    booking_cutoff,
    cancellation_deadline,
    is_past_cutoff,
    price_for,
    slot_times,
)
from bookings.seats import capacity_of
from taipei_trip.translated import column, translated_language

# The cart's place texts: the contract's names, and where cart_sql's row holds them.
PLACE_TEXTS = {"name": "name", "address": "address"}


def cart_items(user: User) -> list[dict]:
    """The member's cart as the contract's booking items, oldest first, in one query.

    Read on every visit to the booking page and the cart badge, so it is one query on SQL
    written once (`cart_sql`): the bookings with their attraction's name and address and
    its first image, no model instance, no prefetch of every image, no ORM compile.

    In English or Japanese (the API's `lang`) the same query also reads the place's
    name and address in that language: the attraction object then carries them (the
    繁體中文 where there is none) and `untranslated`, as the catalogue's objects do.
    """
    alias = Booking.objects.db
    language = translated_language()
    with connections[alias].cursor() as cursor:
        cursor.execute(cart_sql(alias, language), [user.pk])
        rows = cursor.fetchall()
    return [
        trip_times(
            {
                "id": booking_id,
                "attraction": cart_attraction(
                    attraction_id, name, address, image_src(url, file), language, texts
                ),
                "date": parse_date(date).isoformat(),
                "time": slot,
                "price": price,
                "participants": participants,
                "unitPrice": price_for(slot),
                # False once staff unpublish the place: the cart says so.
                "offered": bool(is_published),
                # False past the slot's booking cut-off: it can no longer be paid.
                "open": not is_past_cutoff(parse_date(date), slot),
            }
        )
        for (
            booking_id,
            attraction_id,
            name,
            address,
            url,
            file,
            date,
            slot,
            price,
            participants,
            is_published,
            *texts,
        ) in rows
    ]


def cart_attraction(
    attraction_id: int,
    name: str,
    address: str,
    image: str | None,
    language: str | None,
    texts: list,
) -> dict:
    """A cart item's attraction object; in `language` from `texts`, the row's name and
    address in that language (blank: not translated)."""
    if language is None:
        return {"id": attraction_id, "name": name, "address": address, "image": image}
    row = {"name": name, "address": address}
    row.update(
        zip([column(field, language) for field in PLACE_TEXTS], texts, strict=True)
    )
    data, untranslated = localized_texts(row, PLACE_TEXTS, language)
    return {"id": attraction_id, **data, "image": image, "untranslated": untranslated}


def trip_times(trip: dict) -> dict:
    """Add a trip dict's times (this site's extension): start, end, the booking
    cut-off and the free-cancellation deadline, ISO 8601 in Taipei."""
    day = datetime.date.fromisoformat(trip["date"])
    slot = trip["time"]
    start, end = slot_times(slot)
    return {
        **trip,
        "startTime": start,
        "endTime": end,
        "bookingCutoff": booking_cutoff(day, slot).isoformat(),
        "cancellableUntil": cancellation_deadline(day, slot).isoformat(),
    }


def parse_date(value):
    """A date column's value: a date from MariaDB, ISO text from SQLite's cursor."""
    return value if hasattr(value, "isoformat") else datetime.date.fromisoformat(value)


@cache
def cart_sql(alias: str, language: str | None = None) -> str:
    """A member's bookings by age, each with its attraction and first image (by
    position); in `language`, then the attraction's name and address in it."""
    quote = connections[alias].ops.quote_name
    booking, attraction, image = Booking._meta, Attraction._meta, AttractionImage._meta

    def col(meta, name: str) -> str:
        return quote(meta.get_field(name).column)

    return (
        f"SELECT b.{col(booking, 'id')}, b.{col(booking, 'attraction')}, "  # noqa: S608
        f"a.{col(attraction, 'name')}, a.{col(attraction, 'address')}, "
        f"i.{col(image, 'url')}, i.{col(image, 'file')}, b.{col(booking, 'date')}, "
        f"b.{col(booking, 'slot')}, b.{col(booking, 'price')}, "
        f"b.{col(booking, 'participants')}, a.{col(attraction, 'is_published')}"
        + "".join(
            f", a.{col(attraction, column(field, language))}"
            for field in (PLACE_TEXTS if language else ())
        )
        + f" FROM {quote(booking.db_table)} b "  # noqa: S608
        f"INNER JOIN {quote(attraction.db_table)} a "
        f"ON a.{col(attraction, 'id')} = b.{col(booking, 'attraction')} "
        f"LEFT JOIN {quote(image.db_table)} i ON i.{col(image, 'id')} = ("
        f"SELECT f.{col(image, 'id')} FROM {quote(image.db_table)} f "
        f"WHERE f.{col(image, 'attraction')} = b.{col(booking, 'attraction')} "
        f"ORDER BY f.{col(image, 'position')}, f.{col(image, 'id')} LIMIT 1) "
        f"WHERE b.{col(booking, 'user')} = %s "
        f"ORDER BY b.{col(booking, 'created_at')}, b.{col(booking, 'id')}"
    )


def trip_attraction(attraction) -> dict:
    """The short attraction object a booking or order trip carries."""
    return {
        "id": attraction.id,
        "name": attraction.name,
        "address": attraction.address,
        "image": first_image(attraction),
    }


def availability(*, attraction_id: int, first: datetime.date, days: int) -> list | None:
    """Seats left and whether each slot sells now, per day from `first`, in two
    queries (the attraction, then its departures in the range); None for an attraction
    that is not offered."""
    attraction = (
        Attraction.objects.published()
        .filter(pk=attraction_id)
        .only("id", "seats_per_slot")
        .first()
    )
    if attraction is None:
        return None
    last = first + datetime.timedelta(days=days - 1)
    departures = {
        (row["date"], row["slot"]): row
        for row in Departure.objects.filter(
            attraction_id=attraction_id, date__range=(first, last)
        ).values("date", "slot", "taken", "is_closed")
    }
    capacity = capacity_of(attraction)
    bookable_first, bookable_last = bookable_dates()
    now = timezone.now()
    answer = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        slots = {}
        for slot in Slot.values:
            row = departures.get((day, slot), {"taken": 0, "is_closed": False})
            remaining = max(capacity - row["taken"], 0)
            slots[slot] = {
                "remaining": remaining,
                "open": bool(
                    remaining
                    and not row["is_closed"]
                    and bookable_first <= day <= bookable_last
                    and not is_past_cutoff(day, slot, now=now)
                ),
            }
        answer.append({"date": day.isoformat(), "slots": slots})
    return answer
