"""Pages in three languages: 繁體中文 at the plain paths, English under /en/, Japanese
under /ja/; the API, the admin and what crawlers fetch at fixed addresses stay
unprefixed; the switch's choice is remembered (taipei_trip/i18n.py, views.py)."""

import re

import pytest

pytestmark = pytest.mark.django_db
SITE = "https://trip.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture(autouse=True)
def trust_pages():
    """The trust pages as migrated, also after a transactional test flushed them."""
    from taipei_trip.testing import seed_trust_pages

    seed_trust_pages()


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def head_links(response) -> dict[str, str]:
    html = response.content.decode()
    links = re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html
    )
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    return {"canonical": canonical, **dict(links)}


@pytest.mark.parametrize(
    ("prefix", "lang"), [("", "zh-Hant"), ("/en", "en"), ("/ja", "ja")]
)
def test_every_page_answers_in_the_language_of_its_prefix(
    client, make_attraction, prefix, lang
):
    attraction = make_attraction()
    paths = ["/", f"/attraction/{attraction.pk}", "/booking", "/member", "/orders"]
    paths += ["/help/terms", "/thankyou?number=X"]
    for path in paths:
        response = client.get(prefix + path)

        assert response.status_code == 200, path
        assert html_lang(response) == lang, path
        assert response["Content-Language"] == lang.lower(), path


def test_the_cached_catalogue_pages_keep_one_copy_per_language(client, make_attraction):
    attraction = make_attraction()
    for path in ("/", f"/attraction/{attraction.pk}"):
        languages = [
            html_lang(client.get(prefix + path)) for prefix in ("/en", "", "/ja")
        ]
        again = [html_lang(client.get(prefix + path)) for prefix in ("", "/ja", "/en")]

        assert languages == ["en", "zh-Hant", "ja"], path
        assert again == ["zh-Hant", "ja", "en"], path


@pytest.mark.parametrize(
    "path",
    ["/en/api/mrts", "/ja/api/categories", "/en/admin/", "/en/robots.txt"]
    + ["/ja/sitemap.xml", "/en/favicon.ico", "/en/manifest.webmanifest"],
)
def test_the_api_admin_and_fixed_addresses_have_no_language_prefix(client, path):
    assert client.get(path).status_code == 404
    assert client.get(path[3:]).status_code in (200, 302)


def test_pages_ignore_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en,ja;q=0.8")

    assert response.status_code == 200
    assert html_lang(response) == "zh-Hant"
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.parametrize("path", ["/", "/attraction/5"])
def test_every_page_links_itself_in_three_languages_and_the_default(
    client, make_attraction, path
):
    make_attraction(id=5)
    bare = {"zh-Hant": SITE + path, "en": f"{SITE}/en{path}", "ja": f"{SITE}/ja{path}"}
    alternates = {**bare, "x-default": SITE + path}

    for lang, prefix in (("zh-Hant", ""), ("en", "/en"), ("ja", "/ja")):
        links = head_links(client.get(prefix + path))

        assert links == {"canonical": bare[lang], **alternates}


def test_a_page_rendered_with_a_request_links_its_own_path(client):
    links = head_links(client.get("/ja/help/terms"))

    assert links["canonical"] == f"{SITE}/ja/help/terms"
    assert links["en"] == f"{SITE}/en/help/terms"
    assert links["x-default"] == f"{SITE}/help/terms"


def test_the_switch_remembers_the_language_and_goes_to_the_same_page(client, settings):
    response = client.get("/language/en", {"next": "/attraction/5?keyword=北投"})

    assert response.status_code == 302
    assert response["Location"] == "/en/attraction/5?keyword=%E5%8C%97%E6%8A%95"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("language", "next_path", "location"),
    [
        ("zh-hant", "/en/booking", "/booking"),
        ("ja", "/en/", "/ja/"),
        ("ja", "/en", "/ja/"),
        ("en", "/ja/orders?page=2", "/en/orders?page=2"),
        ("en", "https://evil.example.com/", "/en/"),
        ("en", "//evil.example.com/", "/en/"),
        ("en", "/\\evil.example.com/", "/en/"),
        ("en", "", "/en/"),
        # A prefix in front of a second slash: without it the path names another host.
        ("zh-hant", "/en//evil.example.com", "/"),
        ("zh-hant", "/ja//evil.example.com/x?a=1", "/"),
        ("en", "/ja//evil.example.com", "/en/"),
        ("zh-hant", "/en/\\evil.example.com", "/"),
    ],
)
def test_the_switch_goes_only_to_this_sites_pages(
    client, language, next_path, location
):
    response = client.get(f"/language/{language}", {"next": next_path})

    assert response["Location"] == location


def test_the_switch_knows_only_the_sites_languages(client):
    assert client.get("/language/fr", {"next": "/"}).status_code == 404


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_remembered_language_takes_an_unprefixed_page_to_its_own(
    client, settings, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get("/attraction/5", {"keyword": "北投"})
    home = client.get("/")

    assert response.status_code == 302
    assert (
        response["Location"] == f"/{language}/attraction/5?keyword=%E5%8C%97%E6%8A%95"
    )
    assert home["Location"] == f"/{language}/"
    assert "Cookie" in response["Vary"]
    # One visitor's remembered choice: no shared cache may keep it for everyone.
    assert "private" in response["Cache-Control"]


def test_the_unprefixed_pages_vary_on_the_cookie_the_redirect_reads(client):
    assert "Cookie" in client.get("/")["Vary"]


@pytest.mark.parametrize(
    "path", ["/robots.txt", "/sitemap.xml", "/favicon.ico", "/api/mrts", "/nowhere"]
)
def test_a_remembered_language_leaves_what_is_not_a_page_alone(client, settings, path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    assert client.get(path).status_code in (200, 404)


def test_a_prefixed_page_is_answered_in_its_own_language_whatever_was_chosen(
    client, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    response = client.get("/en/")

    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_chinese_remembered_or_a_post_stays_on_the_unprefixed_page(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    assert client.get("/").status_code == 200

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.post("/booking").status_code != 302


def switch_links(response) -> dict[str, str]:
    html = response.content.decode()
    links = re.findall(
        r'<a class="language-switch__link" href="([^"]+)" hreflang="[^"]+" '
        r'lang="[^"]+" data-language="([^"]+)"',
        html,
    )
    return {language: href.replace("&amp;", "&") for href, language in links}


def test_the_header_switch_links_this_page_in_every_language(client, make_attraction):
    make_attraction(id=5)

    response = client.get("/en/attraction/5")

    assert switch_links(response) == {
        "zh-hant": "/language/zh-hant?next=%2Fattraction%2F5",
        "en": "/language/en?next=%2Fen%2Fattraction%2F5",
        "ja": "/language/ja?next=%2Fja%2Fattraction%2F5",
    }
    assert 'data-language="en" aria-current="true"' in response.content.decode()


def test_the_switch_keeps_the_search_and_the_query_string(client, make_attraction):
    make_attraction()

    home = switch_links(client.get("/ja/", {"keyword": "台北", "junk": "1"}))
    orders = switch_links(client.get("/orders", {"page": "2"}))

    assert (
        home["en"]
        == "/language/en?next=%2Fen%2F%3Fkeyword%3D%25E5%258F%25B0%25E5%258C%2597"
    )
    assert orders["ja"] == "/language/ja?next=%2Fja%2Forders%3Fpage%3D2"


def test_robots_txt_keeps_crawlers_off_members_pages_in_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    for prefix in ("", "/en", "/ja"):
        assert f"Disallow: {prefix}/booking" in lines
        assert f"Disallow: {prefix}/order/" in lines
    assert "Disallow: /language/" in lines


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_language_alone_opens_its_home_page(client, language):
    response = client.get(f"/{language}")

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
