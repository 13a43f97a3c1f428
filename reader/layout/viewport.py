"""The visual lines of an article at one width, numbered, found as they are needed.

A scrolling view asks for line y; this index lays out paragraphs only until
it has y, so the first screen of a huge article costs what a small one does.
The total is estimated from the characters left until everything is known.
"""

from __future__ import annotations

import time
from bisect import bisect_right

from reader.layout.engine import ArticleLayout, VisualLine

# Until measured on the article itself: code points per visual line, per cell.
_DEFAULT_CHARS_PER_CELL = 0.9


class LineIndex:
    """Line numbers -> (paragraph, line within it), for one layout and width."""

    def __init__(self, layout: ArticleLayout, width: int) -> None:
        self.layout = layout
        self.width = width
        self._paragraph_of_line: list[int] = []
        self._first_line: list[int] = []  # per paragraph laid out so far
        self._next_paragraph = 0
        self.complete = False

    @property
    def known_lines(self) -> int:
        return len(self._paragraph_of_line)

    def _extend(self) -> bool:
        """Lay out one more paragraph; False when there are none left."""
        if self.complete:
            return False
        paragraph = self.layout.paragraph(self._next_paragraph)
        if paragraph is None:
            self.complete = True
            return False
        count = self.layout.line_count(paragraph.index, self.width)
        self._first_line.append(self.known_lines)
        self._paragraph_of_line.extend([paragraph.index] * count)
        self._next_paragraph += 1
        return True

    def ensure_lines(self, count: int) -> None:
        while self.known_lines < count and self._extend():
            pass

    def ensure_paragraph(self, index: int) -> None:
        while self._next_paragraph <= index and self._extend():
            pass

    def line(self, number: int) -> VisualLine | None:
        self.ensure_lines(number + 1)
        if number < 0 or number >= self.known_lines:
            return None
        paragraph = self._paragraph_of_line[number]
        lines = self.layout.paragraph_lines(paragraph, self.width)
        return lines[number - self._first_line[paragraph]]

    def first_line_of(self, paragraph: int) -> int:
        self.ensure_paragraph(paragraph)
        return self._first_line[min(paragraph, len(self._first_line) - 1)]

    def line_of_offset(self, offset: int) -> int:
        """The line showing a source offset (or the nearest line before it)."""
        paragraph = self.layout.paragraph_at(offset).index
        first = self.first_line_of(paragraph)
        lines = self.layout.paragraph_lines(paragraph, self.width)
        starts = [line.start for line in lines]
        return first + max(bisect_right(starts, offset) - 1, 0)

    def estimated_total(self) -> int:
        """All lines if known, else the known ones plus an estimate for the rest."""
        if self.complete:
            return self.known_lines
        done = 0
        if self._first_line:
            last = self.layout.paragraph(self._next_paragraph - 1)
            done = last.end if last is not None else 0
        remaining = len(self.layout.text) - done
        if done and self.known_lines:
            per_line = done / self.known_lines
        else:
            per_line = self.width * _DEFAULT_CHARS_PER_CELL
        return self.known_lines + int(remaining / max(per_line, 1.0)) + 1

    def remaining_chars(self) -> int:
        """Characters of the article not laid out yet."""
        if self.complete:
            return 0
        last = self.layout.paragraph(self._next_paragraph - 1) if self._first_line else None
        return len(self.layout.text) - (last.end if last is not None else 0)

    def lay_out_for(self, seconds: float) -> bool:
        """Lay out paragraphs for about `seconds`; True once all are."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            if not self._extend():
                return True
        return self.complete

    def lay_out_all(self) -> int:
        while self._extend():
            pass
        return self.known_lines
