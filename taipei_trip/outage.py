"""What an outage of the database or the cache looks like, and how it is answered.

Such a failure is nobody's fault in the request and may well be gone in seconds, so
every path answers 503 with Retry-After instead of a 500: the contract's JSON error
body under /api/ (ApiErrorMiddleware, taipei_trip/api.py), the site's own 503 page
elsewhere (the 500 handler, sitepages/views.py, which also catches what a middleware
raised). The catalogue does not get this far on a cache outage: it falls back to the
database (attractions/catalogue_cache.py).
"""

from django.db import InterfaceError, OperationalError
from redis.exceptions import RedisError

# OperationalError: the database refused, dropped or timed out the connection (or a
# lock wait ran out). InterfaceError: the connection was already unusable. RedisError:
# Redis down, refusing or past its socket timeout.
OUTAGE_ERRORS = (OperationalError, InterfaceError, RedisError)
RETRY_AFTER_SECONDS = 5


def is_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OUTAGE_ERRORS)
