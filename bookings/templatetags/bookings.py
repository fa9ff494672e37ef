"""Template tags other apps' pages use to offer a booking, without importing bookings."""

from django import template

from bookings.pricing import PRICES, SLOT_LABELS, bookable_dates

register = template.Library()


@register.simple_tag
def booking_options() -> dict:
    """The slots with their prices and the bookable date range, for a booking form."""
    first, last = bookable_dates()
    return {
        "slots": [
            {"value": slot, "label": SLOT_LABELS[slot], "price": price}
            for slot, price in PRICES.items()
        ],
        "first_date": first.isoformat(),
        "last_date": last.isoformat(),
    }
