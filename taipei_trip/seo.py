"""What search engines and link previews read: absolute URLs, the head's share tags and
JSON-LD.

Every absolute URL is built from SITE_URL, never from the request's host: the catalogue
pages are rendered without a request and kept in the shared cache, so their HTML must
be the same whichever host name (or proxy) the visitor came through.
"""

import json

from django.conf import settings

SITE_NAME = "台北一日遊"
# <, > and & inside a JSON-LD block could end the <script> element early.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(url: str) -> str:
    """`url` (a path such as /attraction/1 or /media/…) on the site's own origin; URLs
    that already name a host (remote photos, a CDN) are kept."""
    if url.startswith("/") and not url.startswith("//"):
        return settings.SITE_URL + url
    return url


def json_ld_text(data) -> str:
    """JSON for a <script type="application/ld+json"> element, safe inside HTML."""
    return json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
