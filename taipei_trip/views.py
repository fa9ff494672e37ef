"""The language switch's endpoint and the JavaScript strings of each language."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from taipei_trip.i18n import PREFIXED_LANGUAGES, language_path, unprefixed_path
from taipei_trip.js_catalogue import catalogue_module


@never_cache
def set_language(request: HttpRequest, language: str) -> HttpResponseRedirect:
    """Remembers `language` in the language cookie and goes to `next` in it.

    A plain link (GET), so the switch works without scripts and from the cached pages,
    which carry no CSRF token; the cookie decides only which language an unprefixed page
    redirects to (taipei_trip.i18n), so a forged request can do no more than that.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404("找不到這個語言")
    response = HttpResponseRedirect(
        switched_path(request.GET.get("next", "/"), language)
    )
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


def switched_path(target: str, language: str) -> str:
    """`target`, a path on this site, in `language`; else that language's home page.

    Checked with and without its prefix too: "/en//evil.example" is a path here, but
    without the prefix it would name another host.
    """
    path = language_path(target, language)
    if all(on_this_site(each) for each in (target, unprefixed_path(target), path)):
        return path
    return language_path("/", language)


def on_this_site(path: str) -> bool:
    return path.startswith("/") and url_has_allowed_host_and_scheme(
        path, allowed_hosts=None
    )


def javascript_catalogue(request: HttpRequest, language: str, version: str):
    """/jsi18n/<language>.<version>.js: kept a year when `version` is the current one;
    an older version (a page cached before a release) gets today's strings for a few
    minutes only."""
    if language not in PREFIXED_LANGUAGES:
        raise Http404("找不到這個語言")
    body, current = catalogue_module(language)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    if version == current:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response
