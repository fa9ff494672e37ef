from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from orders.views import tappay_page_context


def booking_page(request: HttpRequest) -> HttpResponse:
    # The member, the cart and the checkout come from the API in booking.js, so the page
    # carries nothing private and a signed-out visit is sent home by the script.
    return render(request, "bookings/booking.html", tappay_page_context())
