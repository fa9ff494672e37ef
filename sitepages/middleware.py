"""With DEBUG on, visitors who are not staff still get the site's own 404 and 500 pages.

Django answers with its technical pages whenever DEBUG is on; they show settings and
code to anyone, and the site's own pages are what a visitor of `make run` should see.
Staff signed in to the admin keep the technical pages. Without DEBUG Django already
renders 404.html and 500.html, so this does nothing.
"""

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import render
from django.views.defaults import server_error


class FriendlyErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG or response.status_code not in (404, 500):
            return response
        if request.path.startswith("/api/") or is_staff(request):
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if response.status_code == 404:
            return render(request, "404.html", status=404)
        return server_error(request)


def is_staff(request) -> bool:
    # The session and user live in the database, which may be what failed.
    try:
        user = getattr(request, "user", None)
        return bool(user and user.is_active and user.is_staff)
    except DatabaseError:
        return False
