"""G on a long article: laid out to its end a slice at a time between keys.

A 50 MB line takes half a minute to lay out; the reader keeps the keyboard
meanwhile, sees the progress in the article's border, and is taken to the
end when it is done, unless they have moved elsewhere by then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from reader.nlp.sentences import Sentence

if TYPE_CHECKING:
    from reader.tui.article_view import ArticleView

# An article with more than this left to lay out gets there a slice at a time.
LAY_OUT_AT_ONCE_CHARS = 1_000_000
SLICE_SECONDS = 0.03  # of layout between two looks at the keyboard
PAUSE_SECONDS = 0.005


class EndReach:
    """One view's way to its end."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        # While under way: where the cursor was, and the border's subtitle.
        self._started: tuple[Sentence | None, Text | str | None] | None = None

    def cancel(self) -> None:
        self._started = None

    def start(self) -> None:
        """Go to the end: at once if what is left is short, else in slices."""
        view = self.view
        index = view.line_index
        if index.remaining_chars() <= LAY_OUT_AT_ONCE_CHARS:
            index.lay_out_all()
            self._arrive()
        elif self._started is None:
            self._started = (view.cursor, view.border_subtitle)
            self._step()

    def _step(self) -> None:
        if self._started is None:
            return
        view = self.view
        index = view.line_index
        if not index.lay_out_for(SLICE_SECONDS):
            left = index.remaining_chars() / max(len(view.article_text), 1)
            view.border_subtitle = Text(f"going to the end… {1 - left:.0%}", style="italic")
            view.set_timer(PAUSE_SECONDS, self._step)
            return
        cursor, subtitle = self._started
        self._started = None
        view.border_subtitle = subtitle
        if view.cursor == cursor:
            self._arrive()
        else:
            view.sync_size()

    def _arrive(self) -> None:
        view = self.view
        view.sync_size()
        last = len(view.article_layout.paragraphs) - 1
        view.move_cursor(view.passages.first_from(last, -1))
        view.scroll_to_line(max(view.line_index.known_lines - view.size.height, 0))
