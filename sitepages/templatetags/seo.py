"""Head tags for search engines and link previews: canonical link, Open Graph, Twitter
card, JSON-LD. Absolute URLs come from SITE_URL (taipei_trip/seo.py says why)."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from taipei_trip.i18n import API_LANGUAGE_OF, language_path
from taipei_trip.seo import absolute_url, json_ld_text

register = template.Library()


@register.inclusion_tag("sitepages/_seo.html", takes_context=True)
def seo_head(
    context, *, title: str = "", description: str = "", image: str = "", path=None
) -> dict:
    """The share tags of a page. `path` is the canonical path, with or without its
    language prefix (the active language's is put on); pages rendered with a request
    default to its path, pages rendered without one (cached) must pass it, and "" leaves
    the canonical link and the alternates out (an error page). Without a photo of its
    own a page is shared with the site's icon. Every page's head comes through here, so
    every page lists itself in the three languages (hreflang, x-default the 繁體中文
    page at the plain URL)."""
    request = context.get("request")
    if path is None and request is not None:
        path = request.path
    language = translation.get_language()
    return {
        "canonical": absolute_url(language_path(path, language)) if path else "",
        "alternates": alternates(path) if path else [],
        "og_locale": OG_LOCALES.get(language, OG_LOCALES[settings.LANGUAGE_CODE]),
        "og_alternate_locales": [
            locale for code, locale in OG_LOCALES.items() if code != language
        ],
        "title": title,
        "description": description,
        "image": absolute_url(image) if image else "",
        "icon": absolute_url(static("img/icon-512.png")),
    }


# Open Graph wants territory locales.
OG_LOCALES = {"zh-hant": "zh_TW", "en": "en_US", "ja": "ja_JP"}


def alternates(path: str) -> list[dict]:
    """hreflang (BCP 47, as in <html lang>) and absolute URL of the page in every
    language, then x-default: the 繁體中文 page, where a visitor without a choice lands."""
    links = [
        {
            "hreflang": API_LANGUAGE_OF[code],
            "href": absolute_url(language_path(path, code)),
        }
        for code, _name in settings.LANGUAGES
    ]
    default = absolute_url(language_path(path, settings.LANGUAGE_CODE))
    return [*links, {"hreflang": "x-default", "href": default}]


@register.simple_tag
def json_ld(*items) -> SafeString:
    """A JSON-LD block of schema.org `items` (dicts, or lists of them) in one @graph:
    a data block the browser never runs, so the CSP's script-src does not apply."""
    graph = [
        item
        for group in items
        for item in (group if isinstance(group, list) else [group])
    ]
    data = {"@context": "https://schema.org", "@graph": graph}
    return format_html(
        '<script type="application/ld+json">{}</script>',
        SafeString(json_ld_text(data)),
    )
