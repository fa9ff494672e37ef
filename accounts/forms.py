"""One form per members endpoint, fed the parsed JSON body (or the multipart upload).

Text fields are `taipei_trip.forms.StrictCharField`: a wrong-typed field is a 400.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from taipei_trip.forms import PHONE_PATTERN, StrictCharField, StrictEmailField

MESSAGES = {
    # sign-up / sign-in
    "name_required": _("請輸入姓名"),
    "name_type": _("姓名必須是文字"),
    "name_length": _("姓名最多 50 個字"),
    "name_control": _("姓名不可包含控制字元"),
    "email_required": _("請輸入電子郵件"),
    "email_type": _("電子郵件必須是文字"),
    "email_invalid": _("電子郵件格式不正確"),
    "password_required": _("請輸入密碼"),
    "password_type": _("密碼必須是文字"),
    "password_length": _("密碼最多 128 個字元"),
    "email_taken": _("這個電子郵件已經註冊過了"),
    "bad_credentials": _("電子郵件或密碼錯誤"),
    "throttled": _("登入嘗試次數過多，請 {wait}後再試"),
    "sign_up_throttled": _("註冊嘗試次數過多，請 {wait}後再試"),
    # profile
    "phone_type": _("手機號碼必須是文字"),
    "phone_invalid": _("手機號碼格式不正確，請輸入 09 開頭的 10 位數字"),
    "profile_empty": _("請提供要更新的姓名或手機號碼"),
    # password change
    "current_password_required": _("請輸入目前的密碼"),
    "current_password_wrong": _("目前的密碼不正確"),
    "new_password_required": _("請輸入新密碼"),
    "new_password_same": _("新密碼不可與目前的密碼相同"),
    # avatar
    "avatar_required": _("請選擇頭像圖片"),
    "avatar_too_large": _("頭像圖片不可超過 {megabytes} MB"),
    "avatar_format": _("頭像只接受 JPEG、PNG 或 WebP 圖片"),
    "avatar_broken": _("無法讀取這張圖片，檔案可能已損壞"),
    "avatar_too_many_pixels": _("圖片尺寸過大，請上傳 {megapixels} 百萬像素以內的圖片"),
    "avatar_bad_upload": _("上傳的內容格式不正確"),
    "avatar_storage": _("頭像暫時無法儲存，請稍後再試"),
    "avatar_busy": _("目前上傳的圖片較多，請稍後再試"),
    # verification, password reset, deletion
    "verify_link_invalid": _("驗證連結無效或已過期，請登入後重新寄送驗證信"),
    "verification_throttled": _("驗證信寄送次數過多，請 {wait}後再試"),
    "reset_throttled": _("重設密碼的請求過於頻繁，請 {wait}後再試"),
    "reset_link_invalid": _("重設密碼連結無效、已使用或已過期，請重新申請"),
    "reset_uid_required": _("重設密碼連結不完整"),
    "password_throttled": _("密碼錯誤次數過多，請 {wait}後再試"),
}

PHONE = re.compile(PHONE_PATTERN)
PHONE_SEPARATORS = re.compile(r"[\s\-]")


def no_control_characters(value: str) -> None:
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(MESSAGES["name_control"], code="control")


def name_field(*, required: bool = True) -> StrictCharField:
    return StrictCharField(
        required=required,
        max_length=50,
        validators=[no_control_characters],
        error_messages={
            "required": MESSAGES["name_required"],
            "type": MESSAGES["name_type"],
            "max_length": MESSAGES["name_length"],
        },
    )


def email_field() -> StrictEmailField:
    return StrictEmailField(
        max_length=254,
        error_messages={
            "required": MESSAGES["email_required"],
            "type": MESSAGES["email_type"],
            "invalid": MESSAGES["email_invalid"],
            "max_length": MESSAGES["email_invalid"],
        },
    )


def password_field(required_key: str = "password_required") -> StrictCharField:
    # Never strip: a password with a trailing space is a different password.
    return StrictCharField(
        strip=False,
        max_length=128,
        error_messages={
            "required": MESSAGES[required_key],
            "type": MESSAGES["password_type"],
            "max_length": MESSAGES["password_length"],
        },
    )


class SignUpForm(forms.Form):
    name = name_field()
    email = email_field()
    password = password_field()


class SignInForm(forms.Form):
    email = email_field()
    password = password_field()


class ProfileForm(forms.Form):
    """PATCH: only the fields present in the body change; a phone of "" clears it."""

    name = name_field(required=False)
    phone = StrictCharField(
        required=False,
        error_messages={"type": MESSAGES["phone_type"]},
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if "name" in self.data and not name:
            if self.data["name"] is None:
                raise ValidationError(MESSAGES["name_type"], code="type")
            raise ValidationError(MESSAGES["name_required"], code="required")
        return name

    def clean_phone(self) -> str:
        if "phone" in self.data and self.data["phone"] is None:
            raise ValidationError(MESSAGES["phone_type"], code="type")
        # People type 0912-345-678 or 0912 345 678; store the ten digits.
        phone = PHONE_SEPARATORS.sub("", self.cleaned_data["phone"])
        if phone and not PHONE.fullmatch(phone):
            raise ValidationError(MESSAGES["phone_invalid"], code="invalid")
        return phone

    def clean(self) -> dict:
        cleaned = super().clean()
        present = {
            key: cleaned[key]
            for key in ("name", "phone")
            if key in self.data and key in cleaned
        }
        if not self.errors and not present:
            raise ValidationError(MESSAGES["profile_empty"], code="empty")
        return present


class PasswordChangeForm(forms.Form):
    currentPassword = password_field("current_password_required")
    newPassword = password_field("new_password_required")


class AvatarForm(forms.Form):
    # The content, not this field's file name, decides the type (see accounts.avatars).
    avatar = forms.FileField(
        allow_empty_file=False,
        error_messages={
            "required": MESSAGES["avatar_required"],
            "empty": MESSAGES["avatar_broken"],
            "invalid": MESSAGES["avatar_required"],
        },
    )


class PasswordResetForm(forms.Form):
    email = email_field()


class PasswordResetConfirmForm(forms.Form):
    uid = StrictCharField(
        max_length=64,
        error_messages={
            "required": MESSAGES["reset_uid_required"],
            "type": MESSAGES["reset_link_invalid"],
            "max_length": MESSAGES["reset_link_invalid"],
        },
    )
    token = StrictCharField(
        max_length=100,
        error_messages={
            "required": MESSAGES["reset_uid_required"],
            "type": MESSAGES["reset_link_invalid"],
            "max_length": MESSAGES["reset_link_invalid"],
        },
    )
    password = password_field("new_password_required")


class AccountDeletionForm(forms.Form):
    password = password_field("current_password_required")
