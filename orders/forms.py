import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.models import Slot
from orders.models import PaymentMethod
from taipei_trip.api import ApiError, valid
from taipei_trip.forms import (
    MAX_ID,
    PHONE_PATTERN,
    IsoDateField,
    StrictCharField,
    StrictEmailField,
    messages_for,
)
from taipei_trip.paging import PAGE_MESSAGE, page_field

MESSAGES = {
    "order": _("訂單資料不正確"),
    "prime": _("付款資訊不正確，請重新輸入信用卡資料"),
    "price": _("訂單金額與伺服器計算的金額不符"),
    "booking_ids": _("預訂行程編號不正確"),
    "trip": _("行程資料不正確"),
    "contact": _("聯絡資訊不正確"),
    "name": _("請輸入 1 到 50 個字的聯絡人姓名"),
    "email": _("聯絡人電子郵件格式不正確"),
    "phone": _("聯絡人手機號碼應為 09 開頭的 10 位數字"),
    "page": PAGE_MESSAGE,
    "bookings_missing": _("預訂清單中找不到這些行程，請重新整理頁面"),
    "bookings_held": _("部分行程已在訂單 {number} 中，請先完成該訂單的付款"),
    "trip_past": _("訂單中有日期已過的行程，請從預訂清單移除後再結帳"),
    "cutoff": _(
        "{date} {slot}已於行程開始前 {cutoff}截止預訂與付款，請從預訂清單移除後改選其他時段"
    ),
    "not_offered": _("「{name}」已不再提供，請從預訂清單移除後再結帳"),
    "superseded": _("這筆訂單的行程已在較新的訂單中結帳，請改付較新的訂單"),
    "not_payable": _("這筆訂單目前無法付款"),
    "in_progress": _("這筆訂單正在付款中，請稍後查看訂單狀態，不要重複付款"),
    "not_refundable": _("只有已付款的訂單可以退款"),
    "refund_in_progress": _("這筆訂單已有處理中的退款，請稍後再試"),
    "refund_changed": _("確認後這筆訂單的退款狀況已變更，未退款；請重新檢視後再確認"),
    "already_refunded": _("「{name}」已經退款，不能重複退款"),
    "refund_amount": _("退款金額應為 1 到 {most} 元"),
    "nothing_left": _("這筆訂單的款項已全部退回，行程如需取消請聯絡客服"),
    "refund_whole_by_trips": _(
        "還有未取消的行程：要退回全部剩餘的 {left} 元，請勾選這些行程"
    ),
    "cancel_items": _("要取消的行程編號不正確"),
    "already_cancelled": _("這個行程已經取消，不能重複取消"),
    "cancel_deadline": _("「{name}」的免費取消期限（{deadline}）已過，無法自行取消"),
    "cancel_unpaid": _(
        "只有已付款的訂單可以取消；未付款的訂單不需取消，名額會自動釋出"
    ),
    "paid": _("付款成功"),
    "already_paid": _("這筆訂單已付款"),
    "declined": _("付款失敗：{message}"),
    "gateway_unavailable": _("付款服務暫時無法使用，請稍後再試"),
    "unknown": _("付款結果確認中，請稍後查看訂單狀態，不要重複付款"),
    "refunded": _("這筆訂單已退款"),
    "not_found": _("找不到這筆訂單"),
    "redirect": _("請在付款頁面完成驗證，完成後會回到本站顯示結果"),
    "method": _("付款方式不正確"),
    "notify": _("notify 資料不正確"),
    "method_unavailable": _("目前無法使用這個付款方式，請改用信用卡"),
}

# A refused charge in our words, by TapPay's status: the gateway's and the bank's own text
# (English, often technical) stays in the payment row for staff and never reaches a page.
BANK_BUSY = _("發卡銀行系統暫時無法處理，請稍後再試或改用其他信用卡")
DECLINED_MESSAGES = {
    -1: MESSAGES["gateway_unavailable"],  # ours: refused before anything was sent
    10003: _("發卡銀行拒絕了這筆交易，請確認卡號、有效期限與安全碼，或改用其他信用卡"),
    10005: BANK_BUSY,
    10023: BANK_BUSY,
}
DECLINED_OTHER = _("這張信用卡無法完成付款，請改用其他信用卡，或聯絡發卡銀行")


def declined_message(gateway_status: int | None) -> str:
    """What a member reads when the gateway or the bank refused the charge."""
    reason = DECLINED_MESSAGES.get(gateway_status, DECLINED_OTHER)
    return MESSAGES["declined"].format(message=reason)


MAX_TRIPS = 50
PHONE = re.compile(PHONE_PATTERN)


class PaymentForm(forms.Form):
    """The prime from TapPay's SDK (opaque, single-use text) and what it came from:
    the card fields (the default), LINE Pay or JKO Pay."""

    prime = StrictCharField(
        max_length=200, error_messages=messages_for(MESSAGES["prime"])
    )
    payMethod = forms.ChoiceField(  # noqa: N815 (the JSON field's name)
        required=False,
        choices=PaymentMethod.choices,
        error_messages=messages_for(MESSAGES["method"]),
    )

    def clean_payMethod(self):  # noqa: N802
        return self.cleaned_data["payMethod"] or PaymentMethod.CARD


class NotifyForm(forms.Form):
    """The parts of TapPay's backend notify that name the transaction (a hint only)."""

    rec_trade_id = StrictCharField(
        max_length=64, error_messages=messages_for(MESSAGES["notify"])
    )
    bank_transaction_id = StrictCharField(
        required=False, max_length=40, error_messages=messages_for(MESSAGES["notify"])
    )
    order_number = StrictCharField(
        required=False, max_length=50, error_messages=messages_for(MESSAGES["notify"])
    )
    amount = forms.IntegerField(
        required=False, min_value=1, error_messages=messages_for(MESSAGES["notify"])
    )

    def clean_amount(self):
        # JSON true is not an amount (IntegerField would read it as 1).
        if isinstance(self.data.get("amount"), bool):
            raise forms.ValidationError(MESSAGES["notify"])
        return self.cleaned_data["amount"]


class OrderPriceForm(forms.Form):
    price = forms.IntegerField(
        min_value=1, max_value=MAX_ID, error_messages=messages_for(MESSAGES["price"])
    )


class ContactForm(forms.Form):
    name = StrictCharField(max_length=50, error_messages=messages_for(MESSAGES["name"]))
    email = StrictEmailField(
        max_length=254, error_messages=messages_for(MESSAGES["email"])
    )
    phone = StrictCharField(
        max_length=10, error_messages=messages_for(MESSAGES["phone"])
    )

    def clean_name(self):
        name = self.cleaned_data["name"]
        # The name goes to TapPay as the cardholder and into the receipt: one line.
        if any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in name):
            raise forms.ValidationError(MESSAGES["name"])
        return name

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if not PHONE.fullmatch(phone):
            raise forms.ValidationError(MESSAGES["phone"])
        return phone


class TripForm(forms.Form):
    """The base contract's single trip: which cart item to order."""

    attraction_id = forms.IntegerField(
        min_value=1, max_value=MAX_ID, error_messages=messages_for(MESSAGES["trip"])
    )
    date = IsoDateField(error_messages=messages_for(MESSAGES["trip"]))
    time = forms.ChoiceField(
        choices=Slot.choices, error_messages=messages_for(MESSAGES["trip"])
    )


class PageForm(forms.Form):
    page = page_field(required=False)


def parse_booking_ids(value: object) -> list[int]:
    """A JSON list of cart item ids: 1..MAX_TRIPS positive integers, repeats dropped."""
    if not isinstance(value, list) or not 0 < len(value) <= MAX_TRIPS:
        raise ApiError(MESSAGES["booking_ids"])
    for item in value:
        # bool is an int subclass in Python; JSON true is not an id.
        if (
            isinstance(item, bool)
            or not isinstance(item, int)
            or not 0 < item <= MAX_ID
        ):
            raise ApiError(MESSAGES["booking_ids"])
    return list(dict.fromkeys(value))


def parse_trip(value: object) -> dict:
    """The base contract's `trip`: {"attraction": {"id", ...}, "date", "time"}."""
    if not isinstance(value, dict) or not isinstance(value.get("attraction"), dict):
        raise ApiError(MESSAGES["trip"])
    return valid(
        TripForm(
            data={
                "attraction_id": value["attraction"].get("id"),
                "date": value.get("date"),
                "time": value.get("time"),
            }
        )
    )


def parse_checkout(data: dict) -> dict:
    """POST /api/orders in either shape, checked field by field (ApiError on the first)."""
    payment = valid(PaymentForm(data=data))
    order = data.get("order")
    if not isinstance(order, dict):
        raise ApiError(MESSAGES["order"])
    price = valid(OrderPriceForm(data=order))["price"]
    if not isinstance(order.get("contact"), dict):
        raise ApiError(MESSAGES["contact"])
    contact = valid(ContactForm(data=order["contact"]))
    checkout = {
        "prime": payment["prime"],
        "method": payment["payMethod"],
        "price": price,
        "contact": contact,
    }
    if "bookingIds" in order:
        return {**checkout, "booking_ids": parse_booking_ids(order["bookingIds"])}
    if "trip" in order:
        return {**checkout, "trip": parse_trip(order["trip"])}
    raise ApiError(MESSAGES["booking_ids"])


def parse_cancel(data: dict) -> list[int] | None:
    """POST /api/order/{number}/cancel: `{"items": [order item ids]}`, or no items
    (an empty body too) for every trip of the order."""
    if "items" not in data or data["items"] is None:
        return None
    items = data["items"]
    if not isinstance(items, list) or not 0 < len(items) <= MAX_TRIPS:
        raise ApiError(MESSAGES["cancel_items"])
    for item in items:
        if (
            isinstance(item, bool)
            or not isinstance(item, int)
            or not 0 < item <= MAX_ID
        ):
            raise ApiError(MESSAGES["cancel_items"])
    return list(dict.fromkeys(items))
