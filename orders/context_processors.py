"""Template context for the payment pages (booking, thank-you), named in settings."""

from django.conf import settings
from django.http import HttpRequest

from orders.models import PaymentMethod
from orders.services.redirects import available_methods


def tappay(request: HttpRequest) -> dict:
    """The public TapPay values a payment page needs (the partner key never leaves),
    and the wallets the booking page may offer (those with a merchant id)."""
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
