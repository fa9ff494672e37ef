"""Security headers that Django does not set by itself."""

from urllib.parse import urlsplit

from django.conf import settings

CSP_HEADER = "Content-Security-Policy"


def tappay_origin() -> str | None:
    """The origin of the TapPay SDK when it is loaded from another site, else None.

    In fake-gateway mode the SDK is a file under /static/, already covered by 'self'.
    """
    parts = urlsplit(settings.TAPPAY_SDK_URL or "")
    if parts.scheme in {"http", "https"} and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def site_policy() -> dict[str, list[str]]:
    """The policy of every response: no inline script or style anywhere.

    Django 5.2's admin runs under it unchanged (no inline scripts or style attributes
    on its pages; e2e/test_quality.py walks the admin to prove it), so it gets no
    relaxed variant.
    """
    origin = tappay_origin()
    extra = [origin] if origin else []
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'", *extra],
        "style-src": ["'self'"],
        # Attraction photos come from the open data's hosts, some still on plain http.
        "img-src": ["'self'", "data:", "https:", "http:"],
        "frame-src": extra or ["'none'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def serialize(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class ContentSecurityPolicyMiddleware:
    """Adds a strict Content-Security-Policy to every response that has none yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if CSP_HEADER not in response:
            response[CSP_HEADER] = serialize(site_policy())
        return response
