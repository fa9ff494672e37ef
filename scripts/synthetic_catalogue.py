"""Fill a database with a synthetic catalogue of N attractions (default 100,000), fast.

    DB_ENGINE=mysql DB_NAME=taipei_trip_bench ... .venv/bin/python scripts/synthetic_catalogue.py

Run after `migrate` and the real import: it adds attractions with ids from 1,000,000 up,
names built from Taipei place words (so keywords such as 北投 or 公園 match a realistic
share), two remote images each, the real categories and stations, then rebuilds the name
search index. Rows go in with multi-row INSERTs (bulk_create), not one save() each. A
second run with the same count does nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

FIRST_ID = 1_000_000
PLACES = (
    "臺北 新北 士林 北投 大安 信義 中山 萬華 松山 內湖 南港 文山 大同 中正 淡水 陽明山 "
    "貓空 木柵 天母 關渡 大稻埕 西門 迪化 象山 景美 公館 劍潭 圓山 社子 石牌"
).split()
MIDDLES = (
    "老街 河濱 藝術 文化 歷史 森林 湖畔 親子 溫泉 觀景 花卉 茶園 古蹟 市場 創意 "
    "自然 生態 星空 彩虹 光點 戲院 廣場 碼頭 眷村 書店 咖啡 步道口"
).split()
SUFFIXES = (
    "公園 步道 博物館 美術館 夜市 紀念館 寺 宮 車站 廣場 橋 山 園區 故居 老屋 "
    "藝文中心 親水公園 展覽館 自行車道 觀景台"
).split()


def synthetic_name(rng: random.Random, number: int) -> str:
    parts = [rng.choice(PLACES)]
    if rng.random() < 0.7:
        parts.append(rng.choice(MIDDLES))
    parts.append(rng.choice(SUFFIXES))
    if rng.random() < 0.3:
        parts.append(str(number % 1000))
    return "".join(parts)


def generate(count: int, seed: int = 2026) -> None:
    from django.db import connection, transaction

    from attractions.attraction_json import add_rows
    from attractions.catalogue_cache import bump_catalogue_version
    from attractions.models import (
        Attraction,
        AttractionImage,
        Category,
        MrtStation,
    )
    from attractions.services import rebuild_name_index

    if Attraction.objects.filter(id__gte=FIRST_ID).count() == count:
        print(f"{count} synthetic attractions already present.")
        return
    categories = list(Category.objects.values_list("id", flat=True))
    stations = list(MrtStation.objects.values_list("id", flat=True))
    if not categories:
        sys.exit("Import the real data first: the synthetic rows reuse its categories.")
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    started = time.monotonic()
    attractions, images = [], []
    for offset in range(count):
        pk = FIRST_ID + offset
        attractions.append(Attraction(
            id=pk, name=synthetic_name(rng, offset), category_id=rng.choice(categories),
            mrt_id=rng.choice(stations) if rng.random() < 0.9 else None,
            description="合成資料：用於效能測試的景點介紹。" * 8,
            address="臺北市某區某路 1 號", transport="捷運站步行 5 分鐘。",
            lat=25.0 + rng.random() * 0.2, lng=121.45 + rng.random() * 0.2,
        ))  # fmt: skip
        images += [
            AttractionImage(
                attraction_id=pk, position=position,
                url=f"https://images.example.com/synthetic/{pk}-{position}.jpg",
            )
            for position in range(2)
        ]  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        # A re-run with another count starts over; children first (foreign keys).
        children = (
            "attractions_namegram",
            "attractions_attractionimage",
            "attractions_attractionjson",
        )
        for table in children:
            cursor.execute(f"DELETE FROM {table} WHERE attraction_id >= %s", [FIRST_ID])  # noqa: S608
        cursor.execute("DELETE FROM attractions_attraction WHERE id >= %s", [FIRST_ID])
        # bulk_create: multi-row INSERTs that still apply every field's default.
        Attraction.objects.bulk_create(attractions, batch_size=5000)
        AttractionImage.objects.bulk_create(images, batch_size=10000)
        add_rows(attraction.pk for attraction in attractions)
    inserted = time.monotonic()
    grams = rebuild_name_index(chunk_size=10000)
    bump_catalogue_version()  # bulk inserts send no signals
    print(
        f"{count} attractions and {len(images)} images in {inserted - started:.1f}s; "
        f"{grams} search index rows in {time.monotonic() - inserted:.1f}s."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taipei_trip.settings")
    import django

    django.setup()
    generate(args.count)


if __name__ == "__main__":
    main()
