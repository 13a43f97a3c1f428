"""Short texts (titles, entity names, snippets) as one shaped, terminal-safe line."""

from __future__ import annotations

from rich.text import Text

from reader.layout import ArticleLayout, LayoutOptions, one_line

ELLIPSIS = "…"


def shaped_line(text: str, width: int, options: LayoutOptions | None = None) -> Text:
    """The first visual line of ``text`` in ``width`` cells, right-aligned if
    right-to-left, with an ellipsis where the rest was cut (on the left of a
    right-to-left line: that is where its reading ends). Never markup."""
    width = max(width, 2)
    single = " ".join(text.split())  # one paragraph, spaces collapsed
    layout = ArticleLayout(single, options)
    lines = layout.paragraph_lines(0, width - 1)
    first = lines[0]
    visual = first.visual
    if len(lines) > 1:
        visual = ELLIPSIS + visual if first.direction == "rtl" else visual + ELLIPSIS
    if first.direction == "rtl":
        visual = " " * max(width - first.cells - (len(lines) > 1), 0) + visual
    return Text(visual, no_wrap=True, overflow="crop", end="")


def shaped_inline(text: str, options: LayoutOptions | None = None) -> Text:
    """``text`` as one shaped line in visual order, unpadded, for use inside
    other text (a heading that quotes a query). Never markup."""
    return Text(one_line(text, options), end="")
