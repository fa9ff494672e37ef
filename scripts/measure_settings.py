"""Settings for `make lighthouse` and `make screenshots` only: the site's settings with
scripts/measure_urls.py, which adds one URL that fails. Never deploy this module."""

from taipei_trip.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.measure_urls"
