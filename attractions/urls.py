from django.urls import path

from attractions import api, views

# Pages sit under the language prefixes (taipei_trip/urls.py); what crawlers fetch at
# fixed addresses (robots.txt, the sitemaps) and the API do not.
page_patterns = [
    path("", views.home, name="home"),
    path("attraction/<int:attraction_id>", views.attraction_detail, name="attraction"),
]

urlpatterns = [
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
