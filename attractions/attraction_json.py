"""Each attraction's contract object, encoded once and kept in its own row.

A catalogue answer that misses the cache (after every edit, for rare keywords) would
otherwise join categories and stations, read every image of the page and encode it all,
which made most of a miss's cost. Instead each attraction's object is kept as JSON text
in `AttractionJson`, and a page is the texts of its rows joined (`texts_for`), read
through SQL the ORM compiles once (taipei_trip/compiled.py).

A text is used only while it is current: not emptied by an edit since, and built under
the current format (this module's FORMAT and the media URL, so a code or storage change
rebuilds every row as it is read). The reader that finds a row stale builds it from the
tables (`selectors.attraction_rows`, two queries for all of a page's stale rows) and
writes it back only if the row's revision is still the one it read: every edit bumps the
revision in its own transaction (`mark_stale`, from attractions/signals.py), so a build
from before an edit can never overwrite the edit's mark. Under READ COMMITTED a reader
sees the committed text while an edit is in progress, so it only ever writes rows no open
transaction is editing (and a failed write-back is logged, never the request's error).

Each row holds the object three times: in 繁體中文 (`text`, the contract's answer without
`lang`) and in English and Japanese (`text_en`, `text_ja`, with their own format digest),
read through the same compiled SQL per language; one revision guards all three, and an
edit empties all three.
"""

import hashlib
import json
import logging
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, F, Q, QuerySet, Value, When

from attractions.models import Attraction, AttractionImage, AttractionJson, published_q
from taipei_trip.compiled import compiled_rows
from taipei_trip.paging import PAGE_SIZE
from taipei_trip.translated import TRANSLATED_LANGUAGES, column

logger = logging.getLogger(__name__)

# Change it whenever the contract object's shape changes: every row is rebuilt.
FORMAT = "1"


def current_format() -> str:
    """What a current text was built under: this code's FORMAT and the media URL."""
    storage = AttractionImage._meta.get_field("file").storage
    built_under = f"{FORMAT} {storage.url('attractions/x')}"
    return hashlib.sha256(built_under.encode()).hexdigest()[:16]


def encode(data) -> str:
    """JSON text exactly as the API's json_response writes it."""
    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)


def texts_for(ids: Iterable[int], language: str | None = None) -> list[str]:
    """The JSON texts of the published attractions among `ids`, in the order given, in
    `language` (en or ja; None: 繁體中文, the contract's own objects)."""
    ids = list(ids)
    if not ids:
        return []
    if len(ids) <= PAGE_SIZE:  # a page, or one attraction: through compiled SQL
        padded = (*ids, *[ids[-1]] * (PAGE_SIZE - len(ids)))  # fills the IN list
        rows = compiled_rows(
            stored_rows_in if language else stored_rows,
            using=AttractionJson.objects.db,
            shape=(language,) if language else (),
            markers=ID_MARKERS,
            values=padded,
        )
    else:
        rows = list(stored_rows_in(language, *ids) if language else stored_rows(*ids))
    return current_texts(rows, order=ids, language=language)


# Stand-ins for a page's ids in compiled SQL: distinct (the ORM drops repeats from an IN
# list) and no real id (ids are positive).
ID_MARKERS = tuple(range(-PAGE_SIZE, 0))


def stored_rows(*ids: int) -> QuerySet:
    """(id, text, format, revision) of the published attractions among `ids` that have
    a row."""
    return AttractionJson.objects.filter(
        published_q("attraction__"), attraction_id__in=ids
    ).values_list("attraction_id", "text", "format", "revision")


def stored_rows_in(language: str, *ids: int) -> QuerySet:
    """`stored_rows` with the text and format in `language` (en or ja)."""
    return AttractionJson.objects.filter(
        published_q("attraction__"), attraction_id__in=ids
    ).values_list(
        "attraction_id",
        column("text", language),
        column("format", language),
        "revision",
    )


def current_texts(
    rows: list[tuple], *, order: list[int], language: str | None = None
) -> list[str]:
    """The texts of `rows` (id, text, format, revision) in `order`, each stale one
    built from the tables (two queries for all of them) and kept."""
    from attractions.selectors import attraction_rows  # selectors reads this module

    wanted = current_format()
    revisions, texts = {}, {}
    for attraction_id, text, built_under, revision in rows:
        if revision is not None:
            revisions[attraction_id] = revision
        if text and built_under == wanted:
            texts[attraction_id] = text
    stale = [attraction_id for attraction_id in order if attraction_id not in texts]
    built = {}
    for data in attraction_rows(stale, language) if stale else []:
        texts[data["id"]] = built[data["id"]] = encode(data)
        if data["id"] not in revisions:
            logger.warning("Attraction %s has no JSON row: built each time", data["id"])
    keep(
        {pk: (revisions[pk], text) for pk, text in built.items() if pk in revisions},
        wanted,
        language,
    )
    return [texts[attraction_id] for attraction_id in order if attraction_id in texts]


def keep(
    built: dict[int, tuple[int, str]], built_under: str, language: str | None = None
) -> None:
    """Write the built texts back, in one statement, each unless an edit has bumped its
    row since its revision was read, and skipping rows an open edit holds (an import's
    long transaction): a reader never waits for a lock. SQLite (development) has one
    writer at a time and no row locks, so there the write simply waits its turn."""
    if not built:
        return
    unchanged = Q()
    for pk, (revision, _text) in built.items():
        unchanged |= Q(attraction_id=pk, revision=revision)
    try:
        with transaction.atomic():
            rows = AttractionJson.objects.filter(unchanged)
            if connection.features.has_select_for_update_skip_locked:
                free = rows.select_for_update(skip_locked=True).values_list("pk")
                rows = AttractionJson.objects.filter(unchanged, pk__in=list(free))
            text = Case(
                *(
                    When(attraction_id=pk, then=Value(t))
                    for pk, (_r, t) in built.items()
                )
            )
            rows.update(
                **{
                    column("text", language): text,
                    column("format", language): built_under,
                }
            )
    except DatabaseError:
        logger.warning("Attractions %s: JSON not kept", sorted(built), exc_info=True)


def add_rows(attraction_ids: Iterable[int]) -> None:
    """Every attraction has its (empty) row from the start: a reader only ever updates
    a row, which an edit's bump can then always guard. Called for each new attraction
    (attractions/signals.py); code that bulk-creates attractions calls it itself."""
    AttractionJson.objects.bulk_create(
        [AttractionJson(attraction_id=pk) for pk in attraction_ids],
        ignore_conflicts=True,
        batch_size=5000,
    )


def mark_stale(attractions: QuerySet[Attraction]) -> None:
    """These attractions' texts are out of date: empty them and bump their revisions.

    Called inside the edit's transaction, so the mark commits with the edit.
    """
    AttractionJson.objects.filter(attraction__in=attractions).update(
        text="",
        **{column("text", language): "" for language in TRANSLATED_LANGUAGES},
        revision=F("revision") + 1,
    )
