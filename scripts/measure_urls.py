"""The site's URLs plus /measure/server-error, for the checks of the 500 page only.

`make lighthouse`, `make screenshots` (through scripts/measure_settings.py) and the e2e
quality tests (`@pytest.mark.urls`) need a request that fails inside a view, so the 500
page is measured as a visitor gets it. Never the ROOT_URLCONF of a deploy.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from taipei_trip.testing import SERVER_ERROR_PATH
from taipei_trip.urls import handler500
from taipei_trip.urls import urlpatterns as site_urlpatterns

# A root URL conf names its 500 handler; this one keeps the site's.
__all__ = ["handler500", "urlpatterns"]


class DeliberateError(Exception):
    """Raised on purpose, so handler500 answers with the 500 page."""


def server_error_view(request: HttpRequest) -> HttpResponse:
    raise DeliberateError(SERVER_ERROR_PATH)


urlpatterns = [
    path(SERVER_ERROR_PATH.lstrip("/"), server_error_view),
    *site_urlpatterns,
]
