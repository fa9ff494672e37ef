"""Sign-in brute-force protection: failure counters in the shared Django cache.

Counters live in the cache (a database table by default, Redis when configured) so every
app process sees the same numbers. Each counter is a sliding window estimated from two
fixed buckets (this window's count plus the previous window's, weighted by how much of
it still overlaps), which avoids the double burst a plain fixed window allows at its edge.
"""

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

KEY_PREFIX = "signin-failures"


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window: int  # seconds


def email_limit() -> Limit:
    return Limit(
        "email",
        settings.SIGN_IN_FAILURES_PER_EMAIL,
        settings.SIGN_IN_FAILURE_WINDOW,
    )


def address_limit() -> Limit:
    return Limit(
        "address",
        settings.SIGN_IN_FAILURES_PER_ADDRESS,
        settings.SIGN_IN_FAILURE_WINDOW,
    )


def subject_key(value: str) -> str:
    # Hashed: no e-mail addresses in the cache, and keys stay short and key-safe.
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def bucket_keys(limit: Limit, subject: str, now: float) -> tuple[str, str, float]:
    """This window's key, the previous window's key, and how far into this one we are."""
    index, offset = divmod(now, limit.window)
    base = f"{KEY_PREFIX}:{limit.scope}:{limit.window}:{subject_key(subject)}"
    return f"{base}:{int(index)}", f"{base}:{int(index) - 1}", offset / limit.window


def retry_after(limit: Limit, subject: str, now: float | None = None) -> int:
    """Seconds until another attempt is allowed; 0 when the subject is under its limit."""
    now = time.time() if now is None else now
    current_key, previous_key, elapsed = bucket_keys(limit, subject, now)
    counts = cache.get_many([current_key, previous_key])
    current = counts.get(current_key, 0)
    previous = counts.get(previous_key, 0)
    if current + previous * (1 - elapsed) < limit.limit:
        return 0
    window_left = limit.window * (1 - elapsed)
    if current >= limit.limit:
        # Blocked for the rest of this window, then until its weight fades enough.
        fade = 1 - limit.limit / current
        return seconds(window_left + limit.window * fade)
    # The previous window's weight must fall below what is left of the limit.
    needed = 1 - (limit.limit - current) / previous
    return seconds(limit.window * (needed - elapsed))


def seconds(wait: float) -> int:
    # Rounded to the millisecond first, so float noise never adds a whole second.
    return max(1, math.ceil(round(wait, 3)))


def record_failure(limit: Limit, subject: str, now: float | None = None) -> int:
    """Count one failed attempt; the count in this window is returned."""
    now = time.time() if now is None else now
    current_key, _, elapsed = bucket_keys(limit, subject, now)
    # The bucket must outlive its window: it is read as the previous one after it.
    lifetime = math.ceil(limit.window * (2 - elapsed)) + 1
    cache.add(current_key, 0, timeout=lifetime)
    try:
        count = cache.incr(current_key)
    except ValueError:  # expired between add and incr
        cache.set(current_key, 1, timeout=lifetime)
        count = 1
    # The database cache's incr() rewrites the row with the default timeout.
    cache.touch(current_key, timeout=lifetime)
    return count


def clear(limit: Limit, subject: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    cache.delete_many(list(bucket_keys(limit, subject, now)[:2]))


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
