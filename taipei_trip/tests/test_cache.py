"""The Redis cache backend that keeps one client per connection pool, on a real Redis."""

import shutil
import socket
import subprocess
import time

import pytest

from taipei_trip.cache import ReusedClientRedisCache

REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture(scope="module")
def redis_url():
    if not REDIS_SERVER:
        pytest.skip("redis-server is not installed (make install adds it)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.05)
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
