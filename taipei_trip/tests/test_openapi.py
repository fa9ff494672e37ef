import re

from django.urls import URLPattern, URLResolver, get_resolver

from taipei_trip.openapi import DOCUMENT

PARAMETER = re.compile(r"<[^>]+>|\{[^}]+\}")


def routes(patterns, prefix="") -> set[str]:
    found = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found |= routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.add("/" + route)
    return found


def normalised(path: str) -> str:
    return PARAMETER.sub("{}", path)


def test_every_api_route_is_documented_and_every_documented_path_is_routed():
    api_routes = {
        normalised(route)
        for route in routes(get_resolver().url_patterns)
        if route.startswith("/api/") and route != "/api/openapi.json"
    }

    assert api_routes == {normalised(path) for path in DOCUMENT["paths"]}


def test_the_document_is_served_as_json(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_every_schema_reference_resolves():
    text = str(DOCUMENT)
    names = set(re.findall(r"#/components/schemas/(\w+)", text))

    assert names <= set(DOCUMENT["components"]["schemas"])


def parameter(path: str, method: str, name: str) -> dict:
    operation = DOCUMENT["paths"][path][method]
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_page_is_required_for_attractions_and_optional_for_orders():
    assert parameter("/api/attractions", "get", "page")["required"] is True
    assert parameter("/api/orders", "get", "page")["required"] is False


def test_the_documented_page_maximum_is_the_forms_maximum(client):
    from attractions.forms import AttractionSearchForm
    from orders.forms import PageForm

    documented = parameter("/api/attractions", "get", "page")["schema"]["maximum"]

    assert documented == AttractionSearchForm.base_fields["page"].max_value
    assert documented == PageForm.base_fields["page"].max_value
    answer = client.get(f"/api/attractions?page={documented + 1}")
    assert answer.status_code == 400


def test_every_email_in_a_request_is_required_and_non_empty():
    sign_up = DOCUMENT["paths"]["/api/user"]["post"]["requestBody"]
    email = sign_up["content"]["application/json"]["schema"]["properties"]["email"]
    contact = DOCUMENT["components"]["schemas"]["Contact"]

    assert email["minLength"] == 1 and email["format"] == "email"
    assert contact["properties"]["email"] == email
    assert "email" in contact["required"]


def test_405_documents_the_allow_header_and_every_operation_its_503():
    allow = DOCUMENT["components"]["responses"]["MethodNotAllowed"]["headers"]

    assert "Allow" in allow
    for methods in DOCUMENT["paths"].values():
        for operation in methods.values():
            assert "Retry-After" in operation["responses"]["503"]["headers"]
            if "429" in operation["responses"]:
                assert "Retry-After" in operation["responses"]["429"]["headers"]
