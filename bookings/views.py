from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from taipei_trip.forms import PHONE_PATTERN


def booking_page(request: HttpRequest) -> HttpResponse:
    # The member, the cart and the checkout come from the API in booking.js, so the page
    # carries nothing private and a signed-out visit is sent home by the script; the
    # TapPay values come from orders.context_processors.tappay.
    return render(request, "bookings/booking.html", {"phone_pattern": PHONE_PATTERN})
