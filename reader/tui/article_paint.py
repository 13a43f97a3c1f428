"""How the article's lines are drawn: which passages are painted, and in
which style each cluster of a visual line is shown."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.layout import VisualLine
from reader.nlp.sentences import Sentence

# The cursor on a tagged passage: the tag's colour turns to the text's (the
# tag still shows), so the sentence stands out as the cursor elsewhere does.
CURSOR_ON_PAINT = Style(bold=True, reverse=True)
CURRENT_HIT = Style(bold=True, reverse=True)


class Marks:
    """The passages painted in an article (tagged annotations) and the ranges
    highlighted (an entity's mentions, search hits), each found for a line by
    bisection: thousands of hits cost a lookup per line, not a scan."""

    def __init__(self) -> None:
        self.highlighted: Highlight | None = None
        self._highlight_starts: list[int] = []
        self._longest_highlight = 0
        self._painted: list[Painted] = []
        self._painted_starts: list[int] = []
        self._longest_painted = 0

    def highlight(self, highlight: Highlight | None) -> None:
        if highlight is not None:
            highlight = Highlight(tuple(sorted(highlight.ranges)), highlight.component)
        self.highlighted = highlight
        ranges = highlight.ranges if highlight else ()
        self._highlight_starts = [start for start, _ in ranges]
        self._longest_highlight = max((end - start for start, end in ranges), default=0)

    def paint(self, passages: list[Painted]) -> None:
        self._painted = sorted(passages, key=lambda p: (p.start, p.end))
        self._painted_starts = [p.start for p in self._painted]
        self._longest_painted = max((p.end - p.start for p in self._painted), default=0)

    def highlighted_on(self, start: int, end: int) -> list[tuple[int, int]]:
        """Highlighted ranges overlapping [start, end)."""
        if self.highlighted is None:
            return []
        ranges = self.highlighted.ranges
        first = bisect_left(self._highlight_starts, start - self._longest_highlight)
        last = bisect_right(self._highlight_starts, end)
        return [r for r in ranges[first:last] if r[1] > start]

    def painted_on(self, start: int, end: int) -> list[Painted]:
        """Painted passages overlapping [start, end)."""
        first = bisect_left(self._painted_starts, start - self._longest_painted)
        last = bisect_right(self._painted_starts, end)
        return [p for p in self._painted[first:last] if p.end > start]


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


def touches(line: VisualLine, sentence: Sentence | None) -> bool:
    """Whether `sentence` has a character on `line`."""
    return sentence is not None and sentence.start < line.end and line.start < sentence.end


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
    # A hit (or mention) in the cursor's sentence is the current one: reversed.
    mention_on_cursor = cursor_style + mention_style + CURRENT_HIT
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
