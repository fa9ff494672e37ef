"""Catalogue pages: the server renders the first page of cards and the attraction page, so
both show before any script runs; page modules take over from there."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from attractions import selectors
from attractions.forms import AttractionSearchForm


def home(request):
    form = AttractionSearchForm(data={"page": 0, **request.GET.dict()})
    query = form.cleaned_data if form.is_valid() else {"page": 0}
    query["page"] = 0  # later pages come from the API as the visitor scrolls
    attractions, next_page = selectors.search_attractions(**query)
    return render(
        request,
        "attractions/home.html",
        {
            "attractions": attractions,
            "next_page": next_page,
            "keyword": query.get("keyword", ""),
            "category": query.get("category", ""),
            "stations": selectors.station_names(),
            "categories": selectors.category_names(),
        },
    )


def attraction_detail(request, attraction_id: int):
    attraction = selectors.get_attraction(attraction_id)
    if attraction is None:
        raise Http404("找不到這個景點")
    # The booking form's slots, prices and dates come from bookings' template tag.
    return render(
        request,
        "attractions/attraction.html",
        {
            "attraction": attraction,
            "images": [image.src for image in attraction.images.all()],
        },
    )


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /api/
Disallow: /booking
Disallow: /member
Disallow: /orders
Disallow: /thankyou
"""


def robots_txt(request):
    """Crawlers may read the catalogue; members' pages and the API are no use to them."""
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
