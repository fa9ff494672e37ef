"""ASGI entry point, used by uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taipei_trip.settings")
application = get_asgi_application()
