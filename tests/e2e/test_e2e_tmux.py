"""reader in a real terminal: tmux runs it, send-keys types, capture-pane reads.

The screen is checked against GNU FriBidi, not against reader's own engine:
the first article line on screen must be FriBidi's visual order of the words
it shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, read_text
from fribidi_ref import FRIBIDI, fribidi_visual
from terminal import Pane, needs_tmux

from reader.layout.chars import cell_width

pytestmark = needs_tmux


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Pane]:
    pane = Pane("seeds", tmp_path, "seeds/", size=(100, 30), cwd=ROOT)
    try:
        yield pane
    finally:
        pane.close()


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
    # A round frame, or a heavy one while the article has the keys.
    start = max(header.rfind("╭", 0, left), header.rfind("┏", 0, left)) + 1
    end = min(i for i in (header.find("╮", left), header.find("┓", left)) if i >= 0)
    rows = []
    for line in lines[1:]:
        row = cells(line)
        if len(row) > end and row[end] in "│┃":
            rows.append("".join(row[start:end]))
    return rows


@pytest.mark.skipif(FRIBIDI is None, reason="GNU FriBidi not installed")
def test_screen_shows_shaped_arabic_in_visual_order(terminal: Pane) -> None:
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


def test_j_moves_the_highlight_and_help_and_quit_work(terminal: Pane) -> None:
    terminal.wait_for("notes")
    terminal.wait_for("ORG (")  # the entity worker has filled its panel
    terminal.wait_without("Indexing")  # its bar gives the article a line back when done
    before = terminal.settle()
    text_before = terminal.screen()
    terminal.keys("j", pause=0.6)
    after = terminal.settle()
    assert terminal.screen() == text_before, "the text itself should not move"
    assert after != before, "the highlight did not move"
    terminal.keys("?", pause=0.6)
    terminal.wait_for("Next sentence")
    terminal.keys("Escape", pause=0.6)
    terminal.keys("q", pause=0.6)
    assert terminal.exit_status() == "0"
