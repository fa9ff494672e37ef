"""What the footer of every page and e-mail shows: the company and customer service."""

from django.conf import settings


def company_details() -> dict:
    return {
        "name": settings.COMPANY_NAME,
        "tax_id": settings.COMPANY_TAX_ID,
        "address": settings.COMPANY_ADDRESS,
        "email": settings.SUPPORT_EMAIL,
        "phone": settings.SUPPORT_PHONE,
        "hours": settings.SUPPORT_HOURS,
    }


def company(request) -> dict:
    return {"company": company_details()}
