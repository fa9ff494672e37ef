"""Catalogue reads, each shaped as the API contract's objects."""

from django.db.models import Count, Prefetch, Q, QuerySet

from attractions.grams import keyword_grams
from attractions.models import (
    Attraction,
    AttractionImage,
    Category,
    MrtStation,
    NameGram,
)

PAGE_SIZE = 12


def attractions_with_relations() -> QuerySet[Attraction]:
    """Attractions with everything attraction_to_dict reads, in two queries per page."""
    return Attraction.objects.select_related("category", "mrt").prefetch_related(
        Prefetch("images", queryset=AttractionImage.objects.order_by("position", "id"))
    )


def search_attractions(
    *, page: int, keyword: str = "", category: str = ""
) -> tuple[list[Attraction], int | None]:
    """One page of attractions and the next page number (None on the last page).

    A keyword matches a station name exactly or any part of an attraction's name, taken as
    literal text (Django escapes `%` and `_` in `icontains`).
    """
    queryset = attractions_with_relations().order_by("id")
    if keyword:
        queryset = queryset.filter(keyword_condition(keyword))
    if category:
        queryset = queryset.filter(category__name=category)
    start = page * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    next_page = page + 1 if len(rows) > PAGE_SIZE else None
    return rows[:PAGE_SIZE], next_page


def keyword_condition(keyword: str) -> Q:
    """The keyword rule, with the name part narrowed through the search index first.

    The index only proposes candidates (those holding every piece of the keyword); the
    literal `icontains` stays the final test, so results equal the plain filter's.
    """
    name_matches = Q(name__icontains=keyword)
    for gram in keyword_grams(keyword):
        holders = NameGram.objects.filter(gram=gram).values("attraction_id")
        name_matches &= Q(pk__in=holders)
    return Q(mrt__name=keyword) | name_matches


def get_attraction(attraction_id: int) -> Attraction | None:
    return attractions_with_relations().filter(pk=attraction_id).first()


def attraction_to_dict(attraction: Attraction) -> dict:
    return {
        "id": attraction.id,
        "name": attraction.name,
        "category": attraction.category.name,
        "description": attraction.description,
        "address": attraction.address,
        "transport": attraction.transport,
        "mrt": attraction.mrt.name if attraction.mrt else None,
        "lat": attraction.lat,
        "lng": attraction.lng,
        "images": [image.src for image in attraction.images.all()],
    }


def first_image(attraction: Attraction) -> str | None:
    """The attraction's first image; reads the prefetched list when there is one."""
    image = next(iter(attraction.images.all()), None)
    return image.src if image else None


def station_names() -> list[str]:
    """Stations with at least one attraction, most attractions first."""
    stations = (
        MrtStation.objects.annotate(count=Count("attractions"))
        .filter(count__gt=0)
        .order_by("-count", "name")
    )
    return [station.name for station in stations]


def category_names() -> list[str]:
    """Categories with at least one attraction, most attractions first."""
    categories = (
        Category.objects.annotate(count=Count("attractions"))
        .filter(count__gt=0)
        .order_by("-count", "name")
    )
    return [category.name for category in categories]
