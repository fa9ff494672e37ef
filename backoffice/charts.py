"""Bar charts drawn on the server as SVG: no script, no chart library, no CSP change.

Every bar carries its value as text above it and its label below, and the chart a
`<title>`/`<desc>`, so it reads without colour and in a screen reader; the page shows
the same numbers in a table beside it.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

HEIGHT = 200
BAR_AREA = 150  # pixels of the tallest bar
TOP = 22  # room for the value above the tallest bar
SLOT = 44  # horizontal pixels per bar, gap included
BAR = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str  # the value as printed above the bar
    is_highlighted: bool = (
        False  # e.g. today: drawn hatched, not only in another colour
    )


def bar_chart(bars: list[Bar], *, title: str, description: str, chart_id: str) -> str:
    peak = max((bar.value for bar in bars), default=0) or 1
    width = SLOT * len(bars) + 10
    rects = format_html_join(
        "",
        '<g class="chart__bar{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
        "<title>{}: {}</title></rect>"
        '<text x="{}" y="{}" class="chart__value">{}</text>'
        '<text x="{}" y="{}" class="chart__label">{}</text></g>',
        (_bar_parts(index, bar, peak, chart_id) for index, bar in enumerate(bars)),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<defs><pattern id="{}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="chart__hatch-ground"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="chart__hatch-line"/></pattern></defs>'
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="chart__axis"/>{}</svg>',
        width,
        HEIGHT + 16,
        width,
        HEIGHT + 16,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        chart_id,
        TOP + BAR_AREA,
        width,
        TOP + BAR_AREA,
        rects,
    )


def _bar_parts(index: int, bar: Bar, peak: int, chart_id: str) -> tuple:
    height = round(bar.value / peak * BAR_AREA)
    x = 10 + index * SLOT
    centre = x + BAR / 2
    baseline = TOP + BAR_AREA
    return (
        " is-highlighted" if bar.is_highlighted else "",
        x,
        baseline - height,
        BAR,
        height,
        # Highlighted bars are hatched, so they differ in pattern, not only in colour.
        f"url(#{chart_id}-hatch)" if bar.is_highlighted else "currentColor",
        bar.label,
        bar.shown,
        centre,
        baseline - height - 5,
        bar.shown,
        centre,
        baseline + 16,
        bar.label,
    )
