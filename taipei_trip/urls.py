"""Root URL conf: each app's urls.py lists its own pages (`page_patterns`) and its
unprefixed paths (`urlpatterns`: /api/, robots.txt, the sitemaps, favicon, manifest).

Pages answer in 繁體中文 at their plain paths and in English and Japanese under /en/ and
/ja/ (`i18n_patterns`, no prefix for the default language); the API takes its language
from `lang` instead (taipei_trip/i18n.py).
"""

from importlib import import_module

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from taipei_trip.openapi import OpenApiDocument
from taipei_trip.views import javascript_catalogue, set_language

# By name, as include("app.urls") would: taipei_trip imports no app
# (docs/architecture.md, "Import direction").
APPS = [
    import_module(f"{app}.urls")
    for app in ("attractions", "accounts", "bookings", "orders", "sitepages")
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/openapi.json", OpenApiDocument.as_view()),
    path("language/<str:language>", set_language, name="set-language"),
    path(
        "jsi18n/<str:language>.<str:version>.js",
        javascript_catalogue,
        name="javascript-catalogue",
    ),
    *(path("", include(app.urlpatterns)) for app in APPS),
    *i18n_patterns(
        *(path("", include(app.page_patterns)) for app in APPS),
        prefix_default_language=False,
    ),
]

# Outages of the database or cache answer 503 on every path (taipei_trip/outage.py).
handler500 = "sitepages.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
