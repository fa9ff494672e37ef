"""The anonymous catalogue API's answers, kept as rendered JSON bytes in the Django cache.

Every entry is stored with the catalogue version it was built from, and the version is read
in the same round trip as the entry (`get_many`), so a hit costs one cache query. Any save or
delete of an attraction, image, category or station bumps the version after its transaction
commits (see `attractions/signals.py`), so the next request rebuilds: a staff edit in the
admin is visible at once at the application level. nginx's micro-cache in front adds at most
its own few seconds (see docs/deployment.md).

Only answers that do not depend on who asks are cached, and only for requests without an
Authorization header: no member's data can ever come out of here.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalogue:version"
DEFAULT_SECONDS = 300
_bulk_edit: ContextVar[bool] = ContextVar("bulk_catalogue_edit", default=False)


def cache_seconds() -> int:
    """How long an answer may stay; 0 turns the cache off."""
    return int(getattr(settings, "CATALOGUE_CACHE_SECONDS", DEFAULT_SECONDS))


def bump_catalogue_version() -> None:
    """Make every cached catalogue answer stale; called once the change is committed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_catalogue_version_on_commit() -> None:
    """Bump after the surrounding transaction commits (at once outside of one).

    Bumping before the commit would let a request read the old rows under the new
    version and keep them cached until the next edit. Inside `bulk_catalogue_edit()`
    the one bump at its end stands for all.
    """
    if not _bulk_edit.get():
        transaction.on_commit(bump_catalogue_version)


@contextmanager
def bulk_catalogue_edit() -> Iterator[None]:
    """Many saves (an import) register one version bump instead of one per row."""
    token = _bulk_edit.set(True)
    try:
        yield
    finally:
        _bulk_edit.reset(token)
    transaction.on_commit(bump_catalogue_version)


def entry_key(*parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"catalogue:answer:{digest}"


def cached_bytes(parts: tuple, build: Callable[[], bytes | None]) -> bytes | None:
    """The cached answer for `parts`, or `build()`'s, stored when it is not None."""
    seconds = cache_seconds()
    if seconds <= 0:
        return build()
    key = entry_key(*parts)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    body = build()
    if body is not None:
        cache.set(key, (version, body), seconds)
    return body
