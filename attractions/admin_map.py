"""The coordinates preview on the attraction admin page: the place among the others.

Drawn on the server as SVG from the catalogue's own coordinates (no map tiles, which
would need a third-party server); static/js/admin-map.js moves the marker as staff type.
A link opens the point on a full map (MAP_LINK_URL).
"""

from django.conf import settings
from django.utils.html import format_html, format_html_join

from attractions.models import Attraction

WIDTH, HEIGHT = 320, 240
MARGIN = 0.01  # degrees around the catalogue's extent


def extent() -> tuple[float, float, float, float]:
    """West, south, east, north of every attraction, with a margin."""
    points = list(Attraction.objects.values_list("lng", "lat"))
    if not points:
        return 121.45, 24.95, 121.65, 25.2
    lngs, lats = zip(*points, strict=True)
    return (
        min(lngs) - MARGIN,
        min(lats) - MARGIN,
        max(lngs) + MARGIN,
        max(lats) + MARGIN,
    )


def coordinates_preview(attraction: Attraction | None) -> str:
    west, south, east, north = extent()
    others = Attraction.objects.exclude(pk=getattr(attraction, "pk", None))
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="2" class="map-preview__other"/>',
        (
            project(lng, lat, west, south, east, north)
            for lng, lat in others.values_list("lng", "lat")[:2000]
        ),
    )
    x, y = (
        project(attraction.lng, attraction.lat, west, south, east, north)
        if attraction and attraction.lat is not None and attraction.lng is not None
        else (-100, -100)
    )
    return format_html(
        '<figure class="map-preview" data-map-preview data-west="{}" data-south="{}" '
        'data-east="{}" data-north="{}" data-link="{}">'
        '<svg viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-labelledby="map-preview-caption">'
        '<rect width="100%" height="100%" class="map-preview__ground"/>{}'
        '<g data-map-marker transform="translate({} {})">'
        '<circle r="9" class="map-preview__ring"/><circle r="4" class="map-preview__here"/>'
        "</g></svg>"
        '<figcaption id="map-preview-caption">灰點為其他景點，圈為此景點 '
        "Grey dots: other places; the ring: this one. "
        '<a data-map-link href="{}" target="_blank" rel="noopener">在地圖上開啟 Open on a map</a>'
        "</figcaption></figure>",
        west,
        south,
        east,
        north,
        settings.MAP_LINK_URL,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        dots,
        x,
        y,
        map_link(attraction),
    )


def project(lng, lat, west, south, east, north) -> tuple[str, str]:
    x = (lng - west) / (east - west) * WIDTH
    y = (north - lat) / (north - south) * HEIGHT
    return f"{x:.1f}", f"{y:.1f}"


def map_link(attraction: Attraction | None) -> str:
    if attraction is None or attraction.lat is None:
        return "#"
    return settings.MAP_LINK_URL.format(lat=attraction.lat, lng=attraction.lng)
