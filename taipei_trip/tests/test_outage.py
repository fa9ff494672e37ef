"""Outages answer 503 with Retry-After on every path; the catalogue outlives Redis.

Issue 18: with Redis down, `/`, the catalogue API and sign-in answered 500 (point 8);
pages answered a 500 page while the database was down (point 10); and nothing bounded
how long a dead server could hold a request (point 7).
"""

import json
import socket
import threading
import time

import pytest
from django.db import OperationalError
from django.urls import path
from redis.exceptions import ConnectionError as RedisConnectionError

from taipei_trip.api import MESSAGES as API_MESSAGES
from taipei_trip.api import ApiView
from taipei_trip.testing import free_port
from taipei_trip.tests.assertions import assert_json_error
from taipei_trip.urls import urlpatterns as site_urlpatterns

PASSWORD = "correct horse 42"


def database_down(request):
    raise OperationalError(2013, "Lost connection to server during query")


def redis_down(request):
    raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")


class DatabaseDownApi(ApiView):
    def get(self, request):
        database_down(request)


class FailingMiddleware:
    """Stands for a middleware that queries the database (the staff idle timeout)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.endswith("/from-middleware"):
            database_down(request)
        return self.get_response(request)


urlpatterns = [
    path("page/database-down", database_down),
    path("page/redis-down", redis_down),
    path("page/from-middleware", lambda request: None),
    path("api/database-down", DatabaseDownApi.as_view()),
    path("api/from-middleware", lambda request: None),
    *site_urlpatterns,
]
from taipei_trip.urls import handler500  # noqa: E402  (as the root URL conf sets it)


@pytest.fixture
def failing_client(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    client.raise_request_exception = False
    return client


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    assert "網站暫時無法使用" in response.content.decode()


@pytest.mark.django_db
class TestEveryPathAnswers503:
    def test_a_page_with_the_database_down_gets_the_503_page(self, failing_client):
        assert_unavailable_page(failing_client.get("/page/database-down"))

    def test_a_page_with_redis_down_gets_the_503_page(self, failing_client):
        assert_unavailable_page(failing_client.get("/page/redis-down"))

    def test_a_failing_middleware_on_a_page_gets_the_503_page(self, failing_client):
        assert_unavailable_page(failing_client.get("/page/from-middleware"))

    def test_the_api_gets_the_json_body(self, failing_client):
        for url in ["/api/database-down", "/api/from-middleware"]:
            response = failing_client.get(url)
            assert_json_error(response, 503, API_MESSAGES["unavailable"])
            assert response["Retry-After"] == "5"

    def test_other_errors_stay_500(self, failing_client, settings):
        def broken(request):
            raise RuntimeError("boom")

        settings.ROOT_URLCONF = type(
            "Urls",
            (),
            {"urlpatterns": [path("page/broken", broken)], "handler500": handler500},
        )
        response = failing_client.get("/page/broken")

        assert response.status_code == 500
        assert "Retry-After" not in response


def silent_server():
    """A TCP port that accepts connections and never says a word (a frozen server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", free_port()))
    listener.listen(64)
    held = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return listener


def redis_cache(url: str, monkeypatch) -> dict:
    """The CACHES entry settings.py builds for REDIS_URL (its timeouts included)."""
    from taipei_trip import settings as project_settings

    monkeypatch.setenv("REDIS_URL", url)
    return {"default": project_settings.cache()}


@pytest.mark.django_db
class TestRedisDown:
    @pytest.fixture(params=["refused", "frozen"])
    def dead_redis(self, request, settings, monkeypatch, make_attraction, user):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        user.set_password(PASSWORD)
        user.save()
        make_attraction()
        if request.param == "refused":
            settings.CACHES = redis_cache(
                f"redis://127.0.0.1:{free_port()}/0", monkeypatch
            )
            yield
            return
        listener = silent_server()
        port = listener.getsockname()[1]
        settings.CACHES = redis_cache(f"redis://127.0.0.1:{port}/0", monkeypatch)
        yield
        listener.close()

    @pytest.mark.parametrize(
        "url", ["/", "/api/attractions?page=0", "/api/attraction/{id}", "/api/mrts"]
    )
    def test_the_catalogue_is_served_from_the_database(self, client, dead_redis, url):
        from attractions.models import Attraction

        started = time.monotonic()
        response = client.get(url.format(id=Attraction.objects.get().pk))

        assert response.status_code == 200
        assert time.monotonic() - started < 5  # socket timeouts, not a hang

    def test_sign_in_works(self, client, dead_redis):
        response = client.put(
            "/api/user/auth",
            data=json.dumps({"email": "member@example.com", "password": PASSWORD}),
            content_type="application/json",
        )

        assert response.status_code == 200

    def test_the_settings_bound_each_redis_call(self, dead_redis, settings):
        options = settings.CACHES["default"]["OPTIONS"]

        assert 0 < options["socket_connect_timeout"] <= 1
        assert 0 < options["socket_timeout"] <= 1


def test_a_database_that_never_answers_fails_within_the_connect_timeout(monkeypatch):
    import MySQLdb

    from taipei_trip import settings as project_settings

    listener = silent_server()
    monkeypatch.setenv("DB_ENGINE", "mysql")
    monkeypatch.setenv("DB_PORT", str(listener.getsockname()[1]))
    options = project_settings.database()["OPTIONS"]
    assert options["read_timeout"] <= 10 and options["write_timeout"] <= 10

    started = time.monotonic()
    with pytest.raises(MySQLdb.OperationalError):
        MySQLdb.connect(
            host="127.0.0.1",
            port=listener.getsockname()[1],
            user="nobody",
            connect_timeout=options["connect_timeout"],
            read_timeout=options["read_timeout"],
        )
    waited = time.monotonic() - started
    listener.close()

    assert waited < options["connect_timeout"] + 2
