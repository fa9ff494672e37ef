"""Template tags other apps' pages use to offer a booking, without importing bookings,
and the formats of money, dates and slots in the active language (bookings/formats.py):
`{{ amount|twd }}`, `{{ day|trip_date }}`, `{{ day|trip_day }}`, `{{ moment|timestamp }}`,
`{{ "morning"|slot_text }}`, `{{ "morning"|slot_hours }}`, `{{ "09:00"|clock }}`."""

from django import template
from django.utils.translation import gettext

from bookings import formats
from bookings.pricing import (
    PRICES,
    SLOT_LABELS,
    bookable_dates,
    cutoff_text,
    lowest_price,
    max_participants,
    policy_text,
    slot_times,
)
from taipei_trip.seo import SITE_NAME

register = template.Library()


@register.simple_tag
def booking_options() -> dict:
    """The slots with their prices, times and the bookable date range, for a form."""
    first, last = bookable_dates()
    return {
        "slots": [
            {
                "value": slot,
                "label": SLOT_LABELS[slot],
                "price": price,
                "start": slot_times(slot)[0],
                "end": slot_times(slot)[1],
                "hours": formats.slot_hours(slot),
                "text": formats.slot_text(slot),
            }
            for slot, price in PRICES.items()
        ],
        "first_date": first.isoformat(),
        "last_date": last.isoformat(),
        "max_participants": max_participants(),
        "cutoff": cutoff_text(),
        "policy": policy_text(),
    }


@register.simple_tag
def cancellation_policy() -> str:
    """The cancellation policy sentence the cart, order page and e-mails show."""
    return policy_text()


@register.simple_tag
def card_offer() -> dict:
    """What every catalogue card says of the trips: the lowest price, each slot's start."""
    return {
        "price_from": lowest_price(),
        "slots": [
            {
                "label": SLOT_LABELS[slot],
                "start": slot_times(slot)[0],
                "start_text": formats.time_text(slot_times(slot)[0]),
            }
            for slot in PRICES
        ],
    }


@register.filter
def slot_text(slot: str) -> str:
    """上半天 09:00–14:00, "Morning, 9:00–14:00", 午前 9:00–14:00."""
    return formats.slot_text(slot)


@register.filter
def slot_hours(slot: str) -> str:
    """09:00–14:00 (繁體中文), 9:00–14:00 (English, 日本語)."""
    return formats.slot_hours(slot)


@register.simple_tag
def half_day_trip(name: str, url: str, place_id: str) -> dict:
    """The schema.org TouristTrip sold at a place (JSON-LD): one Offer per slot with
    its price per person in TWD; `place_id` is the place's JSON-LD @id."""
    offers = []
    for slot, price in PRICES.items():
        offers.append(
            {
                "@type": "Offer",
                "name": formats.slot_text(slot),
                "price": price,
                "priceCurrency": "TWD",
                "url": url,
                "availability": "https://schema.org/InStock",
            }
        )
    return {
        "@type": "TouristTrip",
        "name": gettext("{name}半日導覽行程").format(name=name),
        "url": url,
        "itinerary": {"@id": place_id},
        "provider": {"@type": "Organization", "name": SITE_NAME},
        "offers": offers,
    }
