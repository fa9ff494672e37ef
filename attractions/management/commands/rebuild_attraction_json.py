"""Mark every attraction's stored JSON stale; readers rebuild each as they read it.

    python manage.py rebuild_attraction_json

Run once after a release that brings or changes the stored JSON, when every app server
runs the new code: an edit the old release saved meanwhile did not mark it
(docs/deployment.md, release step 6). A code change of the JSON's shape or a new media
URL needs no run: their format digest rebuilds the rows by itself.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from attractions.attraction_json import mark_stale
from attractions.catalogue_cache import bump_catalogue_version
from attractions.models import Attraction


class Command(BaseCommand):
    help = "Mark every attraction's stored JSON stale (rebuilt as it is read)."

    def handle(self, *args, **options):
        with transaction.atomic():
            mark_stale(Attraction.objects.all())
            transaction.on_commit(bump_catalogue_version)
        count = Attraction.objects.count()
        self.stdout.write(f"{count} attractions: their JSON is rebuilt as it is read")
