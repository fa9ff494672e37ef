"""What search engines and link previews read on the catalogue: JSON-LD, share tags,
the sitemap and robots.txt, all on SITE_URL whatever host the request named."""

import json
import re
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest

from attractions.models import Attraction
from attractions.services import set_published
from attractions.sitemaps import AttractionSitemap
from bookings.pricing import PRICES

pytestmark = pytest.mark.django_db
SITE = "https://trip.example.com"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def json_ld(html: str) -> dict[str, dict]:
    (block,) = JSON_LD.findall(html)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    return {item["@type"]: item for item in data["@graph"]}


def meta(html: str, name: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{name}" content="([^"]*)">', html)
    return match.group(1) if match else ""


def assert_structured_data(client, attraction: Attraction) -> None:
    html = client.get(attraction.get_absolute_url()).content.decode()
    url = SITE + attraction.get_absolute_url()
    images = [image.src for image in attraction.images.all()]
    graph = json_ld(html)

    place = graph["TouristAttraction"]
    assert place["name"] == attraction.name
    assert place["description"] == attraction.description
    assert place["url"] == url
    assert place["image"] == images
    assert place["address"]["streetAddress"] == attraction.address
    assert place["address"]["addressCountry"] == "TW"
    assert place["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": attraction.lat,
        "longitude": attraction.lng,
    }
    crumbs = graph["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
    assert crumbs[0]["item"] == SITE + "/"
    assert crumbs[1]["name"] == attraction.category.name
    assert crumbs[-1] == {
        "@type": "ListItem", "position": 3, "name": attraction.name, "item": url
    }  # fmt: skip
    offers = graph["TouristTrip"]["offers"]
    assert [offer["price"] for offer in offers] == list(PRICES.values())
    assert {offer["priceCurrency"] for offer in offers} == {"TWD"}
    assert graph["TouristTrip"]["itinerary"] == {"@id": place["@id"]}
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "og:url") == url
    assert meta(html, "og:title") == attraction.name
    assert meta(html, "og:image") == images[0]
    assert meta(html, "twitter:card") == "summary_large_image"


def test_every_demo_attraction_page_carries_complete_json_ld(
    client, imported_catalogue
):
    attractions = Attraction.objects.published().prefetch_related("images")

    assert attractions.count() > 5
    for attraction in attractions:
        assert_structured_data(client, attraction)


def test_every_real_attraction_page_carries_complete_json_ld(client, real_catalogue):
    for attraction in Attraction.objects.published().prefetch_related("images"):
        assert_structured_data(client, attraction)


def test_a_place_without_photos_is_shared_with_the_site_icon(client, make_attraction):
    place = make_attraction(images=0)

    html = client.get(place.get_absolute_url()).content.decode()

    assert json_ld(html)["TouristAttraction"]["image"] == []
    assert meta(html, "og:image") == SITE + "/static/img/icon-512.png"
    assert meta(html, "twitter:card") == "summary"


def test_json_ld_cannot_end_its_script_element(client, make_attraction):
    place = make_attraction("</script><b>景點</b> & 小吃")

    html = client.get(place.get_absolute_url()).content.decode()

    assert "\\u003C/script\\u003E\\u003Cb\\u003E" in html
    assert json_ld(html)["TouristAttraction"]["name"] == "</script><b>景點</b> & 小吃"


def test_the_cached_page_names_site_url_whatever_host_was_asked(
    client, make_attraction
):
    place = make_attraction()

    first = client.get(place.get_absolute_url(), HTTP_HOST="localhost")
    second = client.get(place.get_absolute_url(), HTTP_HOST="127.0.0.1")

    assert first.content == second.content
    assert f'href="{SITE}{place.get_absolute_url()}"' in first.content.decode()
    assert "localhost" not in first.content.decode()


def sitemap_locations(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)  # noqa: S314  (our own output)
    return [loc.text for loc in root.iterfind(".//s:loc", SITEMAP_NS)]


def all_sitemap_urls(client) -> list[str]:
    urls = []
    for section in sitemap_locations(client, "/sitemap.xml"):
        assert section.startswith(SITE + "/sitemap-")
        urls += sitemap_locations(client, section.removeprefix(SITE))
    return urls


def in_languages(path: str) -> list[str]:
    return [SITE + path, f"{SITE}/en{path}", f"{SITE}/ja{path}"]


def test_the_sitemap_lists_home_and_every_published_attraction_in_three_languages(
    client, imported_catalogue
):
    hidden = Attraction.objects.order_by("id").first()
    set_published(attractions=[hidden], is_published=False)
    published = Attraction.objects.published().order_by("id")

    urls = all_sitemap_urls(client)

    expected = in_languages("/")
    for attraction in published:
        expected += in_languages(attraction.get_absolute_url())
    assert urls == expected
    assert SITE + hidden.get_absolute_url() not in urls


def sitemap_alternates(client, path: str) -> dict[str, dict[str, str]]:
    """Each <loc> of a sitemap page and its hreflang alternates."""
    root = ElementTree.fromstring(client.get(path).content)  # noqa: S314
    return {
        url.find("s:loc", SITEMAP_NS).text: {
            link.get("hreflang"): link.get("href")
            for link in url.iterfind("xhtml:link", SITEMAP_NS)
            if link.get("rel") == "alternate"
        }
        for url in root.iterfind("s:url", SITEMAP_NS)
    }


def test_every_sitemap_url_names_its_page_in_every_language_and_the_default(
    client, make_attraction
):
    attraction = make_attraction()
    path = f"/attraction/{attraction.pk}"
    alternates = {
        "zh-hant": SITE + path,
        "en": f"{SITE}/en{path}",
        "ja": f"{SITE}/ja{path}",
        "x-default": SITE + path,
    }

    urls = sitemap_alternates(client, "/sitemap-attractions.xml")
    home = sitemap_alternates(client, "/sitemap-home.xml")

    assert urls == dict.fromkeys(in_languages(path), alternates)
    assert home[f"{SITE}/ja/"] == {
        "zh-hant": SITE + "/",
        "en": f"{SITE}/en/",
        "ja": f"{SITE}/ja/",
        "x-default": SITE + "/",
    }


def test_a_long_catalogue_is_split_into_sitemap_pages(
    client, imported_catalogue, monkeypatch
):
    monkeypatch.setattr(AttractionSitemap, "limit", 5)
    count = Attraction.objects.published().count()

    sections = sitemap_locations(client, "/sitemap.xml")
    urls = all_sitemap_urls(client)

    assert f"{SITE}/sitemap-attractions.xml?p=2" in sections
    assert len(sections) == 1 + -(-3 * count // 5)
    assert len(urls) == 3 * (1 + count)
    assert len(set(urls)) == len(urls)


@pytest.mark.parametrize(
    "path",
    ["/sitemap-nothing.xml", "/sitemap-attractions.xml?p=99", "/sitemap-home.xml?p=x"],
)
def test_an_unknown_sitemap_page_is_not_found(client, imported_catalogue, path):
    assert client.get(path).status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()

    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    assert "Disallow: /api/" in text.splitlines()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_an_english_or_japanese_page_describes_the_place_in_its_language(
    client, imported_catalogue, language
):
    attraction = Attraction.objects.get(pk=1)
    path = f"/{language}/attraction/1"
    url = SITE + path
    graph = json_ld(client.get(path).content.decode())

    place = graph["TouristAttraction"]
    assert place["name"] == getattr(attraction, f"name_{language}")
    assert place["description"] == getattr(attraction, f"description_{language}")
    assert place["address"]["streetAddress"] == getattr(
        attraction, f"address_{language}"
    )
    assert place["url"] == url and place["@id"] == url + "#place"
    assert graph["TouristTrip"]["itinerary"] == {"@id": place["@id"]}
    crumbs = graph["BreadcrumbList"]["itemListElement"]
    category = getattr(attraction.category, f"name_{language}")
    assert [crumb["item"] for crumb in crumbs] == [
        f"{SITE}/{language}/",
        f"{SITE}/{language}/?" + urlencode({"category": category}),
        url,
    ]
    assert crumbs[1]["name"] == category
