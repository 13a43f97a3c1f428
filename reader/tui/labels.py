"""Short texts (titles, entity names, snippets) as one shaped, terminal-safe line."""

from __future__ import annotations

from rich.text import Text

from reader.layout import LayoutOptions, first_line, one_line, visible

ELLIPSIS = "…"
# A cell holds a letter and its harakat: a line of N cells rarely shows more
# than 4N characters. A label is cut there before it is laid out.
_MOST_CHARS_PER_CELL = 4


def shaped_line(text: str, width: int, options: LayoutOptions | None = None) -> Text:
    """The first visual line of ``text`` in ``width`` cells, right-aligned if
    right-to-left, with an ellipsis where the rest was cut (on the left of a
    right-to-left line: that is where its reading ends). Never markup."""
    width = max(width, 2)
    # One paragraph, spaces collapsed; only as much of it as one line can
    # show (a title may be a whole paragraph: laying it all out to show its
    # first line made a library of 1,000 articles take seconds to list).
    single = " ".join(text[: width * _MOST_CHARS_PER_CELL].split())
    cut = len(text) > width * _MOST_CHARS_PER_CELL
    first, more = first_line(single, width - 1, options)
    more = more or cut
    visual = first.visual
    if more:
        visual = ELLIPSIS + visual if first.direction == "rtl" else visual + ELLIPSIS
    if first.direction == "rtl":
        visual = " " * max(width - first.cells - more, 0) + visual
    return Text(visual, no_wrap=True, overflow="crop", end="")


def shaped_inline(text: str, options: LayoutOptions | None = None) -> Text:
    """``text`` as one shaped line in visual order, unpadded, for use inside
    other text (a heading that quotes a query). Never markup."""
    return Text(one_line(text, options), end="")


def plain(text: Text | str) -> Text:
    """A label as Text, never markup; a str has its controls shown as
    placeholders (a Text was built from safe parts already)."""
    return text if isinstance(text, Text) else Text(visible(text, keep_lines=True), end="")
