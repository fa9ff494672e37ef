"""Which language a request is answered in.

Pages take theirs from the URL (繁體中文 at today's URLs, /en/..., /ja/...: Django's
LocaleMiddleware with `i18n_patterns`). The JSON API takes it from the optional `lang`
query parameter only, never from Accept-Language or the language cookie, so a client that
does not send `lang` gets byte-for-byte the 繁體中文 answers it always got, and a shared
cache can key on `lang` alone.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
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


class LanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware for pages; `lang` (or the default) for /api/, with no Vary on
    Accept-Language, which would split a shared cache entry per browser."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if not request.path.startswith("/api/"):
            return super().process_request(request)
        language = api_language(request)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        if language is None:
            return error_response(bad_language_message(), 400)
        return None

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
