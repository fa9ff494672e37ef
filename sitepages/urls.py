from django.urls import path

from sitepages import views

urlpatterns = [
    path("help/<slug:slug>", views.page_detail, name="sitepage"),
]
