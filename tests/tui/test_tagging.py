"""Tagging passages and writing notes in the TUI, driven through Pilot."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, read_text

from reader.annotations.sidecar import sidecar_path
from reader.config import Config, ConfigError, Tag, load_config
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.note_editor import CARET_BAR, NoteEditor, NoteEditorScreen
from reader.tui.panels import NotesPanel


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return Path(shutil.copy(SEEDS[1], tmp_path / SEEDS[1].name))


def words(text: str) -> list[str]:
    return [w for w in text.split() if any(c.isalnum() for c in w)]


def saved(article: Path) -> list[dict[str, object]]:
    document = json.loads(sidecar_path(article).read_text("utf-8"))
    annotations: list[dict[str, object]] = document["annotations"]
    return annotations


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        await pilot.press("space" if char == " " else char)


async def test_number_keys_toggle_tags_on_the_sentence_and_save(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("j", "j")
        third = view.cursor
        assert third is not None
        await pilot.press("1")
        await pilot.pause(1.2)  # saved within a second
        (only,) = saved(article)
        assert (only["start"], only["end"], only["tags"]) == (third.start, third.end, ["claim"])
        assert only["quote"] == read_text(article)[third.start : third.end]
        await pilot.press("4")
        assert app.store is not None
        assert app.store.state.annotations[0].tags == ("claim", "statistic")
        await pilot.press("1", "4")  # toggled off both: nothing left to keep
        assert app.store.state.annotations == ()
        await pilot.press("u")
        assert app.store.state.annotations[0].tags == ("statistic",)
        await pilot.press("ctrl+r")
        assert app.store.state.annotations == ()
        await pilot.press("q")
    assert saved(article) == []


async def test_selection_grows_and_shrinks_by_word_and_sentence(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        view = app.query_one(ArticleView)
        text = view.article_text
        cursor = view.cursor
        assert cursor is not None
        await pilot.press("v")
        assert view.selection is not None
        first_word = text[view.selection[0] : view.selection[1]]
        assert first_word and " " not in first_word
        await pilot.press("w", "w")
        three = text[view.selection[0] : view.selection[1]]
        assert len(words(three)) == 3 and three.startswith(first_word)
        await pilot.press("b")
        assert len(words(text[view.selection[0] : view.selection[1]])) == 2
        await pilot.press("j")
        assert view.selection[1] == cursor.end  # to the end of this sentence
        await pilot.press("j")
        assert view.selection[1] > cursor.end  # and the next one
        await pilot.press("k")
        assert view.selection[1] <= cursor.end
        await pilot.press("2", "3")
        assert app.store is not None
        (tagged,) = app.store.state.annotations
        assert (tagged.start, tagged.end) == view.selection
        assert tagged.tags == ("evidence", "quote")
        await pilot.press("escape")
        assert view.selection is None
        library_hidden = app.screen.has_class("-hide-library")
        await pilot.press("b")  # b is the selection's alone: it never folds the library
        assert app.screen.has_class("-hide-library") == library_hidden
        await pilot.press("L")  # L does
        assert app.screen.has_class("-hide-library") != library_hidden


async def test_a_writes_an_arabic_note_shown_shaped_with_a_caret(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditorScreen)
        editor = app.screen.query_one(NoteEditor)
        await type_text(pilot, "سلام Nvidia")
        assert editor.text == "سلام Nvidia"
        drawn = editor.render().plain
        # Shaped and in visual order: final meem, lam-alef ligature, initial seen.
        assert "ﻡﻼﺳ" in drawn and "سلام" not in drawn
        assert drawn.rstrip().endswith("ﻡﻼﺳ")  # right-aligned: a right-to-left note
        assert "Nvidia" in drawn and CARET_BAR in drawn
        # In a right-to-left note, left goes forward in the text, right back.
        await pilot.press("right", "right", "right", "left")
        assert editor.caret == len("سلام Nvidia") - 2
        await pilot.press("backspace")
        assert editor.text == "سلام Nviia"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store is not None
        (noted,) = app.store.state.annotations
        assert noted.note == "سلام Nviia" and noted.tags == ()
        notes = app.query_one(NotesPanel)
        assert notes.option_count == 1
        # Editing again starts from the saved note; Esc keeps it unchanged.
        await pilot.press("a")
        assert app.screen.query_one(NoteEditor).text == "سلام Nviia"
        await pilot.press("x", "escape")
        assert app.store.state.annotations[0].note == "سلام Nviia"


async def test_d_deletes_with_undo_and_the_notes_panel_jumps(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        view = app.query_one(ArticleView)
        await pilot.press("j", "j", "j", "5")
        target = view.cursor
        await pilot.press("g", "1")
        assert app.store is not None and len(app.store.state.annotations) == 2
        notes = app.query_one(NotesPanel)
        notes.focus()
        notes.highlighted = 1
        await pilot.press("enter")
        assert view.cursor == target and view.has_focus
        await pilot.press("d")
        assert [a.tags for a in app.store.state.annotations] == [("claim",)]
        await pilot.press("u")
        assert len(app.store.state.annotations) == 2


async def test_annotations_are_shown_again_after_reopening(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("j", "7")
        await pilot.press("q")
    again = ReaderApp([article])
    async with again.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert again.store is not None
        assert [a.tags for a in again.store.state.annotations] == [("important",)]
        assert again.query_one(NotesPanel).option_count == 1
        view = again.view
        assert view.marks.painted_on(0, len(view.article_text))  # painted in the article


async def test_a_configured_tag_set_and_keymap(tmp_path: Path, article: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        '[[tags]]\nname = "شاهد"\ncolour = "dark_orange"\n\n'
        '[keymap]\n"annotate.tag_1" = "t"\n"article.next_sentence" = "n,down"\n',
        encoding="utf-8",
    )
    config = load_config(config_file)
    assert config.tags == (Tag("شاهد", "#ff8700"),)  # names become #rrggbb
    app = ReaderApp([article], config=config)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("n", "t")
        assert app.store is not None
        (tagged,) = app.store.state.annotations
        assert tagged.tags == ("شاهد",) and tagged.start > 0


def test_bad_config_files_say_why(tmp_path: Path) -> None:
    cases = {
        "tags = 3": "tags must be",
        '[[tags]]\nname = "x"\n': "needs a colour",
        '[[tags]]\nname = "x"\ncolour = "not-a-colour"\n': "needs a colour",
        "[keymap]\nx = 1": "must be keys",
        "colours = 1": "unknown setting",
        "[[tags": "not valid TOML",
    }
    for content, reason in cases.items():
        path = tmp_path / "config.toml"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ConfigError, match=reason):
            load_config(path)
    with pytest.raises(ConfigError, match="no such config"):
        load_config(tmp_path / "missing.toml")
    assert load_config() == Config()  # no user config: the defaults
