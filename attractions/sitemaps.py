"""/sitemap.xml: an index of the sections below, each paged (Django's sitemaps
framework), absolute URLs from SITE_URL like every page's canonical link."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from attractions.models import Attraction


class SiteSitemap(Sitemap):
    """Every section's URLs on SITE_URL's origin, never the request's host.

    Languages: once the pages sit under i18n_patterns, `i18n = True`, `alternates =
    True` and `x_default = True` here give every URL in every section its hreflang
    alternates (Django writes them from settings.LANGUAGES).
    """

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme


class HomeSitemap(SiteSitemap):
    def items(self) -> list[str]:
        return ["/"]

    def location(self, item: str) -> str:
        return item


class AttractionSitemap(SiteSitemap):
    """Every published attraction's page with its last change, by id (a stable order
    for the pages). Rows are (id, updated_at) pairs, no model instances, and a page
    holds 10,000 (the protocol allows 50,000): at 100,000 attractions one page is then
    about 0.9 MB, built in about a second after an edit retired it. No
    changefreq or priority: search engines ignore them."""

    limit = 10_000

    def items(self):
        return (
            Attraction.objects.published()
            .order_by("id")
            .values_list("id", "updated_at")
        )

    def location(self, item: tuple) -> str:
        return f"/attraction/{item[0]}"

    def lastmod(self, item: tuple):
        return item[1]

    def get_latest_lastmod(self):
        # One aggregate rather than Django's default of reading every item.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"home": HomeSitemap, "attractions": AttractionSitemap}
