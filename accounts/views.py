from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts import membership
from accounts.errors import AccountError
from taipei_trip.forms import PHONE_PATTERN


def member_page(request: HttpRequest) -> HttpResponse:
    # Profile, password and avatar load through the API in member.js (bearer token).
    return render(request, "accounts/member.html", {"phone_pattern": PHONE_PATTERN})


@never_cache
def password_reset_page(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    # The form posts to the confirm API from reset.js; a dead link says so at once.
    is_valid = membership.user_for_reset_link(uid=uid, token=token) is not None
    context = {"uid": uid, "token": token, "is_valid": is_valid}
    return render(
        request, "accounts/reset.html", context, status=200 if is_valid else 400
    )


@never_cache
def verify_email_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        membership.verify_email(token=token)
    except AccountError as exc:
        return render(
            request, "accounts/verify.html", {"error": exc.message}, status=400
        )
    return render(request, "accounts/verify.html", {"error": ""})
