"""The name index folds 臺 into 台 (attractions/grams.py): index the names holding 臺
again. Every other name's grams are unchanged."""

from django.db import migrations


def reindex(apps, schema_editor):
    from attractions.grams import name_grams

    attraction_model = apps.get_model("attractions", "Attraction")
    name_gram = apps.get_model("attractions", "NameGram")
    changed = list(
        attraction_model.objects.filter(name__contains="臺").only("id", "name")
    )
    name_gram.objects.filter(attraction__in=changed).delete()
    name_gram.objects.bulk_create(
        [
            name_gram(gram=gram, attraction_id=attraction.pk)
            for attraction in changed
            for gram in sorted(name_grams(attraction.name))
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("attractions", "0010_station_and_category_names")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
