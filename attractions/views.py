"""Catalogue pages: the server renders the first page of cards and the attraction page, so
both show before any script runs; page modules take over from there.

Their HTML is the same for every visitor (the signed-in header and the cart count come
from the API in the browser), so it is rendered without the request and kept in the
catalogue cache under the same invalidation as the API's answers.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from attractions import selectors
from attractions.catalogue_cache import cached_bytes, uncached
from attractions.forms import AttractionSearchForm
from attractions.seo import attraction_structured_data
from attractions.sitemaps import SITEMAPS
from taipei_trip.api import ApiError, valid_fields
from taipei_trip.i18n import language_path
from taipei_trip.seo import absolute_url


def home(request):
    try:  # an invalid search shows the whole catalogue
        query = valid_fields(AttractionSearchForm, {**request.GET.dict(), "page": 0})
    except ApiError:
        query = {}
    keyword, category = query.get("keyword", ""), query.get("category", "")
    key = ("home", static_version(), translation.get_language(), keyword, category)
    return HttpResponse(cached_bytes(key, lambda: home_page(keyword, category)))


def static_version() -> str:
    """Part of a page's key: pages name hashed static files, which a deploy changes."""
    return getattr(staticfiles_storage, "manifest_hash", "")


def home_page(keyword: str, category: str) -> bytes:
    # Later pages come from the API as the visitor scrolls.
    attractions, next_page = selectors.search_attractions(
        page=0, keyword=keyword, category=category
    )
    stations, untranslated_stations = selectors.station_list()
    categories, untranslated_categories = selectors.category_list()
    html = render_to_string(
        "attractions/home.html",
        {
            "attractions": attractions,
            "next_page": next_page,
            "keyword": keyword,
            "category": category,
            "stations": stations,
            "categories": categories,
            # Names shown in 繁體中文 for want of a translation: marked lang="zh-Hant".
            "untranslated": {*untranslated_stations, *untranslated_categories},
        },
    ).encode()
    return html if attractions else uncached(html)


def attraction_detail(request, attraction_id: int):
    # The booking form's dates start today in Taipei: keyed by the UTC hour, the page is
    # rebuilt once an hour, so a new day (at a whole-hour offset) shows at once.
    hour = timezone.now().strftime("%Y-%m-%dT%H")
    body = cached_bytes(
        (
            "attraction_page",
            static_version(),
            translation.get_language(),
            attraction_id,
            hour,
        ),
        lambda: attraction_page(attraction_id),
    )
    return HttpResponse(body)


def attraction_page(attraction_id: int) -> bytes:
    attraction = selectors.get_attraction(attraction_id)
    if attraction is None:
        raise Http404("找不到這個景點")
    # The booking form's slots, prices and dates come from bookings' template tag.
    path = language_path(f"/attraction/{attraction_id}", translation.get_language())
    nearby = selectors.nearby_attractions(
        attraction_id=attraction_id, lat=attraction["lat"], lng=attraction["lng"]
    )
    context = {
        "attraction": attraction,
        "images": attraction["images"],
        "nearby": nearby,
        # Rendered without a request: the head's canonical link needs its path.
        "attraction_path": path,
        "attraction_url": absolute_url(path),
        "place_id": absolute_url(path) + "#place",
        "structured_data": attraction_structured_data(attraction),
    }
    return render_to_string("attractions/attraction.html", context).encode()


def sitemap_index(request):
    """/sitemap.xml: every section's sitemap page (attractions/sitemaps.py)."""
    return sitemap_response(("sitemap_index",), sitemap_index_xml)


def sitemap_index_xml() -> bytes:
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = absolute_url(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(url, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            items.append(SitemapIndexItem(f"{url}?p={page}", lastmod))
    return render_to_string("sitemap_index.xml", {"sitemaps": items}).encode()


def sitemap_section(request, section: str):
    """One page (`?p=`, from 1) of a section's URLs, through Django's sitemap view."""
    page = request.GET.get("p", "1")
    if section not in SITEMAPS or not (page.isascii() and page.isdigit()):
        raise Http404("找不到這個網站地圖")
    if not 0 < int(page) < 10_000:
        raise Http404("找不到這個網站地圖")

    def build() -> bytes:
        # The URLs come from SITE_URL (SiteSitemap), so the bytes do not depend on
        # the request the view reads its page from; an empty page raises Http404.
        response = sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
        return response.render().content

    return sitemap_response(("sitemap", section, int(page)), build)


def sitemap_response(key: tuple, build) -> HttpResponse:
    """Sitemaps are kept in the catalogue cache: a page of 10,000 URLs takes about a
    second to build (MariaDB, 100,000 attractions), and every catalogue edit retires
    it."""
    response = HttpResponse(cached_bytes(key, build), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


MEMBERS_PAGES = ("/booking", "/member", "/orders", "/order/", "/thankyou")
# Members' pages in every language (/en/booking, /ja/booking, ...); robots.txt's own
# prefix rules would need a wildcard, which not every crawler reads.
ROBOTS = (
    "User-agent: *\nDisallow: /admin/\nDisallow: /api/\nDisallow: /language/\n"
    + "".join(
        f"Disallow: {prefix}{path}\n"
        for prefix in ("", "/en", "/ja")
        for path in MEMBERS_PAGES
    )
)


def robots_txt(request):
    """Crawlers may read the catalogue; members' pages and the API are no use to them."""
    text = f"{ROBOTS}\nSitemap: {absolute_url('/sitemap.xml')}\n"
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
