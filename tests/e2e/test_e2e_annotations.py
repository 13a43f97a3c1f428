"""The tagging acceptance run in a real terminal (tmux): tag, note, quit, reopen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, read_text
from test_e2e_tmux import Terminal

from reader.annotations.sidecar import sidecar_path

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux not installed: apt-get install tmux"
)

NOTE = "ملاحظة عن Nvidia H100"


def start_reader(folder: Path, name: str, home: Path) -> Terminal:
    socket = f"reader-notes-{os.getpid()}-{name}"
    status = folder.parent / f"status-{name}"
    command = f"{sys.executable} -m reader {folder}; echo $? > {status}; sleep 30"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-s", "reader", "-x", "160", "-y", "45",
         "-c", str(ROOT), command],
        check=True,
        env=env,
    )  # fmt: skip
    return Terminal(socket, status)


def wait_for_exit(terminal: Terminal) -> str:
    deadline = time.monotonic() + 15
    while not terminal.status_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return terminal.status_file.read_text().strip()


def test_tag_and_note_then_reopen(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    article = Path(shutil.copy(SEEDS[1], folder / SEEDS[1].name))
    text = read_text(article)
    first = start_reader(folder, "first", tmp_path)
    try:
        first.wait_for("Notes")
        first.settle()
        first.keys("j", "j", "1")  # the third sentence: tag 1 (claim)
        first.keys("j", "j", "v", "w", "w", "w", "2", "3")  # a few words: tags 2 and 3
        first.keys("a")
        first.wait_for("ctrl+s save")
        first.tmux("send-keys", "-t", "reader", "-l", NOTE)
        time.sleep(0.6)
        first.keys("C-s")
        first.keys("q")
        assert wait_for_exit(first) == "0"
    finally:
        first.tmux("kill-server")

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
        assert "0 notes" not in screen and "2 notes" in screen  # the library's count
        second.keys("q")
        assert wait_for_exit(second) == "0"
    finally:
        second.tmux("kill-server")
    # Reading it again changed nothing on disk.
    assert json.loads(sidecar.read_text("utf-8"))["annotations"] == annotations
