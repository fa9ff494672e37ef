from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def thankyou_page(request: HttpRequest) -> HttpResponse:
    # An unpaid order can be paid again from this page, so it carries the TapPay values
    # (orders.context_processors.tappay); the order itself comes from the API in
    # thankyou.js (bearer token).
    context = {"number": request.GET.get("number", "").strip()[:64]}
    return render(request, "orders/thankyou.html", context)


def order_page(request: HttpRequest, number: str) -> HttpResponse:
    # The order comes from the API in order.js (bearer token): another member's number
    # reads as unknown there, exactly like one that does not exist.
    return render(request, "orders/order.html", {"number": number.strip()[:50]})


def order_return_page(request: HttpRequest, number: str) -> HttpResponse:
    # TapPay's query parameters are ignored: order-return.js asks GET /api/order/{number},
    # which settles the attempt from the Record API for the member who owns the order.
    return render(request, "orders/return.html", {"number": number.strip()[:50]})


def order_history_page(request: HttpRequest) -> HttpResponse:
    return render(request, "orders/history.html")
