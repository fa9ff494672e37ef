"""The site's error answers for what went wrong outside a view's own handling."""

import sys

from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as default_server_error

from taipei_trip.api import MESSAGES, error_response, unavailable_response
from taipei_trip.outage import RETRY_AFTER_SECONDS, is_outage


def server_error(request) -> HttpResponse:
    """handler500: an outage of the database or cache is a 503 (JSON under /api/, the
    503 page elsewhere) with Retry-After; anything else the usual 500.

    Django calls it while handling the exception, so sys.exc_info() names it, also
    when a middleware (the session, the staff idle timeout) raised it.
    """
    is_api = request.path.startswith("/api/")
    if is_outage(sys.exc_info()[1]):
        if is_api:
            return unavailable_response()
        # No request context: its processors (the member, the session) may need the
        # database that just failed.
        page = loader.render_to_string("503.html")
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if is_api:
        return error_response(MESSAGES["server_error"], 500)
    return default_server_error(request)
