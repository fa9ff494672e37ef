"""Template context for the payment pages (booking, thank-you), named in settings."""

from django.conf import settings
from django.http import HttpRequest


def tappay(request: HttpRequest) -> dict:
    """The public TapPay values a payment page needs (the partner key never leaves)."""
    return {
        "TAPPAY_APP_ID": settings.TAPPAY_APP_ID,
        "TAPPAY_APP_KEY": settings.TAPPAY_APP_KEY,
        "TAPPAY_SERVER_TYPE": settings.TAPPAY_SERVER_TYPE,
        "TAPPAY_SDK_URL": settings.TAPPAY_SDK_URL,
    }
