"""Money as every page writes it (docs/frontend.md, copy guide): NT$ 2,000."""

from django import template

register = template.Library()


@register.filter
def twd(amount) -> str:
    """Whole New Taiwan dollars: NT$ and a thousands comma."""
    return f"NT$ {int(amount):,}"
