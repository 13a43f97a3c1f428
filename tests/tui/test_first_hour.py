"""A new user's first hour (issue 24), through Pilot: keys that tell the
truth, panels that follow the terminal, a reader that remembers."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from reader.config import Config, Tag, load_config
from reader.layout import one_line
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.bookmarks import BookmarkScreen
from reader.tui.help import HelpScreen
from reader.tui.keys import keymap_problems
from reader.tui.panels import LibraryPanel, NotesPanel

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ARABIC_TAGS = (Tag("ادعاء", "#e5c07b"), Tag("دليل", "#98c379"))


def screen_text(app: ReaderApp) -> str:
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


@pytest.fixture
def library(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "library"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
    return sorted(folder.glob("*.txt"))


def messages_of(app: ReaderApp) -> list[str]:
    """Every message the app shows from now on (its own notify, spied on)."""
    said: list[str] = []
    notify = app.notify

    def spy(message: str, **kwargs: object) -> None:
        said.append(message)
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = spy  # type: ignore[method-assign]
    return said


# -- keys, help and config -----------------------------------------------------------


async def test_help_shows_the_keys_in_force_as_people_write_them() -> None:
    config = Config(tags=ARABIC_TAGS, keymap={"article.next_sentence": "l,down"})
    app = ReaderApp(SEEDS[:1], config=config)
    async with app.run_test(size=(100, 90)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "l, down" in shown and "j, down" not in shown  # the keymap's keys
        for written_out in ("question_mark", "right_square_bracket", "slash", "apostrophe"):
            assert written_out not in shown
        for key in ("ctrl+l", "ctrl+t", "Tab", "PgDn", "Esc"):
            assert key in shown
        # A tag's Arabic name is shaped, as the article is.
        assert one_line("ادعاء") in shown and "ادعاء" not in shown
        # The ids a keymap uses are there whole at 100 columns.
        assert "article.next_sentence" in shown and "reading.go_to_bookmark" in shown


async def test_b_and_the_library_no_longer_share_a_key() -> None:
    app = ReaderApp(SEEDS)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        hidden = app.screen.has_class("-hide-library")
        await pilot.press("b")
        assert app.screen.has_class("-hide-library") == hidden
        await pilot.press("L")
        assert app.screen.has_class("-hide-library") != hidden


def test_keymap_mistakes_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[keymap]\n"
        '"article.next_sentense" = "j"\n'  # a misspelt id
        '"article.next_sentence" = "q,down"\n',  # q is quit
        encoding="utf-8",
    )
    problems = keymap_problems(load_config(path))
    assert len(problems) == 2
    unknown, clash = problems
    assert f"{path} line 2" in unknown and "did you mean article.next_sentence" in unknown
    assert f"{path} line 3" in clash and "'Quit' (app.quit)" in clash


def test_a_clash_says_which_binding_acts_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"app.quit" = "j"\n', encoding="utf-8")
    (clash,) = keymap_problems(load_config(path))
    assert "j for app.quit" in clash and "while reading, j does 'Next sentence'" in clash


def test_a_keymap_that_rebinds_nothing_twice_is_quiet(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"article.next_sentence" = "l,down"\n', encoding="utf-8")
    assert keymap_problems(load_config(path)) == []


async def test_the_app_says_what_is_wrong_with_the_keymap(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"app.qiut" = "ctrl+x"\n', encoding="utf-8")
    app = ReaderApp(SEEDS[:1], config=load_config(path))
    said = messages_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert any(f"{path} line 2" in message and "app.quit" in message for message in said)


async def test_the_footer_fits_100_columns_and_shows_the_tag_keys() -> None:
    app = ReaderApp(SEEDS[:1], config=Config(keymap={"article.next_sentence": "l,down"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = screen_text(app)
        for shown in ("1–9", "tag", "sentence", "Search", "Help", "Quit", "palette"):
            assert shown in footer
        # The two sentence keys sit together although the keymap re-added one.
        shown_actions = [b.action for _, b, _, _ in app.screen.active_bindings.values() if b.show]
        first = [a for i, a in enumerate(shown_actions) if a not in shown_actions[:i]]
        at = first.index("next_sentence")
        assert "previous_sentence" in (first[at - 1], first[at + 1])


# -- the layout follows the terminal -------------------------------------------------------


async def test_panels_fold_for_the_size_the_terminal_has_now() -> None:
    app = ReaderApp(SEEDS)
    async with app.run_test(size=(220, 60)) as pilot:
        await pilot.pause()
        assert not app.screen.has_class("-hide-library")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.has_class("-hide-library")
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert not app.screen.has_class("-hide-library")
        await pilot.press("L")  # the reader's own choice wins over the width
        await pilot.resize_terminal(220, 60)
        await pilot.pause()
        assert app.screen.has_class("-hide-library")


async def test_lines_keep_to_the_measure_centred_and_clicks_stay_exact() -> None:
    app = ReaderApp(SEEDS[:1], config=Config(measure=80))
    async with app.run_test(size=(220, 60)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        assert view.wrap_width <= 80
        padding = view.styles.padding
        assert padding.left > 10 and abs(padding.left - padding.right) <= 1
        # The first line is right-to-left, right-aligned: its rightmost cell
        # is the article's first letter, wherever the margins put it.
        region = view.scrollable_content_region
        x = region.right - 1 - view.region.x
        y = region.y - view.region.y
        assert 0 in view.offsets_at(x, y)
        assert view.offsets_at(0, y) == ()  # the margin holds no text


# -- a reader that remembers ---------------------------------------------------------------


async def test_the_reading_place_is_kept_per_article_and_across_runs(library: list[Path]) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "pagedown", "pagedown")
        await pilot.pause()
        view = app.query_one(ArticleView)
        place = view.reading_offset
        assert place > 0 and app.current == 1
        await pilot.press("left_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.current == 1 and view.reading_offset == place
        await pilot.press("q")
    again = ReaderApp(library)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert again.current == 1  # the article last read, not the first
        assert again.query_one(ArticleView).reading_offset == place


async def test_bookmarks_are_set_with_m_and_gone_to_with_apostrophe(library: list[Path]) -> None:
    app = ReaderApp(library)
    said = messages_of(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        await pilot.press("pagedown", "j")
        marked = view.reading_offset
        await pilot.press("m")
        assert isinstance(app.screen, BookmarkScreen)
        await pilot.press("c")
        assert any("Bookmark c set" in message for message in said)
        await pilot.press("g")
        assert view.reading_offset < marked
        await pilot.press("apostrophe")
        assert isinstance(app.screen, BookmarkScreen)
        await pilot.pause()
        assert "c" in screen_text(app)  # the bookmarks are listed
        await pilot.press("c")
        await pilot.pause()
        assert view.reading_offset == marked
        await pilot.press("apostrophe", "z")  # no such bookmark: said, nothing moves
        assert any("No bookmark z" in message for message in said)
        assert view.reading_offset == marked


async def test_page_down_puts_the_cursor_on_a_sentence_that_begins_on_screen() -> None:
    app = ReaderApp(SEEDS[:1])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        for _ in range(4):
            await pilot.press("pagedown")
            top = view.line_index.line(view.scroll_offset.y)
            assert view.cursor is not None and top is not None
            began_above = view.cursor.start < top.start
            # Only a sentence longer than the screen may begin above it.
            assert (
                not began_above
                or view.passages.after(view.cursor) is None
                or (
                    view.line_index.line_of_offset(view.passages.after(view.cursor).start)
                    >= view.scroll_offset.y + view.scrollable_content_region.height
                )
            )


async def test_enter_on_a_note_shows_its_passage_with_context_above(library: list[Path]) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        for _ in range(30):
            await pilot.press("j")
        await pilot.press("1")  # tagged, far down
        tagged_line = view.line_index.line_of_offset(view.reading_offset)
        await pilot.press("g")
        notes = app.query_one(NotesPanel)
        notes.focus()
        notes.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert view.line_index.line_of_offset(view.reading_offset) == tagged_line
        assert 0 < tagged_line - view.scroll_offset.y <= 4  # lines of context above


async def test_the_library_counts_passages_and_notes_apart(library: list[Path]) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("1", "j", "2")
        await pilot.pause()
        row = app.query_one(LibraryPanel).row_text(0)
        detail = row.splitlines()[1]
        assert detail.startswith("15.") and " · 2 passages · " in detail  # no note written
        assert "note" not in detail and detail.endswith(library[0].name)  # the file's name too


async def test_keys_typed_after_quit_open_nothing() -> None:
    app = ReaderApp(SEEDS[:2])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("q", "o", "e", "slash", "question_mark")
        await pilot.pause()
    assert app.return_code == 0


# -- focus, themes, tags ---------------------------------------------------------------


async def test_tab_shows_where_the_keys_go_and_escape_comes_back(library: list[Path]) -> None:
    from reader.tui.panels import EntitiesPanel

    app = ReaderApp(library)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        entities = app.query_one(EntitiesPanel)
        while app.finding.pending:
            await pilot.pause(0.05)
        app.fill_panels()
        await pilot.pause()
        assert view.has_focus
        while not entities.has_focus:
            await pilot.press("tab")
        assert entities.highlighted is not None  # a row to act on at once
        assert entities.styles.border_top[0] == "heavy"  # visible, not only a colour
        assert view.styles.border_top[0] != "heavy"
        first = entities.highlighted
        await pilot.press("j")
        assert entities.highlighted is not None and entities.highlighted > first
        await pilot.press("k")
        assert entities.highlighted == first
        await pilot.press("escape")
        assert view.has_focus


async def test_a_light_theme_repaints_the_article_and_its_tags(library: list[Path]) -> None:
    app = ReaderApp(library[:1])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        await pilot.press("1", "J")  # a tagged sentence, the cursor elsewhere

        def backgrounds() -> set[str]:
            return {
                segment.style.bgcolor.name
                for segment in view.render_line(0)
                if segment.style and segment.style.bgcolor
            }

        dark = backgrounds()
        dark_surface = view.background_colour.hex.lower()
        app.theme = "textual-light"
        await pilot.pause()
        light = backgrounds()
        # The lines drawn before are drawn again on the new surface.
        assert dark_surface in dark and view.background_colour.hex.lower() in light
        assert dark_surface not in light
        assert view.background_colour.brightness > 0.8


def test_nine_default_tags_paint_nine_colours_in_256_colours_on_dark_and_light() -> None:
    from rich.color import ColorSystem
    from textual.color import Color

    from reader.tui.screen_layout import tag_background

    tags = Config().tags
    for background in (Color(30, 30, 30), Color(250, 250, 250)):
        numbers = {
            tag_background(tag.colour, n, background, "256")
            .bgcolor.downgrade(  # type: ignore[union-attr]
                ColorSystem.EIGHT_BIT
            )
            .number
            for n, tag in enumerate(tags)
        }
        assert len(numbers) == len(tags)


def test_tag_colours_lean_to_the_themes_surface() -> None:
    from textual.color import Color

    from reader.tui.screen_layout import tag_background

    on_dark = tag_background("#e5c07b", 0, Color(30, 30, 30), "truecolor")
    on_light = tag_background("#e5c07b", 0, Color(250, 250, 250), "truecolor")
    assert on_dark.bgcolor != on_light.bgcolor
    assert on_dark.color == on_light.color  # dark text on both: readable


def test_a_passage_with_several_tags_shows_each_colour() -> None:
    from reader.annotations.model import Annotation
    from reader.tui.screen_layout import painted_passages

    text = "one two three four five"
    tags = Config().tags
    passage = Annotation.new(text, 0, len(text), tags=("claim", "quote"))
    painted = painted_passages([passage], tags, text)
    assert {p.style for p in painted} == {
        painted_passages([Annotation.new(text, 0, 3, tags=(t,))], tags, text)[0].style
        for t in ("claim", "quote")
    }
    assert painted[0].start == 0 and painted[-1].end == len(text)  # one band, end to end


async def test_an_entity_the_model_is_unsure_of_is_shown_as_a_guess() -> None:
    from reader.nlp.entities import Entity, Mention
    from reader.tui.panels import EntitiesPanel

    sure = Mention(0, 5, "الصين", "PLACE", "الصين", 1.0)
    unsure = Mention(10, 14, "بروز", "PERSON", "بروز", 0.4)
    app = ReaderApp(SEEDS[:1])
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        panel = app.query_one(EntitiesPanel)
        panel.show(
            [Entity("PERSON", "بروز", (unsure,)), Entity("PLACE", "الصين", (sure,))],
            30,
            app.options,
        )
        rows = [str(panel.get_option_at_index(n).prompt) for n in range(panel.option_count)]
        assert any(row.endswith("×1 ?") for row in rows)  # the guess, marked
        assert sum(row.endswith("?") for row in rows) == 1
