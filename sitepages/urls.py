from django.urls import path

from sitepages import views

# Pages sit under the language prefixes (taipei_trip/urls.py); what browsers fetch at
# fixed addresses does not.
page_patterns = [
    path("help/<slug:slug>", views.page_detail, name="sitepage"),
]

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web-manifest"),
]
