"""The tagging acceptance run in a real terminal (tmux): tag, note, quit, reopen."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEEDS, read_text
from terminal import Pane, needs_tmux

from reader.annotations.sidecar import sidecar_path

pytestmark = needs_tmux

NOTE = "ملاحظة عن Nvidia H100"


def start_reader(folder: Path, name: str, home: Path) -> Pane:
    return Pane(name, home, str(folder), size=(160, 45), cwd=ROOT)


def test_tag_and_note_then_reopen(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    article = Path(shutil.copy(SEEDS[1], folder / SEEDS[1].name))
    text = read_text(article)
    first = start_reader(folder, "first", tmp_path)
    try:
        first.wait_for("Notes")
        first.settle()
        first.keys("j", "j", "1", pause=0.6)  # the third sentence: tag 1 (claim)
        first.keys("j", "j", "v", "w", "w", "w", "2", "3", pause=0.6)  # words: tags 2, 3
        first.keys("a", pause=0.6)
        first.wait_for("ctrl+s save")
        first.keys("-l", NOTE, pause=0.6)
        first.keys("C-s", pause=0.6)
        first.keys("q", pause=0.6)
        assert first.exit_status() == "0"
    finally:
        first.close()

    sidecar = sidecar_path(article)
    check = subprocess.run(
        [sys.executable, "-m", "reader", "validate", str(sidecar)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    annotations = json.loads(sidecar.read_text("utf-8"))["annotations"]
    assert [a["tags"] for a in annotations] == [["claim"], ["evidence", "quote"]]
    for a in annotations:
        assert text[a["start"] : a["end"]] == a["quote"]
    assert annotations[1]["note"] == NOTE
    assert len(annotations[1]["quote"].split()) >= 4

    second = start_reader(folder, "second", tmp_path)
    try:
        second.wait_for("evidence")
        screen = second.wait_for("Nvidia H100", timeout=5)  # the note, in the Notes panel
        assert "claim" in screen and "quote" in screen
        # The library's count: two passages marked, one of them with a note.
        assert "2 passages, 1" in screen
        second.keys("q", pause=0.6)
        assert second.exit_status() == "0"
    finally:
        second.close()
    # Reading it again changed nothing on disk.
    assert json.loads(sidecar.read_text("utf-8"))["annotations"] == annotations
