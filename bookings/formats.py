"""How money, dates, times and slots read in each language: the one home of these
formats for pages, e-mails and messages (the template filters of `{% load bookings %}`
and `{% load mail_format %}` call these).

繁體中文 keeps the copy guide's forms (NT$ 2,000, 2026-12-12, 上半天 09:00–14:00);
English and Japanese read as their travel sites write them (NT$2,500, "Sat, 12 Dec
2026" / 2026年12月12日(土), "Morning, 9:00–14:00" / 午前 9:00–14:00). The active
language decides: a page's, the API request's `lang`, or the one a mail is rendered in.
"""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from bookings.pricing import SLOT_LABELS, slot_times

# Django date-format characters (the `date` filter's), per language; names of days and
# months come from Django's own catalogues in the active language.
FORMATS = {
    "zh-hant": {
        "date": "Y-m-d",  # in lists and messages
        "month_day": "n 月 j 日",
        "day": "Y-m-d（D）",  # a trip's day, with its weekday (e-mails)
        "timestamp": "Y-m-d H:i",
        "time": "H:i",
        "money": "NT$ {amount}",
        "number": "{n}",
    },
    "en": {
        "date": "D, j M Y",
        "month_day": "j M",
        "day": "D, j M Y",
        "timestamp": "j M Y, G:i",
        "time": "G:i",
        "money": "NT${amount}",
        "number": "{n:,}",
    },
    "ja": {
        "date": "Y年n月j日(D)",
        "month_day": "n月j日",
        "day": "Y年n月j日(D)",
        "timestamp": "Y年n月j日 G:i",
        "time": "G:i",
        "money": "NT${amount}",
        "number": "{n:,}",
    },
}


def _formats() -> dict[str, str]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return FORMATS.get(language.lower(), FORMATS["zh-hant"])


def money(amount) -> str:
    """Whole New Taiwan dollars: "NT$ 2,000" in 繁體中文, "NT$2,500" in English and
    Japanese."""
    return _formats()["money"].format(amount=f"{int(amount):,}")


def number_text(value) -> str:
    """A bare amount in running text: 4000 (as 繁體中文 mail has always written it),
    4,000 in English and Japanese."""
    return _formats()["number"].format(n=int(value))


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date_text(value: date) -> str:
    """A date in a list or a message: 2026-12-12, "Sat, 12 Dec 2026", 2026年12月12日(土)."""
    return formats.date_format(_local(value), _formats()["date"])


def month_day_text(value: date) -> str:
    """A day of this year, short: 12 月 12 日, "12 Dec", 12月12日."""
    return formats.date_format(_local(value), _formats()["month_day"])


def day_text(value: date) -> str:
    """A trip's day with its weekday: 2026-12-12（星期六）, "Sat, 12 Dec 2026"."""
    return formats.date_format(_local(value), _formats()["day"])


def timestamp_text(value: datetime) -> str:
    """A moment, in Taipei time: 2026-12-10 12:00, "10 Dec 2026, 12:00"."""
    return formats.date_format(_local(value), _formats()["timestamp"])


def time_text(hhmm: str) -> str:
    """A clock time given as "HH:MM": 09:00 in 繁體中文, 9:00 in English and Japanese."""
    return formats.time_format(time.fromisoformat(hhmm), _formats()["time"])


def slot_hours(slot: str) -> str:
    """A slot's hours: 09:00–14:00 (繁體中文), 9:00–14:00."""
    start, end = slot_times(slot)
    return f"{time_text(start)}–{time_text(end)}"


def slot_text(slot: str) -> str:
    """A slot with its hours: 上半天 09:00–14:00, "Morning, 9:00–14:00", 午前 9:00–14:00."""
    return gettext("{label} {hours}").format(
        label=SLOT_LABELS[slot], hours=slot_hours(slot)
    )
