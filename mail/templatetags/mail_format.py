"""Filters for e-mail templates only. Money, dates and times are every template's
builtins (taipei_trip/format_filters.py), written in the language the mail is rendered
in (mail.services.render_mail activates it)."""

from django import template
from django.utils.html import conditional_escape, format_html

from taipei_trip.translated import SOURCE_LANG_TAG

register = template.Library()


@register.filter
def in_source_language(text, is_source: bool):
    """HTML mail: a text shown in 繁體中文 for want of a translation, marked
    lang="zh-Hant" so screen readers switch voice; otherwise the text, escaped."""
    if is_source:
        return format_html('<span lang="{}">{}</span>', SOURCE_LANG_TAG, text)
    return conditional_escape(text)
