"""/sitemap.xml: an index of the sections below, each paged (Django's sitemaps
framework), absolute URLs from SITE_URL like every page's canonical link."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import translation

from attractions.models import Attraction
from taipei_trip.i18n import language_path


class SiteSitemap(Sitemap):
    """Every section's URLs on SITE_URL's origin, never the request's host, each in
    every language of settings.LANGUAGES with its hreflang alternates and x-default
    (Django's sitemaps call `location` with each language active in turn)."""

    i18n = True
    alternates = True
    x_default = True

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme


class HomeSitemap(SiteSitemap):
    def items(self) -> list[str]:
        return ["/"]

    def location(self, item: str) -> str:
        return language_path(item, translation.get_language())


class AttractionSitemap(SiteSitemap):
    """Every published attraction's page in every language with its last change, by
    id (a stable order for the pages). Rows are (id, updated_at) pairs, no model
    instances, and a page holds 10,000 URLs (the protocol allows 50,000): 3,334
    attractions in three languages, each URL with its four alternates. No changefreq or
    priority: search engines ignore them. Paths are formatted, not reversed: a page
    names each attraction fifteen times."""

    limit = 10_000

    def items(self):
        return (
            Attraction.objects.published()
            .order_by("id")
            .values_list("id", "updated_at")
        )

    def location(self, item: tuple) -> str:
        return language_path(f"/attraction/{item[0]}", translation.get_language())

    def lastmod(self, item: tuple):
        return item[1]

    def get_latest_lastmod(self):
        # One aggregate rather than Django's default of reading every item.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"home": HomeSitemap, "attractions": AttractionSitemap}
