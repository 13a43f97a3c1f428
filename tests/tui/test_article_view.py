"""The article view driven through Textual's Pilot, as a keyboard user would."""

from __future__ import annotations

from conftest import SEEDS, read_text
from textual.app import App, ComposeResult

from reader.nlp.sentences import split_sentences
from reader.tui.article_paint import touches
from reader.tui.article_view import ArticleView


class ViewApp(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.moves: list[object] = []

    def compose(self) -> ComposeResult:
        yield ArticleView(self.text)

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.moves.append(message.sentence)


SEED = read_text(SEEDS[0])
SENTENCES = split_sentences(SEED)


def cursor_on_screen(view: ArticleView) -> bool:
    assert view.cursor is not None
    line = view.line_index.line_of_offset(view.cursor.start)
    return view.scroll_offset.y <= line < view.scroll_offset.y + view.size.height


async def test_j_and_k_move_the_cursor_sentence_by_sentence() -> None:
    app = ViewApp(SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        assert view.cursor == SENTENCES[0]
        await pilot.press("j", "j", "down")
        assert view.cursor == SENTENCES[3]
        await pilot.press("k", "up")
        assert view.cursor == SENTENCES[1]
        assert app.moves[-1] == SENTENCES[1]


async def test_paragraph_keys_and_top_and_bottom() -> None:
    app = ViewApp(SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("J")
        assert view.cursor is not None and view.cursor.paragraph > SENTENCES[0].paragraph
        first_of_second = view.cursor
        await pilot.press("j", "K")
        assert view.cursor == first_of_second
        await pilot.press("G")
        assert view.cursor == SENTENCES[-1]
        assert view.scroll_offset.y > 0
        await pilot.press("g")
        assert view.cursor == SENTENCES[0] and view.scroll_offset.y == 0


async def test_cursor_keeps_itself_on_screen_when_moving_down() -> None:
    app = ViewApp(SEED)
    async with app.run_test(size=(100, 20)) as pilot:
        view = app.query_one(ArticleView)
        for _ in range(25):
            await pilot.press("j")
        assert cursor_on_screen(view)


async def test_page_down_scrolls_and_moves_the_cursor_with_it() -> None:
    app = ViewApp(SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("pagedown")
        assert view.scroll_offset.y == view.scrollable_content_region.height
        assert view.cursor is not None and view.cursor.start > SENTENCES[2].start
        await pilot.press("pageup")
        assert view.scroll_offset.y == 0


async def test_click_selects_the_sentence_under_the_mouse() -> None:
    app = ViewApp(SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        # Screen row 5 shows some line; the click must pick that line's sentence.
        line = view.line_index.line(5)
        assert line is not None
        column = line.padding(view.line_index.width) + 3
        region = view.scrollable_content_region
        await pilot.click(ArticleView, offset=(column + region.x - view.region.x, 5))
        assert view.cursor is not None
        offsets = line.offsets_at(column, view.line_index.width)
        assert view.cursor.start <= offsets[0] < view.cursor.end


async def test_resize_rewraps_and_keeps_the_reading_position() -> None:
    app = ViewApp(SEED)
    async with app.run_test(size=(100, 20)) as pilot:
        view = app.query_one(ArticleView)
        for _ in range(15):
            await pilot.press("j")
        cursor = view.cursor
        assert cursor is not None
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert view.line_index.width < 60
        assert cursor_on_screen(view)
        assert view.cursor == cursor


async def test_widening_deep_in_an_article_lays_out_only_around_the_position() -> None:
    # Wider lines are fewer: the old line number lies far past the reading
    # position at the new width, and must not be laid out to (a 150 ms resize).
    app = ViewApp("\n".join([SEED] * 40))
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(ArticleView)
        for _ in range(40):
            view.action_page_down()
        await pilot.pause()
        old_y = view.scroll_offset.y
        cursor = view.cursor
        await pilot.resize_terminal(140, 20)
        await pilot.pause()
        assert view.line_index.width > 100
        assert view.scroll_offset.y < old_y // 2
        assert view.line_index.known_lines < old_y
        assert view.cursor == cursor and cursor_on_screen(view)


async def test_screen_shows_shaped_arabic_right_aligned() -> None:
    app = ViewApp(SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        first = view.render_line(0)
        text = first.text
        assert any("\ufe70" <= c <= "\ufefc" for c in text)  # presentation forms
        assert text.rstrip() == text.rstrip(" ")  # nothing but text at the right edge
        assert text.endswith(view.line_index.line(0).visual)  # type: ignore[union-attr]


async def test_the_next_screenful_is_laid_out_while_the_reader_reads() -> None:
    text = "\n".join([SEED] * 20)
    app = ViewApp(text)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("pagedown")
        await pilot.pause(0.2)  # longer than the view waits before reading ahead
        height, width = view.size.height, view.scrollable_content_region.width
        below = range(view.scroll_offset.y + height, view.scroll_offset.y + 2 * height)
        # Laid out and drawn already: the next page-down only copies strips.
        assert all(view.lines.cached(n, width) is not None for n in below)
        drawn = [view.lines.cached(n, width) for n in below]
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_offset.y == below[0]
        away_from_cursor = [
            y
            for y in range(height)
            if not touches(view.line_index.line(below[y]), view.cursor)  # type: ignore[arg-type]
        ]
        assert len(away_from_cursor) > height // 2
        for y in away_from_cursor:
            assert view.render_line(y) == drawn[y].crop_extend(0, width, view.rich_style)


async def test_reading_ahead_waits_until_the_screen_shown_is_drawn() -> None:
    # After a resize the reader waits for the screen at the new width: laying
    # out the next one first would make them wait longer.
    text = "\n".join([SEED] * 20)
    app = ViewApp(text)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.pause()
        height, width = view.size.height, view.scrollable_content_region.width
        below = range(height, 2 * height)
        view.lines.clear()
        view.lines.screen_drawn = None  # this screen not drawn yet
        view.lines.read_ahead()
        assert all(view.lines.cached(n, width) is None for n in below)
        view.refresh()  # drawn now; reading ahead follows
        await pilot.pause(0.3)
        assert view.lines.screen_drawn == (0, width)
        assert all(view.lines.cached(n, width) is not None for n in below)
