"""Cart reads, shaped as the API contract's booking items."""

from django.db.models import OuterRef, Subquery

from accounts.models import User
from attractions.models import AttractionImage
from attractions.selectors import first_image
from bookings.models import Booking


def cart_items(user: User) -> list[dict]:
    """The member's cart as the contract's booking items, oldest first, in one query.

    Plain rows with the attraction's name and address joined and its first image picked
    by a subquery: no model instance and no prefetch of every image.
    """
    first = AttractionImage.objects.filter(attraction=OuterRef("attraction_id"))
    first = first.order_by("position", "id")
    rows = (
        Booking.objects.filter(user=user)
        .order_by("created_at", "id")
        .annotate(
            image_url=Subquery(first.values("url")[:1]),
            image_file=Subquery(first.values("file")[:1]),
        )
        .values_list(
            "id", "attraction_id", "attraction__name", "attraction__address",
            "image_url", "image_file", "date", "slot", "price",
        )
    )  # fmt: skip
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
            "date": date.isoformat(),
            "time": slot,
            "price": price,
        }
        for booking_id, attraction_id, name, address, url, file, date, slot, price in rows
    ]


def trip_attraction(attraction) -> dict:
    """The short attraction object a booking or order trip carries."""
    return {
        "id": attraction.id,
        "name": attraction.name,
        "address": attraction.address,
        "image": first_image(attraction),
    }
