"""Taipei Metro's English and Japanese station names, and the categories' names, for the
rows imported before the import applied them (attractions/names.py)."""

from django.db import migrations


def fill(apps, schema_editor):
    from attractions.names import CATEGORY_NAMES, STATION_NAMES, fill_names

    fill_names(apps.get_model("attractions", "MrtStation").objects, STATION_NAMES)
    fill_names(apps.get_model("attractions", "Category").objects, CATEGORY_NAMES)


class Migration(migrations.Migration):
    dependencies = [("attractions", "0009_content_in_english_and_japanese")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
