"""Which language a request is answered in.

Pages take theirs from the URL alone (繁體中文 at today's URLs, /en/..., /ja/...:
`i18n_patterns` without a prefix for the default language), so a page's HTML depends on
its path and nothing else, and the page cache can key on the path. The one exception is
the remembered choice: a visitor who picked English or Japanese with the language switch
(the language cookie, set by taipei_trip.views.set_language) and comes back to an
unprefixed page is redirected to that page in their language; the unprefixed answers
therefore vary on Cookie. Accept-Language is never read: it would make every unprefixed
page vary on it, and crawlers send none. The JSON API takes it from the optional `lang`
query parameter only, never from Accept-Language or the language cookie, so a client that
does not send `lang` gets byte-for-byte the 繁體中文 answers it always got, and a shared
cache can key on `lang` alone.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import is_valid_path
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from taipei_trip.api import error_response

# The API's `lang` values (BCP 47, as in <html lang>) and Django's language codes.
API_LANGUAGES = {"zh-Hant": "zh-hant", "en": "en", "ja": "ja"}
API_LANGUAGE_OF = {code: value for value, code in API_LANGUAGES.items()}
# Language tags are case-insensitive (BCP 47): lang=EN is lang=en.
API_LANGUAGE_CODES = {value.lower(): code for value, code in API_LANGUAGES.items()}
# The languages whose pages have a path prefix (every one but the default).
PREFIXED_LANGUAGES = ("en", "ja")


def unprefixed_path(path: str) -> str:
    """`path` without its language prefix: /en/attraction/1 -> /attraction/1."""
    for language in PREFIXED_LANGUAGES:
        prefix = f"/{language}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
        if path == prefix[:-1]:
            return "/"
    return path


def language_path(path: str, language: str) -> str:
    """The page at `path` (with or without a prefix, query string kept) in `language`."""
    bare = unprefixed_path(path)
    return bare if language == settings.LANGUAGE_CODE else f"/{language}{bare}"


def remembered_language(request: HttpRequest) -> str | None:
    """The prefixed language the visitor chose with the switch, if any."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in PREFIXED_LANGUAGES else None


def api_language(request: HttpRequest) -> str | None:
    """The Django language code the API request asks for with `lang`, the default when
    it has none, or None when `lang` is not one of API_LANGUAGES."""
    value = request.GET.get("lang")
    if value is None:
        return settings.LANGUAGE_CODE
    return API_LANGUAGE_CODES.get(value.lower())


def bad_language_message() -> str:
    return translation.gettext("lang 只能是 zh-Hant、en 或 ja")


class LanguageMiddleware:
    """Activates the request's language: the URL prefix for pages (none: 繁體中文), `lang`
    for /api/. Never Accept-Language (Django's LocaleMiddleware would add Vary:
    Accept-Language to every unprefixed page); the language cookie only as the
    remembered choice (the module docstring). /admin/ is unprefixed, so 繁體中文."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            language = api_language(request)
            translation.activate(language or settings.LANGUAGE_CODE)
            if language is None:
                return self.answer(request, error_response(bad_language_message(), 400))
            return self.answer(request, self.get_response(request))
        path_language = translation.get_language_from_path(request.path_info)
        translation.activate(path_language or settings.LANGUAGE_CODE)
        if request.path_info.removeprefix("/") in PREFIXED_LANGUAGES:
            # /en is what people type for the English home page, /en/.
            return self.answer(request, HttpResponseRedirect(f"{request.path}/"))
        if path_language is not None:
            return self.answer(request, self.get_response(request))
        response = remembered_page_redirect(request) or self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            # An unprefixed page is a redirect for a visitor who chose another language.
            # (Set directly when nothing varies yet: the home page's hot path.)
            if "Vary" in response.headers:
                patch_vary_headers(response, ("Cookie",))
            else:
                response.headers["Vary"] = "Cookie"
        return self.answer(request, response)

    @staticmethod
    def answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def remembered_page_redirect(request: HttpRequest) -> HttpResponse | None:
    """To the page's /en/ or /ja/ twin, for a visitor whose remembered choice is that
    language (GET and HEAD of pages only: robots.txt, the sitemaps, /admin/ and the
    like have no twin)."""
    remembered = remembered_language(request)
    if remembered is None or request.method not in ("GET", "HEAD"):
        return None
    target = language_path(request.path_info, remembered)
    with translation.override(remembered):  # i18n_patterns resolve the active prefix
        is_page = is_valid_path(target, getattr(request, "urlconf", None))
    if not is_page:
        return None
    query = request.META.get("QUERY_STRING", "")
    redirect = HttpResponseRedirect(target + (f"?{query}" if query else ""))
    # One visitor's choice: a shared cache that ignores Vary must not keep it for all.
    add_never_cache_headers(redirect)
    return redirect
