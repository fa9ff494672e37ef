"""Pages of a list (attractions, a member's orders): one size, one page number field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from taipei_trip.forms import messages_for

PAGE_SIZE = 12
# The highest page number accepted (also the OpenAPI document's `maximum`).
MAX_PAGE = 10_000_000
PAGE_MESSAGE = _("頁碼必須是 0 以上的整數")


def page_field(*, required: bool = True) -> forms.IntegerField:
    """The `page` query parameter: 0 for the first page."""
    return forms.IntegerField(
        required=required,
        min_value=0,
        max_value=MAX_PAGE,
        error_messages=messages_for(PAGE_MESSAGE),
    )


def page_bounds(page: int) -> tuple[int, int]:
    """The rows to fetch for a page: one more than it shows, to know if another follows."""
    start = page * PAGE_SIZE
    return start, start + PAGE_SIZE + 1


def page_of(rows: list, page: int) -> tuple[list, int | None]:
    """The page's rows (fetched within page_bounds) and the next page number, or None."""
    return rows[:PAGE_SIZE], page + 1 if len(rows) > PAGE_SIZE else None
