"""Keep the catalogue cache in step with every save and delete of the catalogue.

The name search index is not kept here: the services write it (the import, and
`save_attraction_edit`, which the admin calls).
"""

from django.db.models.signals import post_delete, post_save

from attractions.catalogue_cache import invalidate_on_commit
from attractions.models import Attraction, AttractionImage, Category, MrtStation

CATALOGUE_MODELS = (Attraction, AttractionImage, Category, MrtStation)


def catalogue_changed(sender, **kwargs) -> None:
    invalidate_on_commit()


for model in CATALOGUE_MODELS:
    post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"bump-{model}")
    post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"del-{model}")
