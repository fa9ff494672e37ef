"""/sitemap.xml: an index of the sections below, each paged at 50,000 URLs (Django's
sitemaps framework), absolute URLs from SITE_URL like every page's canonical link."""

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
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["/"]

    def location(self, item: str) -> str:
        return item


class AttractionSitemap(SiteSitemap):
    """Every published attraction's page, by id (a stable order for the pages)."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Attraction.objects.published().order_by("id").only("id", "updated_at")

    def lastmod(self, item: Attraction):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate rather than Django's default of reading every item.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"home": HomeSitemap, "attractions": AttractionSitemap}
