"""The attraction page's map: Leaflet served by the site, tiles from a setting."""

import re

import pytest
from django.contrib.staticfiles import finders

from taipei_trip.tests.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db


def map_canvas(html: str) -> str:
    return re.search(r"<div class=\"place-map__canvas\"[^>]*>", html).group(0)


def test_the_page_holds_the_map_and_a_google_maps_link_built_from_the_coordinates(
    client, make_attraction
):
    place = make_attraction("台北101", lat=25.033964, lng=121.564468)

    html = client.get(place.get_absolute_url()).content.decode()

    canvas = map_canvas(html)
    assert 'data-lat="25.033964"' in canvas
    assert 'data-lng="121.564468"' in canvas
    assert 'data-tile-url=""' in canvas  # tests ask no tile server
    assert (
        'href="https://www.google.com/maps/search/?api=1&amp;'
        'query=25.033964%2C121.564468">在 Google 地圖開啟</a>'
    ) in html
    assert "地圖資料" not in html  # no tiles, no provider to credit


def test_a_tile_source_is_credited_under_the_map(client, settings, make_attraction):
    settings.MAP_TILE_URL = "https://tiles.example.com/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© 範例圖資"
    settings.MAP_TILE_ATTRIBUTION_URL = "https://tiles.example.com/copyright"
    place = make_attraction()

    html = client.get(place.get_absolute_url()).content.decode()

    assert 'data-tile-url="https://tiles.example.com/{z}/{x}/{y}.png"' in map_canvas(
        html
    )
    assert (
        '地圖資料 <a href="https://tiles.example.com/copyright">© 範例圖資</a>' in html
    )


def test_leaflet_comes_from_npm_and_is_served_by_the_site(client, make_attraction):
    html = client.get(make_attraction().get_absolute_url()).content.decode()

    for name in ("leaflet.js", "leaflet.css"):
        assert f'"/static/vendor/leaflet/{name}"' in map_canvas(html)
        found = finders.find(f"vendor/leaflet/{name}")
        assert found and "node_modules/leaflet/dist" in found


def test_nearby_places_carry_their_coordinates_for_the_map(client, make_attraction):
    place = make_attraction("中心", lat=25.0, lng=121.5)
    make_attraction("鄰居", lat=25.001, lng=121.5)

    html = client.get(place.get_absolute_url()).content.decode()

    assert 'data-nearby data-lat="25.001000" data-lng="121.500000"' in html


def test_production_defaults_to_openstreetmap_and_elsewhere_to_no_tiles():
    script = "from django.conf import settings; print(settings.MAP_TILE_URL or '-')"

    production = manage("shell", "--no-imports", "-c", script, **PRODUCTION)
    development = manage("shell", "--no-imports", "-c", script)

    assert production.stdout.split() == [
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    ], production.stderr
    assert development.stdout.split() == ["-"], development.stderr
