"""Saving in the TUI under bursts of keys and every way out (Pilot). The same,
with real kills and signals in a terminal: test_crash_tmux.py."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import SEEDS

from reader.annotations.autosave import SaveSchedule
from reader.annotations.sidecar import sidecar_path
from reader.tui.app import ReaderApp
from reader.tui.choice import ChoiceScreen
from reader.tui.note_editor import NoteEditorScreen
from reader.tui.panels import NotesPanel


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return Path(shutil.copy(SEEDS[1], tmp_path / "a.txt"))


def saved(article: Path) -> list[dict[str, object]]:
    if not sidecar_path(article).exists():
        return []
    annotations: list[dict[str, object]] = json.loads(sidecar_path(article).read_text("utf-8"))[
        "annotations"
    ]
    return annotations


def test_a_burst_of_changes_never_postpones_saving_past_the_maximum_wait() -> None:
    schedule = SaveSchedule(delay=0.5, max_wait=0.8)
    assert schedule.changed(10.0) == 0.5
    assert schedule.changed(10.3) == 0.5  # 10.8 either way
    assert schedule.changed(10.6) == pytest.approx(0.2)  # not 11.1: 0.8 after the first
    assert schedule.changed(10.9) == 0.0
    schedule.saved()
    assert schedule.changed(20.0) == 0.5


async def test_tagging_every_few_tenths_of_a_second_saves_during_the_burst(
    article: Path,
) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        started = time.monotonic()
        seen_while_tagging = []
        for _ in range(12):
            await pilot.press("j", "1")
            await asyncio.sleep(0.3)
            seen_while_tagging.append((time.monotonic() - started, len(saved(article))))
        # Keys kept coming every 0.3 s: work more than a second old is on disk.
        late = [count for elapsed, count in seen_while_tagging if elapsed > 2.0]
        assert late and all(count >= 1 for count in late)
        assert seen_while_tagging[-1][1] >= 8


async def test_ctrl_q_with_a_note_being_written_asks_and_can_keep_it(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        for key in ("n", "o", "t", "e"):
            await pilot.press(key)
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # asked, not gone
        await pilot.press("3")  # back to the note
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("1")  # keep the note and quit
        await pilot.pause(0.3)
    assert [a["note"] for a in saved(article)] == ["note"]


async def test_ctrl_q_can_drop_the_note_on_purpose(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause(0.3)
    assert saved(article) == []


async def test_ctrl_c_says_how_to_quit_in_plain_words(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("press q or ctrl+q" in m for m in messages)
        assert not any("[b]" in m for m in messages)


async def test_work_in_the_per_user_copy_is_offered_when_the_sidecar_is_good_again(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "1")
        await pilot.pause(1.2)
    good = sidecar_path(article).read_bytes()
    sidecar_path(article).write_bytes(b"not json")
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j", "j", "2")  # saved to the per-user copy
        await pilot.pause(1.2)
    sidecar_path(article).write_bytes(good)
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")
        await pilot.pause(1.2)
    assert sorted(t for a in saved(article) for t in a["tags"]) == ["claim", "evidence"]  # type: ignore[attr-defined]


async def test_renaming_the_open_article_moves_its_annotations_along(article: Path) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "1")
        await pilot.pause(1.2)
        renamed = article.with_name("renamed.txt")
        article.rename(renamed)
        await pilot.press("j", "2")
        await pilot.pause(1.2)
        assert app.paths == [renamed]
        assert any("renamed to renamed.txt" in n.message for n in app._notifications)
    assert len(saved(renamed)) == 2 and not sidecar_path(article).exists()


async def test_moved_passages_are_marked_in_the_notes_panel_and_y_confirms_them(
    article: Path,
) -> None:
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("j", "1")
        await pilot.pause(1.2)
    article.write_text("سطر جديد في أعلى المقال\n" + article.read_text("utf-8"), "utf-8")
    app = ReaderApp([article])
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert app.store is not None
        (moved,) = app.store.state.annotations
        assert moved.status == "moved"
        notes = app.query_one(NotesPanel)
        assert "y confirms" in notes.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        notes.focus()
        notes.highlighted = 0
        await pilot.press("y")
        await pilot.pause(1.2)
        assert app.store.state.annotations[0].status == "anchored"
    assert [a["status"] for a in saved(article)] == ["anchored"]
