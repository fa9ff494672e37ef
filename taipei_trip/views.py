"""The language switch's one endpoint."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from taipei_trip.i18n import language_path


@never_cache
def set_language(request: HttpRequest, language: str) -> HttpResponseRedirect:
    """Remembers `language` in the language cookie and goes to `next` in it.

    A plain link (GET), so the switch works without scripts and from the cached pages,
    which carry no CSRF token; the cookie decides only which language an unprefixed page
    redirects to (taipei_trip.i18n), so a forged request can do no more than that.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404("找不到這個語言")
    target = request.GET.get("next", "/")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts=None
    ):
        target = "/"
    response = HttpResponseRedirect(language_path(target, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
