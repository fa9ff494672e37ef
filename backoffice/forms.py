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
    """A staff refund: why (required), then the same form again to confirm it."""

    reason = forms.CharField(
        label="退款原因 Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="會記錄在退款紀錄中 Kept with the refund record.",
        error_messages={"required": "請填寫退款原因 Give the reason for the refund."},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
