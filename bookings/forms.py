from django import forms

from bookings.models import Slot
from bookings.pricing import price_for
from taipei_trip.forms import MAX_ID, IsoDateField, messages_for

MESSAGES = {
    "failed": "建立失敗，輸入不正確或其他原因",
    "attraction": "建立失敗，景點編號不正確",
    "date": "建立失敗，日期應寫成年-月-日，例如 2026-12-31",
    "date_past": "建立失敗，不能預訂今天以前的日期",
    "date_far": "建立失敗，只能預訂 {days} 天內的行程",
    "time": "建立失敗，時段只能是上半天或下半天",
    "price": "建立失敗，費用與時段不符",
    "not_found": "找不到這筆預訂行程",
    "booking_id": "預訂行程編號不正確",
}


class BookingForm(forms.Form):
    """POST /api/booking: the body's field names are the contract's."""

    attractionId = forms.IntegerField(  # noqa: N815
        min_value=1,
        max_value=MAX_ID,
        error_messages=messages_for(MESSAGES["attraction"]),
    )
    date = IsoDateField(error_messages=messages_for(MESSAGES["date"]))
    time = forms.ChoiceField(
        choices=Slot.choices, error_messages=messages_for(MESSAGES["time"])
    )
    price = forms.IntegerField(
        min_value=0, max_value=MAX_ID, error_messages=messages_for(MESSAGES["price"])
    )

    def clean(self):
        cleaned = super().clean()
        slot, price = cleaned.get("time"), cleaned.get("price")
        if slot and price is not None and price != price_for(slot):
            # The server owns prices: a client showing another price is out of date.
            self.add_error("price", MESSAGES["price"])
        return cleaned


class BookingIdForm(forms.Form):
    booking_id = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages=messages_for(MESSAGES["booking_id"]),
    )
