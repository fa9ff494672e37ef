from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.models import Slot
from bookings.pricing import bookable_dates, max_participants, total_price
from taipei_trip.forms import MAX_ID, IsoDateField, messages_for

MESSAGES = {
    "failed": _("建立失敗，輸入不正確或其他原因"),
    "attraction": _("建立失敗，景點編號不正確"),
    "date": _("建立失敗，日期應寫成年-月-日，例如 2026-12-31"),
    "date_past": _("建立失敗，不能預訂今天以前的日期"),
    "date_far": _("建立失敗，只能預訂 {days} 天內的行程"),
    "time": _("建立失敗，時段只能是上半天或下半天"),
    "price": _("建立失敗，費用與時段、人數不符"),
    "participants": _("建立失敗，人數應為 1 到 {max} 的整數"),
    "cutoff": _(
        "建立失敗，{date} {slot}已於行程開始前 {cutoff}截止預訂，請選擇其他時段"
    ),
    "not_found": _("找不到這筆預訂行程"),
    "booking_id": _("預訂行程編號不正確"),
    "availability_from": _("from 應為今天起、可預訂範圍內的日期（年-月-日）"),
    "availability_days": _("days 應為 1 到 {max} 的整數"),
}

AVAILABILITY_MAX_DAYS = 62


class StrictIntegerField(forms.IntegerField):
    """An integer from JSON: a string, a fraction or true is invalid, not coerced."""

    def to_python(self, value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def participants_messages() -> dict:
    message = MESSAGES["participants"].format(max=max_participants())
    return dict.fromkeys(["invalid", "min_value", "max_value"], message)


class ParticipantsField(StrictIntegerField):
    """1 to settings.TRIP_MAX_PARTICIPANTS people; absent means 1 (older clients)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)

    def clean(self, value):
        # The maximum is a setting, read per request rather than at import.
        self.error_messages = {**self.error_messages, **participants_messages()}
        number = super().clean(value)
        if number is None:
            return 1
        if number > max_participants():
            raise forms.ValidationError(self.error_messages["max_value"])
        return number


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
    participants = ParticipantsField()

    def clean(self):
        cleaned = super().clean()
        slot, price = cleaned.get("time"), cleaned.get("price")
        participants = cleaned.get("participants")
        if (
            slot
            and participants
            and price is not None
            and price != total_price(slot, participants)
        ):
            # The server owns prices: a client showing another price is out of date.
            self.add_error("price", MESSAGES["price"])
        return cleaned


class BookingIdForm(forms.Form):
    booking_id = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages=messages_for(MESSAGES["booking_id"]),
    )


class AvailabilityForm(forms.Form):
    """GET /api/attraction/{id}/availability?from=YYYY-MM-DD&days=N (both optional)."""

    attraction_id = forms.RegexField(
        regex=r"^[0-9]{1,9}$",
        error_messages=dict.fromkeys(["required", "invalid"], _("景點編號不正確")),
    )
    # "from" is a Python keyword: the view maps the query parameter to this name.
    first = IsoDateField(
        required=False, error_messages=messages_for(MESSAGES["availability_from"])
    )
    days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=AVAILABILITY_MAX_DAYS,
        error_messages=messages_for(
            MESSAGES["availability_days"].format(max=AVAILABILITY_MAX_DAYS)
        ),
    )

    def clean_first(self):
        first, last = bookable_dates()
        day = self.cleaned_data["first"] or first
        if not first <= day <= last:
            raise forms.ValidationError(MESSAGES["availability_from"])
        return day

    def clean_days(self):
        return self.cleaned_data["days"] or 31

    def clean_attraction_id(self):
        return int(self.cleaned_data["attraction_id"])
