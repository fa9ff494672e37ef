"""How money, dates and times read in each language: the one home of these formats for
pages, e-mails and messages, in the active language (a page's, the API request's `lang`,
or the one a mail is rendered in). Slots, which need the trip rules, are in
bookings/formats.py; templates use both through `{% load bookings %}` and
`{% load mail_format %}`.

繁體中文 keeps the copy guide's forms (NT$ 2,000, 2026-12-12, 09:00); English and
Japanese read as their travel sites write them (NT$2,500, "Sat, 12 Dec 2026" /
2026年12月12日(土), 9:00). Here rather than in bookings so that mail, to the left of
bookings in the import direction (docs/architecture.md), can use them too.
"""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import formats, timezone, translation

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
