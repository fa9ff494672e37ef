"""The Redis cache backend that keeps one client per connection pool, on a real Redis."""

import shutil
import subprocess

import pytest

from taipei_trip.cache import ReusedClientRedisCache
from taipei_trip.testing import free_port, wait_for_port

REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture(scope="module")
def redis_url():
    if not REDIS_SERVER:
        pytest.skip("redis-server is not installed (make install adds it)")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port, timeout=10, process=server)
    except RuntimeError:
        server.kill()
        raise
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def make_cache(url: str) -> ReusedClientRedisCache:
    return ReusedClientRedisCache(url, {"KEY_PREFIX": "test"})


def test_every_call_uses_the_same_client_and_pool(redis_url):
    cache = make_cache(redis_url)

    first = cache._cache.get_client("a")
    again = cache._cache.get_client("b", write=True)

    assert first is again
    assert first.connection_pool is cache._cache._get_connection_pool(write=False)


def test_it_stores_and_reads_like_the_django_backend(redis_url):
    writer, reader = make_cache(redis_url), make_cache(redis_url)

    writer.set("version", "v1", None)
    assert writer.add("version", "v2") is False
    writer.add("counter", 1)
    writer.incr("counter")

    assert reader.get("version") == "v1"
    assert reader.get("counter") == 2
    writer.delete("version")
    assert reader.get("version") is None
