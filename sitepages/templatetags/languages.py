"""The page's language as <html lang> says it, and the header's language switch."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from taipei_trip.i18n import API_LANGUAGE_OF, language_path

register = template.Library()

# What the closed switch shows: short, in each language's own script.
SHORT_NAMES = {"zh-hant": "中文", "en": "EN", "ja": "日本語"}


@register.simple_tag
def language_tag() -> str:
    """The active language in BCP 47 (zh-Hant, en, ja) for `lang` attributes."""
    return API_LANGUAGE_OF.get(translation.get_language(), "zh-Hant")


@register.inclusion_tag("sitepages/_language_switch.html", takes_context=True)
def language_switch(context, path=None, **query) -> dict:
    """Links to this page in every language through /language/<code>, which remembers
    the choice. Pages rendered with a request name their own path and query string;
    cached pages (rendered without one) pass `path` and the query parameters they were
    rendered for. static/js/nav.js puts the address bar's current query in at click
    time."""
    request = context.get("request")
    if path is None:
        path = request.path if request is not None else "/"
        query_string = request.META.get("QUERY_STRING", "") if request else ""
    else:
        query_string = urlencode(
            {name: value for name, value in query.items() if value}
        )
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        target = language_path(path, code) + (
            f"?{query_string}" if query_string else ""
        )
        links.append(
            {
                "code": code,
                "tag": API_LANGUAGE_OF[code],
                "name": name,
                "href": f"{reverse('set-language', args=[code])}?"
                + urlencode({"next": target}),
                "is_current": code == current,
            }
        )
    return {"links": links, "current_short": SHORT_NAMES.get(current, "")}
