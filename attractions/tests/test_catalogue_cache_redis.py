"""The catalogue cache on a real Redis, and what happens when Redis goes away."""

import shutil
import signal
import time

import pytest
from django.core.cache import cache

from attractions.models import Attraction
from taipei_trip.testing import RedisServer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("redis-server"), reason="redis-server is not installed"
    ),
]

PATHS = ["/api/attractions?page=0", "/api/attraction/1", "/api/mrts", "/"]


@pytest.fixture
def redis(settings):
    """The default cache on a private Redis, with the short timeouts of a deploy."""
    server = RedisServer().start()
    url, process = server.url, server.process
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "taipei_trip.cache.ReusedClientRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_timeout": 0.3, "socket_connect_timeout": 0.3},
            }
        }
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)  # in case the test froze it
        server.stop()


def test_a_hit_costs_no_database_query(
    client, redis, imported_catalogue, django_assert_num_queries
):
    first = [client.get(path).content for path in PATHS]

    with django_assert_num_queries(0):
        again = [client.get(path).content for path in PATHS]

    assert again == first


def test_with_redis_down_the_catalogue_is_served_from_the_database(
    client, redis, imported_catalogue, django_capture_on_commit_callbacks
):
    expected = [client.get(path).content for path in PATHS]
    redis.terminate()
    redis.wait(timeout=10)

    answers = [client.get(path) for path in PATHS]
    with django_capture_on_commit_callbacks(execute=True):  # an edit: no bump possible
        Attraction.objects.filter(pk=2).first().save()

    assert [a.status_code for a in answers] == [200] * len(PATHS)
    assert [a.content for a in answers] == expected
    assert client.get("/api/attractions?page=0&keyword=北投").status_code == 200


def test_with_redis_frozen_the_catalogue_answers_within_the_timeouts(
    client, redis, imported_catalogue
):
    expected = [client.get(path).content for path in PATHS]
    cache.set("catalogue:version", "another-version", None)  # the copies are stale
    redis.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        answers = [client.get(path) for path in PATHS]
        took = time.monotonic() - started
    finally:
        redis.send_signal(signal.SIGCONT)

    assert [a.status_code for a in answers] == [200] * len(PATHS)
    assert [a.content for a in answers] == expected
    assert took < 0.3 * 2 * len(PATHS) + 2  # a read timeout or two each, never a hang
