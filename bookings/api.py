from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings import seats, selectors, services
from bookings.forms import AvailabilityForm, BookingForm, BookingIdForm
from taipei_trip.api import ApiError, ApiView, json_response, read_json, valid
from taipei_trip.cache import CACHE_ERRORS


class BookingApi(ApiView):
    """The member's cart: list it, add a trip, empty it."""

    login_required = True

    def get(self, request):
        return {"data": selectors.cart_items(request.user)}

    def post(self, request):
        trip = valid(BookingForm(data=read_json(request)))
        services.add_booking(
            user=request.user,
            attraction_id=trip["attractionId"],
            date=trip["date"],
            slot=trip["time"],
            participants=trip["participants"],
        )
        return {"ok": True}

    def delete(self, request):
        services.clear_cart(user=request.user)
        return {"ok": True}


class BookingItemApi(ApiView):
    """One trip of the cart: DELETE /api/booking/{id}."""

    login_required = True

    def delete(self, request, booking_id: str):
        data = valid(BookingIdForm(data={"booking_id": booking_id}))
        services.remove_booking(user=request.user, booking_id=data["booking_id"])
        return {"ok": True}


class AvailabilityApi(ApiView):
    """GET /api/attraction/{id}/availability: seats left and open slots per day.

    The same for everyone who asks, so kept in the shared cache under the attraction's
    availability version: every seat change or closure bumps it once committed
    (bookings/seats.py), so no answer outlives the change that made it stale. The
    minute is part of the key, so a slot closes at its cut-off within a minute.
    """

    def get(self, request, attraction_id: str):
        query = valid(
            AvailabilityForm(
                data={
                    "attraction_id": attraction_id,
                    "first": request.GET.get("from"),
                    "days": request.GET.get("days"),
                }
            )
        )
        attraction_id = query["attraction_id"]
        minute = timezone.now().strftime("%Y%m%d%H%M")
        key = f"availability:{attraction_id}:{query['first']}:{query['days']}:{minute}"
        # 0 turns the cache off.
        version = (
            seats.availability_version(attraction_id)
            if settings.AVAILABILITY_CACHE_SECONDS > 0
            else None
        )
        if version is not None:
            try:
                entry = cache.get(key)
            except CACHE_ERRORS:
                entry = None
            if entry is not None and entry[0] == version:
                return HttpResponse(entry[1], content_type="application/json")
        days = selectors.availability(
            attraction_id=attraction_id, first=query["first"], days=query["days"]
        )
        if days is None:
            raise ApiError(_("景點編號不正確"))
        body = json_response({"data": days}).content
        if version is not None:
            try:
                cache.set(key, (version, body), settings.AVAILABILITY_CACHE_SECONDS)
            except CACHE_ERRORS:
                pass
        return HttpResponse(body, content_type="application/json")
