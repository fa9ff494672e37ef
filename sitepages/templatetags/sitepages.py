"""The footer's company details for any rendering path, cached page HTML included."""

from django import template

from sitepages.context import company_details

register = template.Library()


@register.simple_tag
def company() -> dict:
    return company_details()
