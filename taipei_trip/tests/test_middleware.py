import pytest

pytestmark = pytest.mark.django_db
CSP = "Content-Security-Policy"


def directives(header: str) -> dict[str, list[str]]:
    parts = (item.split() for item in header.split(";") if item.strip())
    return {name: values for name, *values in parts}


def test_every_page_gets_the_strict_policy(client, settings):
    settings.TAPPAY_SDK_URL = "https://js.tappaysdk.com/sdk/tpdirect/v5.18.0"

    policy = directives(client.get("/")[CSP])

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "https://js.tappaysdk.com"]
    assert policy["frame-src"] == ["https://js.tappaysdk.com"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in client.get("/")[CSP]


def test_a_local_sdk_adds_no_other_origin(client, settings):
    settings.TAPPAY_SDK_URL = "/static/js/tappay-fake-sdk.js"

    policy = directives(client.get("/")[CSP])

    assert policy["script-src"] == ["'self'"]
    assert policy["frame-src"] == ["'none'"]


@pytest.mark.parametrize(
    "path", ["/api/attractions?page=0", "/no-such-page", "/admin/"]
)
def test_api_answers_errors_and_the_admin_carry_the_policy_too(client, path):
    response = client.get(path)

    assert "default-src 'self'" in response[CSP]


def test_a_policy_set_by_a_view_is_kept(rf, settings):
    from django.http import HttpResponse

    from taipei_trip.middleware import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse()
        response[CSP] = "default-src 'none'"
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))

    assert response[CSP] == "default-src 'none'"
