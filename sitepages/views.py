"""The trust pages (terms of service, privacy policy, cancellation and refunds), and
what browsers ask every site for: /favicon.ico and the web app manifest."""

import json

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from sitepages.models import Page
from sitepages.text import render_body


def page_detail(request, slug: str):
    page = Page.objects.filter(slug=slug).first()
    if page is None:
        raise Http404("找不到這個頁面")
    return render(
        request,
        "sitepages/page.html",
        {"page": page, "body": render_body(page.body)},
    )


@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links
    (scripts/icons.py renders it from static/img/favicon.svg)."""
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        body = icon.read()
    return HttpResponse(body, content_type="image/vnd.microsoft.icon")


@cache_control(public=True, max_age=86400)
def web_manifest(request):
    """/manifest.webmanifest: the site's name, colours and icons for "add to home
    screen" (icon URLs through the static storage, hashed in production)."""
    manifest = {
        "name": "台北一日遊",
        "short_name": "台北一日遊",
        "description": "探索台北景點，預訂半日行程，線上付款。",
        "lang": "zh-Hant-TW",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#3d7a89",
        "icons": [
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {
                "src": static("img/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": static("img/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
            },
        ],
    }
    return HttpResponse(
        json.dumps(manifest, ensure_ascii=False),
        content_type="application/manifest+json",
    )
