"""Filters for e-mail templates: the formats of taipei_trip/formats.py, in the language the
mail is rendered in (mail.services.render_mail activates it)."""

from django import template
from django.utils.html import conditional_escape, format_html

from taipei_trip import formats
from taipei_trip.translated import SOURCE_LANG_TAG

register = template.Library()


@register.filter
def twd(amount: int) -> str:
    """4500 → "NT$ 4,500" (繁體中文), "NT$4,500" (English, 日本語)."""
    return formats.money(amount)


@register.filter
def trip_day(value) -> str:
    """A trip's day: 2026-12-12（星期六）, "Sat, 12 Dec 2026", 2026年12月12日(土)."""
    return formats.day_text(value)


@register.filter
def timestamp(value) -> str:
    """A moment in Taipei time: 2026-12-10 12:00, "10 Dec 2026, 12:00"."""
    return formats.timestamp_text(value)


@register.filter
def month_day(value) -> str:
    """A day, short (subjects): 12 月 12 日, "12 Dec", 12月12日."""
    return formats.month_day_text(value)


@register.filter
def number(value) -> str:
    """A bare amount: 4000 (繁體中文), 4,000 (English, 日本語)."""
    return formats.number_text(value)


@register.filter
def in_source_language(text, is_source: bool):
    """HTML mail: a text shown in 繁體中文 for want of a translation, marked
    lang="zh-Hant" so screen readers switch voice; otherwise the text, escaped."""
    if is_source:
        return format_html('<span lang="{}">{}</span>', SOURCE_LANG_TAG, text)
    return conditional_escape(text)
