"""Every visual line in the order UAX #9 gives it: levels resolved over the
whole paragraph, then each line reordered (L1–L4). The oracle is ICU's ubidi,
given the paragraph (`setPara`) and reader's own line boundaries (`setLine`);
the characters of each line are compared in visual order, harakat aside
(reader keeps them after their letter, rule L3, which ICU leaves to the caller).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import SEEDS, TORTURE, read_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fribidi_reference import NEWS_CHARACTERS

from reader.layout import ArticleLayout, LayoutOptions, VisualLine
from reader.layout.chars import display_char

icu = pytest.importorskip("icu", reason="PyICU (pyicu-wheels) is not installed")

WIDTHS = (30, 40, 80, 120)


def _counted(char: str) -> bool:
    """Characters whose place is compared: not marks, not ones X9 removes,
    not the bidi marks reader obeys but does not show."""
    glyph, bidi_class = display_char(char)
    return bool(glyph) and bidi_class not in ("NSM", "BN") and unicodedata.category(char) != "Mn"


def _as_icu_sees(char: str) -> str:
    """A character of the class reader resolves it as: itself (a tab shown as
    a space is still a segment separator), or the placeholder a control or
    a bidi override is shown as."""
    glyph, bidi_class = display_char(char)
    if bidi_class == unicodedata.bidirectional(char) or len(glyph) != 1:
        return char
    return glyph


def icu_order(text: str, paragraph_start: int, paragraph_end: int, line: VisualLine) -> list[int]:
    """ICU's visual order of the line's counted characters, as text offsets."""
    if line.start == line.end:
        return []
    paragraph = "".join(_as_icu_sees(c) for c in text[paragraph_start:paragraph_end])
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(paragraph), 1 if line.direction == "rtl" else 0)
    start, end = line.start - paragraph_start, line.end - paragraph_start
    visual_map = bidi.setLine(start, end).getVisualMap()
    order = [start + i for i in visual_map if i >= 0]
    return [paragraph_start + i for i in order if _counted(text[paragraph_start + i])]


def reader_order(text: str, line: VisualLine) -> list[frozenset[int]]:
    """Reader's visual order: each cluster's counted characters (a lam-alef
    ligature is one cell for two letters, whose order within it is the font's)."""
    clusters = [frozenset(o for o in c.offsets if _counted(text[o])) for c in line.clusters]
    return [group for group in clusters if group]


def disagreements(text: str, width: int) -> list[tuple[str, str]]:
    layout = ArticleLayout(text, LayoutOptions())
    bad = []
    for line in layout.lines(width):
        paragraph = layout.paragraph(line.paragraph)
        assert paragraph is not None
        groups = reader_order(text, line)
        expected = icu_order(text, paragraph.start, paragraph.end, line)
        got: list[frozenset[int]] = []
        position = 0
        for group in groups:
            got.append(frozenset(expected[position : position + len(group)]))
            position += len(group)
        if got != groups or position != len(expected):
            bad.append((text[line.start : line.end], line.visual))
    return bad


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [*SEEDS, TORTURE], ids=lambda p: Path(p).name)
def test_every_line_is_in_uax9_paragraph_order(path: Path, width: int) -> None:
    assert disagreements(read_text(path), width) == []


@pytest.mark.parametrize(
    ("text", "width", "first_line"),
    [
        # A comma between two Latin words at a line's end: it stays with Nvidia.
        (
            "قالت شركة Nvidia, AMD إنها ستبيع الرقائق إلى الصين بعد موافقة الحكومة.",
            20,
            "Nvidia, ﺔﻛﺮﺷ ﺖﻟﺎﻗ",
        ),
    ],
)
def test_the_issue_examples(text: str, width: int, first_line: str) -> None:
    (paragraph,) = ArticleLayout(text).paragraphs
    lines = ArticleLayout(text).paragraph_lines(paragraph.index, width)
    assert lines[0].visual == first_line
    assert disagreements(text, width) == []


def test_a_percentage_starting_a_line_after_arabic_reads_as_arabic_numbers() -> None:
    # W2: the European digits follow an Arabic letter of the line before: AN,
    # and the percent sign, a terminator, stays a neutral on the Arabic side.
    text = "ارتفع مؤشر الأسهم في بورصة طوكيو بنسبة 8.6% في تعاملات اليوم"
    layout = ArticleLayout(text)
    lines = layout.paragraph_lines(0, 40)
    starting = [line for line in lines if text[line.start :].startswith("8.6%")]
    assert starting, [text[line.start : line.end] for line in lines]
    assert starting[0].visual.endswith("%8.6")
    assert disagreements(text, 40) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(alphabet=st.sampled_from(NEWS_CHARACTERS), min_size=1, max_size=160),
    width=st.integers(min_value=4, max_value=60),
)
def test_random_mixed_text_is_in_uax9_paragraph_order(text: str, width: int) -> None:
    assert disagreements(text, width) == []
