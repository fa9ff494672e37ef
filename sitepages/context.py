"""What the footer of every page and e-mail shows: the company and customer service."""

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

# The default opening hours (settings.SUPPORT_HOURS), marked so that the catalogues hold
# their English and Japanese; hours configured otherwise are shown as configured.
DEFAULT_SUPPORT_HOURS = gettext_noop("週一至週五 09:00–18:00")


def company_details() -> dict:
    """The company's legal name, tax id and address as registered; the customer
    service hours in the active language when they are the default ones."""
    return {
        "name": settings.COMPANY_NAME,
        "tax_id": settings.COMPANY_TAX_ID,
        "address": settings.COMPANY_ADDRESS,
        "email": settings.SUPPORT_EMAIL,
        "phone": settings.SUPPORT_PHONE,
        # gettext("") would answer the catalogue's header.
        "hours": gettext(settings.SUPPORT_HOURS) if settings.SUPPORT_HOURS else "",
    }


def company(request) -> dict:
    return {"company": company_details()}
