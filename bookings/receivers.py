"""The cart on account deletion and in the member's data export."""

from django.dispatch import receiver

from accounts.signals import account_deleting, member_data_requested
from bookings.models import Booking


@receiver(account_deleting)
def drop_cart(sender, *, user, **kwargs) -> None:
    Booking.objects.filter(user=user).delete()


@receiver(member_data_requested)
def export_cart(sender, *, user, **kwargs) -> dict:
    bookings = Booking.objects.filter(user=user).select_related("attraction")
    return {
        "bookings": [
            {
                "id": booking.pk,
                "attraction": {
                    "id": booking.attraction_id,
                    "name": booking.attraction.name,
                },
                "date": booking.date.isoformat(),
                "time": booking.slot,
                "price": booking.price,
            }
            for booking in bookings
        ]
    }
