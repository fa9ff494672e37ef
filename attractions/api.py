from attractions import selectors
from attractions.forms import MESSAGES, AttractionSearchForm
from taipei_trip.api import ApiError, ApiView, valid


class AttractionListApi(ApiView):
    def get(self, request):
        query = valid(AttractionSearchForm(data=request.GET))
        attractions, next_page = selectors.search_attractions(**query)
        return {
            "nextPage": next_page,
            "data": [selectors.attraction_to_dict(item) for item in attractions],
        }


class AttractionApi(ApiView):
    def get(self, request, attraction_id: str):
        attraction = None
        if (
            attraction_id.isascii()
            and attraction_id.isdigit()
            and len(attraction_id) < 10
        ):
            attraction = selectors.get_attraction(int(attraction_id))
        if attraction is None:
            raise ApiError(MESSAGES["attraction_id"])
        return {"data": selectors.attraction_to_dict(attraction)}


class MrtListApi(ApiView):
    def get(self, request):
        return {"data": selectors.station_names()}


class CategoryListApi(ApiView):
    def get(self, request):
        return {"data": selectors.category_names()}
