"""Keep the name search index and the catalogue cache in step with admin edits.

Services call the same functions explicitly for bulk work (`bulk_create` sends no signal);
these receivers cover single saves and deletes, which is what the admin does.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from attractions.catalogue_cache import invalidate_on_commit
from attractions.models import Attraction, AttractionImage, Category, MrtStation
from attractions.services import index_attraction_names

CATALOGUE_MODELS = (Attraction, AttractionImage, Category, MrtStation)


@receiver(post_save, sender=Attraction)
def index_saved_attraction(
    sender, instance: Attraction, created: bool, update_fields=None, **kwargs
):
    if update_fields is None or "name" in update_fields:
        index_attraction_names(attractions=[instance], are_new=created)


def catalogue_changed(sender, **kwargs) -> None:
    invalidate_on_commit()


for model in CATALOGUE_MODELS:
    post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"bump-{model}")
    post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"del-{model}")
