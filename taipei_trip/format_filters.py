"""Template filters for money, dates and times in the active language (taipei_trip/formats.py).

A builtin of every template (settings.TEMPLATES' "builtins"): pages and e-mails write
these the same way, so they live once, here, rather than in each app's tag library.
"""

from django import template

from taipei_trip import formats

register = template.Library()


@register.filter
def twd(amount) -> str:
    """Money in the active language: NT$ 2,000 (繁體中文), NT$2,500 (English, 日本語)."""
    return formats.money(amount)


@register.filter
def number(value) -> str:
    """A bare amount: 4000 (繁體中文), 4,000 (English, 日本語)."""
    return formats.number_text(value)


@register.filter
def trip_date(value) -> str:
    """2026-12-12, "Sat, 12 Dec 2026", 2026年12月12日(土)."""
    return formats.date_text(value)


@register.filter
def trip_day(value) -> str:
    """A trip's day with its weekday: 2026-12-12（星期六）, "Sat, 12 Dec 2026"."""
    return formats.day_text(value)


@register.filter
def month_day(value) -> str:
    """A day, short (subjects): 12 月 12 日, "12 Dec", 12月12日."""
    return formats.month_day_text(value)


@register.filter
def timestamp(value) -> str:
    """A moment in Taipei time: 2026-12-10 12:00, "10 Dec 2026, 12:00"."""
    return formats.timestamp_text(value)


@register.filter
def clock(hhmm: str) -> str:
    """A "HH:MM" time as the language writes it: 09:00, 9:00."""
    return formats.time_text(hhmm)
