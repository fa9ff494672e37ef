"""Members API: sign-up, sign-in and out, profile, password and avatar."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation

from accounts import avatars, membership, selectors, services
from accounts.forms import (
    MESSAGES,
    AccountDeletionForm,
    AvatarForm,
    PasswordChangeForm,
    PasswordResetConfirmForm,
    PasswordResetForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
)
from accounts.middleware import bearer_token
from accounts.models import User
from accounts.throttling import client_address
from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.api import ApiError, ApiView, json_response, read_json, valid

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
        fields = valid(SignUpForm(data=read_json(request)))
        services.sign_up(
            **fields,
            client_address=client_address(request),
            language=translation.get_language(),
        )
        return {"ok": True}

    def patch(self, request):
        member = signed_in_member(request)
        changes = valid(ProfileForm(data=read_json(request)))
        services.update_profile(user=member, **changes)
        return {"ok": True}

    def delete(self, request):
        member = signed_in_member(request)
        password = valid(AccountDeletionForm(data=read_json(request)))["password"]
        membership.delete_account(user=member, password=password)
        return {"ok": True}


class AuthApi(ApiView):
    def get(self, request):
        if not request.user.is_authenticated:
            return {"data": None}
        return {"data": selectors.user_to_dict(request.user)}

    def put(self, request):
        credentials = valid(SignInForm(data=read_json(request)))
        token = services.sign_in(
            **credentials,
            client_address=client_address(request),
            language=translation.get_language(),
        )
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


class PasswordResetApi(ApiView):
    def post(self, request):
        email = valid(PasswordResetForm(data=read_json(request)))["email"]
        membership.request_password_reset(
            email=email,
            client_address=client_address(request),
            language=translation.get_language(),
        )
        # The same answer whether or not the address belongs to a member.
        return {"ok": True}


class PasswordResetConfirmApi(ApiView):
    def post(self, request):
        token = membership.reset_password(
            **valid(PasswordResetConfirmForm(data=read_json(request)))
        )
        return {"ok": True, "token": token}


class VerificationApi(ApiView):
    login_required = True

    def post(self, request):
        membership.resend_verification(
            user=request.user, language=translation.get_language()
        )
        return {"ok": True}


class ExportApi(ApiView):
    login_required = True

    def get(self, request) -> JsonResponse:
        response = json_response(selectors.export_member_data(request.user))
        response["Content-Disposition"] = (
            'attachment; filename="taipei-day-trip-my-data.json"'
        )
        response["Cache-Control"] = "no-store"
        return response
