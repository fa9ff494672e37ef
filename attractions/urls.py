from django.urls import path

from attractions import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("attraction/<int:attraction_id>", views.attraction_detail, name="attraction"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("api/attractions", api.AttractionListApi.as_view()),
    path("api/attraction/<str:attraction_id>", api.AttractionApi.as_view()),
    path(
        "api/attraction/<str:attraction_id>/nearby",
        api.NearbyAttractionsApi.as_view(),
    ),
    path("api/mrts", api.MrtListApi.as_view()),
    path("api/categories", api.CategoryListApi.as_view()),
]
