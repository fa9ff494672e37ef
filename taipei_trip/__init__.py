# The Celery app loads with Django, so `shared_task`s bind to it in every process.
from taipei_trip.celery import app as celery_app

__all__ = ["celery_app"]
