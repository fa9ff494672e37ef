"""The one home of trip prices, slot times, the booking window and its cut-off, party
size and the cancellation deadline; every rule the server applies to a slot's time."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

PRICES = {"morning": 2000, "afternoon": 2500}
SLOT_LABELS = {"morning": _("上半天"), "afternoon": _("下半天")}
BOOKING_HORIZON_DAYS = 90

# Trips happen in Taipei, so "today" is Taipei's date whatever the server's TIME_ZONE says.
TAIPEI = ZoneInfo("Asia/Taipei")


def price_for(slot: str) -> int:
    """The price per person in whole TWD of a half-day trip in this slot (KeyError for
    other slots)."""
    return PRICES[slot]


def total_price(slot: str, participants: int = 1) -> int:
    """What a booking of this slot for this many people costs: per person × people."""
    return price_for(slot) * participants


def max_participants() -> int:
    return settings.TRIP_MAX_PARTICIPANTS


def slot_times(slot: str) -> tuple[str, str]:
    """The slot's start and end as "HH:MM" in Taipei (settings.TRIP_SLOT_TIMES)."""
    start, end = settings.TRIP_SLOT_TIMES[slot]
    return start, end


def _at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=TAIPEI)


def slot_start(day: date, slot: str) -> datetime:
    """When a trip of this date and slot starts (aware, Taipei)."""
    return _at(day, slot_times(slot)[0])


def slot_end(day: date, slot: str) -> datetime:
    return _at(day, slot_times(slot)[1])


def booking_cutoff(day: date, slot: str) -> datetime:
    """The last moment this trip can be booked or paid."""
    minutes = settings.TRIP_BOOKING_CUTOFF_MINUTES
    return slot_start(day, slot) - timedelta(minutes=minutes)


def is_past_cutoff(day: date, slot: str, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= booking_cutoff(day, slot)


def cancellation_deadline(day: date, slot: str) -> datetime:
    """Until when a member may cancel this trip themselves, for a full refund."""
    hours = settings.TRIP_FREE_CANCELLATION_HOURS
    return slot_start(day, slot) - timedelta(hours=hours)


def is_cancellable(day: date, slot: str, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) < cancellation_deadline(day, slot)


def lowest_price() -> int:
    """The "from" price per person a catalogue card shows."""
    return min(PRICES.values())


def today_in_taipei() -> date:
    return timezone.localdate(timezone=TAIPEI)


def bookable_dates() -> tuple[date, date]:
    """The first and last date a trip can be booked for, both included."""
    today = today_in_taipei()
    return today, today + timedelta(days=BOOKING_HORIZON_DAYS)


def policy_text() -> str:
    """The cancellation policy in one sentence, as every page and e-mail says it."""
    hours = settings.TRIP_FREE_CANCELLATION_HOURS
    cancel = ngettext(
        "行程開始前 {hours} 小時以前取消可全額退款；之後不接受取消，亦不退款。",
        "行程開始前 {hours} 小時以前取消可全額退款；之後不接受取消，亦不退款。",
        hours,
    ).format(hours=hours)
    cutoff = gettext("每個時段於開始前 {cutoff}截止預訂。").format(cutoff=cutoff_text())
    # Chinese sentences follow each other without a space; English ones need one.
    return gettext("{cancel}{cutoff}").format(cancel=cancel, cutoff=cutoff)


def cutoff_text() -> str:
    """The cut-off as members read it: "2 小時", or "90 分鐘" when not whole hours."""
    minutes = settings.TRIP_BOOKING_CUTOFF_MINUTES
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("{count} 小時", "{count} 小時", hours).format(count=hours)
    return ngettext("{count} 分鐘", "{count} 分鐘", minutes).format(count=minutes)
