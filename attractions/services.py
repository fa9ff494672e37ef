"""Catalogue writes: importing the Taipei open-data attractions, the name search index."""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from attractions import attraction_json
from attractions.catalogue_cache import bulk_catalogue_edit
from attractions.grams import name_grams
from attractions.models import (
    Attraction,
    AttractionImage,
    Category,
    MrtStation,
    NameGram,
)
from attractions.names import CATEGORY_NAMES, STATION_NAMES, fill_names
from taipei_trip.errors import AppError
from taipei_trip.translated import TRANSLATED_LANGUAGES, column, columns

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")
URL_START = re.compile(r"(?=https?://)", re.IGNORECASE)
SPACES = re.compile(r"[ \t\u3000\u00a0]+")
ALL_WHITESPACE = re.compile(r"\s+")
# Category and station were just fetched and the id checked, so full_clean need not ask
# the database again for each record.
FULL_CLEAN_OPTIONS = {"exclude": ["category", "mrt"], "validate_unique": False}


class ImportDataError(AppError):
    """The source is not the open-data format; nothing was written."""


@dataclass
class ImportedAttraction:
    id: int
    name: str
    category: str
    mrt: str | None
    description: str
    address: str
    transport: str
    lat: float
    lng: float
    images: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    images: int = 0
    stations: int = 0
    categories: int = 0
    # A translation import's records whose attraction is not in the catalogue.
    missing: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def clean_text(value) -> str:
    """Ideographic and doubled spaces become one space; the ends are trimmed."""
    lines = str(value or "").replace("\r\n", "\n").split("\n")
    return "\n".join(SPACES.sub(" ", line).strip() for line in lines).strip()


def clean_label(value) -> str:
    """Short names (category, station) pad with spaces for layout: drop them all."""
    return ALL_WHITESPACE.sub("", str(value or "").replace("\u3000", " "))


def image_urls(glued: str) -> list[str]:
    """The `file` field glues URLs together; keep the pictures, drop audio and video."""
    urls = [part.strip() for part in URL_START.split(glued or "") if part.strip()]
    return [url for url in urls if url.lower().endswith(IMAGE_EXTENSIONS)]


def parse_records(payload, *, label=clean_label) -> list[ImportedAttraction]:
    """Every record of the open-data JSON, checked before anything is written.

    `label` cleans the category and station names: `clean_text` for a translation's
    file, whose names keep their spaces ("Hot Springs").
    """
    records = payload
    if isinstance(payload, dict):
        records = (payload.get("result") or {}).get("results")
    if not isinstance(records, list) or not records:
        raise ImportDataError("no attraction records found (expected result.results)")
    parsed = [
        parse_record(record, index, label=label) for index, record in enumerate(records)
    ]
    ids = [item.id for item in parsed]
    if len(set(ids)) != len(ids):
        raise ImportDataError("the same _id appears twice")
    return parsed


def parse_record(record, index: int, *, label=clean_label) -> ImportedAttraction:
    if not isinstance(record, dict):
        raise ImportDataError(f"record {index} is not an object")
    where = f"record {index} (_id {record.get('_id')!r})"
    try:
        attraction_id = int(record["_id"])
        lat, lng = float(record["latitude"]), float(record["longitude"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportDataError(
            f"{where}: missing or invalid _id/latitude/longitude"
        ) from exc
    name, category = clean_text(record.get("name")), label(record.get("CAT"))
    if attraction_id <= 0 or not name or not category:
        raise ImportDataError(f"{where}: needs a positive _id, a name and a CAT")
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ImportDataError(f"{where}: coordinates out of range")
    return ImportedAttraction(
        id=attraction_id,
        name=name,
        category=category,
        mrt=label(record.get("MRT")) or None,
        description=clean_text(record.get("description")),
        address=clean_text(record.get("address")),
        transport=clean_text(record.get("direction")),
        lat=lat,
        lng=lng,
        images=image_urls(record.get("file", "")),
    )


def import_attractions(
    *, records: list[ImportedAttraction], progress=None
) -> ImportSummary:
    """Create or update every attraction in one transaction; a re-run duplicates nothing."""
    summary = ImportSummary()
    with transaction.atomic(), bulk_catalogue_edit():
        categories = {
            name: Category.objects.get_or_create(name=name)[0]
            for name in sorted({item.category for item in records})
        }
        stations = {
            name: MrtStation.objects.get_or_create(name=name)[0]
            for name in sorted({item.mrt for item in records if item.mrt})
        }
        fill_official_names(categories, stations)
        for number, item in enumerate(records, start=1):
            outcome = save_attraction(
                item, categories[item.category], stations.get(item.mrt)
            )
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            summary.images += len(item.images)
            if progress:
                progress(number, len(records), item, outcome)
    summary.categories, summary.stations = len(categories), len(stations)
    return summary


def fill_official_names(categories, stations) -> None:
    """The English and Japanese names of attractions/names.py for these categories and
    stations where they have none (a new row, or one from before they were kept)."""
    named = fill_names(Category.objects.filter(name__in=categories), CATEGORY_NAMES)
    stops = fill_names(MrtStation.objects.filter(name__in=stations), STATION_NAMES)
    if named or stops:  # bulk_update sends no signal: mark what shows the names
        attraction_json.mark_stale(
            Attraction.objects.filter(Q(category__in=named) | Q(mrt__in=stops))
        )


def save_attraction(item: ImportedAttraction, category, station) -> str:
    """Write one attraction and its remote images; answer created, updated or unchanged."""
    fields = {
        "name": item.name,
        "category": category,
        "mrt": station,
        "description": item.description,
        "address": item.address,
        "transport": item.transport,
        "lat": item.lat,
        "lng": item.lng,
    }
    attraction = Attraction.objects.filter(pk=item.id).first()
    if attraction is None:
        attraction = Attraction(id=item.id, **fields)
        attraction.full_clean(**FULL_CLEAN_OPTIONS)
        attraction.save()
        index_attraction_names(attractions=[attraction], are_new=True)
        replace_remote_images(attraction, item.images)
        return "created"
    changed = [
        name for name, value in fields.items() if getattr(attraction, name) != value
    ]
    remote = list(attraction.images.exclude(url="").values_list("url", flat=True))
    if not changed and remote == item.images:
        return "unchanged"
    for name in changed:
        setattr(attraction, name, fields[name])
    attraction.full_clean(**FULL_CLEAN_OPTIONS)
    attraction.save()
    if "name" in changed:
        index_attraction_names(attractions=[attraction])
    if remote != item.images:
        replace_remote_images(attraction, item.images)
    return "updated"


# What a translation import writes (ImportedAttraction's and the model's field names).
TRANSLATED_FIELDS = ("name", "description", "address", "transport")


def import_translations(
    *, records: list[ImportedAttraction], language: str, progress=None
) -> ImportSummary:
    """Write one language's texts of the attractions in `records` (matched by id) and
    touch nothing else: no other language, no source text, no image.

    A category or station shared by many places gets the file's name in this language
    only while it has none (Taipei Metro's official names come first, attractions/
    names.py, and so does what staff wrote in the admin).
    """
    if language not in TRANSLATED_LANGUAGES:
        raise ImportDataError(f"no translation columns for language {language!r}")
    summary = ImportSummary()
    with transaction.atomic(), bulk_catalogue_edit():
        found = Attraction.objects.in_bulk([item.id for item in records])
        fill_shared_names(found, records, language)
        for number, item in enumerate(records, start=1):
            attraction = found.get(item.id)
            outcome = "missing"
            if attraction is not None:
                outcome = save_translation(attraction, item, language)
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            if progress:
                progress(number, len(records), item, outcome)
    return summary


def fill_shared_names(
    found: dict[int, Attraction], records: list[ImportedAttraction], language: str
) -> None:
    """The categories' and stations' names in `language` from the first record naming
    each, where the row has none yet."""
    name = column("name", language)
    for model, key, label in (
        (Category, "category_id", "category"),
        (MrtStation, "mrt_id", "mrt"),
    ):
        labels = {}
        for item in records:
            attraction = found.get(item.id)
            pk = getattr(attraction, key, None)
            if pk is not None and getattr(item, label):
                labels.setdefault(pk, getattr(item, label))
        for row in model.objects.filter(pk__in=labels, **{name: ""}):
            setattr(row, name, labels[row.pk])
            row.full_clean(validate_unique=False)
            row.save(update_fields=[name])


def save_translation(attraction: Attraction, item: ImportedAttraction, language: str):
    """One attraction's texts in `language`; answers updated or unchanged."""
    changed = []
    for text in TRANSLATED_FIELDS:
        name = column(text, language)
        if getattr(attraction, name) != getattr(item, text):
            setattr(attraction, name, getattr(item, text))
            changed.append(name)
    name = column("name", language)
    if not changed:
        return "unchanged"
    attraction.full_clean(**FULL_CLEAN_OPTIONS)
    attraction.save(update_fields=[*changed, "updated_at"])
    if name in changed:
        index_attraction_names(attractions=[attraction])
    return "updated"


def replace_remote_images(attraction: Attraction, urls: list[str]) -> None:
    """Remote images follow the source; files staff uploaded stay, after them."""
    attraction.images.exclude(url="").delete()
    AttractionImage.objects.bulk_create(
        AttractionImage(attraction=attraction, position=position, url=url)
        for position, url in enumerate(urls)
    )
    # bulk_create sends no post_save: mark the attraction's JSON here.
    attraction_json.mark_stale(Attraction.objects.filter(pk=attraction.pk))
    uploaded = attraction.images.filter(url="").order_by("position", "id")
    for offset, image in enumerate(uploaded, start=len(urls)):
        if image.position != offset:
            image.position = offset
            image.save(update_fields=["position"])


def save_attraction_edit(*, attraction: Attraction, is_new: bool = False) -> None:
    """Save a staff edit (the admin's add or change) and keep the name index current."""
    with transaction.atomic():
        attraction.save()
        index_attraction_names(attractions=[attraction], are_new=is_new)


def name_gram_rows(attractions: Iterable[Attraction]) -> list[NameGram]:
    """The search index rows of these attractions' names in every language: a keyword
    in any of them finds its candidates through one index."""
    return [
        NameGram(gram=gram, attraction_id=attraction.pk)
        for attraction in attractions
        for gram in sorted(
            set().union(*(name_grams(getattr(attraction, n)) for n in columns("name")))
        )
    ]


def index_attraction_names(
    *, attractions: Iterable[Attraction], are_new: bool = False
) -> int:
    """Rewrite the search index rows of these attractions; answers the rows written.

    `are_new` skips deleting rows that cannot exist yet (a just-created attraction).
    Deleting an attraction needs nothing: its rows go with it (on_delete=CASCADE).
    """
    attractions = list(attractions)
    rows = name_gram_rows(attractions)
    # No savepoint inside an import's transaction: two statements, not four.
    with transaction.atomic(savepoint=False):
        if not are_new:
            NameGram.objects.filter(
                attraction_id__in=[attraction.pk for attraction in attractions]
            ).delete()
        NameGram.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)


def rebuild_name_index(*, chunk_size: int = 5000) -> int:
    """Index every attraction again (after bulk inserts that skipped the services)."""
    written = 0
    with transaction.atomic():
        NameGram.objects.all().delete()
        queryset = Attraction.objects.only("id", *columns("name")).order_by("id")
        last_id = 0
        while chunk := list(queryset.filter(id__gt=last_id)[:chunk_size]):
            rows = name_gram_rows(chunk)
            NameGram.objects.bulk_create(
                rows, batch_size=chunk_size, ignore_conflicts=True
            )
            written += len(rows)
            last_id = chunk[-1].pk
    return written


def set_published(
    *, attractions: Iterable[Attraction], is_published: bool
) -> list[Attraction]:
    """Put places on the public site or take them off; answers the ones that changed.

    Orders and carts keep their rows: an unpublished place is only no longer offered.
    """
    changed = []
    with transaction.atomic():
        for attraction in attractions:
            if attraction.is_published == is_published:
                continue
            attraction.is_published = is_published
            # save() rather than update(): the signal bumps the catalogue cache.
            attraction.save(update_fields=["is_published", "updated_at"])
            changed.append(attraction)
    logger.info(
        "attractions %s %s",
        [attraction.pk for attraction in changed],
        "published" if is_published else "unpublished",
    )
    return changed
