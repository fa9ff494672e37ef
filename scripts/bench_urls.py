"""The site's URLs plus /bench/same-bytes, used only by scripts/bench.py."""

import os
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path

from taipei_trip.urls import urlpatterns as site_urlpatterns


@cache
def same_bytes() -> bytes:
    """The body the bench measured on the catalogue API, read once per process."""
    return Path(os.environ["BENCH_BODY_FILE"]).read_bytes()


def same_bytes_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(same_bytes(), content_type="application/json")


urlpatterns = [path("bench/same-bytes", same_bytes_view), *site_urlpatterns]
