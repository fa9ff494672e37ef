"""Plain page text to escaped markup: paragraphs, "## " headings and "- " lists."""

from itertools import groupby

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def render_body(text: str) -> SafeString:
    """Every character is escaped; only the block structure becomes markup.

    Blank lines end a block; within one, a "## " line is a heading, a run of "- " lines
    a list and a run of other lines one paragraph (line breaks kept).
    """
    blocks = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        kinds = groupby(lines, key=line_kind)
        for kind, run in kinds:
            run = list(run)
            if kind == "heading":
                blocks += [format_html("<h2>{}</h2>", line[3:].strip()) for line in run]
            elif kind == "item":
                items = format_html_join("", "<li>{}</li>", ((ln[2:],) for ln in run))
                blocks.append(format_html("<ul>{}</ul>", items))
            else:
                joined = format_html_join(
                    mark_safe("<br>"), "{}", ((ln,) for ln in run)
                )
                blocks.append(format_html("<p>{}</p>", joined))
    return mark_safe("\n".join(blocks))  # noqa: S308  (each block is built escaped)


def line_kind(line: str) -> str:
    if line.startswith("## "):
        return "heading"
    return "item" if line.startswith("- ") else "text"
