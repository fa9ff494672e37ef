"""The page's language as <html lang> says it, and the header's language switch."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html

from taipei_trip.i18n import API_LANGUAGE_OF, PREFIXED_LANGUAGES, language_path
from taipei_trip.js_catalogue import catalogue_module

register = template.Library()

# What the closed switch shows: short, in each language's own script.
SHORT_NAMES = {"zh-hant": "中文", "en": "EN", "ja": "日本語"}


@register.simple_tag
def language_tag() -> str:
    """The active language in BCP 47 (zh-Hant, en, ja) for `lang` attributes."""
    return API_LANGUAGE_OF.get(translation.get_language(), "zh-Hant")


@register.simple_tag
def page_path(path: str) -> str:
    """`path` in the active language, without the URL resolver (the error pages, which
    must render whatever failed, and paths built from a visitor's input)."""
    return language_path(path, translation.get_language())


@register.simple_tag
def javascript_catalogue_url() -> str:
    """The URL of the active language's JavaScript strings ("" in 繁體中文, the source)."""
    language = translation.get_language()
    if language not in PREFIXED_LANGUAGES:
        return ""
    version = catalogue_module(language)[1]
    return reverse("javascript-catalogue", args=[language, version])


@register.simple_tag
def javascript_catalogue_preload() -> str:
    """Fetches the strings beside the page's modules, not after static/js/i18n.js."""
    url = javascript_catalogue_url()
    return format_html('<link rel="modulepreload" href="{}">', url) if url else ""


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
