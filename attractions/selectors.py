"""Catalogue reads, each shaped as the API contract's objects."""

import json
import math
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cos, Least, Power, Sin

from attractions import attraction_json
from attractions.grams import keyword_grams
from attractions.models import (
    Attraction,
    AttractionImage,
    Category,
    MrtStation,
    NameGram,
    image_src,
    published_q,
)
from taipei_trip.compiled import compiled_rows
from taipei_trip.forms import MAX_ID
from taipei_trip.paging import page_bounds, page_of

# What attraction_rows reads: plain values, no model instances.
ROW_FIELDS = (
    "id",
    "name",
    "category__name",
    "mrt__name",
    "description",
    "address",
    "transport",
    "lat",
    "lng",
)


def attraction_rows(ids: Iterable[int]) -> list[dict]:
    """The contract's attraction objects for `ids`, by id, in two queries, built from
    the tables (attraction_json.texts_for keeps what this builds).

    Plain `values()` rows with the category and station names joined in, and every
    image of the page in one more query: no model instance is built, which made most
    of a cache miss's cost (92 image objects by prefetch for one page).
    """
    ids = list(ids)
    if not ids:
        return []
    rows = (
        Attraction.objects.published()
        .filter(pk__in=ids)
        .order_by("id")
        .values(*ROW_FIELDS)
    )
    images = image_sources(ids)
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "category": row["category__name"],
            "description": row["description"],
            "address": row["address"],
            "transport": row["transport"],
            "mrt": row["mrt__name"],
            "lat": row["lat"],
            "lng": row["lng"],
            "images": images.get(row["id"], []),
        }
        for row in rows
    ]


def image_sources(ids: list[int]) -> dict[int, list[str]]:
    """Each attraction's image URLs in order (what AttractionImage.src gives), one query."""
    sources: dict[int, list[str]] = defaultdict(list)
    rows = (
        AttractionImage.objects.filter(attraction_id__in=ids)
        .order_by("attraction_id", "position", "id")
        .values_list("attraction_id", "url", "file")
    )
    for attraction_id, url, file in rows:
        sources[attraction_id].append(image_src(url, file))
    return sources


def search_page(
    *, page: int, keyword: str = "", category: str = ""
) -> tuple[list[str], int | None]:
    """One page of the contract's attraction objects as JSON texts, and the next page
    (None: last).

    A keyword matches a station name exactly or any part of an attraction's name, taken as
    literal text (Django escapes `%` and `_` in `icontains`).

    Two queries whatever the page size: the page's ids (found with queries that touch
    no joined table to sort by: MariaDB otherwise starts from the category join and sorts
    100,000 rows), then their precomputed texts (attractions/attraction_json.py; two
    more, for all of the page, when an edit made some stale).
    """
    start, stop = page_bounds(page)
    if keyword:
        ids = keyword_ids(keyword=keyword, category=category, start=start, stop=stop)
    else:  # the catalogue's own pages: through SQL compiled once per page
        ids = [
            row[0]
            for row in compiled_rows(
                catalogue_ids,
                using=Attraction.objects.db,
                shape=(start, stop),
                markers=(CATEGORY_MARKER,) if category else (),
                values=(category,) if category else (),
            )
        ]
    ids, next_page = page_of(ids, page)
    return attraction_json.texts_for(ids), next_page


def search_attractions(
    *, page: int, keyword: str = "", category: str = ""
) -> tuple[list[dict], int | None]:
    """`search_page` as dicts, for the pages that render them."""
    texts, next_page = search_page(page=page, keyword=keyword, category=category)
    return [json.loads(text) for text in texts], next_page


# Stands for a category name in compiled SQL: no input holds NUL (forms refuse it).
CATEGORY_MARKER = "\x00category\x00"


def catalogue_ids(start: int, stop: int, category: str | None = None) -> QuerySet:
    """The ids from position `start` to `stop` (exclusive) of the published attractions
    (of `category`, if given), by id."""
    queryset = Attraction.objects.published().order_by("id")
    if category is not None:
        queryset = queryset.filter(category__name=category)
    return queryset.values_list("id")[start:stop]


def keyword_ids(*, keyword: str, category: str, start: int, stop: int) -> list[int]:
    """The ids from position `start` to `stop` (exclusive) of a keyword's matches, by id."""
    by_station = Attraction.objects.published().filter(mrt__name=keyword)
    if category:
        by_station = by_station.filter(category__name=category)
    by_name = name_match_ids(keyword, category)
    station_ids = by_station.order_by("id").values_list("id", flat=True)
    if connection.features.supports_slicing_ordering_in_compound:
        # Both sides are sorted by id, so the union's first `stop` ids come from their
        # first `stop` each (MariaDB then sorts at most 2 x stop ids).
        station_ids, by_name = station_ids[:stop], by_name[:stop]
    else:  # SQLite (development) allows no ORDER BY or LIMIT inside a UNION
        station_ids, by_name = station_ids.order_by(), by_name.order_by()
    # One query; UNION also drops an id found both ways.
    return list(station_ids.union(by_name).order_by("id")[start:stop])


def name_match_ids(keyword: str, category: str = "") -> QuerySet:
    """Ids of attractions whose name holds the keyword, by id, through the gram index.

    The index only proposes candidates (those holding every piece of the keyword); the
    literal `icontains` stays the final test, so results equal the plain filter's. Each
    gram is one row per attraction (unique), so the joins repeat no id.
    """
    grams = keyword_grams(keyword)
    queryset = NameGram.objects.filter(gram=grams[0])
    for gram in grams[1:]:
        queryset = queryset.filter(attraction__name_grams__gram=gram)
    queryset = queryset.filter(
        published_q("attraction__"), attraction__name__icontains=keyword
    )
    if category:
        queryset = queryset.filter(attraction__category__name=category)
    return queryset.order_by("attraction_id").values_list("attraction_id", flat=True)


def attraction_text(attraction_id: int) -> str | None:
    """The contract's attraction object as JSON text, or None (one query when current)."""
    if not 0 < attraction_id <= MAX_ID:  # `pk__in` would overflow the database integer
        return None
    texts = attraction_json.texts_for([attraction_id])
    return texts[0] if texts else None


def get_attraction(attraction_id: int) -> dict | None:
    """`attraction_text` as a dict, for the page that renders it."""
    text = attraction_text(attraction_id)
    return json.loads(text) if text is not None else None


def first_image(attraction: Attraction) -> str | None:
    """The attraction's first image; reads the prefetched list when there is one."""
    image = next(iter(attraction.images.all()), None)
    return image.src if image else None


def station_names() -> list[str]:
    """Stations with at least one attraction, most attractions first.

    Counting groups every attraction (8 ms on 100,000): callers keep the answer they
    render in the catalogue cache (`/api/mrts`, the home page), not this list again.
    """
    return count_ordered_names(MrtStation)


def category_names() -> list[str]:
    """Categories with at least one attraction, most attractions first."""
    return count_ordered_names(Category)


def count_ordered_names(model) -> list[str]:
    rows = (
        model.objects.annotate(
            count=Count("attractions", filter=published_q("attractions__"))
        )
        .filter(count__gt=0)
        .order_by("-count", "name")
        .values_list("name", flat=True)
    )
    return list(rows)


# Nearby places. The mean Earth radius (IUGG), in metres.
EARTH_RADIUS_M = 6_371_008.8
NEARBY_COUNT = 4
# Walking time assumes 4.5 km/h (75 m a minute), an unhurried visitor's pace, along the
# great-circle line: streets are longer, so it is the least the walk takes.
WALKING_METRES_PER_MINUTE = 75
# The boxes searched in turn: the first holds the 4 nearest in any dense catalogue (one
# query); a sparser neighbourhood widens to the next, and past the last every published
# attraction is a candidate.
NEARBY_RADII_M = (1_000, 4_000, 16_000, 64_000)
DEGREE = math.pi / 180


def nearby_attractions(
    *, attraction_id: int, lat: float, lng: float, count: int = NEARBY_COUNT
) -> list[dict]:
    """The `count` published attractions closest to (lat, lng) by great-circle
    distance, nearest first, leaving out `attraction_id` itself.

    Each is `{"id", "name", "category", "mrt", "lat", "lng", "image", "distance",
    "walkingMinutes"}`, distance in whole metres. One query when the first box (a
    square of 2 x NEARBY_RADII_M[0] around the point, read through the (lat, lng)
    index) holds `count` places within its radius; else one more query per wider box.
    Only places within a box's inscribed circle count from it, so the answer equals
    sorting every attraction by distance.
    """
    for radius in (*NEARBY_RADII_M, None):
        rows = nearby_rows(attraction_id, lat, lng, count, radius)
        if len(rows) == count or radius is None:
            return rows
    raise AssertionError("unreachable: the last search has no radius")


def nearby_published(attraction_id: int) -> list[dict] | None:
    """The published attraction's nearby places, or None when it is not one (two
    queries: its coordinates, then `nearby_attractions`)."""
    if not 0 < attraction_id <= MAX_ID:
        return None
    center = (
        Attraction.objects.published()
        .filter(pk=attraction_id)
        .values_list("lat", "lng")
        .first()
    )
    if center is None:
        return None
    return nearby_attractions(attraction_id=attraction_id, lat=center[0], lng=center[1])


def nearby_rows(
    attraction_id: int, lat: float, lng: float, count: int, radius: float | None
) -> list[dict]:
    """One query: the nearest `count` within `radius` metres (None: anywhere).

    A derived table picks their ids first, so the names and first photo (correlated
    subqueries, not joins: given a join, MariaDB starts from the category table and
    reads every attraction of each category rather than the box through the (lat,
    lng) index) are looked up for those few rows, not for every row in the box.
    """
    haversine = haversine_term(lat, lng)
    nearest = (
        Attraction.objects.published()
        .exclude(pk=attraction_id)
        .annotate(haversine=haversine)
    )
    if radius is not None:
        nearest = nearest.filter(
            **bounding_box(lat, lng, radius),
            haversine__lte=math.sin(radius / EARTH_RADIUS_M / 2) ** 2,
        )
    sql, params = (
        nearest.order_by("haversine", "id").values("id")[:count].query.sql_with_params()
    )
    images = AttractionImage.objects.filter(attraction=OuterRef("pk")).order_by(
        "position", "id"
    )
    # MariaDB takes no LIMIT in an IN subquery, but does in a derived table inside one.
    # `sql` is the ORM's own compiled query; every value stays in `params`.
    derived = f"SELECT id FROM ({sql}) AS nearest"  # noqa: S608
    rows = (
        Attraction.objects.filter(pk__in=RawSQL(derived, params))  # noqa: S611
        .annotate(
            haversine=haversine,
            category_name=Subquery(
                Category.objects.filter(pk=OuterRef("category_id")).values("name")
            ),
            mrt_name=Subquery(
                MrtStation.objects.filter(pk=OuterRef("mrt_id")).values("name")
            ),
            image_url=Subquery(images.values("url")[:1]),
            image_file=Subquery(images.values("file")[:1]),
        )
        .order_by("haversine", "id")
        .values(
            "id", "name", "category_name", "mrt_name", "lat", "lng", "haversine",
            "image_url", "image_file",
        )
    )  # fmt: skip
    return [nearby_dict(row) for row in rows]


def haversine_term(lat: float, lng: float):
    """a = sin²(Δφ/2) + cos φ0 cos φ sin²(Δλ/2) from (lat, lng) to each row's place.

    The distance, 2R asin √a, grows with a, so the database filters and sorts on a.
    """
    phi, lam = F("lat") * DEGREE, F("lng") * DEGREE
    return Least(
        Power(Sin((phi - Value(lat * DEGREE)) / 2), 2)
        + Value(math.cos(lat * DEGREE))
        * Cos(phi)
        * Power(Sin((lam - Value(lng * DEGREE)) / 2), 2),
        Value(1.0),
    )


def bounding_box(lat: float, lng: float, radius: float) -> dict:
    """Filters for the smallest latitude/longitude box holding the circle of `radius`
    metres around the point (no longitude bound when it holds a pole or crosses 180°)."""
    angle = radius / EARTH_RADIUS_M  # the circle's radius as an angle, in radians
    box = {"lat__gte": lat - angle / DEGREE, "lat__lte": lat + angle / DEGREE}
    if abs(lat) * DEGREE + angle >= math.pi / 2:
        return box
    half_width = math.asin(min(1.0, math.sin(angle) / math.cos(lat * DEGREE))) / DEGREE
    if -180 <= lng - half_width and lng + half_width <= 180:
        box.update(lng__gte=lng - half_width, lng__lte=lng + half_width)
    return box


def nearby_dict(row: dict) -> dict:
    haversine = min(max(row["haversine"], 0.0), 1.0)
    distance = round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(haversine)))
    return {
        "id": row["id"],
        "name": row["name"],
        "category": row["category_name"],
        "mrt": row["mrt_name"],
        "lat": row["lat"],
        "lng": row["lng"],
        "image": image_src(row["image_url"], row["image_file"]),
        "distance": distance,
        "walkingMinutes": max(1, math.ceil(distance / WALKING_METRES_PER_MINUTE)),
    }
