"""The attraction page's JSON-LD: the place and the way to it from the home page
(schema.org, as search engines read it). The half-day trip on sale there, with its
prices, comes from bookings' `half_day_trip` template tag."""

from urllib.parse import urlencode

from django.utils import translation

from taipei_trip.i18n import language_path
from taipei_trip.seo import SITE_NAME, absolute_url


def attraction_structured_data(attraction: dict) -> list[dict]:
    """The @graph items of a TouristAttraction (`@id` its URL + "#place") and its
    BreadcrumbList: home, the category's listing, the place; all in the active
    language (the page's), its texts and its URLs."""
    language = translation.get_language()

    def page_url(path: str) -> str:
        return absolute_url(language_path(path, language))

    url = page_url(f"/attraction/{attraction['id']}")
    place = {
        "@type": "TouristAttraction",
        "@id": f"{url}#place",  # the views pass the same id to half_day_trip
        "name": attraction["name"],
        "description": attraction["description"],
        "url": url,
        "image": [absolute_url(src) for src in attraction["images"]],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": attraction["address"],
            "addressRegion": "臺北市",
            "addressCountry": "TW",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": attraction["lat"],
            "longitude": attraction["lng"],
        },
    }
    trail = [
        (SITE_NAME, page_url("/")),
        (
            attraction["category"],
            page_url("/?" + urlencode({"category": attraction["category"]})),
        ),
        (attraction["name"], url),
    ]
    breadcrumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": item}
            for number, (name, item) in enumerate(trail, start=1)
        ],
    }
    return [place, breadcrumbs]
