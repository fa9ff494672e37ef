"""Profile the cold paths in-process with pyinstrument: where a cache miss spends its time.

    DJANGO_ENV=production DB_ENGINE=mysql DB_NAME=... .venv/bin/python scripts/profile_cold.py

Runs each path `--requests` times through Django's test client (every middleware, the
catalogue cache off so each catalogue request is built from the database; a real member's
token for the member endpoints) under pyinstrument, and prints one JSON object: path ->
{"ms": wall time per request, "cpu_ms": CPU time per request (steadier on a
shared machine), "top": [[function, share of the time], ...]}, the share
being the function's own time (not its callees') over the whole run. `make bench` runs it
on each dataset and puts the summary in docs/benchmarks.md.
"""

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PATHS = {
    "home": "/",
    "page0": "/api/attractions?page=0",
    "keyword": "/api/attractions?page=0&keyword=北投",
    # The same in English: a miss there should cost what a 繁體中文 one does.
    "home-en": "/en/",
    "page0-en": "/api/attractions?page=0&lang=en",
    "keyword-en": "/api/attractions?page=0&keyword=Beitou&lang=en",
    "booking": "/api/booking",
    "auth": "/api/user/auth",
}


def own_times(frame, into: Counter) -> None:
    """Each function's own time (its total less its callees'), summed over the tree."""
    if frame.is_synthetic:
        return
    where = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
    into[where] += frame.total_self_time
    for child in frame.children:
        own_times(child, into)


def profile(client, path: str, headers: dict, requests: int) -> dict:
    from pyinstrument import Profiler

    for _ in range(5):  # warm: imports, connections, template loading
        response = client.get(path, secure=True, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
    profiler = Profiler(interval=0.001)
    started = time.perf_counter()
    profiler.start()
    for _ in range(requests):
        client.get(path, secure=True, headers=headers)
    profiler.stop()
    took = time.perf_counter() - started
    session = profiler.last_session
    times: Counter = Counter()
    own_times(session.root_frame(), times)
    total = sum(times.values()) or 1
    top = [[name, round(value / total, 3)] for name, value in times.most_common(8)]
    per_request = {
        "ms": round(took * 1000 / requests, 2),
        "cpu_ms": round(session.cpu_time * 1000 / requests, 2),
    }
    return {**per_request, "top": top}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--token", required=True, help="a member's bearer token")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taipei_trip.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.CATALOGUE_CACHE_SECONDS = 0  # every catalogue request a miss
    member = {"Authorization": f"Bearer {args.token}"}
    client = Client()
    result = {
        name: profile(
            client, path, member if name in {"booking", "auth"} else {}, args.requests
        )
        for name, path in PATHS.items()
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
