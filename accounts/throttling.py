"""Attempt limits (sign-in, sign-up, password reset, admin login), counted in the database.

The one API: `consume([(Limit(...), subject), ...], message=...)` counts one attempt
against every limit or refuses it with `SignInThrottled` (429, `Retry-After`), counting
nothing. It runs in one transaction holding each counter's row lock, so concurrent
attempts are counted one after the other: with a limit of 5, exactly 5 of 18 parallel
attempts get through, whatever the timing. An attempt is counted *before* the action it
guards (the password check), never after.

Counters are `AttemptCounter` rows, not cache keys: nothing evicts them, however full
the cache gets. If the database is down, `consume` raises and the guarded action fails
with it (closed, a 503), as it needs the database anyway.

Two kinds of limit, both over a window that starts with the first attempt:
- hard (`max_delay=0`): at most `attempts` per `window`; then refused until it ends.
  Per client address and per e-mail+address pair, so an attacker locks only themselves.
- delay (`max_delay>0`): after `attempts`, each further attempt must wait, from the one
  before, a delay that doubles from 1 s up to `max_delay`; every attempt extends the
  window. Per e-mail: guessing from many addresses is slowed to one try a `max_delay`,
  while the member who knows the password waits seconds, never a lockout.
"""

import hashlib
import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.errors import SignInThrottled
from accounts.models import AttemptCounter

NEVER_STARTED = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int
    window: int  # seconds
    max_delay: int = 0  # seconds; 0 makes it a hard limit


def counter_key(limit: Limit, subject: str) -> str:
    # Hashed: no e-mail address or client address is stored, and keys stay short.
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{limit.scope}:{digest[:40]}"


def consume(limits: Sequence[tuple[Limit, str]], *, message: str) -> None:
    """Count one attempt against every (limit, subject), or raise SignInThrottled
    (nothing counted) while any of them is used up. `message` may use {wait}."""
    by_key = {counter_key(limit, subject): limit for limit, subject in limits}
    keys = sorted(by_key)
    while True:
        create_missing_counters(keys)
        with transaction.atomic():
            # Locked in key order, so two attempts sharing counters cannot deadlock.
            rows = list(
                AttemptCounter.objects.select_for_update()
                .filter(key__in=keys)
                .order_by("key")
            )
            if len(rows) < len(keys):
                continue  # purged since it was made: make it again
            now = timezone.now()  # after the wait for the locks
            wait = max(seconds_to_wait(by_key[row.key], row, now) for row in rows)
            if not wait:
                for row in rows:
                    count_attempt(by_key[row.key], row, now)
        break
    if wait:
        raise SignInThrottled(message.format(wait=wait_text(wait)), retry_after=wait)


def create_missing_counters(keys: list[str]) -> None:
    """Make the rows that do not exist yet, each in a transaction of its own.

    Not inside the locking transaction: on MariaDB, attempts that lose the race to
    insert one key each keep a shared lock on it, and all of them then asking for the
    row's exclusive lock is a deadlock.
    """
    existing = set(
        AttemptCounter.objects.filter(key__in=keys).values_list("key", flat=True)
    )
    for key in sorted(set(keys) - existing):
        try:
            with transaction.atomic():
                # Born expired: the first attempt to lock it starts its window (an
                # attempt that read the clock before this one must not count into a
                # window that ends at once).
                AttemptCounter.objects.create(key=key, window_ends=NEVER_STARTED)
        except IntegrityError:
            pass  # a concurrent attempt made it


def seconds_to_wait(limit: Limit, row: AttemptCounter, now: datetime) -> int:
    if row.window_ends <= now:
        return 0
    if limit.max_delay:
        until = row.not_before
    else:
        until = row.window_ends if row.count >= limit.attempts else None
    if until is None or until <= now:
        return 0
    return max(1, math.ceil((until - now).total_seconds()))


def count_attempt(limit: Limit, row: AttemptCounter, now: datetime) -> None:
    if row.window_ends <= now:
        row.count, row.not_before = 0, None
        row.window_ends = now + timedelta(seconds=limit.window)
    row.count += 1
    if limit.max_delay:
        row.window_ends = now + timedelta(seconds=limit.window)
        if row.count >= limit.attempts:
            delay = min(limit.max_delay, 2 ** min(row.count - limit.attempts, 30))
            row.not_before = now + timedelta(seconds=delay)
    row.save(update_fields=["count", "window_ends", "not_before"])


def wait_text(wait: int) -> str:
    """How long to wait, as the throttling messages' {wait} reads: "30 秒", "5 分鐘"."""
    if wait < 60:
        return ngettext("{count} 秒", "{count} 秒", wait).format(count=wait)
    minutes = math.ceil(wait / 60)
    return ngettext("{count} 分鐘", "{count} 分鐘", minutes).format(count=minutes)


def clear(limit: Limit, subject: str) -> None:
    """Forget the attempts counted against this limit for this subject."""
    AttemptCounter.objects.filter(key=counter_key(limit, subject)).delete()


def refund(limit: Limit, subject: str) -> None:
    """Take back one counted attempt (it turned out to be a success)."""
    AttemptCounter.objects.filter(key=counter_key(limit, subject), count__gt=0).update(
        count=F("count") - 1
    )


def purge_expired_counters() -> int:
    """Delete counters whose window ended (one DELETE); the number deleted is returned."""
    deleted, _ = AttemptCounter.objects.filter(window_ends__lt=timezone.now()).delete()
    return deleted


# --- sign-in (the members API and the admin's login share these counters) -------------


def sign_in_limits(email: str, client_address: str) -> list[tuple[Limit, str]]:
    window = settings.SIGN_IN_FAILURE_WINDOW
    return [
        (
            Limit("sign-in-pair", settings.SIGN_IN_FAILURES_PER_PAIR, window),
            f"{email} {client_address}",
        ),
        (
            Limit("sign-in-address", settings.SIGN_IN_FAILURES_PER_ADDRESS, window),
            client_address,
        ),
        (
            Limit(
                "sign-in-email",
                settings.SIGN_IN_FAILURES_BEFORE_DELAY,
                window,
                max_delay=settings.SIGN_IN_MAX_DELAY,
            ),
            email,
        ),
    ]


def signed_in(email: str, client_address: str) -> None:
    """A right password: the pair and the e-mail start again; the address only gets
    this attempt back (signing in to one's own account must not reset a guesser)."""
    pair, address, email_delay = sign_in_limits(email, client_address)
    clear(*pair)
    clear(*email_delay)
    refund(*address)


def clear_email_delay(email: str) -> None:
    """After a password reset: the new password is not slowed by the old guesses."""
    clear(*sign_in_limits(email, "")[2])


# --- client addresses -------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's address, taken from X-Forwarded-For only past trusted proxies.

    With N trusted proxies in front (TRUSTED_PROXY_COUNT), each appends the address it
    received the request from, so the N-th entry from the right is the first hop no
    trusted proxy vouches for; anything left of it may be forged by the client. IPv6
    clients are grouped by /64, the block one subscriber usually gets.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if hops:
            address = hops[-proxies] if len(hops) >= proxies else hops[0]
    return normalise_address(address)


def normalise_address(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
