import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from attractions.models import Attraction

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo-attractions.json"


def demo_records() -> list[dict]:
    return json.loads(DEMO.read_text(encoding="utf-8"))["result"]["results"]


def test_the_demo_catalogue_imports_cleanly_on_an_empty_database():
    out = StringIO()

    call_command("import_attractions", str(DEMO), "--if-empty", stdout=out)

    assert Attraction.objects.count() == len(demo_records())
    assert 10 <= Attraction.objects.count() <= 14
    assert all(attraction.images.exists() for attraction in Attraction.objects.all())


def test_the_demo_catalogue_keeps_the_open_data_format():
    for record in demo_records():
        assert isinstance(record["_id"], int)
        assert isinstance(record["latitude"], str)
        assert isinstance(record["longitude"], str)
        assert record["file"].startswith("https://")
        for key in ("name", "CAT", "description", "address", "direction"):
            assert record[key].strip(), (record["_id"], key)


def test_the_demo_descriptions_are_not_copied_from_the_open_data(open_data_path):
    original = {
        item["_id"]: item
        for item in json.loads(open_data_path.read_text(encoding="utf-8"))["result"][
            "results"
        ]
    }

    for record in demo_records():
        source = original[record["_id"]]
        assert record["name"] == source["name"]
        assert record["description"][:20] not in source["description"]
        assert record["direction"][:12] not in source["direction"]
