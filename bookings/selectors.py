"""Cart reads, shaped as the API contract's booking items."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from attractions.models import AttractionImage
from attractions.selectors import first_image
from bookings.models import Booking


def cart_for(user: User) -> QuerySet[Booking]:
    """The member's cart, oldest first, with everything booking_to_dict reads (2 queries)."""
    return (
        Booking.objects.filter(user=user)
        .select_related("attraction")
        .prefetch_related(
            Prefetch(
                "attraction__images",
                queryset=AttractionImage.objects.order_by("position", "id"),
            )
        )
        .order_by("created_at", "id")
    )


def trip_attraction(attraction) -> dict:
    """The short attraction object a booking or order trip carries."""
    return {
        "id": attraction.id,
        "name": attraction.name,
        "address": attraction.address,
        "image": first_image(attraction),
    }


def booking_to_dict(booking: Booking) -> dict:
    return {
        "id": booking.id,
        "attraction": trip_attraction(booking.attraction),
        "date": booking.date.isoformat(),
        "time": booking.slot,
        "price": booking.price,
        # False once staff unpublish the place: the cart says it is no longer offered.
        "offered": booking.attraction.is_published,
    }
