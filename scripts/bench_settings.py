"""Settings for `make bench` only: the production settings plus one trivial view.

The benchmark compares the catalogue API with a view that returns the same bytes without
touching the database, under the same settings and middleware. Never deploy this module.
"""

from taipei_trip.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"
