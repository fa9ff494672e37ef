"""Time keyword searches in-process: the gram index against a plain LIKE scan.

    DB_ENGINE=mysql DB_NAME=taipei_trip_bench ... .venv/bin/python scripts/search_timing.py

Prints one JSON object: keyword -> {"index_ms", "like_ms", "matches"}, medians of 9 runs.
"index_ms" is the whole `search_attractions` call (ids, rows, images); "like_ms" only the
id query of the plain `name LIKE '%kw%'` filter the index replaces.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

KEYWORDS = ["北投", "公園", "北", "館", "美術館", "天母咖啡美術館", "新北投溫泉區", "101",
            "無此景點", "Z", "%"]  # fmt: skip


def median_ms(function, runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taipei_trip.settings")
    import django

    django.setup()
    from django.db.models import Q

    from attractions.models import Attraction
    from attractions.selectors import search_attractions

    def like_ids(keyword: str) -> list[int]:
        matches = Attraction.objects.filter(
            Q(mrt__name=keyword) | Q(name__icontains=keyword)
        )
        return list(matches.order_by("id").values_list("id", flat=True)[:13])

    results = {}
    for keyword in KEYWORDS:
        results[keyword] = {
            "index_ms": median_ms(
                lambda k=keyword: search_attractions(page=0, keyword=k)
            ),
            "like_ms": median_ms(lambda k=keyword: like_ids(k)),
            "matches": Attraction.objects.filter(
                Q(mrt__name=keyword) | Q(name__icontains=keyword)
            ).count(),
        }
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
