"""The trust pages (terms of service, privacy policy, cancellation and refunds), and
what browsers ask every site for: /favicon.ico and the web app manifest."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.html import format_html
from django.views.decorators.cache import cache_control

from sitepages.models import Page
from sitepages.text import render_body
from taipei_trip.translated import SOURCE_LANG_TAG, localized, translated_language


@dataclass(frozen=True)
class PageText:
    """A page's texts in the language it is shown in; `<field>_lang` is "zh-Hant" for
    a text shown in 繁體中文 because its translation is blank."""

    title: str
    title_lang: str
    summary: str
    body: str
    body_lang: str
    updated_at: datetime


def page_text(page: Page, language: str | None) -> PageText:
    texts = {}
    for field in ("title", "summary", "body"):
        text, fell_back = localized(page, field, language)
        texts[field] = text
        texts[f"{field}_lang"] = SOURCE_LANG_TAG if fell_back else ""
    del texts["summary_lang"]  # a <meta> description has no lang of its own
    return PageText(**texts, updated_at=page.updated_at)


def page_detail(request, slug: str):
    page = Page.objects.filter(slug=slug).first()
    if page is None:
        raise Http404("找不到這個頁面")
    text = page_text(page, translated_language())
    body = render_body(text.body)
    if text.body_lang:
        body = format_html('<div lang="{}">{}</div>', text.body_lang, body)
    return render(request, "sitepages/page.html", {"page": text, "body": body})


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
