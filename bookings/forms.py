from django import forms

from bookings.models import Slot
from bookings.pricing import price_for

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

MAX_ID = 2**31 - 1


class TextField(forms.CharField):
    """A CharField for JSON input: a number, list or object is invalid, not str()-ed."""

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            message = self.error_messages.get(
                "invalid", self.error_messages["required"]
            )
            raise forms.ValidationError(message, code="invalid")
        return super().to_python(value)


class IsoDateField(forms.DateField):
    """YYYY-MM-DD only; a JSON number or list is invalid rather than a crash."""

    input_formats = ["%Y-%m-%d"]

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def messages_for(key: str) -> dict:
    """Every error of a field answered with one message."""
    message = MESSAGES[key]
    return dict.fromkeys(
        ["required", "invalid", "invalid_choice", "min_value", "max_value"], message
    )


class BookingForm(forms.Form):
    """POST /api/booking: the body's field names are the contract's."""

    attractionId = forms.IntegerField(  # noqa: N815
        min_value=1, max_value=MAX_ID, error_messages=messages_for("attraction")
    )
    date = IsoDateField(error_messages=messages_for("date"))
    time = forms.ChoiceField(choices=Slot.choices, error_messages=messages_for("time"))
    price = forms.IntegerField(
        min_value=0, max_value=MAX_ID, error_messages=messages_for("price")
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
        min_value=1, max_value=MAX_ID, error_messages=messages_for("booking_id")
    )
