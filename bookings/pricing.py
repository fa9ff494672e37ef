"""The one home of trip prices and the booking window; every price the server uses."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

PRICES = {"morning": 2000, "afternoon": 2500}
SLOT_LABELS = {"morning": "上半天", "afternoon": "下半天"}
# Start and end in Taipei, "HH:MM".
SLOT_TIMES = {"morning": ("09:00", "14:00"), "afternoon": ("14:00", "21:00")}
BOOKING_HORIZON_DAYS = 90

# Trips happen in Taipei, so "today" is Taipei's date whatever the server's TIME_ZONE says.
TAIPEI = ZoneInfo("Asia/Taipei")


def price_for(slot: str) -> int:
    """The price in whole TWD of a half-day trip in this slot (KeyError for other slots)."""
    return PRICES[slot]


def slot_times(slot: str) -> tuple[str, str]:
    """The slot's start and end as "HH:MM" in Taipei."""
    return SLOT_TIMES[slot]


def lowest_price() -> int:
    """The "from" price per person a catalogue card shows."""
    return min(PRICES.values())


def today_in_taipei() -> date:
    return timezone.localdate(timezone=TAIPEI)


def bookable_dates() -> tuple[date, date]:
    """The first and last date a trip can be booked for, both included."""
    today = today_in_taipei()
    return today, today + timedelta(days=BOOKING_HORIZON_DAYS)
