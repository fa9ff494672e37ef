from django.urls import path

from sitepages import views

urlpatterns = [
    path("help/<slug:slug>", views.page_detail, name="sitepage"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web-manifest"),
]
