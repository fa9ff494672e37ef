"""What the catalogue pages render before any script runs."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bookings.pricing import BOOKING_HORIZON_DAYS

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def rendered_cards(html: str) -> int:
    """Cards in the list, leaving out the <template> the script clones."""
    return html.split("<template", 1)[0].count('class="card"')


# E-mails are not served under the site's CSP, and mail clients drop <link>ed styles:
# their templates (templates/emails/) style inline.
PAGE_TEMPLATES = sorted(
    path for path in TEMPLATES.rglob("*.html") if "emails" not in path.parts
)


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda path: path.name)
def test_no_template_has_inline_scripts_styles_or_handlers(template):
    text = template.read_text(encoding="utf-8")

    assert not INLINE_SCRIPT.search(text)
    assert not INLINE_STYLE.search(text)
    assert not EVENT_HANDLER.search(text)


def test_home_renders_the_cards_and_the_next_page(client, make_attraction):
    for number in range(13):
        make_attraction(f"景點{number}", mrt="劍潭" if number % 2 else "士林")

    html = client.get("/").content.decode()

    assert rendered_cards(html) == 12
    assert 'data-next-page="1"' in html
    assert 'data-station="劍潭"' in html
    assert 'loading="lazy"' in html  # cards below the first row wait for scrolling


def test_home_without_javascript_searches_through_the_query_string(
    client, make_attraction
):
    make_attraction("台北101", mrt="台北101／世貿")
    make_attraction("象山步道", mrt="象山")

    html = client.get("/", {"keyword": "象山"}).content.decode()

    assert "象山步道" in html
    assert "台北101</h2>" not in html
    assert 'data-next-page=""' in html


def test_home_says_so_once_when_nothing_matches_and_offers_what_to_try(
    client, make_attraction, settings
):
    settings.CATALOGUE_VERSION_CHECK_SECONDS = 0  # see this test's station at once
    make_attraction("台北101", mrt="台北101／世貿", category="藝文館所")

    html = client.get("/", {"keyword": "沒有這個"}).content.decode()

    assert html.count("找不到「沒有這個」的景點") == 1
    assert rendered_cards(html) == 0
    suggestions = html.split("data-suggest-stations", 1)[1]
    assert 'data-pick-station="台北101／世貿"' in suggestions
    assert 'data-pick-category="藝文館所"' in suggestions


def test_each_card_shows_the_price_per_person_slot_times_station_and_category(
    client, make_attraction
):
    make_attraction("台北101", mrt="台北101／世貿", category="藝文館所")

    html = client.get("/").content.decode().split("<template", 1)[0]

    assert '每人 <strong class="card__amount">NT$ 2,000</strong> 起' in html
    assert "上半天 09:00" in html
    assert "下半天 14:00" in html
    assert "捷運台北101／世貿站" in html
    assert "藝文館所" in html


def test_the_last_page_ends_with_how_many_places_were_shown(client, make_attraction):
    for number in range(3):
        make_attraction(f"景點{number}")

    html = client.get("/").content.decode()

    assert re.search(r"已顯示全部 <span data-end-count>3</span> 個景點", html)
    assert "data-end hidden" not in html


def test_a_page_with_more_to_come_hides_the_end_of_list_line(client, make_attraction):
    for number in range(13):
        make_attraction(f"景點{number}")

    html = client.get("/").content.decode()

    assert "data-end hidden" in html


def test_home_ignores_a_search_it_cannot_read(client, make_attraction):
    make_attraction("台北101")

    response = client.get("/", {"keyword": "x" * 500})

    assert response.status_code == 200
    assert "台北101" in response.content.decode()


def test_an_attraction_without_images_uses_the_placeholder(client, make_attraction):
    attraction = make_attraction("無圖景點", images=0)

    html = client.get(attraction.get_absolute_url()).content.decode()

    assert "img/placeholder.svg" in html
    assert "data-carousel-next" not in html


def test_remote_images_fall_back_to_the_placeholder(client, make_attraction):
    attraction = make_attraction("台北101", images=3)

    html = client.get(attraction.get_absolute_url()).content.decode()

    assert html.count("data-fallback") == 3
    assert 'data-placeholder="/static/img/placeholder.svg"' in html
    assert html.count('loading="lazy"') == 2  # every photo after the first


def test_the_booking_form_offers_both_slots_with_their_prices(client, make_attraction):
    attraction = make_attraction()

    html = client.get(attraction.get_absolute_url()).content.decode()

    assert 'value="morning" data-price="2000"' in html
    assert 'value="afternoon" data-price="2500"' in html
    assert "NT$ 2,000" in html
    assert "立即預訂" in html


def test_the_first_bookable_day_is_todays_date_in_taipei(
    client, make_attraction, monkeypatch
):
    # 20:00 UTC on 31 Dec is already 1 Jan in Taipei (UTC+8).
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    )
    attraction = make_attraction()

    html = client.get(attraction.get_absolute_url()).content.decode()

    assert 'data-first-date="2027-01-01"' in html
    last = date(2027, 1, 1) + timedelta(days=BOOKING_HORIZON_DAYS)
    assert f'data-last-date="{last.isoformat()}"' in html


def test_the_404_page_is_styled_and_links_home(client, settings):
    settings.DEBUG = False

    response = client.get("/attraction/424242")

    assert response.status_code == 404
    html = response.content.decode()
    assert "css/site.css" in html
    assert 'href="/"' in html
    assert "找不到這個頁面" in html


def test_robots_txt_keeps_crawlers_out_of_the_api_and_members_pages(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /api/" in lines
    # A member's order and its payment return page, like /orders and /thankyou.
    assert "Disallow: /order/" in lines
    assert "Disallow: /attraction" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/attraction/0", "/attraction/99999999999999999999999", "/attraction/-1"]
)
def test_impossible_attraction_ids_get_the_404_page(client, settings, path):
    settings.DEBUG = False

    response = client.get(path)

    assert response.status_code == 404
    assert "找不到這個頁面" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"keyword": "\x00"},
        {"keyword": "%_"},
        {"category": "\ufffd"},
        {"page": "-1", "keyword": "台北"},
        {"keyword": "<script>alert(1)</script>"},
    ],
)
def test_odd_search_input_on_the_home_page_never_breaks_it(
    client, make_attraction, query
):
    make_attraction("台北101")

    response = client.get("/", query)

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize(
    "template",
    sorted((TEMPLATES / "emails").rglob("*.html")),
    ids=lambda path: path.name,
)
def test_no_email_template_has_scripts_or_handlers(template):
    text = template.read_text(encoding="utf-8")

    assert "<script" not in text.lower()
    assert not EVENT_HANDLER.search(text)
