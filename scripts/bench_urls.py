"""The site's URLs plus /bench/same-bytes/<name>, used only by scripts/bench.py.

Each trivial view returns, without touching the database, the exact bytes the bench
recorded from one real endpoint (BENCH_BODY_DIR/<name>.json or .html), so a target's
ratio compares like with like under the same settings and middleware.
"""

import os
from functools import cache
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from taipei_trip.urls import urlpatterns as site_urlpatterns

CONTENT_TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8"}


@cache
def same_bytes(name: str) -> tuple[bytes, str]:
    """The body recorded for `name` and its content type, read once per process."""
    folder = Path(os.environ["BENCH_BODY_DIR"])
    for suffix, content_type in CONTENT_TYPES.items():
        body = folder / f"{name}{suffix}"
        if name.isidentifier() and body.is_file():
            return body.read_bytes(), content_type
    raise Http404(name)


def same_bytes_view(request: HttpRequest, name: str) -> HttpResponse:
    body, content_type = same_bytes(name)
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("bench/same-bytes/<str:name>", same_bytes_view), *site_urlpatterns]
