"""Input rules every app's forms share.

JSON brings real types, and Django's CharField would quietly turn `123` into "123":
`StrictCharField` refuses anything that is not a string, so a wrong-typed field is a 400
with the field's own message. Page numbers and their page size are in `paging.py`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# AutoField's range on every backend: a larger id would overflow the database integer.
MAX_ID = 2**31 - 1
# A Taiwanese mobile number as stored (ten digits). The pages put it in their phone
# inputs' `pattern` attribute, and fields.js checks with that, so it is written only here.
PHONE_PATTERN = "09[0-9]{8}"

# Every error code a JSON field can raise, for fields that answer all with one message.
ERROR_CODES = (
    "required",
    "type",
    "invalid",
    "invalid_choice",
    "min_value",
    "max_value",
    "max_length",
    "null_characters_not_allowed",
)


def messages_for(message: str) -> dict[str, str]:
    """`error_messages` answering every error of a field with one message."""
    return dict.fromkeys(ERROR_CODES, message)


class StrictCharField(forms.CharField):
    """A CharField that takes only strings (or nothing), never numbers, lists or objects."""

    default_error_messages = {"type": _("請提供文字")}

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise ValidationError(self.error_messages["type"], code="type")
        return super().to_python(value)


class StrictEmailField(StrictCharField, forms.EmailField):
    pass


class IsoDateField(forms.DateField):
    """YYYY-MM-DD only; a JSON number or list is invalid rather than a crash."""

    input_formats = ["%Y-%m-%d"]

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
