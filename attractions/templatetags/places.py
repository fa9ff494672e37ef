"""Template tags of the attraction page's map and nearby places, and the marks of
catalogue texts shown in 繁體中文 on an English or Japanese page."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from taipei_trip.translated import SOURCE_LANG_TAG

register = template.Library()


@register.simple_tag
def map_options() -> dict:
    """The map's tile source (blank: no tiles) and its provider's notice."""
    return {
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "attribution_url": settings.MAP_TILE_ATTRIBUTION_URL,
    }


@register.simple_tag
def google_maps_url(lat, lng) -> str:
    """Google Maps at these coordinates (its documented Maps URLs, `api=1`)."""
    return "https://www.google.com/maps/search/?" + urlencode(
        {"api": 1, "query": f"{float(lat)},{float(lng)}"}
    )


@register.filter
def distance(metres) -> str:
    """A distance in the active language: 350 公尺 below a kilometre, else 1.2 公里
    (350 m, 1.2 km)."""
    metres = int(metres)
    if metres < 1000:
        return gettext("%(metres)s 公尺") % {"metres": metres}
    kilometres = metres / 1000
    shown = f"{kilometres:.1f}" if kilometres < 10 else f"{round(kilometres)}"
    return gettext("%(kilometres)s 公里") % {"kilometres": shown}


@register.filter
def duration(minutes) -> str:
    """A walk's length: 25 分鐘, or 2 小時 21 分鐘 from an hour on (25 min, 2 hr 21 min)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return gettext("%(minutes)s 分鐘") % {"minutes": rest}
    if not rest:
        return gettext("%(hours)s 小時") % {"hours": hours}
    return gettext("%(hours)s 小時 %(minutes)s 分鐘") % {
        "hours": hours,
        "minutes": rest,
    }


@register.filter
def source_lang(item: dict, field: str) -> str:
    """` lang="zh-Hant"` for an element showing `field` of a catalogue object (an
    attraction, a nearby place) that fell back to 繁體中文 for want of a translation
    (its `untranslated` list), so screen readers switch voice; else nothing."""
    if field in (item or {}).get("untranslated", ()):
        return mark_safe(f' lang="{SOURCE_LANG_TAG}"')  # noqa: S308  (a constant)
    return ""


@register.filter
def in_source_lang(item: dict, field: str) -> str:
    """`field` of a catalogue object as HTML for inside a sentence ("捷運…站"): in a
    `<span lang="zh-Hant">` when it fell back to 繁體中文, else the escaped text."""
    text = (item or {}).get(field) or ""
    if field in (item or {}).get("untranslated", ()):
        return format_html('<span lang="{}">{}</span>', SOURCE_LANG_TAG, text)
    return conditional_escape(text)
