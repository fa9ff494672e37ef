from django import forms

MESSAGES = {
    "page": "頁碼必須是 0 以上的整數",
    "attraction_id": "景點編號不正確",
}


class AttractionSearchForm(forms.Form):
    page = forms.IntegerField(
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "required": MESSAGES["page"],
            "invalid": MESSAGES["page"],
            "min_value": MESSAGES["page"],
            "max_value": MESSAGES["page"],
        },
    )
    keyword = forms.CharField(required=False, max_length=100, strip=True)
    category = forms.CharField(required=False, max_length=50, strip=True)
