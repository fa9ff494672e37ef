"""Filters for e-mail templates."""

from django import template

register = template.Library()


@register.filter
def twd(amount: int) -> str:
    """Money as every page writes it (docs/frontend.md, copy guide): 4500 → "NT$ 4,500"."""
    return f"NT$ {int(amount):,}"
