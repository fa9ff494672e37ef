"""Attraction, category and station texts per language: written in the admin side by
side, read in a language with the 繁體中文 source where a translation is missing."""

import re

import pytest

from attractions.models import Attraction, Category, MrtStation
from taipei_trip.translated import column, columns, localized

pytestmark = pytest.mark.django_db


def test_each_translatable_field_has_an_english_and_a_japanese_column_beside_it():
    for model, fields in [
        (Attraction, ["name", "description", "address", "transport"]),
        (Category, ["name"]),
        (MrtStation, ["name"]),
    ]:
        for name in fields:
            source = model._meta.get_field(name)
            for translated in columns(name)[1:]:
                field = model._meta.get_field(translated)
                assert type(field) is type(source)
                assert field.blank and field.default == ""
                assert not field.unique and not field.db_index
                assert field.max_length == source.max_length


def test_a_blank_translation_falls_back_to_the_source_and_says_so():
    row = {
        "name": "新北投溫泉區",
        "name_en": "Xinbeitou Hot Spring Area",
        "name_ja": "",
    }
    assert localized(row, "name", "en") == ("Xinbeitou Hot Spring Area", False)
    assert localized(row, "name", "ja") == ("新北投溫泉區", True)
    assert localized(row, "name", "zh-hant") == ("新北投溫泉區", False)
    assert localized(row, "name", None) == ("新北投溫泉區", False)
    assert column("name", "zh-hant") == "name" and column("name", "ja") == "name_ja"


def test_the_admin_shows_each_text_with_its_translations_on_one_line(
    admin_client, make_attraction
):
    attraction = make_attraction()
    page = admin_client.get(f"/admin/attractions/attraction/{attraction.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    for name in ["name", "description", "address", "transport"]:
        # Django's admin puts a tuple of fields in one form row, one box each.
        assert f'class="form-row field-{name} field-{name}_en field-{name}_ja"' in html
        # Each box says its language, for spell checkers and screen readers.
        for language in ("en", "ja"):
            box = re.search(
                rf'<(input|textarea)[^>]*name="{name}_{language}"[^>]*>', html
            )
            assert f'lang="{language}"' in box.group(0)
    station = admin_client.get(
        f"/admin/attractions/mrtstation/{attraction.mrt_id}/change/"
    ).content.decode()
    assert 'name="name_en"' in station and 'name="name_ja"' in station


def test_a_translation_saved_in_the_admin_is_kept_beside_the_source(
    admin_client, make_attraction
):
    attraction = make_attraction(name="台北101")
    category = attraction.category
    response = admin_client.post(
        f"/admin/attractions/category/{category.pk}/change/",
        {"name": category.name, "name_en": "Landmarks", "name_ja": "ランドマーク"},
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.name_en, category.name_ja) == (
        "地標",
        "Landmarks",
        "ランドマーク",
    )
