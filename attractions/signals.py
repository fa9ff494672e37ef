"""Keep the catalogue cache and each attraction's JSON in step with every save and delete
of the catalogue.

The name search index is not kept here: the services write it (the import, and
`save_attraction_edit`, which the admin calls).
"""

from django.db.models.signals import post_delete, post_save, pre_delete

from attractions import attraction_json
from attractions.catalogue_cache import invalidate_on_commit
from attractions.models import Attraction, AttractionImage, Category, MrtStation

CATALOGUE_MODELS = (Attraction, AttractionImage, Category, MrtStation)


def catalogue_changed(sender, **kwargs) -> None:
    invalidate_on_commit()


def attraction_saved(sender, instance, created, **kwargs) -> None:
    if created:
        attraction_json.add_rows([instance.pk])
    else:
        attraction_json.mark_stale(Attraction.objects.filter(pk=instance.pk))


def image_changed(sender, instance, **kwargs) -> None:
    attraction_json.mark_stale(Attraction.objects.filter(pk=instance.attraction_id))


def name_changed(sender, instance, **kwargs) -> None:
    """A category or station renamed (or a station about to be deleted, which empties
    its attractions' station without saving them)."""
    field = "category" if sender is Category else "mrt"
    attraction_json.mark_stale(Attraction.objects.filter(**{field: instance}))


def station_deleting(sender, instance, **kwargs) -> None:
    """Lock the station before marking its places: an edit moving another place onto
    it now waits for the delete (and then fails), rather than slipping in between the
    marks and the emptying of the places' station, where a reader could keep a text
    naming a station that no longer exists."""
    list(MrtStation.objects.select_for_update().filter(pk=instance.pk).values("pk"))
    name_changed(sender, instance, **kwargs)


for model in CATALOGUE_MODELS:
    post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"bump-{model}")
    post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"del-{model}")
post_save.connect(attraction_saved, sender=Attraction, dispatch_uid="json-attraction")
post_save.connect(image_changed, sender=AttractionImage, dispatch_uid="json-image")
post_delete.connect(
    image_changed, sender=AttractionImage, dispatch_uid="json-image-del"
)
post_save.connect(name_changed, sender=Category, dispatch_uid="json-category")
post_save.connect(name_changed, sender=MrtStation, dispatch_uid="json-station")
pre_delete.connect(station_deleting, sender=MrtStation, dispatch_uid="json-station-del")
