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

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import BindingType
from textual.cache import LRUCache
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
from reader.tui.article_paint import Highlight, Marks, Painted, PassStyles, Span, line_strip

# Seconds after the last scroll before the next screenful is laid out: after
# the screen is drawn, well before a reader presses the next key.
READ_AHEAD_DELAY = 0.05
# G: an article with more than this left to lay out gets there a slice at a time.
LAY_OUT_AT_ONCE_CHARS = 1_000_000
REACH_END_SLICE = 0.03  # seconds of layout between two looks at the keyboard
REACH_END_PAUSE = 0.005


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
        background: $success 45%;
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
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.options = options or LayoutOptions()
        self._strips: LRUCache[tuple[int, int, object], Strip] = LRUCache(2048)
        self.marks = Marks()  # painted passages and highlighted ranges
        self._pending_y: int | None = None
        self.cursor: Sentence | None = None
        # The passage chosen with v/w/b/j/k: source offsets, end exclusive.
        self.selection: tuple[int, int] | None = None
        self._pass_styles: PassStyles | None = None  # while render_lines runs
        self._read_ahead_timer: Timer | None = None
        self._read_ahead_direction = 1
        self._idle_timer: Timer | None = None  # a full collection when reading
        # (scroll y, width) of the last screen drawn down to its last row.
        self._drawn: tuple[int, int] | None = None
        # While G lays out a long article: where the cursor was, and the subtitle.
        self._reaching_end: tuple[Sentence | None, Text | str | None] | None = None
        self.load(text)

    # -- content ----------------------------------------------------------

    def load(self, text: str) -> None:
        """Show another article, from its top."""
        self._reaching_end = None
        self.article_text = text
        self.article_layout = ArticleLayout(text, self.options)
        self.passages = Passages(self.article_layout)
        self._index: LineIndex | None = None
        self._strips.clear()
        self.set_highlight(None)
        self.selection = None
        self.marks.paint([])
        self.cursor = self._first_sentence_from(0)
        if self.size.width:  # before the first layout there is no width to wrap at
            self._scroll_y(0)
            self._sync_size()
            self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

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
        self._strips.clear()
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

    def _scroll_y(self, y: int) -> None:
        self._pending_y = None
        self.scroll_to(y=y, animate=False, immediate=True)

    def _sync_size(self) -> None:
        index = self.line_index  # first: see render_line
        y = self.scroll_offset.y if self._pending_y is None else self._pending_y
        index.ensure_lines(y + self.size.height + 1)
        self.virtual_size = Size(index.width, index.estimated_total())

    def set_highlight(self, highlight: Highlight | None) -> None:
        """Highlight these ranges (an entity's mentions, search hits) from now on."""
        self.marks.highlight(highlight)
        self._strips.clear()
        self.refresh()

    @property
    def mentions(self) -> Highlight | None:
        """What is highlighted: an entity's mentions, or search hits."""
        return self.marks.highlighted

    def set_painted(self, passages: list[Painted]) -> None:
        """Paint these passages (tagged annotations) from now on."""
        self.marks.paint(passages)
        self._strips.clear()
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
        self._pass_styles = self._styles()
        try:
            return super().render_lines(crop)
        finally:
            self._pass_styles = None

    def _styles(self) -> PassStyles:
        base = self.rich_style
        highlight = self.mentions
        return PassStyles(
            base,
            base + self.get_component_rich_style("article-view--cursor"),
            base + self.get_component_rich_style("article-view--selection"),
            base + self.get_component_rich_style(highlight.component) if highlight else base,
        )

    def render_line(self, y: int) -> Strip:
        styles = self._pass_styles or self._styles()
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
            self._drawn = (scroll_y, width)
        if line is None:
            return Strip.blank(width, styles.base)
        cursor = self.cursor if self._touches(line, self.cursor) else None
        selection = self.selection
        if selection is not None and not (selection[0] < line.end and line.start < selection[1]):
            selection = None
        key = (number, width, (cursor, selection))
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_visual_line(line, width, cursor, selection, styles)
            self._strips[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, styles.base)

    @staticmethod
    def _touches(line: VisualLine, sentence: Sentence | None) -> bool:
        return sentence is not None and sentence.start < line.end and line.start < sentence.end

    def _render_visual_line(
        self,
        line: VisualLine,
        width: int,
        cursor: Sentence | None,
        selection: tuple[int, int] | None,
        styles: PassStyles,
    ) -> Strip:
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

    def move_cursor(self, sentence: Sentence | None, *, scroll: bool = True) -> None:
        if sentence is None or sentence == self.cursor:
            return
        self.cursor = sentence
        self.refresh()
        if scroll:
            self._scroll_to_cursor()
        self.post_message(self.CursorMoved(self, sentence))

    def _scroll_to_cursor(self) -> None:
        if self.cursor is None:
            return
        index = self.line_index
        top = index.line_of_offset(self.cursor.start)
        bottom = index.line_of_offset(max(self.cursor.end - 1, self.cursor.start))
        height = self.scrollable_content_region.height
        y = self.scroll_offset.y
        if top < y:
            y = top
        elif bottom >= y + height:
            y = min(top, bottom - height + 1)
        self._sync_size()
        self.virtual_size = Size(index.width, max(index.estimated_total(), y + height))
        self._scroll_y(y)

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
        self._scroll_y(0)

    def action_bottom(self) -> None:
        index = self.line_index
        if index.remaining_chars() <= LAY_OUT_AT_ONCE_CHARS:
            index.lay_out_all()
            self._go_to_end()
            return
        # A long article is laid out to its end a slice at a time between
        # keys (a 50 MB line takes half a minute): progress in the border,
        # then the jump, unless the reader has moved elsewhere meanwhile.
        if self._reaching_end is None:
            self._reaching_end = (self.cursor, self.border_subtitle)
            self._reach_end()

    def _reach_end(self) -> None:
        if self._reaching_end is None:
            return
        index = self.line_index
        if not index.lay_out_for(REACH_END_SLICE):
            left = index.remaining_chars() / max(len(self.article_text), 1)
            self.border_subtitle = Text(f"going to the end… {1 - left:.0%}", style="italic")
            self.set_timer(REACH_END_PAUSE, self._reach_end)
            return
        cursor, subtitle = self._reaching_end
        self._reaching_end = None
        self.border_subtitle = subtitle
        if self.cursor == cursor:
            self._go_to_end()
        else:
            self._sync_size()

    def _go_to_end(self) -> None:
        index = self.line_index
        self._sync_size()
        last = len(self.article_layout.paragraphs) - 1
        self.move_cursor(self._first_sentence_from(last, step=-1))
        self._scroll_y(max(index.known_lines - self.size.height, 0))

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height, 1)
        y = max(self.scroll_offset.y + direction * height, 0)
        self.line_index.ensure_lines(y + 2 * height)
        self._sync_size()
        self._scroll_y(y)
        line = self.line_index.line(min(y, max(self.line_index.known_lines - 1, 0)))
        if line is not None:
            target = self.sentence_at(line.start) or self._first_sentence_from(line.paragraph)
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
        self._sync_size()

    # -- reading ahead ----------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # Readers page on: once the screen is drawn and the app is idle, lay
        # out the next screenful in the direction of travel, so that the next
        # page-down draws from the cache.
        self._read_ahead_direction = 1 if new_value >= old_value else -1
        if self._read_ahead_timer is not None:
            self._read_ahead_timer.stop()
        self._read_ahead_timer = self.set_timer(READ_AHEAD_DELAY, self._read_ahead)
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self._idle_timer = self.set_timer(
            collector.IDLE_COLLECTION_DELAY, collector.collect_while_idle
        )

    def _read_ahead(self, retries: int = 20) -> None:
        self._read_ahead_timer = None
        if not self.is_mounted:
            return
        height = max(self.scrollable_content_region.height, 1)
        y = self.scroll_offset.y
        width = self.scrollable_content_region.width
        if self._drawn != (y, width) and retries:
            # The screen the reader is waiting for (after a resize, say) is
            # not drawn yet: laying out the next one now would delay it.
            self._read_ahead_timer = self.set_timer(
                READ_AHEAD_DELAY, lambda: self._read_ahead(retries - 1)
            )
            return
        first = y + height if self._read_ahead_direction > 0 else max(y - height, 0)
        index = self.line_index
        styles = self._styles()
        for number in range(first, first + height):
            line = index.line(number)  # lays the paragraph out, cached
            if line is None:
                break
            # Drawn as render_line will ask for it unless the cursor is on it.
            key = (number, width, (None, None))
            if self.selection is None and self._strips.get(key) is None:
                self._strips[key] = self._render_visual_line(line, width, None, None, styles)
        # Idle, the next screen ready: a good moment to take what exists out
        # of the collector's way (see reader.tui.collector).
        collector.settle()
