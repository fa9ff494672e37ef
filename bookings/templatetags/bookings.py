"""Template tags other apps' pages use to offer a booking, without importing bookings."""

from django import template

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
            {"label": SLOT_LABELS[slot], "start": slot_times(slot)[0]}
            for slot in PRICES
        ],
    }


@register.filter
def twd(amount) -> str:
    """Money as every page writes it (docs/frontend.md, copy guide): NT$ 2,000."""
    return f"NT$ {int(amount):,}"


@register.simple_tag
def half_day_trip(name: str, url: str, place_id: str) -> dict:
    """The schema.org TouristTrip sold at a place (JSON-LD): one Offer per slot with
    its price per person in TWD; `place_id` is the place's JSON-LD @id."""
    offers = []
    for slot, price in PRICES.items():
        start, end = slot_times(slot)
        offers.append(
            {
                "@type": "Offer",
                "name": f"{SLOT_LABELS[slot]} {start}–{end}",
                "price": price,
                "priceCurrency": "TWD",
                "url": url,
                "availability": "https://schema.org/InStock",
            }
        )
    return {
        "@type": "TouristTrip",
        "name": f"{name}半日導覽行程",
        "url": url,
        "itinerary": {"@id": place_id},
        "provider": {"@type": "Organization", "name": SITE_NAME},
        "offers": offers,
    }
