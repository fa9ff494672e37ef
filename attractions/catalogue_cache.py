"""The anonymous catalogue API's answers, kept as rendered JSON bytes in the Django cache.

Every entry is stored with the catalogue version it was built from. Any save or delete of
an attraction, image, category or station bumps the shared version after its transaction
commits (see `attractions/signals.py`), and an entry whose version is not the current one
is never used. The process that saved sees its edit at once; every other process re-reads
the shared version at least every CATALOGUE_VERSION_CHECK_SECONDS (0.5 s), so a staff edit
in the admin reaches every app server within that. A process-local copy of each entry,
tagged with its version, saves fetching the whole answer. nginx's micro-cache in front
adds its own second (see docs/deployment.md, "Caches and how stale they can be").

Only answers that do not depend on who asks are cached, and only for requests without an
Authorization header: no member's data can ever come out of here.
"""

import hashlib
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalogue:version"
DEFAULT_SECONDS = 300
T = TypeVar("T")
LOCAL_COPIES = 256
# key -> (version, value); only ever used while its version is the current one.
_local_copies: dict[str, tuple] = {}
# [version, monotonic time it was read or set by this process]
_seen: list = []
_bulk_edit: ContextVar[bool] = ContextVar("bulk_catalogue_edit", default=False)


def cache_seconds() -> int:
    """How long an answer may stay; 0 turns the cache off."""
    return int(getattr(settings, "CATALOGUE_CACHE_SECONDS", DEFAULT_SECONDS))


def bump_catalogue_version() -> None:
    """Make every cached catalogue answer stale; called once the change is committed."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    _seen[:] = [version, time.monotonic()]


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


def cached_value(parts: tuple, build: Callable[[], T | None]) -> T | None:
    """The cached value for `parts`, or `build()`'s, stored when it is not None.

    Each process keeps a copy of recent entries tagged with their version: a hit then
    skips fetching and unpickling the whole answer (a 33 kB page cost 1.4 ms through
    redis-py), and a copy whose version is no longer current is never used.
    """
    seconds = cache_seconds()
    if seconds <= 0:
        return build()
    key = entry_key(*parts)
    version = current_version()
    if version is not None:
        local = _local_copies.get(key)
        if local is not None and local[0] == version:
            return local[1]
        entry = cache.get(key)
        if entry is not None and entry[0] == version:
            remember(key, entry)
            return entry[1]
    value = build()
    if value is not None and version is not None:
        cache.set(key, (version, value), seconds)
        remember(key, (version, value))
    return value


def current_version() -> str | None:
    """The shared catalogue version, as read at most CATALOGUE_VERSION_CHECK_SECONDS ago.

    Reading it is a cache round trip, which cost more than the rest of a cached answer; a
    process reuses what it read for that long (0: read it on every call).
    """
    interval = settings.CATALOGUE_VERSION_CHECK_SECONDS
    now = time.monotonic()
    if interval > 0 and _seen and now - _seen[1] < interval:
        return _seen[0]
    version = cache.get(VERSION_KEY)
    if version is None:  # first use, or the cache lost it: start a version
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    _seen[:] = [version, now]
    return version


def remember(key: str, entry: tuple) -> None:
    """Keep a process-local copy; the oldest go first beyond LOCAL_COPIES entries."""
    _local_copies.pop(key, None)
    _local_copies[key] = entry
    while len(_local_copies) > LOCAL_COPIES:
        _local_copies.pop(next(iter(_local_copies)), None)


def cached_bytes(parts: tuple, build: Callable[[], bytes | None]) -> bytes | None:
    """A rendered answer: the bytes are stored, so a hit skips serialising too."""
    return cached_value(("bytes", *parts), build)
