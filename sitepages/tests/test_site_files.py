"""Every page's canonical link and share tags; /favicon.ico and the web app manifest."""

import re

import pytest

pytestmark = pytest.mark.django_db
SITE = "https://trip.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.mark.parametrize(
    "path", ["/", "/help/terms", "/booking", "/orders", "/member", "/thankyou"]
)
def test_every_page_names_its_canonical_url_and_share_tags(client, path):
    html = client.get(path).content.decode()

    assert f'<link rel="canonical" href="{SITE}{path}">' in html
    assert '<meta property="og:site_name" content="台北一日遊">' in html
    assert re.search(r'<meta property="og:image" content="https://[^"]+">', html)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


def test_the_home_page_with_a_search_names_the_home_page(client):
    html = client.get("/", {"keyword": "北投"}).content.decode()

    assert f'<link rel="canonical" href="{SITE}/">' in html


def test_an_error_page_names_no_canonical_url(client, settings):
    settings.DEBUG = False

    response = client.get("/attraction/99999")

    assert response.status_code == 404
    assert 'rel="canonical"' not in response.content.decode()


def test_favicon_ico_is_an_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age=86400" in response["Cache-Control"]


def test_the_manifest_names_the_site_and_icons_that_exist(client):
    response = client.get("/manifest.webmanifest")
    manifest = response.json()

    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["name"] == "台北一日遊"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]
