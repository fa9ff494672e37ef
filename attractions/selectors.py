"""Catalogue reads, each shaped as the API contract's objects.

The public reads answer in the active language (the API's `lang`, the page's URL
prefix): 繁體中文, the contract's own objects, or English or Japanese, where each text
falls back to 繁體中文 without a translation and the objects say which did. Callers that
cache an answer key it on that language (catalogue_cache does).
"""

import json
import math
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cos, Least, Lower, Power, Replace, Sin
from django.db.models.lookups import Exact, IContains

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
from taipei_trip.translated import column, localized, translated_language

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


# The contract's text fields and where attraction_rows reads them, in the contract's
# order; lat, lng and images sit between mrt and the end.
TEXT_FIELDS = {
    "name": "name",
    "category": "category__name",
    "description": "description",
    "address": "address",
    "transport": "transport",
    "mrt": "mrt__name",
}


def attraction_rows(ids: Iterable[int], language: str | None = None) -> list[dict]:
    """The contract's attraction objects for `ids`, by id, in two queries, built from
    the tables (attraction_json.texts_for keeps what this builds).

    Plain `values()` rows with the category and station names joined in, and every
    image of the page in one more query: no model instance is built, which made most
    of a cache miss's cost (92 image objects by prefetch for one page).

    In `language` (en or ja) each text is its translation, or the 繁體中文 where there
    is none, and `untranslated` lists the fields shown in 繁體中文 that way, so a page
    can mark them lang="zh-Hant". Without a language: the contract's objects as ever.
    """
    ids = list(ids)
    if not ids:
        return []
    fields = [*ROW_FIELDS]
    if language:
        fields += [column(path, language) for path in TEXT_FIELDS.values()]
    rows = (
        Attraction.objects.published().filter(pk__in=ids).order_by("id").values(*fields)
    )
    images = image_sources(ids)
    return [attraction_dict(row, images.get(row["id"], []), language) for row in rows]


def attraction_dict(row: dict, images: list[str], language: str | None) -> dict:
    if language is None:
        return {
            "id": row["id"],
            "name": row["name"],
            "category": row["category__name"],
            "description": row["description"],
            "address": row["address"],
            "transport": row["transport"],
            "mrt": row["mrt__name"],
            "lat": row["lat"],
            "lng": row["lng"],
            "images": images,
        }
    data, untranslated = localized_texts(row, TEXT_FIELDS, language)
    return {
        "id": row["id"],
        **data,
        "lat": row["lat"],
        "lng": row["lng"],
        "images": images,
        "untranslated": untranslated,
    }


def localized_texts(
    row: dict, fields: dict[str, str], language: str
) -> tuple[dict, list[str]]:
    """The row's texts under their contract names in `language`, and the names of those
    that fell back to 繁體中文 (a missing station is no text, not a fallback)."""
    data, untranslated = {}, []
    for name, path in fields.items():
        text, fell_back = localized(row, path, language)
        data[name] = text
        if fell_back and text:
            untranslated.append(name)
    return data, untranslated


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
    more, for all of the page, when an edit made some stale). In English or Japanese a
    station or category name is first looked up in its small table (one more query).
    """
    language = translated_language()
    start, stop = page_bounds(page)
    if keyword:
        ids = keyword_ids(
            keyword=keyword,
            category=category,
            start=start,
            stop=stop,
            language=language,
        )
    elif category and language:
        ids = category_page_ids(named_ids(Category, category, language), start, stop)
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
    return attraction_json.texts_for(ids, language), next_page


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


# Stand in for category ids in compiled SQL (ids are positive).
CATEGORY_ID_MARKERS = tuple(range(-8, 0))


def category_page_ids(category_ids: list[int], start: int, stop: int) -> list[int]:
    """`catalogue_ids` of the categories with these ids, through compiled SQL."""
    if not category_ids:
        return []
    if len(category_ids) > len(CATEGORY_ID_MARKERS):  # one name for many: rare
        rows = in_categories(start, stop, *category_ids)
        return list(rows.values_list("id", flat=True))
    rows = compiled_rows(
        in_categories,
        using=Attraction.objects.db,
        shape=(start, stop),
        markers=CATEGORY_ID_MARKERS[: len(category_ids)],
        values=tuple(category_ids),
    )
    return [row[0] for row in rows]


def in_categories(start: int, stop: int, *category_ids: int) -> QuerySet:
    queryset = Attraction.objects.published().filter(category_id__in=category_ids)
    return queryset.order_by("id").values_list("id")[start:stop]


def named_ids(model, name: str, language: str, *, loose: bool = False) -> list[int]:
    """Ids of the categories or stations called `name` in 繁體中文 or in `language`
    (`loose`, for a keyword: Latin letters in any case, 台 and 臺 alike).

    One query on a small table, through SQL compiled once, so the attractions' query
    then filters by constant ids and MariaDB reads them through the station's or
    category's index: given the names as a subquery, it walked the attractions in id
    order instead (20 ms at 100,000).
    """
    rows = compiled_rows(
        names_query,
        using=model.objects.db,
        shape=(model, language, loose),
        markers=(NAME_MARKER,),
        values=(fold_tai(name) if loose else name,),
    )
    return [row[0] for row in rows]


# Stands for a station or category name in compiled SQL: no input holds NUL.
NAME_MARKER = "\x00name\x00"


def names_query(model, language: str, loose: bool, name: str) -> QuerySet:
    """The ids of `model`'s rows named `name` (see named_ids). Compared with `=`, never
    LIKE, so a name's `%` or `_` stays literal in the compiled SQL too."""
    translated = column("name", language)
    if loose:  # `name` comes folded: 台 for 臺
        names = Q(Exact(tai_folded("name"), name)) | Q(
            Exact(Lower(tai_folded(translated)), Lower(Value(name)))
        )
    else:
        names = Q(name=name) | Q(**{translated: name})
    return model.objects.filter(names).order_by().values_list("pk")


def keyword_ids(
    *, keyword: str, category: str, start: int, stop: int, language: str | None = None
) -> list[int]:
    """The ids from position `start` to `stop` (exclusive) of a keyword's matches, by id.

    A keyword matches a station's name exactly (in English or Japanese also its name in
    that language, see `named_ids`) or part of an attraction's name (`name_match_ids`).
    """
    category_ids = None
    if language is None:
        by_station = Attraction.objects.published().filter(mrt__name=keyword)
        if category:
            by_station = by_station.filter(category__name=category)
    else:
        stations = named_ids(MrtStation, keyword, language, loose=True)
        by_station = Attraction.objects.published().filter(mrt_id__in=stations)
        if category:
            category_ids = named_ids(Category, category, language)
            by_station = by_station.filter(category_id__in=category_ids)
    by_name = name_match_ids(keyword, category, language, category_ids)
    station_ids = by_station.order_by("id").values_list("id", flat=True)
    if connection.features.supports_slicing_ordering_in_compound:
        # Both sides are sorted by id, so the union's first `stop` ids come from their
        # first `stop` each (MariaDB then sorts at most 2 x stop ids).
        station_ids, by_name = station_ids[:stop], by_name[:stop]
    else:  # SQLite (development) allows no ORDER BY or LIMIT inside a UNION
        station_ids, by_name = station_ids.order_by(), by_name.order_by()
    # One query; UNION also drops an id found both ways.
    return list(station_ids.union(by_name).order_by("id")[start:stop])


def name_match_ids(
    keyword: str,
    category: str = "",
    language: str | None = None,
    category_ids: list[int] | None = None,
) -> QuerySet:
    """Ids of attractions whose name holds the keyword, by id, through the gram index.

    The index only proposes candidates (those holding every piece of the keyword in
    any language's name); the literal `icontains` stays the final test, so results
    equal the plain filter's: on the 繁體中文 name, or in English or Japanese on that
    language's name or the 繁體中文 one, folding 台 and 臺 together. Each gram is one
    row per attraction (unique), so the joins repeat no id. In English or Japanese the
    category comes as the ids `named_ids` found for it.
    """
    grams = keyword_grams(keyword)
    queryset = NameGram.objects.filter(gram=grams[0])
    for gram in grams[1:]:
        queryset = queryset.filter(attraction__name_grams__gram=gram)
    queryset = queryset.filter(
        published_q("attraction__"), name_holds(keyword, language, "attraction__")
    )
    if category and language is None:
        queryset = queryset.filter(attraction__category__name=category)
    elif category:
        queryset = queryset.filter(attraction__category_id__in=category_ids or [])
    return queryset.order_by("attraction_id").values_list("attraction_id", flat=True)


def name_holds(keyword: str, language: str | None, prefix: str = "") -> Q:
    """The name test of a keyword search (see name_match_ids)."""
    if language is None:
        return Q(**{f"{prefix}name__icontains": keyword})
    names = [f"{prefix}name", f"{prefix}{column('name', language)}"]
    if has_tai(keyword):
        folded = fold_tai(keyword)
        return Q(IContains(tai_folded(names[0]), folded)) | Q(
            IContains(tai_folded(names[1]), folded)
        )
    return Q(**{f"{names[0]}__icontains": keyword}) | Q(
        **{f"{names[1]}__icontains": keyword}
    )


def has_tai(text: str) -> bool:
    return "台" in text or "臺" in text


def fold_tai(text: str) -> str:
    """臺 and 台 are one character to a reader (臺北, 台北): compared as 台."""
    return text.replace("臺", "台")


def tai_folded(field: str) -> Replace:
    return Replace(F(field), Value("臺"), Value("台"))


def attraction_text(attraction_id: int) -> str | None:
    """The contract's attraction object as JSON text, or None (one query when current)."""
    if not 0 < attraction_id <= MAX_ID:  # `pk__in` would overflow the database integer
        return None
    texts = attraction_json.texts_for([attraction_id], translated_language())
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
    return station_list()[0]


def station_list() -> tuple[list[str], list[str]]:
    """`station_names`, and those of them shown in 繁體中文 for want of a translation."""
    return count_ordered_names(MrtStation, translated_language())


def category_names() -> list[str]:
    """Categories with at least one attraction, most attractions first."""
    return category_list()[0]


def category_list() -> tuple[list[str], list[str]]:
    """`category_names`, and those of them shown in 繁體中文 for want of a translation."""
    return count_ordered_names(Category, translated_language())


def count_ordered_names(model, language: str | None) -> tuple[list[str], list[str]]:
    """Names in `language` in the order of their 繁體中文 list, and the fallen-back ones."""
    rows = (
        model.objects.annotate(
            count=Count("attractions", filter=published_q("attractions__"))
        )
        .filter(count__gt=0)
        .order_by("-count", "name")
    )
    if language is None:
        return list(rows.values_list("name", flat=True)), []
    names = [
        localized(row, "name", language)
        for row in rows.values("name", column("name", language))
    ]
    return [name for name, _ in names], [name for name, fell_back in names if fell_back]


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
    language = translated_language()
    for radius in (*NEARBY_RADII_M, None):
        rows = nearby_rows(attraction_id, lat, lng, count, radius, language)
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
    attraction_id: int,
    lat: float,
    lng: float,
    count: int,
    radius: float | None,
    language: str | None = None,
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
    columns = ["name"] if language is None else ["name", column("name", language)]
    # category_name, mrt_name (and category_name_en, mrt_name_en in English).
    names = {
        f"{relation}_{field}": Subquery(
            model.objects.filter(pk=OuterRef(f"{relation}_id")).values(field)
        )
        for relation, model in (("category", Category), ("mrt", MrtStation))
        for field in columns
    }
    rows = (
        Attraction.objects.filter(pk__in=RawSQL(derived, params))  # noqa: S611
        .annotate(
            haversine=haversine,
            **names,
            image_url=Subquery(images.values("url")[:1]),
            image_file=Subquery(images.values("file")[:1]),
        )
        .order_by("haversine", "id")
        .values(
            "id", *columns, *names, "lat", "lng", "haversine", "image_url", "image_file",
        )
    )  # fmt: skip
    return [nearby_dict(row, language) for row in rows]


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


NEARBY_TEXTS = {"name": "name", "category": "category_name", "mrt": "mrt_name"}


def nearby_dict(row: dict, language: str | None = None) -> dict:
    haversine = min(max(row["haversine"], 0.0), 1.0)
    distance = round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(haversine)))
    if language is None:
        texts = {name: row[path] for name, path in NEARBY_TEXTS.items()}
    else:
        texts, untranslated = localized_texts(row, NEARBY_TEXTS, language)
    data = {
        "id": row["id"],
        **texts,
        "lat": row["lat"],
        "lng": row["lng"],
        "image": image_src(row["image_url"], row["image_file"]),
        "distance": distance,
        "walkingMinutes": max(1, math.ceil(distance / WALKING_METRES_PER_MINUTE)),
    }
    if language is not None:
        data["untranslated"] = untranslated
    return data
