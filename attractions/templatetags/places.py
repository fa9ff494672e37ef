"""Template filters of the attraction page's nearby places."""

from django import template

register = template.Library()


@register.filter
def distance(metres) -> str:
    """A distance as the page writes it: 350 公尺 below a kilometre, else 1.2 公里."""
    metres = int(metres)
    if metres < 1000:
        return f"{metres} 公尺"
    kilometres = metres / 1000
    return f"{kilometres:.1f} 公里" if kilometres < 10 else f"{round(kilometres)} 公里"


@register.filter
def duration(minutes) -> str:
    """A walk's length: 25 分鐘, or 2 小時 21 分鐘 from an hour on."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} 分鐘"
    return f"{hours} 小時 {rest} 分鐘" if rest else f"{hours} 小時"
