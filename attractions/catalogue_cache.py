"""Catalogue answers (API JSON and public pages) kept as rendered bytes in the shared cache.

The whole interface:

- `cached_bytes(key, build)`: the bytes for `key`, a tuple of *validated* request
  parameters, in the active language (the API's `lang`, a page's URL prefix: part of
  every entry's key), from the cache or from `build()`. `build()` may return `uncached(body)`
  for an answer not worth keeping (an empty search) and raises for an error answer,
  which is never kept either.
- `invalidate_on_commit()`: the catalogue changed; every entry is stale once the
  transaction commits (`attractions/signals.py` calls it on every save and delete).
- `bulk_catalogue_edit()`: many changes (an import) that invalidate once at the end.

An answer is the same for everyone who asks, so nothing here knows who asks: callers
pass parameters, never a request or a member, and no member's data can enter an entry.

Invalidation: each entry is stored with the catalogue version it was built from, and a
version change makes every older entry unusable. The version is bumped only after the
edit commits (bumping earlier would let a request read the old rows under the new
version). The process that saved sees its edit at once; every other app process re-reads
the shared version at least every CATALOGUE_VERSION_CHECK_SECONDS, so an admin edit
reaches every app server within that bound (nginx's micro-cache adds its own second;
docs/deployment.md, "Caches and how stale they can be"). Each process keeps a copy of
the entries it served lately, used only while their version is still the current one:
a hit then costs no cache round trip at all.

Releases: keys name the release (taipei_trip/release.py), so after a deploy, and on an
app server still running the old release during a rolling one, each serves only pages
its own templates, catalogues and static file names rendered.

Bounds: keys are built from validated parameters, so junk query parameters map to the
entry they would have hit anyway; empty answers are not kept; and at most
CATALOGUE_CACHE_MAX_ENTRIES entries are stored per CATALOGUE_CACHE_SECONDS window, so at
most twice that many exist at once, whatever a client sends.

Outage: when the cache cannot be reached (Redis down or timing out), answers are built
from the database as if the cache were off, never a 500. An edit committed during an
outage cannot bump the version; such an edit shows within CATALOGUE_CACHE_SECONDS.
"""

import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from taipei_trip.cache import CACHE_ERRORS
from taipei_trip.release import release_digest

logger = logging.getLogger(__name__)

VERSION_KEY = "catalogue:version"
STORED_KEY = "catalogue:stored"
# Part of every entry's key: a change of what an answer holds changes this.
FORMAT = "v2"

_bulk_edit: ContextVar[bool] = ContextVar("bulk_catalogue_edit", default=False)


class uncached(bytes):  # noqa: N801  (reads as a marker: `return uncached(body)`)
    """An answer to return but not to keep (an empty search result)."""


class ProcessCopies:
    """This process's copies of recent entries and the shared version it last read.

    A copy is only ever used while its version is the one read from the shared cache
    within CATALOGUE_VERSION_CHECK_SECONDS, so a version change elsewhere (another
    process's edit, or a test's database rollback) retires every copy at once.
    """

    def __init__(self, size: int = 128):
        self.size = size
        self.entries: dict[str, tuple[str, bytes]] = {}
        self.version: tuple[str, float] | None = None
        self.lock = threading.Lock()

    def get(self, key: str, version: str) -> bytes | None:
        entry = self.entries.get(key)
        return entry[1] if entry is not None and entry[0] == version else None

    def put(self, key: str, version: str, body: bytes) -> None:
        with self.lock:
            self.entries.pop(key, None)
            self.entries[key] = (version, body)
            while len(self.entries) > self.size:
                del self.entries[next(iter(self.entries))]

    def current_version(self) -> str | None:
        """The shared version (None while the cache is unreachable), re-read when due."""
        interval = settings.CATALOGUE_VERSION_CHECK_SECONDS
        now = time.monotonic()
        seen = self.version
        if seen is not None and interval > 0 and now - seen[1] < interval:
            return seen[0]
        try:
            version = cache.get(VERSION_KEY)
            if version is None:  # first use, or the cache lost it: start a version
                cache.add(VERSION_KEY, uuid.uuid4().hex, None)
                version = cache.get(VERSION_KEY)
        except CACHE_ERRORS:
            logger.warning("Catalogue cache unreachable: answering from the database")
            self.version = None
            return None
        self.version = (version, now) if version is not None else None
        return version

    def saw(self, version: str) -> None:
        self.version = (version, time.monotonic())


# One per process, shared by its threads. Nothing needs resetting: every copy is checked
# against the shared version (see ProcessCopies).
copies = ProcessCopies()


def cache_seconds() -> int:
    """How long an entry may stay; 0 turns the cache off."""
    return settings.CATALOGUE_CACHE_SECONDS


def entry_key(key: tuple) -> str:
    """The cache key of an answer: its parameters, this code's FORMAT and the release
    (taipei_trip/release.py), so another release's templates never answer."""
    named = (FORMAT, release_digest(), *key)
    digest = hashlib.sha256(repr(named).encode("utf-8", "surrogatepass"))
    return f"catalogue:answer:{digest.hexdigest()}"


def cached_bytes(key: tuple, build: Callable[[], bytes]) -> bytes:
    """The answer for `key` (validated parameters only) in the active language, from
    the cache or `build()`."""
    seconds = cache_seconds()
    version = copies.current_version() if seconds > 0 else None
    if version is None:
        return bytes(build())
    name = entry_key((translation.get_language(), *key))
    body = copies.get(name, version)
    if body is not None:
        return body
    try:
        entry = cache.get(name)
    except CACHE_ERRORS:
        logger.warning("Catalogue cache unreachable: answering from the database")
        return bytes(build())
    if entry is not None and entry[0] == version:
        copies.put(name, version, entry[1])
        return entry[1]
    body = build()
    if not isinstance(body, uncached) and may_store(seconds):
        try:
            cache.set(name, (version, body), seconds)
        except CACHE_ERRORS:
            logger.warning("Catalogue cache unreachable: answer not kept")
        else:
            copies.put(name, version, body)
    return bytes(body)


def may_store(seconds: int) -> bool:
    """Whether one more entry fits in this window's CATALOGUE_CACHE_MAX_ENTRIES."""
    try:
        cache.add(STORED_KEY, 0, seconds)
        return cache.incr(STORED_KEY) <= settings.CATALOGUE_CACHE_MAX_ENTRIES
    except ValueError:  # the window just ended between add and incr
        return True
    except CACHE_ERRORS:
        return False


def bump_catalogue_version() -> None:
    """Make every cached catalogue answer stale; called once the change is committed."""
    version = uuid.uuid4().hex
    try:
        cache.set(VERSION_KEY, version, None)
    except CACHE_ERRORS:
        logger.exception("Catalogue cache unreachable: the edit shows within the TTL")
        return
    copies.saw(version)


def invalidate_on_commit() -> None:
    """Bump after the surrounding transaction commits (at once outside of one).

    Inside `bulk_catalogue_edit()` the one bump at its end stands for all.
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
