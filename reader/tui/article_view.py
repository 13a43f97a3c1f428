"""The article, shaped and in visual order, with a sentence cursor.

A ``ScrollView`` on Textual's Line API: ``render_line`` asks the layout
engine's :class:`~reader.layout.viewport.LineIndex` for one visual line and
turns its clusters into a ``Strip`` (cached), so only what is on screen is
ever laid out. Article text goes into ``Segment``s as plain text: it is never
parsed as markup, and the layout engine has already made it terminal-safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from reader.layout import ArticleLayout, LayoutOptions, VisualLine
from reader.layout.viewport import LineIndex
from reader.nlp.sentences import Sentence
from reader.passages import Passages
from reader.tui import collector
from reader.tui.article_keys import ARTICLE_BINDINGS
from reader.tui.article_paint import (
    Highlight,
    Marks,
    Painted,
    PassStyles,
    Span,
    line_strip,
    touches,
)
from reader.tui.drawn_lines import DrawnLines
from reader.tui.reach_end import EndReach


class ArticleView(ScrollView, can_focus=True):
    """Reads one article: scrolls, re-wraps on resize, moves a sentence cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--cursor",
        "article-view--mention",
        "article-view--selection",
        "article-view--search",
    }
    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        padding: 0 1;
        /* Always reserve the scroll bar, so the wrap width does not change
           when an article turns out longer than the screen. */
        overflow-y: scroll;
    }
    ArticleView > .article-view--cursor {
        background: $accent 35%;
    }
    ArticleView > .article-view--mention {
        background: $warning 40%;
        text-style: bold;
    }
    ArticleView > .article-view--search {
        background: $warning 60%;
        text-style: bold;
    }
    ArticleView > .article-view--selection {
        background: $secondary 60%;
        text-style: underline;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = ARTICLE_BINDINGS

    class CursorMoved(Message):
        """The sentence under the cursor changed."""

        def __init__(self, view: ArticleView, sentence: Sentence | None) -> None:
            super().__init__()
            self.view = view
            self.sentence = sentence

        @property
        def control(self) -> ArticleView:
            return self.view

    def __init__(
        self,
        text: str = "",
        options: LayoutOptions | None = None,
        *,
        measure: int = 0,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.options = options or LayoutOptions()
        # The longest line in cells (0: as wide as the view): a wider view
        # centres the text with margins, as a page would.
        self.measure = measure
        self.lines = DrawnLines(self)
        self.marks = Marks()  # painted passages and highlighted ranges
        self._pending_y: int | None = None
        self.cursor: Sentence | None = None
        # The passage chosen with v/w/b/j/k: source offsets, end exclusive.
        self.selection: tuple[int, int] | None = None
        self._pass_styles: PassStyles | None = None  # while render_lines runs
        self._idle_timer: Timer | None = None  # a full collection when reading
        self.end_reach = EndReach(self)  # G
        self.load(text)

    # -- content ----------------------------------------------------------

    def load(self, text: str, direction: str = "") -> None:
        """Show another article, from its top; `direction` is what the article
        declares of itself (a page's dir="rtl"), taken where the reader's
        own choice is "auto"."""
        self.end_reach.cancel()
        self.article_layout = ArticleLayout(text, self.options.declared(direction))
        self.passages = Passages(self.article_layout)
        self._index: LineIndex | None = None
        self.lines.clear()
        self.set_highlight(None)
        self.selection = None
        self.marks.paint([])
        self.cursor = self._first_sentence_from(0)
        if self.size.width:  # before the first layout there is no width to wrap at
            self.scroll_to_line(0)
            self.sync_size()
            self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

    @property
    def background_colour(self) -> Color:
        """The colour the text is drawn on (the theme's)."""
        return self.background_colors[1]

    def theme_changed(self) -> None:
        """Lines drawn in the old theme's colours are drawn again."""
        self.lines.clear()
        self.refresh()

    @property
    def article_text(self) -> str:
        return self.article_layout.text

    @property
    def wrap_width(self) -> int:
        return max(self.scrollable_content_region.width, 2)

    @property
    def line_index(self) -> LineIndex:
        """The numbered lines at the current width; re-wraps when the width changed."""
        width = self.wrap_width
        if self._index is None:
            self._index = LineIndex(self.article_layout, width)
        elif self._index.width != width:
            self._rewrap(self._index, width)
        assert self._index is not None
        return self._index

    def _rewrap(self, old: LineIndex, width: int) -> None:
        """Lay out at a new width, keeping the reading position: the cursor if it
        was on screen, else the first line shown."""
        if not old.known_lines:  # nothing was shown yet: no position to keep
            self._index = LineIndex(self.article_layout, width)
            return
        y = self.scroll_offset.y
        height = self.size.height
        top = old.line(y)
        anchor = top.start if top is not None else 0
        if self.cursor is not None and y <= old.line_of_offset(self.cursor.start) < y + height:
            anchor = self.cursor.start
        self.lines.clear()
        self._index = new = LineIndex(self.article_layout, width)
        new_y = new.line_of_offset(anchor)
        new.ensure_lines(new_y + height)
        self.virtual_size = Size(width, max(new.estimated_total(), new_y + height))
        # The new virtual size takes effect on refresh; scroll after it, unless
        # the user has scrolled elsewhere by then.
        self._pending_y = new_y
        self.call_after_refresh(self._apply_pending_scroll)

    def _apply_pending_scroll(self) -> None:
        if self._pending_y is not None:
            self.scroll_to(y=self._pending_y, animate=False, immediate=True)
            self._pending_y = None

    def scroll_to_line(self, y: int) -> None:
        self._pending_y = None
        self.scroll_to(y=y, animate=False, immediate=True)

    def sync_size(self) -> None:
        index = self.line_index  # first: see render_line
        y = self.scroll_offset.y if self._pending_y is None else self._pending_y
        index.ensure_lines(y + self.size.height + 1)
        self.virtual_size = Size(index.width, index.estimated_total())

    def set_highlight(self, highlight: Highlight | None) -> None:
        """Highlight these ranges (an entity's mentions, search hits) from now on."""
        self.marks.highlight(highlight)
        self.lines.clear()
        self.refresh()

    @property
    def mentions(self) -> Highlight | None:
        """What is highlighted: an entity's mentions, or search hits."""
        return self.marks.highlighted

    def set_painted(self, passages: list[Painted]) -> None:
        """Paint these passages (tagged annotations) from now on."""
        self.marks.paint(passages)
        self.lines.clear()
        self.refresh()

    @property
    def passage(self) -> tuple[int, int] | None:
        """What tags and notes apply to: the selection, else the sentence under the cursor."""
        if self.selection is not None:
            return self.selection
        if self.cursor is not None:
            return (self.cursor.start, self.cursor.end)
        return None

    # -- rendering --------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style walks every ancestor's CSS: found once for the
        # screenful of lines Textual asks for here, not once per line.
        self._pass_styles = self.line_styles()
        try:
            return super().render_lines(crop)
        finally:
            self._pass_styles = None

    def line_styles(self) -> PassStyles:
        base = self.rich_style
        highlight = self.mentions
        return PassStyles(
            base,
            base + self.get_component_rich_style("article-view--cursor"),
            base + self.get_component_rich_style("article-view--selection"),
            base + self.get_component_rich_style(highlight.component) if highlight else base,
        )

    def render_line(self, y: int) -> Strip:
        styles = self._pass_styles or self.line_styles()
        # First: a new width re-wraps, and moves the reading position.
        index = self.line_index
        scroll_x, scroll_y = self.scroll_offset
        if self._pending_y is not None:
            # Re-wrapped, and the scroll to the same place at the new width
            # waits for the refresh: draw that place now. The old line number
            # is elsewhere in the article at the new width (laying out as far
            # as it cost a widening resize 150 ms).
            scroll_y = self._pending_y
        number = scroll_y + y
        width = self.scrollable_content_region.width
        line = index.line(number)
        if y == self.size.height - 1:
            self.lines.screen_drawn = (scroll_y, width)
        if line is None:
            return Strip.blank(width, styles.base)
        cursor = self.cursor if touches(line, self.cursor) else None
        selection = self.selection
        if selection is not None and not (selection[0] < line.end and line.start < selection[1]):
            selection = None
        strip = self.lines.strip(
            number,
            width,
            (cursor, selection),
            lambda: self.draw_line(line, width, styles, cursor, selection),
        )
        return strip.crop_extend(scroll_x, scroll_x + width, styles.base)

    def draw_line(
        self,
        line: VisualLine,
        width: int,
        styles: PassStyles,
        cursor: Sentence | None = None,
        selection: tuple[int, int] | None = None,
    ) -> Strip:
        """One visual line as a strip, with its marks, cursor and selection."""
        return line_strip(
            line,
            width,
            cursor,
            selection,
            styles,
            self.marks.painted_on(line.start, line.end),
            self.marks.highlighted_on(line.start, line.end),
        )

    # -- sentences and the cursor -------------------------------------------

    def sentences_of(self, paragraph: int) -> list[Sentence]:
        return self.passages.of(paragraph)

    def sentence_at(self, offset: int) -> Sentence | None:
        return self.passages.at(offset)

    def _first_sentence_from(self, paragraph: int, step: int = 1) -> Sentence | None:
        return self.passages.first_from(paragraph, step)

    def move_cursor(
        self, sentence: Sentence | None, *, scroll: bool = True, context: bool = False
    ) -> None:
        """Put the cursor on `sentence`; `scroll` brings it on screen, and
        `context` (a jump from elsewhere: a note, a bookmark, a position
        remembered) with a few lines of what comes before it above."""
        if sentence is None:
            return
        moved = sentence != self.cursor
        self.cursor = sentence
        self.refresh()
        if scroll or context:
            self._scroll_to_cursor(context)
        if moved:
            self.post_message(self.CursorMoved(self, sentence))

    def go_to_offset(self, offset: int) -> None:
        """The cursor on the sentence at a source offset, shown in context."""
        text = self.article_text
        if not text:
            return
        offset = min(max(offset, 0), len(text) - 1)
        sentence = self.sentence_at(offset)
        if sentence is None:
            sentence = self._first_sentence_from(self.article_layout.paragraph_at(offset).index)
        self.move_cursor(sentence, context=True)

    @property
    def reading_offset(self) -> int:
        """Where the reader is: the cursor's sentence, else the top line."""
        if self.cursor is not None:
            return self.cursor.start
        line = self.line_index.line(self.scroll_offset.y)
        return line.start if line is not None else 0

    def _scroll_to_cursor(self, context: bool = False) -> None:
        if self.cursor is None:
            return
        index = self.line_index
        top = index.line_of_offset(self.cursor.start)
        bottom = index.line_of_offset(max(self.cursor.end - 1, self.cursor.start))
        height = self.scrollable_content_region.height
        y = self.scroll_offset.y
        if context:
            # A quarter of the screen (at most 4 lines) of what leads up to it.
            y = max(top - min(4, height // 4), 0)
        elif top < y:
            y = top
        elif bottom >= y + height:
            y = min(top, bottom - height + 1)
        self.sync_size()
        self.virtual_size = Size(index.width, max(index.estimated_total(), y + height))
        self.scroll_to_line(y)

    # -- the selection -------------------------------------------------------

    def _select(self, span: tuple[int, int] | None) -> None:
        if span is None:
            return
        self.selection = span
        self.refresh()
        sentence = self.sentence_at(max(span[1] - 1, span[0]))
        if sentence is not None and sentence != self.cursor:
            self.move_cursor(sentence)

    def action_start_selection(self) -> None:
        if self.cursor is not None:
            self._select(self.passages.first_word(self.cursor))

    def action_extend_word(self) -> None:
        if self.selection is None:
            self.action_start_selection()
        else:
            self._select(self.passages.word_more(self.selection))

    def action_shrink_word(self) -> None:
        if self.selection is None:
            raise SkipAction()  # b without a selection is the app's (library)
        self._select(self.passages.word_less(self.selection))

    def action_drop_first_word(self) -> None:
        """Move the selection's start to its next word: a name in mid-sentence
        is selected with v, w to its end, then W up to its start."""
        if self.selection is not None:
            self._select(self.passages.start_later(self.selection))

    def action_add_word_before(self) -> None:
        if self.selection is not None:
            self._select(self.passages.start_earlier(self.selection))

    def action_cancel_selection(self) -> None:
        if self.selection is None:
            raise SkipAction()
        self.selection = None
        self.refresh()

    # -- moving ----------------------------------------------------------------

    def jump(self, spans: Sequence[Span], step: int) -> None:
        """Move the cursor to the sentence of the next span after it (step 1) or
        the last one before it (-1), wrapping round; the first without a cursor.
        `spans` are in document order and not empty."""
        cursor = self.cursor
        if cursor is None:
            target = spans[0]
        elif step > 0:
            target = next((s for s in spans if s.start >= cursor.end), spans[0])
        else:
            target = next((s for s in reversed(spans) if s.end <= cursor.start), spans[-1])
        self.move_cursor(self.sentence_at(target.start))

    def action_next_sentence(self) -> None:
        if self.selection is not None:
            self._select(self.passages.sentence_more(self.selection))
        elif self.cursor is not None:
            self.move_cursor(self.passages.after(self.cursor))

    def action_previous_sentence(self) -> None:
        if self.selection is not None:
            self._select(self.passages.sentence_less(self.selection))
        elif self.cursor is not None:
            self.move_cursor(self.passages.before(self.cursor))

    def action_next_paragraph(self) -> None:
        if self.cursor is not None:
            self.move_cursor(self._first_sentence_from(self.cursor.paragraph + 1))

    def action_previous_paragraph(self) -> None:
        if self.cursor is not None:
            self.move_cursor(self.passages.paragraph_start(self.cursor))

    def action_top(self) -> None:
        self.move_cursor(self._first_sentence_from(0))
        self.scroll_to_line(0)

    def action_bottom(self) -> None:
        self.end_reach.start()

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height, 1)
        y = max(self.scroll_offset.y + direction * height, 0)
        self.line_index.ensure_lines(y + 2 * height)
        self.sync_size()
        self.scroll_to_line(y)
        line = self.line_index.line(min(y, max(self.line_index.known_lines - 1, 0)))
        if line is not None:
            target = self.sentence_at(line.start) or self._first_sentence_from(line.paragraph)
            if target is not None and target.start < line.start:
                # It began above the screen: the cursor goes to the first
                # sentence that begins on it, if one does.
                following = self.passages.after(target)
                bottom = self.line_index.line(y + height - 1)
                if following is not None and bottom is not None and following.start <= bottom.end:
                    target = following
            self.move_cursor(target, scroll=False)

    # -- events ----------------------------------------------------------------

    def offsets_at(self, x: int, y: int) -> tuple[int, ...]:
        """Source offsets shown at a point of this widget (content coordinates)."""
        region = self.scrollable_content_region
        line = self.line_index.line(self.scroll_offset.y + y - (region.y - self.region.y))
        if line is None:
            return ()
        column = self.scroll_offset.x + x - (region.x - self.region.x)
        return line.offsets_at(column, self.line_index.width)

    def on_click(self, event: events.Click) -> None:
        offsets = self.offsets_at(event.x, event.y)
        if offsets:
            self.selection = None
            self.move_cursor(self.sentence_at(offsets[0]), scroll=False)

    def on_resize(self, event: events.Resize) -> None:
        if self._fit_measure():
            return  # the new margins resize the content again
        self.sync_size()

    def _fit_measure(self) -> bool:
        """Margins that keep lines to the measure, centred; whether they
        changed. Offsets stay exact: clicks and the wrap width are the content
        region's, which is inside the margins."""
        padding = self.styles.padding
        available = self.scrollable_content_region.width + padding.left + padding.right
        side = max((available - self.measure) // 2, 1) if self.measure else 1
        if (padding.left, padding.right) == (side, side):
            return False
        self.styles.padding = (0, side)
        return True

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # Readers page on: once the screen is drawn and the app is idle, the
        # next screenful is laid out, so that the next page-down draws from
        # the cache.
        self.lines.scrolled(old_value, new_value)
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self._idle_timer = self.set_timer(
            collector.IDLE_COLLECTION_DELAY, collector.collect_while_idle
        )
