from bookings import selectors, services
from bookings.forms import BookingForm, BookingIdForm
from taipei_trip.api import ApiView, read_json, valid


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
