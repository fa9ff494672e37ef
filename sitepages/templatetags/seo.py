"""Head tags for search engines and link previews: canonical link, Open Graph, Twitter
card, JSON-LD. Absolute URLs come from SITE_URL (taipei_trip/seo.py says why)."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from taipei_trip.seo import absolute_url, json_ld_text

register = template.Library()


@register.inclusion_tag("sitepages/_seo.html", takes_context=True)
def seo_head(
    context, *, title: str = "", description: str = "", image: str = "", path=None
) -> dict:
    """The share tags of a page. `path` is the canonical path; pages rendered with a
    request default to its path, pages rendered without one (cached) must pass it, and
    "" leaves the canonical link out (an error page). Without a photo of its own a page
    is shared with the site's icon. Once pages have language prefixes, the
    `<link rel="alternate" hreflang>` tags (x-default included) belong here too: every
    page's head comes through this tag."""
    request = context.get("request")
    if path is None and request is not None:
        path = request.path
    return {
        "canonical": absolute_url(path) if path else "",
        "title": title,
        "description": description,
        "image": absolute_url(image) if image else "",
        "icon": absolute_url(static("img/icon-512.png")),
    }


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
