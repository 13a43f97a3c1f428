"""The whole reader screen, driven through Pilot."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, read_text, wait_for_entities

from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.help import HelpScreen
from reader.tui.panels import EntitiesPanel, LibraryPanel, NotesPanel


async def test_library_lists_every_article_and_brackets_move_between_them() -> None:
    app = ReaderApp(SEEDS)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert app.query_one(LibraryPanel).option_count == len(SEEDS)
        assert app.current == 0
        view = app.query_one(ArticleView)
        assert view.article_text.startswith("ديب سيك")
        await pilot.press("]")
        assert app.current == 1 and view.article_text == SEEDS[1].read_text(encoding="utf-8")
        await pilot.press("[", "[")
        assert app.current == 0


async def test_selecting_an_entity_highlights_it_and_n_jumps_between_mentions() -> None:
    app = ReaderApp(SEEDS)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_entities(app, pilot)
        await pilot.pause()
        panel = app.query_one(EntitiesPanel)
        panel.focus()
        deepsec = next(i for i, e in enumerate(app.entities) if e.canonical == "DeepSeek")
        option_index = panel.get_option_index(str(deepsec))
        panel.highlighted = option_index
        await pilot.press("enter")
        view = app.query_one(ArticleView)
        mentions = app.entities[deepsec].mentions
        assert view.mentions is not None and len(view.mentions.ranges) == len(mentions)
        assert view.cursor is not None
        assert view.cursor.start <= mentions[0].start < view.cursor.end
        first = view.cursor
        await pilot.press("n")
        assert view.cursor is not None and view.cursor.start > first.end - 1
        assert any(view.cursor.start <= m.start < view.cursor.end for m in mentions)
        await pilot.press("N")
        assert view.cursor == first


async def test_help_lists_the_bindings_and_closes_with_escape() -> None:
    app = ReaderApp(SEEDS)
    async with app.run_test(size=(100, 90)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        for description in (
            "Next sentence",
            "Next article",
            "Next hit/mention",
            "Search",
            "Correct entity",
            "entities.add",
            "Quit",
            "Tag: claim",
            "annotate.tag_1",  # the ids a keymap uses
            "Select",
            "Undo",
        ):
            assert description in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_narrow_terminal_hides_side_panels_until_asked() -> None:
    app = ReaderApp(SEEDS)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        library = app.query_one(LibraryPanel)
        notes = app.query_one(NotesPanel)
        assert (not library.display and not notes.display) or library.region.width == 0
        view = app.query_one(ArticleView)
        assert view.region.width == 80
        await pilot.press("p")
        await pilot.pause()
        assert notes.region.width > 0
        assert view.region.right <= notes.region.x  # side by side, no overlap
        await pilot.press("L")
        await pilot.pause()
        assert library.region.width > 0 and library.region.right <= view.region.x


async def test_q_quits() -> None:
    app = ReaderApp(SEEDS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_an_unreadable_file_is_listed_as_skipped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "a.txt"
    good.write_text("مرحبا بكم.", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\xc3\x28 not text")
    app = ReaderApp([bad, good])
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        library = app.query_one(LibraryPanel)
        assert library.entries[0].skipped
        assert "skipped: not text" in library.row_text(0)
        assert app.current == 1  # opened the first article that can be read
        await pilot.press("[")
        assert app.current == 1  # and stays there


async def test_command_palette_reaches_reader_actions() -> None:
    app = ReaderApp(SEEDS)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        expected = ("Next sentence", "Next paragraph", "Next article", "Next hit/mention", "Help")
        for title in (*expected, "Search", "Export", "Correct entity", "Add entity"):
            assert title in titles
        view = app.query_one(ArticleView)
        before = view.cursor
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Next sentence")
        command.callback()
        assert view.cursor != before


async def test_the_library_is_driven_by_keys_and_mouse(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    paths = [SEEDS[0], bad, *SEEDS[1:3]]
    app = ReaderApp(paths)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        library = app.query_one(LibraryPanel)
        library.focus()
        await pilot.pause()
        assert library.highlighted == 0
        await pilot.press("down")  # over the skipped file
        assert library.highlighted == 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == 2 and app.view.has_focus
        # A click on the fourth entry's second line opens it (below the
        # border, two lines an entry).
        await pilot.click(LibraryPanel, offset=(5, 1 + 3 * LibraryPanel.ROW + 1))
        await pilot.pause()
        assert app.current == 3
        await pilot.click(LibraryPanel, offset=(5, 1 + 1 * LibraryPanel.ROW))  # the skipped one
        await pilot.pause()
        assert app.current == 3


async def test_opening_reads_the_first_article_once(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Its library entry and the view share one read: decoding a 10 MB
    # article twice would delay the first paint by ~35 ms.
    import reader.library as library_module  # where the library's rows are read
    import reader.tui.app as app_module

    unreadable = tmp_path / "a-broken.txt"
    unreadable.write_bytes(b"\x89PNG\r\n\x1a\n not text")
    paths = [unreadable, *SEEDS[:2]]
    reads: list[str] = []
    real = app_module.read_article

    def counting(path):  # type: ignore[no-untyped-def]
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(app_module, "read_article", counting)
    monkeypatch.setattr(library_module, "read_article", counting)
    app = ReaderApp(paths)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert app.current == 1  # the first readable one
        assert app.query_one(ArticleView).article_text == SEEDS[0].read_text(encoding="utf-8")
        assert reads.count(SEEDS[0].name) == 1
        await pilot.press("]")  # another article is read when it is opened
        assert app.current == 2 and reads.count(SEEDS[1].name) == 2


async def test_a_long_article_is_painted_from_its_beginning_then_opened_whole(
    tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import reader.corpus as corpus

    whole = "\n".join(read_text(path) for path in SEEDS)
    article = tmp_path / "long.txt"
    article.write_text(whole, encoding="utf-8")
    monkeypatch.setattr(corpus, "BEGINNING_BYTES", 4000)
    loaded: list[str] = []
    real_load = ArticleView.load

    def load(view, text, *rest):  # type: ignore[no-untyped-def]
        loaded.append(text)
        real_load(view, text, *rest)

    monkeypatch.setattr(ArticleView, "load", load)
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.pause()
        beginning, shown = loaded[1], loaded[-1]  # the first is the empty view's
        assert len(beginning.encode("utf-8")) <= 4000 and whole.startswith(beginning)
        assert shown == whole and app.article is not None and app.article.complete
        assert app.store is not None and app.store.text == whole
        assert app.library.rows[0].encoding == "UTF-8"
        await pilot.press("G")  # the whole article is there to move in
        view = app.query_one(ArticleView)
        assert view.cursor is not None and view.cursor.start > len(beginning)


async def test_a_beginning_that_was_not_the_whole_story_is_replaced(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # UTF-8 for its first kilobytes, Windows-1256 after: the library entry
    # and the text shown are the whole file's once it is read.
    import reader.corpus as corpus

    article = tmp_path / "mixed.txt"
    ascii_lines = ("x" * 60 + "\n") * 100
    article.write_bytes(ascii_lines.encode() + read_text(SEEDS[0]).encode("cp1256", "replace"))
    monkeypatch.setattr(corpus, "BEGINNING_BYTES", 4000)
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.article is not None and app.article.encoding == "Windows-1256"
        assert app.library.rows[0].encoding == "Windows-1256"
        assert app.query_one(ArticleView).article_text == app.article.text


async def test_a_worker_that_fails_is_reported_and_the_reader_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    article = Path(shutil.copy(SEEDS[1], tmp_path / "a.txt"))

    def broken(text: str) -> list[object]:
        raise ZeroDivisionError("a bug in the extractor")

    monkeypatch.setattr("reader.tui.entity_finding.extract", broken)
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if any("went wrong" in n.message for n in app._notifications):
                break
            await pilot.pause(0.05)
        assert any("a bug in the extractor" in n.message for n in app._notifications)
        assert not app.entities_pending
        await pilot.press("j", "1")  # still reading and tagging
        assert app.store is not None and app.store.state.annotations
    assert app.return_code in (None, 0)
    logs = list((tmp_path / "state").rglob("errors.log"))
    assert logs and "ZeroDivisionError" in logs[0].read_text("utf-8")
