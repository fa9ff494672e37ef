from django.http import HttpResponse

from attractions import selectors
from attractions.attraction_json import encode
from attractions.catalogue_cache import cached_bytes, uncached
from attractions.forms import MESSAGES, AttractionSearchForm
from taipei_trip.api import ApiError, ApiView, json_response, valid_fields
from taipei_trip.translated import translated_language


class CatalogueApi(ApiView):
    """A catalogue read whose answer is the same for everyone who asks.

    `params()` validates the request into a hashable tuple, the cache key, and
    `answer(*params)` builds the contract dict from those parameters alone (or
    `body(*params)` its JSON bytes, where they are assembled from stored texts). The request
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

    def body(self, *params) -> bytes:
        data = self.answer(*params)
        body = json_response(data).content
        return uncached(body) if data.get("data") in ([], None) else body

    def get(self, request, **kwargs):
        params = self.params(request, **kwargs)
        body = cached_bytes((type(self).__name__, *params), lambda: self.body(*params))
        return HttpResponse(body, content_type="application/json")


class AttractionListApi(CatalogueApi):
    def params(self, request, **kwargs) -> tuple:
        query = valid_fields(AttractionSearchForm, request.GET)
        return query["page"], query["keyword"], query["category"]

    def body(self, page: int, keyword: str, category: str) -> bytes:
        texts, next_page = selectors.search_page(
            page=page, keyword=keyword, category=category
        )
        # The bytes json_response would write for {"nextPage": ..., "data": [...]}.
        body = f'{{"nextPage": {encode(next_page)}, "data": [{", ".join(texts)}]}}'
        return body.encode() if texts else uncached(body.encode())


def attraction_id_param(attraction_id: str) -> tuple:
    """The path's attraction id as the cache key's parameters, or the contract's 400."""
    if not (
        attraction_id.isascii() and attraction_id.isdigit() and len(attraction_id) < 10
    ):
        raise ApiError(MESSAGES["attraction_id"])
    return (int(attraction_id),)


class AttractionApi(CatalogueApi):
    def params(self, request, attraction_id: str) -> tuple:
        return attraction_id_param(attraction_id)

    def body(self, attraction_id: int) -> bytes:
        text = selectors.attraction_text(attraction_id)
        if text is None:
            raise ApiError(MESSAGES["attraction_id"])
        return f'{{"data": {text}}}'.encode()


class NearbyAttractionsApi(CatalogueApi):
    """The 4 published attractions closest to this one, with distance and walking time."""

    def params(self, request, attraction_id: str) -> tuple:
        return attraction_id_param(attraction_id)

    def answer(self, attraction_id: int) -> dict:
        nearby = selectors.nearby_published(attraction_id)
        if nearby is None:
            raise ApiError(MESSAGES["attraction_id"])
        return {"data": nearby}


def names_answer(names: list[str], untranslated: list[str]) -> dict:
    """A list of names; in English or Japanese (`lang`) also `untranslated`, those of
    them shown in 繁體中文 for want of a translation."""
    if translated_language() is None:
        return {"data": names}
    return {"data": names, "untranslated": untranslated}


class MrtListApi(CatalogueApi):
    def answer(self) -> dict:
        return names_answer(*selectors.station_list())


class CategoryListApi(CatalogueApi):
    def answer(self) -> dict:
        return names_answer(*selectors.category_list())
