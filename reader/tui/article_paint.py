"""How the article's lines are drawn: which passages are painted, and in
which style each cluster of a visual line is shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.layout import VisualLine
from reader.nlp.sentences import Sentence

CURSOR_ON_PAINT = Style(bold=True, underline=True)


@dataclass(frozen=True, slots=True)
class Painted:
    """A passage painted in the article: a tagged annotation's span and colour."""

    start: int
    end: int
    style: Style


class Span(Protocol):
    """Anything with source offsets: an entity mention, a search hit."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Highlight:
    """Source ranges to paint, with the component class that styles them."""

    ranges: tuple[tuple[int, int], ...]
    component: str


class PassStyles(NamedTuple):
    """The styles one line is drawn with, found once per screenful."""

    base: Style
    cursor: Style
    selection: Style
    mention: Style


def line_strip(
    line: VisualLine,
    width: int,
    cursor: Sentence | None,
    selection: tuple[int, int] | None,
    styles: PassStyles,
    painted_here: Sequence[Painted],
    highlighted: Sequence[tuple[int, int]],
) -> Strip:
    """One visual line as a strip: right-aligned by its padding, each cluster
    in the style of what it is part of (a tagged passage, the cursor, the
    selection, a highlighted mention or hit)."""
    base, cursor_style, selection_style, mention_style = styles
    # Every style is made once per line, so that neighbouring clusters
    # share one object and join one segment (compared by identity).
    painted = [
        (p.start, p.end, base + p.style, base + p.style + CURSOR_ON_PAINT) for p in painted_here
    ]
    mention_on_cursor = mention_style + cursor_style
    padding = line.padding(width)
    segments = [Segment(" " * padding, base)]
    texts: list[str] = []  # of the last segment, joined when its style changes
    last_style = base
    for cluster in line.clusters:
        style = base
        on_cursor = cursor_style
        first, last = cluster.offsets[0], cluster.offsets[-1]
        for start, end, painted_style, painted_on_cursor in painted:
            if start <= last and first < end:  # the innermost (latest starting) wins
                style, on_cursor = painted_style, painted_on_cursor
        if cursor is not None and cursor.start <= last and first < cursor.end:
            # On a tagged passage the tag's colour stays; the cursor underlines.
            style = on_cursor
        if selection is not None and selection[0] <= last and first < selection[1]:
            style = selection_style
        if highlighted and any(start <= last and first < end for start, end in highlighted):
            style = mention_on_cursor if style is cursor_style else mention_style
        if style is not last_style and texts:
            segments.append(Segment("".join(texts), last_style))
            texts = []
        last_style = style
        texts.append(cluster.text)
    if texts:
        segments.append(Segment("".join(texts), last_style))
    return Strip(segments, padding + sum(cluster.width for cluster in line.clusters))
