"""Bearer-token authentication: accounts' middleware, lazy like Django's sessions one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def token_queries(queries) -> list[str]:
    return [query["sql"] for query in queries if "accounts_token" in query["sql"]]


def test_an_endpoint_that_never_asks_who_calls_does_no_token_query(
    client, token, settings
):
    settings.CATALOGUE_CACHE_SECONDS = 0

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/mrts", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert token_queries(queries.captured_queries) == []


def test_the_token_is_looked_up_once_when_the_view_reads_the_member(client, token):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/user/auth", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.json()["data"]["email"] == "member@example.com"
    assert len(token_queries(queries.captured_queries)) == 1


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer ", "Basic abc", "Bearer not-a-token"]
)
def test_without_a_live_bearer_token_the_caller_is_anonymous(client, header):
    response = client.get("/api/user/auth", HTTP_AUTHORIZATION=header)

    assert response.json() == {"data": None}


def test_pages_keep_the_session_member(admin_client, token):
    response = admin_client.get("/admin/", HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 200
    assert response.wsgi_request.user.is_staff
