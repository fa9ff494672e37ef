"""Taipei Metro's station names applied by the import, and `import_attractions
--language`: one language's texts from a file of the open-data format."""

import pytest
from django.core.management import CommandError, call_command

from attractions.models import Attraction, Category, MrtStation, NameGram
from attractions.names import CATEGORY_NAMES, STATION_NAMES
from attractions.tests.test_import_attractions import record, run_import, write_records
from taipei_trip.testing import DEMO_DATA, DEMO_TRANSLATIONS

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ("name", "description", "address", "transport")


def snapshot(language: str) -> dict:
    """Every attraction's texts in one language (the source for "")."""
    suffix = f"_{language}" if language else ""
    return {
        row["id"]: row
        for row in Attraction.objects.values("id", *(f + suffix for f in TEXT_FIELDS))
    }


def test_every_station_and_category_of_the_open_data_gets_english_and_japanese(
    catalogue_source,
):
    run_import(catalogue_source)

    for station in MrtStation.objects.all():
        assert (station.name_en, station.name_ja) == STATION_NAMES[station.name]
    for category in Category.objects.all():
        assert (category.name_en, category.name_ja) == CATEGORY_NAMES[category.name]
    assert MrtStation.objects.get(name="新北投").name_en == "Xinbeitou"


def test_the_import_keeps_a_station_name_staff_changed(tmp_path):
    run_import(write_records(tmp_path, [record(MRT="劍潭")]))
    MrtStation.objects.filter(name="劍潭").update(
        name_en="Jiantan (Shilin Night Market)"
    )

    run_import(write_records(tmp_path, [record(MRT="劍潭", name="改名")]))

    station = MrtStation.objects.get(name="劍潭")
    assert station.name_en == "Jiantan (Shilin Night Market)"
    assert station.name_ja == "剣潭"


def test_a_language_file_fills_that_language_and_touches_nothing_else():
    call_command("import_attractions", str(DEMO_DATA), verbosity=0)
    call_command(
        "import_attractions", str(DEMO_TRANSLATIONS["ja"]), language="ja", verbosity=0
    )
    source, japanese = snapshot(""), snapshot("ja")
    images = list(Attraction.objects.values_list("id", "images__url").order_by("id"))

    output = run_import(DEMO_TRANSLATIONS["en"], "--language", "en")

    assert "12 en records: 12 updated, 0 unchanged, 0 not in the catalogue." in output
    assert snapshot("") == source and snapshot("ja") == japanese
    english = snapshot("en")
    assert english[1]["name_en"] == "Xinbeitou Hot Spring Area"
    assert all(row[f + "_en"] for row in english.values() for f in TEXT_FIELDS)
    assert images == list(
        Attraction.objects.values_list("id", "images__url").order_by("id")
    )
    assert "12 en records: 0 updated, 12 unchanged" in run_import(
        DEMO_TRANSLATIONS["en"], "--language", "en"
    )


def test_a_translated_name_is_found_through_the_name_index():
    call_command("import_attractions", str(DEMO_DATA), verbosity=0)
    run_import(DEMO_TRANSLATIONS["en"], "--language", "en")

    grams = set(NameGram.objects.filter(attraction_id=1).values_list("gram", flat=True))
    assert {"xi", "be", "ei", "it", "to", "ou", "北投"} <= grams


def test_a_language_file_names_only_the_categories_and_stations_without_a_name(
    tmp_path,
):
    run_import(write_records(tmp_path, [record(CAT="新分類", MRT="新站")]))
    translation = write_records(
        tmp_path,
        [record(name="Test place", CAT="New  category", MRT="Shilin")],
        name="en.json",
    )

    run_import(translation, "--language", "en")

    assert Category.objects.get(name="新分類").name_en == "New category"
    assert MrtStation.objects.get(name="新站").name_en == "Shilin"
    assert Attraction.objects.get(pk=7).name_en == "Test place"


def test_records_of_attractions_not_imported_are_counted_and_skipped(tmp_path):
    run_import(write_records(tmp_path, [record()]))
    translation = write_records(
        tmp_path, [record(), record(_id=8, name="Elsewhere")], name="en.json"
    )

    output = run_import(translation, "--language", "en")

    assert "1 updated, 0 unchanged, 1 not in the catalogue" in output
    assert not Attraction.objects.filter(pk=8).exists()


def test_if_empty_with_a_language_imports_only_when_nothing_is_in_it_yet():
    call_command("import_attractions", str(DEMO_DATA), verbosity=0)
    run_import(DEMO_TRANSLATIONS["en"], "--language", "en", "--if-empty")
    Attraction.objects.filter(pk=1).update(name_en="Changed")

    output = run_import(DEMO_TRANSLATIONS["en"], "--language", "en", "--if-empty")

    assert "already has en names: nothing imported" in output
    assert Attraction.objects.get(pk=1).name_en == "Changed"


def test_an_unknown_language_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_attractions", str(DEMO_DATA), "--language", "fr")
