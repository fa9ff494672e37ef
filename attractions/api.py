from django.http import HttpResponse

from attractions import selectors
from attractions.catalogue_cache import cached_bytes
from attractions.forms import MESSAGES, AttractionSearchForm
from taipei_trip.api import ApiError, ApiView, json_response, valid


class CatalogueApi(ApiView):
    """A catalogue read whose answer is the same for everyone who asks.

    `params()` validates the request into a hashable tuple and `answer(*params)` builds the
    contract dict. Requests without an Authorization header get the rendered bytes from the
    catalogue cache; signed-in ones are always built afresh, so a member's request never
    reads or fills a shared entry.
    """

    def params(self, request, **kwargs) -> tuple:
        return ()

    def answer(self, *params) -> dict:
        raise NotImplementedError

    def get(self, request, **kwargs):
        def build() -> bytes:
            return json_response(self.answer(*self.params(request, **kwargs))).content

        if "HTTP_AUTHORIZATION" in request.META:
            body = build()
        else:
            # Keyed by the raw query string, so a hit skips parsing and validating it (the
            # same parameters in another order are just another entry); invalid requests
            # raise ApiError inside build() and are never stored.
            query = request.META.get("QUERY_STRING", "")
            key = (type(self).__name__, tuple(sorted(kwargs.items())), query)
            body = cached_bytes(key, build)
        return HttpResponse(body, content_type="application/json")


class AttractionListApi(CatalogueApi):
    def params(self, request, **kwargs) -> tuple:
        query = valid(AttractionSearchForm(data=request.GET))
        return query["page"], query["keyword"], query["category"]

    def answer(self, page: int, keyword: str, category: str) -> dict:
        attractions, next_page = selectors.search_attractions(
            page=page, keyword=keyword, category=category
        )
        return {
            "nextPage": next_page,
            "data": [selectors.attraction_to_dict(item) for item in attractions],
        }


class AttractionApi(CatalogueApi):
    def params(self, request, attraction_id: str) -> tuple:
        if not (
            attraction_id.isascii()
            and attraction_id.isdigit()
            and len(attraction_id) < 10
        ):
            raise ApiError(MESSAGES["attraction_id"])
        return (int(attraction_id),)

    def answer(self, attraction_id: int) -> dict:
        attraction = selectors.get_attraction(attraction_id)
        if attraction is None:
            raise ApiError(MESSAGES["attraction_id"])
        return {"data": selectors.attraction_to_dict(attraction)}


class MrtListApi(CatalogueApi):
    def answer(self) -> dict:
        return {"data": selectors.station_names()}


class CategoryListApi(CatalogueApi):
    def answer(self) -> dict:
        return {"data": selectors.category_names()}
