from django.urls import path

from bookings import api, views

# Pages sit under the language prefixes (taipei_trip/urls.py); the API does not.
page_patterns = [
    path("booking", views.booking_page, name="booking"),
]

urlpatterns = [
    path("api/booking", api.BookingApi.as_view()),
    path("api/booking/<str:booking_id>", api.BookingItemApi.as_view()),
    path(
        "api/attraction/<str:attraction_id>/availability",
        api.AvailabilityApi.as_view(),
        name="availability",
    ),
]
