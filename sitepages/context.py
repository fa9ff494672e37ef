"""What the footer of every page shows: the company and how to reach customer service."""

from django.conf import settings


def company(request) -> dict:
    return {
        "company": {
            "name": settings.COMPANY_NAME,
            "tax_id": settings.COMPANY_TAX_ID,
            "address": settings.COMPANY_ADDRESS,
            "email": settings.SUPPORT_EMAIL,
            "phone": settings.SUPPORT_PHONE,
            "hours": settings.SUPPORT_HOURS,
        }
    }
