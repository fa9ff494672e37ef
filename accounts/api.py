"""Members API: sign-up, sign-in and out, profile, password and avatar."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError

from accounts import avatars, selectors, services
from accounts.forms import (
    MESSAGES,
    AvatarForm,
    PasswordChangeForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
)
from accounts.middleware import bearer_token
from accounts.models import User
from accounts.throttling import client_address
from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.api import ApiError, ApiView, read_json, valid

# Room for the multipart boundaries and headers around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


def signed_in_member(request: HttpRequest) -> User:
    """For endpoints where only some verbs need a member (POST /api/user signs up)."""
    if not request.user.is_authenticated:
        raise ApiError(API_MESSAGES["not_signed_in"], 403)
    return request.user


def uploaded_files(request: HttpRequest):
    """The multipart files, refusing oversized or malformed bodies with a 400."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if length.isdigit() and int(length) > avatars.max_bytes() + MULTIPART_OVERHEAD:
        raise ApiError(avatars.too_large_message())
    try:
        return request.FILES
    except (MultiPartParserError, SuspiciousOperation) as exc:
        raise ApiError(MESSAGES["avatar_bad_upload"]) from exc


class UserApi(ApiView):
    def post(self, request):
        services.sign_up(**valid(SignUpForm(data=read_json(request))))
        return {"ok": True}

    def patch(self, request):
        member = signed_in_member(request)
        changes = valid(ProfileForm(data=read_json(request)))
        services.update_profile(user=member, **changes)
        return {"ok": True}


class AuthApi(ApiView):
    def get(self, request):
        if not request.user.is_authenticated:
            return {"data": None}
        return {"data": selectors.user_to_dict(request.user)}

    def put(self, request):
        credentials = valid(SignInForm(data=read_json(request)))
        token = services.sign_in(**credentials, client_address=client_address(request))
        return {"token": token}

    def delete(self, request):
        services.sign_out(token=bearer_token(request))
        return {"ok": True}


class PasswordApi(ApiView):
    login_required = True

    def put(self, request):
        passwords = valid(PasswordChangeForm(data=read_json(request)))
        token = services.change_password(
            user=request.user,
            current_password=passwords["currentPassword"],
            new_password=passwords["newPassword"],
        )
        return {"ok": True, "token": token}


class AvatarApi(ApiView):
    login_required = True

    def post(self, request):
        form = AvatarForm(files=uploaded_files(request))
        url = services.set_avatar(user=request.user, upload=valid(form)["avatar"])
        return {"data": {"avatar": url}}

    def delete(self, request):
        services.remove_avatar(user=request.user)
        return {"ok": True}
