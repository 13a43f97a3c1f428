"""Short texts (titles, entity names, snippets) as one shaped, terminal-safe line."""

from __future__ import annotations

from rich.text import Text
from textual.dom import DOMNode

from reader.layout import LayoutOptions, first_line, one_line, visible
from reader.layout.chars import RIGHT_TO_LEFT_LETTER

ELLIPSIS = "…"
# A cell holds a letter and its harakat: a line of N cells rarely shows more
# than 4N characters. A label is cut there before it is laid out.
_MOST_CHARS_PER_CELL = 4


def shown(text: str, options: LayoutOptions | None = None) -> str:
    """A message, heading or name as a widget should get it: each line that
    holds right-to-left letters shaped and in visual order (a terminal does
    neither), every line terminal-safe. Line breaks are kept."""
    return "\n".join(
        one_line(line, options)
        if RIGHT_TO_LEFT_LETTER.search(line)
        else visible(line, keep_lines=True)
        for line in text.split("\n")
    )


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


def plain(text: Text | str, options: LayoutOptions | None = None) -> Text:
    """A label as Text, never markup; a str is shaped and made terminal-safe
    (a Text was built from safe, shaped parts already)."""
    return text if isinstance(text, Text) else Text(shown(text, options), end="")


def options_of(node: DOMNode) -> LayoutOptions | None:
    """How the running app lays out text (its --bidi mode), for a screen or
    widget that shows labels of its own."""
    options = getattr(node.app, "options", None)
    return options if isinstance(options, LayoutOptions) else None
