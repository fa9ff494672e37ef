"""Root URL conf: each app's urls.py lists its own pages and /api/ paths."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from taipei_trip.openapi import OpenApiDocument

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/openapi.json", OpenApiDocument.as_view()),
    path("", include("attractions.urls")),
    path("", include("accounts.urls")),
    path("", include("bookings.urls")),
    path("", include("orders.urls")),
    path("", include("sitepages.urls")),
]

# Outages of the database or cache answer 503 on every path (taipei_trip/outage.py).
handler500 = "sitepages.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
