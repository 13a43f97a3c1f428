"""The article's lines as drawn: kept, and the next screenful drawn ahead.

An LRU of Strips by line number, width and what marks the line (the cursor,
the selection), as toolong keeps its lines: scrolling back copies strips.
While the reader reads, the next screenful in the direction of travel is
laid out and drawn, so that the next page-down only copies strips.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.cache import LRUCache
from textual.strip import Strip
from textual.timer import Timer

from reader.tui import collector

if TYPE_CHECKING:
    from reader.tui.article_view import ArticleView

# Seconds after the last scroll before the next screenful is laid out: after
# the screen is drawn, well before a reader presses the next key.
READ_AHEAD_DELAY = 0.05
# How many times reading ahead waits for the screen shown to be drawn.
READ_AHEAD_TRIES = 20

# A plain line: neither the cursor nor the selection on it.
PLAIN: tuple[None, None] = (None, None)


class DrawnLines:
    """The strips of one view's lines, and its reading ahead."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self._strips: LRUCache[tuple[int, int, object], Strip] = LRUCache(2048)
        # (scroll y, width) of the last screen drawn down to its last row.
        self.screen_drawn: tuple[int, int] | None = None
        self._direction = 1
        self._timer: Timer | None = None

    def clear(self) -> None:
        """Forget every strip (the text, its marks or the width changed)."""
        self._strips.clear()

    def cached(self, number: int, width: int, marks: object = PLAIN) -> Strip | None:
        """Line `number`'s strip at `width`, if drawn and kept."""
        return self._strips.get((number, width, marks))

    def strip(self, number: int, width: int, marks: object, draw: Callable[[], Strip]) -> Strip:
        """Line `number`'s strip, drawn by `draw` unless kept."""
        key = (number, width, marks)
        found = self._strips.get(key)
        if found is None:
            found = self._strips[key] = draw()
        return found

    def scrolled(self, old_y: float, new_y: float) -> None:
        """Read ahead in the direction of travel once the scrolling pauses."""
        self._direction = 1 if new_y >= old_y else -1
        self._schedule(READ_AHEAD_TRIES)

    def _schedule(self, tries: int) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.view.set_timer(READ_AHEAD_DELAY, lambda: self.read_ahead(tries))

    def read_ahead(self, tries: int = READ_AHEAD_TRIES) -> None:
        """Lay out and draw the next screenful, once the screen shown is
        drawn (after a resize, say, laying out the next one first would delay
        the one the reader waits for)."""
        self._timer = None
        view = self.view
        if not view.is_mounted:
            return
        region = view.scrollable_content_region
        height, width, y = max(region.height, 1), region.width, view.scroll_offset.y
        if self.screen_drawn != (y, width) and tries:
            self._schedule(tries - 1)
            return
        first = y + height if self._direction > 0 else max(y - height, 0)
        styles = view.line_styles()
        for number in range(first, first + height):
            line = view.line_index.line(number)  # lays the paragraph out, cached
            if line is None:
                break
            # Drawn as render_line will ask for it unless the cursor is on it.
            if view.selection is None and self.cached(number, width) is None:
                self._strips[(number, width, PLAIN)] = view.draw_line(line, width, styles)
        # Idle, the next screen ready: a good moment to take what exists out
        # of the collector's way (see reader.tui.collector).
        collector.settle()
