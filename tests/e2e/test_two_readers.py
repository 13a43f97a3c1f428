"""Two reader processes on one article, each in its own real terminal:
different passages, the same note, the same new span, undo after a merge.
Nothing is lost and a conflict is shown."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEEDS
from terminal import Pane, needs_tmux

from reader.annotations.history import CONFLICT_MARKER
from reader.annotations.sidecar import sidecar_path

pytestmark = needs_tmux

SAVED = 1.3  # saving is within a second of a change


@pytest.fixture
def readers(tmp_path: Path) -> Iterator[tuple[Path, Pane, Pane]]:
    article = Path(shutil.copy(SEEDS[0], tmp_path / "a.txt"))
    a, b = Pane("a", tmp_path, "a.txt"), Pane("b", tmp_path, "a.txt")
    try:
        for pane in (a, b):
            pane.wait_for("a.txt")
        time.sleep(1.0)
        yield article, a, b
    finally:
        a.close()
        b.close()


def saved(article: Path) -> list[dict[str, object]]:
    annotations: list[dict[str, object]] = json.loads(sidecar_path(article).read_text("utf-8"))[
        "annotations"
    ]
    return annotations


def flat(screen: str) -> str:
    return " ".join(screen.split())


def test_different_passages_are_both_kept(readers: tuple[Path, Pane, Pane]) -> None:
    article, a, b = readers
    a.keys("j", "1", pause=SAVED)
    b.keys("j", "j", "j", "j", "2", pause=SAVED)
    a.keys("j", "j", "3", pause=SAVED)
    tags = sorted(tag for item in saved(article) for tag in item["tags"])  # type: ignore[attr-defined]
    assert tags == ["claim", "evidence", "quote"]
    assert "merged" in flat(b.screen())


def test_undo_after_a_merge_keeps_the_other_readers_work(
    readers: tuple[Path, Pane, Pane],
) -> None:
    article, a, b = readers
    a.keys("j", "1", pause=SAVED)
    assert len(saved(article)) == 1
    b.keys("j", "j", "j", "j", "2", pause=SAVED)
    assert len(saved(article)) == 2
    b.keys("u", pause=SAVED)
    (kept,) = saved(article)
    assert kept["tags"] == ["claim"]  # A's annotation, not wiped by B's undo


def test_the_same_new_span_becomes_one_annotation(readers: tuple[Path, Pane, Pane]) -> None:
    article, a, b = readers
    a.keys("j", "1")
    b.keys("j", "2")
    time.sleep(SAVED)
    (only,) = saved(article)
    assert sorted(only["tags"]) == ["claim", "evidence"]  # type: ignore[arg-type]


def test_both_edits_of_one_note_are_kept_and_the_conflict_shown(
    readers: tuple[Path, Pane, Pane],
) -> None:
    article, a, b = readers
    a.keys("j", "1", pause=SAVED)
    b.keys("j", "C-s", pause=0.5)  # B has now seen A's annotation
    for pane, text in ((a, "رأي القارئ الأول"), (b, "second reader")):
        pane.keys("a", pause=0.5)
        pane.keys("-l", text, pause=0.3)
    a.keys("C-s", pause=SAVED)
    b.keys("C-s", pause=SAVED)
    (only,) = saved(article)
    note = str(only["note"])
    assert "رأي القارئ الأول" in note and "second reader" in note and CONFLICT_MARKER in note
    assert "also edited the note" in flat(b.screen())
