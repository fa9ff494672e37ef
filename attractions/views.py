from django.http import Http404
from django.shortcuts import render

from attractions import selectors


def home(request):
    attractions, next_page = selectors.search_attractions(page=0)
    return render(
        request,
        "attractions/home.html",
        {
            "attractions": attractions,
            "next_page": next_page,
            "stations": selectors.station_names(),
            "categories": selectors.category_names(),
        },
    )


def attraction_detail(request, attraction_id: int):
    attraction = selectors.get_attraction(attraction_id)
    if attraction is None:
        raise Http404("找不到這個景點")
    return render(request, "attractions/attraction.html", {"attraction": attraction})
