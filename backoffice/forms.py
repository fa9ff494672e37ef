"""Back-office forms: the second factor, refunds, the roster's filters."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from accounts import throttling
from accounts.errors import SignInThrottled
from accounts.forms import MESSAGES as ACCOUNT_MESSAGES
from accounts.models import User
from attractions.models import Attraction


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin's password step, counted like a member's sign-in and on the same
    counters (accounts/throttling.py): per e-mail+address pair and per address, and a
    growing delay per e-mail; the count comes before the password is checked."""

    throttled: SignInThrottled | None = None

    def clean(self):
        email = User.objects.normalize_email_address(self.cleaned_data.get("username"))
        address = throttling.client_address(self.request)
        if email and self.cleaned_data.get("password"):
            try:
                throttling.consume(
                    throttling.sign_in_limits(email, address),
                    message=ACCOUNT_MESSAGES["throttled"],
                )
            except SignInThrottled as exc:
                self.throttled = exc
                raise ValidationError(exc.message, code="throttled") from exc
        cleaned = super().clean()  # authenticates: raises for a wrong password
        throttling.signed_in(email, address)
        return cleaned


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="驗證碼 Code",
        max_length=20,
        help_text=(
            "驗證器 App 的 6 位數字，或一組備用碼 "
            "The 6 digits from your authenticator app, or one backup code."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "inputmode": "text",
            }
        ),
    )


class RosterForm(forms.Form):
    """Which trips the roster lists: a date (default tomorrow) or a range, a place."""

    MAX_DAYS = 62

    date_from = forms.DateField(
        label="從 From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="到 To",
        required=False,
        help_text="留空即只看一天 Leave empty for one day.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    attraction = forms.ModelChoiceField(
        label="景點 Attraction",
        queryset=None,
        required=False,
        empty_label="全部景點 Every place",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attraction"].queryset = Attraction.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last:
            if last < first:
                raise forms.ValidationError(
                    "結束日期早於開始日期 The range ends before it starts."
                )
            if (last - first).days >= self.MAX_DAYS:
                raise forms.ValidationError(
                    f"一次最多 {self.MAX_DAYS} 天 At most {self.MAX_DAYS} days at a time."
                )
        return cleaned


class RefundForm(forms.Form):
    """A staff refund: which trips (or an amount), why (required), then the same form
    again to confirm it. What it gives back is orders.services' to say."""

    items = forms.TypedMultipleChoiceField(
        label="退款行程 Trips to refund",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "勾選的行程會取消並釋出名額 The trips ticked are cancelled and their "
            "seats go back on sale."
        ),
    )
    amount = forms.IntegerField(
        label="退款金額（新臺幣）Amount (NT$)",
        required=False,
        min_value=1,
        help_text=(
            "留空即退回所勾行程的全額；填寫金額可少退（例如扣手續費），"
            "不勾行程只填金額則只退款、不取消行程 Leave empty to refund the ticked "
            "trips in full; an amount refunds less of them (a fee kept), or, with no "
            "trip ticked, refunds money only and keeps every trip."
        ),
        error_messages={"min_value": "退款金額至少 1 元 At least NT$ 1."},
    )
    reason = forms.CharField(
        label="退款原因 Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="會記錄在退款紀錄中 Kept with the refund record.",
        error_messages={"required": "請填寫退款原因 Give the reason for the refund."},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # What the confirmation page said the refund gives back, and out of what total:
    # a refund that no longer matches them is refused (orders.services.refund_order).
    confirmed_amount = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirmed_left = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, trips=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [
            (
                item.pk,
                f"{item.attraction_name} {item.date:%Y-%m-%d} "
                f"{item.get_slot_display()} · NT$ {item.price}",
            )
            for item in trips
        ]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("items") and cleaned.get("amount") is None:
            if "amount" not in self.errors:
                raise forms.ValidationError(
                    "請勾選要退款的行程，或填寫金額 "
                    "Tick the trips to refund, or give an amount."
                )
        return cleaned
