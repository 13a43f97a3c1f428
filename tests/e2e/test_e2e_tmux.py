"""reader in a real terminal: tmux runs it, send-keys types, capture-pane reads.

The screen is checked against GNU FriBidi, not against reader's own engine:
the first article line on screen must be FriBidi's visual order of the words
it shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, read_text
from fribidi_ref import FRIBIDI, fribidi_visual

from reader.layout.chars import cell_width

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux not installed: apt-get install tmux"
)


class Terminal:
    def __init__(self, socket: str, status_file: Path) -> None:
        self.socket = socket
        self.status_file = status_file

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        ).stdout

    def screen(self, *, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "reader")

    def wait_for(self, needle: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if needle in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared:\n{self.screen()}")

    def settle(self, timeout: float = 10) -> str:
        """The screen once two captures in a row agree."""
        deadline = time.monotonic() + timeout
        previous = self.screen(escapes=True)
        while time.monotonic() < deadline:
            time.sleep(0.4)
            current = self.screen(escapes=True)
            if current == previous:
                return current
            previous = current
        return previous

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "reader", *keys)
        time.sleep(0.6)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    socket = f"reader-test-{os.getpid()}-{tmp_path.name}"
    status = tmp_path / "status"
    command = f"{sys.executable} -m reader seeds/; echo $? > {status}; sleep 30"
    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-s", "reader", "-x", "100", "-y", "30",
         "-c", str(ROOT), command],
        check=True,
        env={**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8"},
    )  # fmt: skip
    term = Terminal(socket, status)
    try:
        yield term
    finally:
        term.tmux("kill-server")


def cells(line: str) -> list[str]:
    """A captured line as its screen cells: each glyph with its combining marks."""
    out: list[str] = []
    for char in line:
        if cell_width(char) == 0 and out:
            out[-1] += char
        else:
            out.append(char)
            if cell_width(char) == 2:
                out.append("")
    return out


def article_rows(screen: str) -> list[str]:
    """The text inside the article's frame: the column titled with the file name."""
    lines = screen.splitlines()
    header = lines[0]  # box drawing and ASCII only: characters are columns
    left = header.index("000_")
    start = header.rfind("╭", 0, left) + 1
    end = header.index("╮", left)
    rows = []
    for line in lines[1:]:
        row = cells(line)
        if len(row) > end and row[end] == "│":
            rows.append("".join(row[start:end]))
    return rows


@pytest.mark.skipif(FRIBIDI is None, reason="GNU FriBidi not installed")
def test_screen_shows_shaped_arabic_in_visual_order(terminal: Terminal) -> None:
    terminal.wait_for("notes")
    terminal.settle()
    screen = terminal.screen()
    first_row = next(row for row in article_rows(screen) if row.strip()).strip()
    first_row = first_row.rstrip("▁▂▃▄▅▆▇█ ")
    assert any("\ufe70" <= c <= "\ufefc" for c in first_row), "letters are not shaped"
    # The row shows the first k words of the article; FriBidi lays those out
    # the same way.
    title = read_text(SEEDS[0]).splitlines()[0]
    words = len(first_row.split())
    (expected,) = fribidi_visual([" ".join(title.split()[:words])], "rtl")
    assert first_row == expected
    # Right-aligned: the text ends at the right edge of the article's frame.
    row = next(r for r in article_rows(screen) if r.strip())
    assert len(row) - len(row.rstrip()) <= 4  # padding and scroll bar only


def test_j_moves_the_highlight_and_help_and_quit_work(terminal: Terminal) -> None:
    terminal.wait_for("notes")
    terminal.wait_for("ORG (")  # the entity worker has filled its panel
    before = terminal.settle()
    text_before = terminal.screen()
    terminal.keys("j")
    after = terminal.settle()
    assert terminal.screen() == text_before, "the text itself should not move"
    assert after != before, "the highlight did not move"
    terminal.keys("?")
    terminal.wait_for("Next sentence")
    terminal.keys("Escape")
    terminal.keys("q")
    deadline = time.monotonic() + 10
    while not terminal.status_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert terminal.status_file.read_text().strip() == "0"
