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
