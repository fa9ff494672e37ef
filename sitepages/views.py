"""The trust pages: terms of service, privacy policy, cancellation and refunds."""

from django.http import Http404
from django.shortcuts import render

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
