import pytest
from django import forms
from django.db import OperationalError
from django.http import QueryDict
from django.test import override_settings
from django.urls import path

from attractions.forms import AttractionSearchForm
from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.api import ApiError, ApiView, read_json, valid, valid_fields
from taipei_trip.errors import AppError
from taipei_trip.tests.assertions import assert_json_error
from taipei_trip.urls import urlpatterns as site_urlpatterns


class EchoForm(forms.Form):
    count = forms.IntegerField(min_value=1, error_messages={"required": "請填寫數量"})


class EchoApi(ApiView):
    def post(self, request):
        return {"count": valid(EchoForm(data=read_json(request)))["count"]}


class TeapotApi(ApiView):
    def get(self, request):
        raise ApiError("我是茶壺", status=418)


class BusyError(AppError):
    """A service's own error: it knows its status, not the HTTP layer."""

    status = 503


class BusyApi(ApiView):
    def get(self, request):
        raise BusyError("忙線中", headers={"Retry-After": "7"})


class BrokenApi(ApiView):
    def get(self, request):
        raise RuntimeError("boom")


class DatabaseDownApi(ApiView):
    def get(self, request):
        raise OperationalError(2006, "MySQL server has gone away")


class MembersOnlyApi(ApiView):
    login_required = True

    def get(self, request):
        return {"ok": True}


urlpatterns = [
    path("api/echo", EchoApi.as_view()),
    path("api/teapot", TeapotApi.as_view()),
    path("api/busy", BusyApi.as_view()),
    path("api/broken", BrokenApi.as_view()),
    path("api/members", MembersOnlyApi.as_view()),
    path("api/database-down", DatabaseDownApi.as_view()),
    # The pages the 404 page's header links to.
    *site_urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def post_json(client, body):
    return client.post("/api/echo", body, content_type="application/json")


def test_a_valid_body_reaches_the_view(client):
    assert post_json(client, {"count": 3}).json() == {"count": 3}


@pytest.mark.parametrize("body", ["{", "[1, 2]", '"text"', "", b"\xff\xfe"])
def test_malformed_or_non_object_json_is_a_400(client, body):
    assert_json_error(post_json(client, body), 400)


def test_deeply_nested_json_is_a_400_not_a_500(client):
    # Issue 18, point 9: RecursionError escaped read_json as a 500 with a traceback.
    assert_json_error(post_json(client, "[" * 100_000 + "]" * 100_000), 400)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", ""]
)
def test_a_body_not_sent_as_json_is_a_400(client, content_type):
    # Issue 18, point 15: a cross-site form can post text/plain without a preflight.
    response = client.post("/api/echo", '{"count": 3}', content_type=content_type)

    assert_json_error(response, 400, API_MESSAGES["not_json"])


def test_json_with_a_charset_parameter_is_json(client):
    response = client.post(
        "/api/echo", '{"count": 3}', content_type="application/json; charset=utf-8"
    )

    assert response.json() == {"count": 3}


def test_the_first_form_error_is_the_message(client):
    assert_json_error(post_json(client, {}), 400, "請填寫數量")


def test_an_api_error_keeps_its_status(client):
    assert_json_error(client.get("/api/teapot"), 418, "我是茶壺")


def test_an_unexpected_error_is_logged_and_answered_as_json_500(client, caplog):
    client.raise_request_exception = False

    response = client.get("/api/broken")

    assert_json_error(response, 500)
    assert "boom" in caplog.text


def test_a_members_only_endpoint_needs_a_token(client):
    assert_json_error(client.get("/api/members"), 403)


def test_a_garbage_token_is_treated_as_signed_out(client):
    response = client.get("/api/members", HTTP_AUTHORIZATION="Bearer not-a-token")

    assert_json_error(response, 403)


def test_a_valid_token_signs_the_member_in(client, token):
    response = client.get("/api/members", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.json() == {"ok": True}


def test_unsupported_methods_answer_json_405_with_allow(client):
    response = client.delete("/api/echo")

    assert_json_error(response, 405)
    assert response["Allow"] == "POST, OPTIONS"


@override_settings(DEBUG=False)
def test_unknown_api_paths_answer_json_404(client):
    assert_json_error(client.get("/api/unknown"), 404)


def test_a_subclass_overriding_dispatch_stays_exempt_from_csrf():
    from django.test import RequestFactory

    from taipei_trip.api import ApiView

    class Wrapped(ApiView):
        def dispatch(self, request, *args, **kwargs):
            return super().dispatch(request, *args, **kwargs)

        def post(self, request):
            return {"ok": True}

    view = Wrapped.as_view()
    request = RequestFactory().post(
        "/api/x", data="{}", content_type="application/json"
    )

    # CsrfViewMiddleware skips a view carrying this flag.
    assert getattr(view, "csrf_exempt", False) is True
    assert view(request).status_code == 200


def test_a_database_outage_is_a_json_503_to_retry_soon(client, caplog):
    client.raise_request_exception = False

    response = client.get("/api/database-down")

    assert_json_error(response, 503)
    assert response["Retry-After"] == "5"
    assert "gone away" in caplog.text


def test_a_service_error_is_answered_with_its_status_message_and_headers(client):
    response = client.get("/api/busy")

    assert_json_error(response, 503, "忙線中")
    assert response["Retry-After"] == "7"


def test_every_app_error_subclasses_the_one_base():
    from accounts.errors import AccountError
    from attractions.services import ImportDataError
    from bookings.services import BookingError
    from orders.services import OrderError

    for error in (AccountError, ImportDataError, BookingError, OrderError, ApiError):
        assert issubclass(error, AppError), error


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=3&keyword=北投&category=養生溫泉",
        "page=0&keyword=%20%20北投%20",
        "page=1&page=2",
        "",
        "page=-1",
        "page=abc",
        f"page=0&keyword={'長' * 101}",
        f"page=0&category={'長' * 51}",
        "page=0&keyword=%00",
    ],
)
def test_valid_fields_answers_what_the_form_answers(query):
    data = QueryDict(query)

    def outcome(check):
        try:
            return check()
        except ApiError as exc:
            return ("error", exc.message)

    expected = outcome(lambda: valid(AttractionSearchForm(data=data)))
    assert outcome(lambda: valid_fields(AttractionSearchForm, data)) == expected


def test_valid_fields_refuses_a_form_with_its_own_clean():
    class Checked(forms.Form):
        name = forms.CharField()

        def clean_name(self):
            return self.cleaned_data["name"].upper()

    with pytest.raises(TypeError):
        valid_fields(Checked, {"name": "x"})
