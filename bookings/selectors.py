"""Cart reads, shaped as the API contract's booking items."""

import datetime
from functools import cache

from django.db import connections

from accounts.models import User
from attractions.models import Attraction, AttractionImage
from attractions.selectors import first_image
from bookings.models import Booking


def cart_items(user: User) -> list[dict]:
    """The member's cart as the contract's booking items, oldest first, in one query.

    Read on every visit to the booking page and the cart badge, so it is one query on SQL
    written once (`cart_sql`): the bookings with their attraction's name and address and
    its first image, no model instance, no prefetch of every image, no ORM compile.
    """
    alias = Booking.objects.db
    with connections[alias].cursor() as cursor:
        cursor.execute(cart_sql(alias), [user.pk])
        rows = cursor.fetchall()
    storage = AttractionImage._meta.get_field("file").storage
    return [
        {
            "id": booking_id,
            "attraction": {
                "id": attraction_id,
                "name": name,
                "address": address,
                "image": storage.url(file) if file else (url or None),
            },
            "date": parse_date(date).isoformat(),
            "time": slot,
            "price": price,
            # False once staff unpublish the place: the cart says it is no longer offered.
            "offered": bool(is_published),
        }
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
            is_published,
        ) in rows
    ]


def parse_date(value):
    """A date column's value: a date from MariaDB, ISO text from SQLite's cursor."""
    return value if hasattr(value, "isoformat") else datetime.date.fromisoformat(value)


@cache
def cart_sql(alias: str) -> str:
    """A member's bookings by age, each with its attraction and first image (by position)."""
    quote = connections[alias].ops.quote_name
    booking, attraction, image = Booking._meta, Attraction._meta, AttractionImage._meta

    def col(meta, name: str) -> str:
        return quote(meta.get_field(name).column)

    return (
        f"SELECT b.{col(booking, 'id')}, b.{col(booking, 'attraction')}, "  # noqa: S608
        f"a.{col(attraction, 'name')}, a.{col(attraction, 'address')}, "
        f"i.{col(image, 'url')}, i.{col(image, 'file')}, b.{col(booking, 'date')}, "
        f"b.{col(booking, 'slot')}, b.{col(booking, 'price')}, "
        f"a.{col(attraction, 'is_published')} "
        f"FROM {quote(booking.db_table)} b "
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
