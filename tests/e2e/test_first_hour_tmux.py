"""A new user's first hour in a real terminal (tmux): Arabic shaped on every
screen, the layout following resizes, a burst of keys after q."""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.layout import one_line
from reader.layout.chars import cell_width
from tests.terminal import Pane, needs_tmux

pytestmark = needs_tmux
ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

CONFIG = """
[[tags]]
name = "ادعاء"
colour = "#e5c07b"
[[tags]]
name = "دليل"
colour = "#98c379"
"""


def raw_arabic(screen: str) -> list[str]:
    """Lines showing Arabic letters in logical, unjoined form: a letter that
    has presentation forms and is not one (what reaches a terminal that
    was not given shaped text)."""
    return [
        line
        for line in screen.splitlines()
        if any(
            "\u0600" <= c <= "\u06ff" and unicodedata.category(c) == "Lo" and one_line(c) != c
            for c in line
        )
    ]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    library.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, library / seed.name)
    # An Arabic file name, first by name so that it opens first.
    shutil.copy(SEEDS[2], library / "0 تقرير الصين.txt")
    (tmp_path / "config" / "reader").mkdir(parents=True)
    (tmp_path / "config" / "reader" / "config.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


@pytest.fixture
def wide(home: Path) -> Iterator[Pane]:
    pane = Pane("wide", home, str(home / "library"), size=(220, 60))
    yield pane
    pane.close()


def test_every_screen_shows_arabic_shaped(wide: Pane) -> None:
    """With Arabic tag names, an Arabic file name and an Arabic query, no
    screen shows an unshaped Arabic letter: the library, the article's title,
    tag chips, help, the overview, the search box and its messages, the note
    editor, the export dialog, bookmarks and the palette."""
    wide.wait_for("Entities")
    wide.wait_without("Finding entities")
    seen: dict[str, list[str]] = {}

    def visit(name: str, *keys: str, text: str = "") -> None:
        if keys:
            wide.keys(*keys)
        if text:
            wide.tmux("send-keys", "-t", "r", "-l", text)
        time.sleep(0.8)
        wide.settle()
        seen[name] = raw_arabic(wide.screen())

    visit("start")
    visit("tagged", "1", "j", "2")
    visit("help", "?")
    visit("help closed", "Escape")
    visit("overview", "o")
    visit("overview closed", "Escape")
    visit("search box", "/", text="امريكا")
    visit("not found", "Enter")
    visit("search again", "/", "C-u", text="الصين")
    visit("found", "Enter")
    visit("library search", "/", "C-u", text="الصين")
    visit("library results", "C-l")
    visit("results closed", "Escape")
    visit("note editor", "a", text="ملاحظة")
    visit("note kept", "C-s")
    visit("bookmark", "m")
    visit("bookmark set", "b")
    visit("bookmarks", "'")
    visit("bookmarks closed", "Escape")
    visit("export", "e")
    visit("export closed", "Escape")
    visit("palette", "C-p", text="Tag")
    visit("palette closed", "Escape")
    assert {name: lines for name, lines in seen.items() if lines} == {}
    # And the Arabic was there to be seen: the file name, shaped.
    assert one_line("تقرير الصين") in wide.screen()


def test_the_panels_follow_the_terminal_through_resizes(home: Path) -> None:
    pane = Pane("resize", home, str(home / "library"), size=(220, 60))

    def resized(width: int, height: int) -> str:
        pane.tmux("resize-window", "-t", "r", "-x", str(width), "-y", str(height))
        time.sleep(0.5)
        pane.settle()
        return pane.screen()

    try:
        pane.wait_for("Library")
        screen = resized(100, 30)
        assert "Library" not in screen and "Entities" in screen  # 100: the side panels stay
        screen = resized(160, 45)
        assert "Library" in screen and "Entities" in screen
        screen = resized(90, 30)
        assert "Library" not in screen and "Entities" not in screen
    finally:
        pane.close()


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_the_footer_fits_100_columns_in_256_and_16_colours(home: Path, term: str) -> None:
    pane = Pane(f"footer-{term}", home, str(home / "library"), size=(100, 30), term=term)
    try:
        pane.wait_for("Entities")
        footer = pane.settle().splitlines()[-1]
        plain = pane.screen().splitlines()[-1]
        for shown in ("1–9 tag", "sentence", "Search", "Help", "Quit", "palette"):
            assert shown in plain
        assert "▏" not in plain.split("palette")[0][:-4]  # nothing cut before the palette key
        assert footer  # drawn with colours
    finally:
        pane.close()


def test_keys_typed_right_after_q_end_cleanly(home: Path) -> None:
    pane = Pane("burst", home, str(home / "library"), size=(100, 30))
    try:
        pane.wait_for("Entities")
        pane.keys("q", "o", "e", "/", "?")
        assert pane.exit_status() == "0"
        screen = pane.screen()
        assert "Traceback" not in screen and "Error" not in screen
    finally:
        pane.close()


def _backgrounds(screen: str) -> set[str]:
    codes = re.findall(r"\x1b\[([0-9;]*)m", screen)
    return {c for c in codes if re.fullmatch(r"48;5;\d+|48;2;[\d;]+|4\d|10\d", c)}


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_nine_tags_paint_nine_colours_in_256_and_16_colours(tmp_path: Path, term: str) -> None:
    (tmp_path / "a.txt").write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    pane = Pane(f"tags-{term}", tmp_path, "a.txt", size=(100, 40), term=term)
    try:
        pane.wait_for("Entities")
        pane.keys("p")  # the article alone: the Notes panel's chips are not counted
        pane.keys("J")  # the cursor off the first paragraph
        untagged = _backgrounds(pane.settle())
        pane.keys("g")
        for number in range(1, 10):
            pane.keys(str(number), "j")
        pane.keys("J", "J")  # the cursor off the tagged sentences
        tagged = _backgrounds(pane.settle())
        assert len(tagged - untagged) >= 9, (untagged, tagged)
    finally:
        pane.close()


KEYMAP = CONFIG + '\n[keymap]\n"article.next_sentence" = "l,down"\n'


@pytest.mark.parametrize("size", [(100, 30), (220, 60)], ids=["100x30", "220x60"])
def test_help_lists_the_keys_in_force(home: Path, size: tuple[int, int]) -> None:
    (home / "config" / "reader" / "config.toml").write_text(KEYMAP, encoding="utf-8")
    pane = Pane(f"help-{size[0]}", home, str(home / "library"), size=size)
    try:
        pane.wait_for("Entities")
        pane.keys("?")
        screen = pane.wait_for("article.next_sentence")
        line = next(row for row in screen.splitlines() if "article.next_sentence" in row)
        assert "l, down" in line and "j" not in line.split("article")[0]
        assert "question_mark" not in screen and "right_square_bracket" not in screen
    finally:
        pane.close()


def article_text(screen: str) -> list[str]:
    """The article's rows: what its (heavy, focused) frame holds."""
    return [row.split("┃")[1] for row in screen.splitlines()[1:] if row.count("┃") >= 2]


def test_a_second_run_opens_the_last_article_where_it_was_left(home: Path) -> None:
    first = Pane("first-run", home, str(home / "library"), size=(100, 30))
    try:
        first.wait_for("Entities")
        first.keys("]", "PageDown", "PageDown", "j")
        time.sleep(0.5)
        first.settle()
        before = article_text(first.screen())
        first.keys("q")
        assert first.exit_status() == "0"
    finally:
        first.close()
    second = Pane("second-run", home, str(home / "library"), size=(100, 30))
    try:
        second.wait_for("Entities")
        second.settle()
        after = article_text(second.screen())
        title = second.screen().splitlines()[0]
        assert SEEDS[0].name in title  # the article left open: the second by name
        # The same passage is on screen (a few lines of context may differ).
        assert len(set(before) & set(after)) >= 10
    finally:
        second.close()


def test_a_wide_terminal_centres_the_text_at_the_measure(home: Path) -> None:
    pane = Pane("measure", home, str(home / "library"), size=(220, 60))
    try:
        pane.wait_for("Entities")
        rows = [row for row in pane.settle().splitlines()[2:40]]
        plain = pane.screen().splitlines()[2:40]
        lengths = []
        for row in plain:
            inside = row.split("┃")[1] if row.count("┃") >= 2 else ""
            text = inside.strip(" ▁▂▃▄▅▆▇█")
            if text:
                cells = sum(cell_width(char) for char in text)
                lengths.append((len(inside) - len(inside.lstrip()), cells))
        assert rows and lengths
        assert max(width for _, width in lengths) <= 100
        assert min(margin for margin, _ in lengths) >= 10  # the text does not hug the frame
    finally:
        pane.close()


def test_tab_outlines_the_panel_the_keys_go_to_and_escape_returns(home: Path) -> None:
    pane = Pane("focus", home, str(home / "library"), size=(100, 30))
    try:
        pane.wait_for("Entities")
        pane.wait_without("Finding entities")
        pane.keys("Tab")
        screen = pane.wait_for("┏━ Entities")  # a heavy frame, not only a colour
        assert "┏━ 0 تقرير" not in screen
        pane.keys("Escape")
        screen = pane.wait_for("╭─ Entities")
    finally:
        pane.close()


def test_search_says_which_hit_of_how_many(home: Path) -> None:
    pane = Pane("counter", home, str(home / "library"), size=(100, 30))
    try:
        pane.wait_for("Entities")
        pane.keys("/")
        time.sleep(0.5)
        pane.tmux("send-keys", "-t", "r", "-l", "الصين")
        pane.keys("Enter")
        screen = pane.wait_for("hit 1 of")
        assert "whole words" in screen
        pane.keys("n")
        pane.wait_for("hit 2 of")
    finally:
        pane.close()
