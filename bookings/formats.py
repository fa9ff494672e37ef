"""A slot's hours and label in the active language ("Morning, 9:00–14:00", 午前
9:00–14:00, 上半天 09:00–14:00), beside the formats of money, dates and times that
taipei_trip/formats.py holds (re-exported here for the booking pages and messages)."""

from django.utils.translation import gettext

from bookings.pricing import SLOT_LABELS, slot_times
from taipei_trip.formats import (
    FORMATS,
    date_text,
    day_text,
    money,
    month_day_text,
    number_text,
    time_text,
    timestamp_text,
)

__all__ = [
    "FORMATS",
    "date_text",
    "day_text",
    "money",
    "month_day_text",
    "number_text",
    "slot_hours",
    "slot_text",
    "time_text",
    "timestamp_text",
]


def slot_hours(slot: str) -> str:
    """A slot's hours: 09:00–14:00 (繁體中文), 9:00–14:00."""
    start, end = slot_times(slot)
    return f"{time_text(start)}–{time_text(end)}"


def slot_text(slot: str) -> str:
    """A slot with its hours: 上半天 09:00–14:00, "Morning, 9:00–14:00", 午前 9:00–14:00."""
    return gettext("{label} {hours}").format(
        label=SLOT_LABELS[slot], hours=slot_hours(slot)
    )
