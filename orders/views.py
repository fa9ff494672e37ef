from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from orders.models import PaymentMethod
from orders.services import available_methods


def tappay_page_context() -> dict:
    """The public TapPay values a payment page needs (the partner key never leaves)."""
    wallets = [
        {"method": method, "label": PaymentMethod(method).label}
        for method in available_methods()
        if method != PaymentMethod.CARD
    ]
    return {
        "TAPPAY_WALLETS": wallets,
        "TAPPAY_APP_ID": settings.TAPPAY_APP_ID,
        "TAPPAY_APP_KEY": settings.TAPPAY_APP_KEY,
        "TAPPAY_SERVER_TYPE": settings.TAPPAY_SERVER_TYPE,
        "TAPPAY_SDK_URL": settings.TAPPAY_SDK_URL,
    }


def thankyou_page(request: HttpRequest) -> HttpResponse:
    # An unpaid order can be paid again from this page, so it carries the TapPay values;
    # the order itself comes from the API in thankyou.js (bearer token).
    context = {"number": request.GET.get("number", "").strip()[:64]}
    return render(request, "orders/thankyou.html", context | tappay_page_context())


def order_return_page(request: HttpRequest, number: str) -> HttpResponse:
    # TapPay's query parameters are ignored: order-return.js asks GET /api/order/{number},
    # which settles the attempt from the Record API for the member who owns the order.
    return render(request, "orders/return.html", {"number": number.strip()[:50]})


def order_history_page(request: HttpRequest) -> HttpResponse:
    return render(request, "orders/history.html")
