"""The cart on account deletion and in the member's data export."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.signals import account_deleting, member_data_requested
from bookings.models import Booking, Departure
from bookings.seats import availability_changed


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
                "participants": booking.participants,
                "price": booking.price,
            }
            for booking in bookings
        ]
    }


# An attraction's own capacity is a catalogue edit: its version retires the answers.
@receiver(post_save, sender=Departure, dispatch_uid="availability-departure")
@receiver(post_delete, sender=Departure, dispatch_uid="availability-departure-del")
def seats_changed(sender, instance, **kwargs) -> None:
    """Staff closed or opened a slot: retire the attraction's cached availability."""
    availability_changed(instance.attraction_id)
