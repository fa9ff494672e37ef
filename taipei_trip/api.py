"""The JSON API base: one class per URL, one method per verb, each returning a dict.

`ApiView.dispatch` refuses anonymous callers of `login_required` views, wraps the dict
in a JsonResponse and renders every `AppError` (taipei_trip/errors.py) as the contract's
`{"error": true, "message": ...}` body with the error's status and headers.
"""

import json
import logging
from functools import cache
from typing import Any

from django import forms
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from taipei_trip.errors import AppError
from taipei_trip.outage import RETRY_AFTER_SECONDS, is_outage

logger = logging.getLogger(__name__)

MESSAGES = {
    "bad_json": _("請求內容不是正確的 JSON"),
    "not_json": _("請求內容必須以 application/json 傳送"),
    "bad_request": _("請求不正確"),
    "not_found": _("找不到這個 API 路徑"),
    "method_not_allowed": _("不支援這個請求方法"),
    "server_error": _("伺服器內部錯誤"),
    "unavailable": _("服務暫時無法使用，請稍後再試"),
    "not_signed_in": _("未登入系統，拒絕存取"),
}

STATUS_MESSAGES = {
    400: "bad_request",
    403: "not_signed_in",
    404: "not_found",
    405: "method_not_allowed",
}


class ApiError(AppError):
    """A request the HTTP layer refuses (malformed JSON, invalid input, not signed in)."""


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def error_response(message: str, status: int) -> JsonResponse:
    return json_response({"error": True, "message": message}, status=status)


def unavailable_response() -> JsonResponse:
    """The database or cache is out (taipei_trip/outage.py): try again shortly."""
    response = error_response(MESSAGES["unavailable"], 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def read_json(request: HttpRequest) -> dict:
    """The request body as a JSON object, or an ApiError: a 400 for malformed JSON and
    for a body not sent as application/json (a cross-site HTML form can send text/plain
    without asking the browser first, never application/json)."""
    if request.body and request.content_type != "application/json":
        raise ApiError(MESSAGES["not_json"])
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        # RecursionError: thousands of nested brackets exhaust the decoder's stack.
        raise ApiError(MESSAGES["bad_json"]) from exc
    if not isinstance(data, dict):
        raise ApiError(MESSAGES["bad_json"])
    return data


def valid(form: forms.Form) -> dict:
    """The form's cleaned data, or an ApiError carrying its first error message."""
    if form.is_valid():
        return form.cleaned_data
    first_errors = next(iter(form.errors.values()))
    raise ApiError(str(first_errors[0]))


def valid_fields(form_class: type[forms.Form], data) -> dict:
    """What `valid(form_class(data=data))` answers, without building the form: each
    declared field cleans its value in order, the first error is the ApiError.

    For the catalogue, which validates its query on every request, cache hits included:
    building a form deep-copies every field, and with the full form validation that was
    180 µs of a hit's time against 12 µs here. Only for forms of fields alone (no
    `clean` or `clean_<field>` of their own), which this checks.
    """
    if has_own_clean(form_class):
        raise TypeError(f"{form_class.__name__} has its own clean methods: use valid()")
    cleaned = {}
    for name, field in form_class.base_fields.items():
        try:
            cleaned[name] = field.clean(
                field.widget.value_from_datadict(data, {}, name)
            )
        except ValidationError as exc:
            raise ApiError(exc.messages[0]) from exc
    return cleaned


@cache
def has_own_clean(form_class: type[forms.Form]) -> bool:
    return form_class.clean is not forms.Form.clean or any(
        hasattr(form_class, f"clean_{name}") for name in form_class.base_fields
    )


class ApiView(View):
    """Base for every JSON endpoint; bearer tokens, not cookies, so CSRF does not apply."""

    login_required = False

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # request.user comes from the bearer token (accounts' middleware, lazily).
        if self.login_required and not request.user.is_authenticated:
            return error_response(MESSAGES["not_signed_in"], 403)
        try:
            result = super().dispatch(request, *args, **kwargs)
        except AppError as exc:
            response = error_response(exc.message, exc.status)
            for name, value in exc.headers.items():
                response[name] = value
            return response
        if isinstance(result, HttpResponse):
            return result
        return json_response(result)

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = error_response(MESSAGES["method_not_allowed"], 405)
        response["Allow"] = ", ".join(self._allowed_methods())  # RFC 9110 requires it
        return response

    @classmethod
    def as_view(cls, **initkwargs):
        # Here rather than on dispatch(): as_view() copies csrf_exempt from the class's own
        # dispatch, so a subclass overriding it would silently lose the exemption, and a
        # method_decorator costs a wrapper built on every request.
        return csrf_exempt(super().as_view(**initkwargs))


class ApiErrorMiddleware:
    """Under /api/, answer 404/405/500 with the JSON error body, never an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not self.is_api(request) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        message = MESSAGES.get(STATUS_MESSAGES.get(response.status_code), None)
        return error_response(message or MESSAGES["server_error"], response.status_code)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not self.is_api(request):
            return None
        if isinstance(exception, SuspiciousOperation):
            # An oversized body or too many fields is the client's fault: 400, not 500.
            logger.warning("Refused %s %s: %s", request.method, request.path, exception)
            return error_response(MESSAGES["bad_request"], 400)
        if is_outage(exception):
            logger.exception("Outage on %s %s", request.method, request.path)
            return unavailable_response()
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(MESSAGES["server_error"], 500)

    @staticmethod
    def is_api(request: HttpRequest) -> bool:
        return request.path.startswith("/api/")
