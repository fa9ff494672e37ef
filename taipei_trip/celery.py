"""The Celery application: the background task queue (see docs/architecture.md).

Workers run `celery -A taipei_trip worker`, the single scheduler `celery -A taipei_trip
beat`; both read the `CELERY_*` Django settings.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taipei_trip.settings")

app = Celery("taipei_trip")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
