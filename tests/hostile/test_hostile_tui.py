"""The TUI given hostile files, names, sidecars and queries: every screen's
terminal output is checked for anything a terminal would obey.

What is checked is the exact text Textual would write to the terminal for a
full repaint of the current screen (its compositor's render), so every
widget, border title and notification on it is covered, not one widget.
"""

from __future__ import annotations

import os
from pathlib import Path

from hostile_cases import EVERY_PAYLOAD, unsafe_in
from textual import events
from textual.app import App
from textual.pilot import Pilot

from reader.annotations.model import Annotation, AnnotationSet
from reader.annotations.sidecar import ArticleStamp, serialise, sidecar_path
from reader.corpus import find_articles
from reader.tui.app import ReaderApp
from reader.tui.export_dialog import PathScreen
from reader.tui.note_editor import NoteEditorScreen
from reader.tui.overview import OverviewScreen
from reader.tui.search import SearchScreen

HOSTILE_TEXT = (
    f"شركة إنفيديا {EVERY_PAYLOAD} تعلن عن رقاقة H100 في بكين.\n\n"
    # An entity name with an OSC inside it: the Entities panel shows it.
    "وقال جنسن هوانغ\x1b]0;NAME\x07\u202eNvidia إن الطلب كبير.\n"
)
MARKUP_NAME = "b-[@click=app.quit]x[bold]\x1b]0;TITLE\x07.txt"


def hostile_library(folder: Path) -> list[Path]:
    folder.mkdir()
    article = folder / "a-article.txt"
    article.write_text(HOSTILE_TEXT, encoding="utf-8")
    annotation = Annotation.new(
        HOSTILE_TEXT,
        0,
        4,
        tags=("\x1b]0;TAG\x07[@click=app.quit]",),
        note="ملاحظة \x1b]52;c;Tk9URQ==\x07 \u202eevil\u202c \x9b2J",
    )
    state = AnnotationSet().with_annotations([annotation])
    stamp = ArticleStamp.of(article.name, HOSTILE_TEXT)
    sidecar_path(article).write_bytes(serialise(state, stamp))
    # Skipped (binary), with a name that is markup and an OSC.
    (folder / MARKUP_NAME).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # A name that is not UTF-8 at all (Python hands it over with surrogates).
    with open(os.path.join(os.fsencode(folder), b"c-\xff\xfe\x1b]2;T\x07.txt"), "wb") as handle:
        handle.write("مرحبا \x1b]0;X\x07 بكم\n".encode())
    return find_articles(folder)


def terminal_output(app: App[object]) -> str:
    """What a full repaint of the current screen writes to the terminal."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


async def toasts_shown(pilot: Pilot[None], count: int) -> None:
    """Wait for `count` notifications on screen: a toast is mounted a few
    frames after notify()."""
    for _ in range(60):
        if len(pilot.app.screen.query("Toast")) >= count:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{count} notification(s) never appeared")


async def test_no_screen_lets_a_control_sequence_through(tmp_path: Path) -> None:
    paths = hostile_library(tmp_path / "library")
    assert len(paths) == 3
    app = ReaderApp(paths)
    seen: dict[str, list[str]] = {}

    def check(stage: str) -> str:
        output = terminal_output(app)
        seen[stage] = unsafe_in(output)
        return output

    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = check("article, entities and notes")
        # The payloads are shown, as placeholders: nothing is silently hidden.
        assert "PWNED-TITLE" in main and "␛" in main and "␇" in main
        assert "\ufffd" in main

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        check("note editor with a hostile note")
        await pilot.press("escape")

        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.focused.post_message(events.Paste("\x1b]0;QUERY\x07\u202eabc"))  # type: ignore[union-attr]
        await pilot.pause()
        check("search query pasted")
        await pilot.press("enter")
        await toasts_shown(pilot, 1)
        check("'not found' message quoting the query")

        app.open_article(1)  # the PNG: the error message names it
        await toasts_shown(pilot, 2)
        check("message naming a file called markup")
        assert app.is_running, "a file name that is markup must not run an action"
        app.open_article(2)  # a name that is not UTF-8, with an OSC: the border shows it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current == 2
        check("article whose file name has an OSC")

        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        check("overview of the library")
        await pilot.press("escape")

        await pilot.press("left_square_bracket", "e")
        await pilot.pause()
        await pilot.press("enter")  # the first format
        await pilot.pause()
        await pilot.press("enter")  # this article
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        check("export path dialog")

    leaks = {stage: found for stage, found in seen.items() if found}
    assert len(seen) == 8 and not leaks, leaks
