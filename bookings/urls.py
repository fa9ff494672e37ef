from django.urls import path

from bookings import views

urlpatterns = [
    path("booking", views.booking_page, name="booking"),
]
