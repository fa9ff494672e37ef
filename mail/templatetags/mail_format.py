"""Filters for e-mail templates."""

from django import template

register = template.Library()


@register.filter
def twd(amount: int) -> str:
    """Whole New Taiwan dollars with thousands separators: 4500 → "4,500"."""
    return f"{int(amount):,}"
