from django import forms
from django.utils.translation import gettext_lazy as _

from taipei_trip.paging import PAGE_MESSAGE, page_field

MESSAGES = {
    "page": PAGE_MESSAGE,
    "attraction_id": _("景點編號不正確"),
}


class AttractionSearchForm(forms.Form):
    page = page_field()
    keyword = forms.CharField(required=False, max_length=100, strip=True)
    category = forms.CharField(required=False, max_length=50, strip=True)
