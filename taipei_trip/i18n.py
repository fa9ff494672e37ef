"""Which language a request is answered in.

Pages take theirs from the URL prefix alone (繁體中文 at today's URLs, /en/..., /ja/...
under `i18n_patterns`). The JSON API takes it from the optional `lang`
query parameter only, never from Accept-Language or the language cookie, so a client that
does not send `lang` gets byte-for-byte the 繁體中文 answers it always got, and a shared
cache can key on `lang` alone.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from taipei_trip.api import error_response

# The API's `lang` values (BCP 47, as in <html lang>) and Django's language codes.
API_LANGUAGES = {"zh-Hant": "zh-hant", "en": "en", "ja": "ja"}
API_LANGUAGE_OF = {code: value for value, code in API_LANGUAGES.items()}


def api_language(request: HttpRequest) -> str | None:
    """The Django language code the API request asks for with `lang`, the default when
    it has none, or None when `lang` is not one of API_LANGUAGES."""
    value = request.GET.get("lang")
    if value is None:
        return settings.LANGUAGE_CODE
    return API_LANGUAGES.get(value)


def bad_language_message() -> str:
    return translation.gettext("lang 只能是 zh-Hant、en 或 ja")


class LanguageMiddleware:
    """Activates the request's language: the URL prefix for pages (none: 繁體中文), `lang`
    for /api/. Never Accept-Language or a cookie, so an answer depends on its URL alone
    and shared caches need no Vary (Django's LocaleMiddleware would add Vary:
    Accept-Language to every unprefixed page). /admin/ is unprefixed, so 繁體中文."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            language = api_language(request)
            translation.activate(language or settings.LANGUAGE_CODE)
            if language is None:
                return self.answer(request, error_response(bad_language_message(), 400))
        else:
            path_language = translation.get_language_from_path(request.path_info)
            translation.activate(path_language or settings.LANGUAGE_CODE)
        return self.answer(request, self.get_response(request))

    @staticmethod
    def answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
