"""Back-office forms: the second factor, refunds, the roster's filters."""

from django import forms


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
