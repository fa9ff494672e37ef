from django.urls import path

from bookings import api, views

urlpatterns = [
    path("booking", views.booking_page, name="booking"),
    path("api/booking", api.BookingApi.as_view()),
    path("api/booking/<str:booking_id>", api.BookingItemApi.as_view()),
    path(
        "api/attraction/<str:attraction_id>/availability",
        api.AvailabilityApi.as_view(),
        name="availability",
    ),
]
