from django.http import HttpResponse

from attractions import selectors
from attractions.catalogue_cache import cached_bytes, uncached
from attractions.forms import MESSAGES, AttractionSearchForm
from taipei_trip.api import ApiError, ApiView, json_response, valid


class CatalogueApi(ApiView):
    """A catalogue read whose answer is the same for everyone who asks.

    `params()` validates the request into a hashable tuple, the cache key, and
    `answer(*params)` builds the contract dict from those parameters alone. The request
    never reaches `answer()` and nothing here reads `request.user`, so the bearer token is
    never resolved (accounts' middleware looks it up lazily, on first read): a member's
    request reads and fills the same shared entries as anyone's and none of a member's
    data can enter one. Invalid requests raise ApiError in `params()`, before
    the cache, and are never stored.
    """

    def params(self, request, **kwargs) -> tuple:
        return ()

    def answer(self, *params) -> dict:
        raise NotImplementedError

    def get(self, request, **kwargs):
        params = self.params(request, **kwargs)

        def build() -> bytes:
            data = self.answer(*params)
            body = json_response(data).content
            return uncached(body) if data.get("data") in ([], None) else body

        body = cached_bytes((type(self).__name__, *params), build)
        return HttpResponse(body, content_type="application/json")


class AttractionListApi(CatalogueApi):
    def params(self, request, **kwargs) -> tuple:
        query = valid(AttractionSearchForm(data=request.GET))
        return query["page"], query["keyword"], query["category"]

    def answer(self, page: int, keyword: str, category: str) -> dict:
        attractions, next_page = selectors.search_attractions(
            page=page, keyword=keyword, category=category
        )
        return {"nextPage": next_page, "data": attractions}


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
        return {"data": attraction}


class MrtListApi(CatalogueApi):
    def answer(self) -> dict:
        return {"data": selectors.station_names()}


class CategoryListApi(CatalogueApi):
    def answer(self) -> dict:
        return {"data": selectors.category_names()}
