"""Redirect payments (3-D Secure, LINE Pay, JKO Pay): what Pay by Prime is told.

TapPay sends the buyer back to `frontend_redirect_url` and POSTs its notify to
`backend_notify_url`; both are built from settings.SITE_URL (DJANGO_SITE_URL), which TapPay only
accepts as https on port 443 (plain http is allowed on loopback, for the local fake).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from orders.forms import MESSAGES
from orders.models import Order, PaymentMethod
from orders.services.states import OrderError

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
WALLET_SETTINGS = {
    PaymentMethod.LINE_PAY: "TAPPAY_LINE_PAY_MERCHANT_ID",
    PaymentMethod.JKO_PAY: "TAPPAY_JKO_PAY_MERCHANT_ID",
}


def public_base_url() -> str:
    """The site's public address for TapPay's result_url, or ImproperlyConfigured."""
    base = (settings.SITE_URL or "").rstrip("/")
    parts = urlsplit(base)
    is_https = parts.scheme == "https" and parts.hostname and parts.port in (None, 443)
    is_loopback = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if not (is_https or is_loopback) or parts.path or parts.query:
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL must be https://host (port 443), or http on "
            "loopback for the local fake, to pay with 3-D Secure or a wallet"
        )
    return base


def result_url(order: Order) -> dict:
    """Where TapPay sends the buyer back and where it posts the notify."""
    base = public_base_url()
    return {
        "frontend_redirect_url": base + reverse("order-return", args=[order.number]),
        "backend_notify_url": base + reverse("tappay-notify"),
    }


def wallet_merchant_id(method: str) -> str:
    """The merchant id TapPay gave this wallet, "" when it is not configured."""
    name = WALLET_SETTINGS.get(method)
    return getattr(settings, name) if name else ""


def available_methods() -> list[str]:
    """The payment methods the booking page may offer: cards, and configured wallets."""
    return [PaymentMethod.CARD] + [
        method for method in WALLET_SETTINGS if wallet_merchant_id(method)
    ]


def check_method(method: str) -> None:
    """Refuse a payment method that is unknown or has no merchant id here."""
    if method not in available_methods():
        raise OrderError(
            MESSAGES["method_unavailable"]
            if method in PaymentMethod.values
            else MESSAGES["method"]
        )


def gateway_options(*, order: Order, method: str) -> dict:
    """The extra Pay by Prime arguments for this method (none for a plain card)."""
    if method == PaymentMethod.CARD:
        if not settings.TAPPAY_THREE_DOMAIN_SECURE:
            return {}
        return {"three_domain_secure": True, "result_url": result_url(order)}
    merchant_id = wallet_merchant_id(method)
    if not merchant_id:
        raise ImproperlyConfigured(f"{WALLET_SETTINGS[method]} is not set")
    return {"merchant_id": merchant_id, "result_url": result_url(order)}
