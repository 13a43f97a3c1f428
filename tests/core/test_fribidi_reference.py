"""Every visual line equals GNU FriBidi's rendering of that line's source slice.

FriBidi (``fribidi --nopad --nobreak --reordernsm --rtl|--ltr``) is an
independent implementation of UAX #9 and Arabic shaping; the one difference
allowed is FriBidi's U+FEFF filler where a lam-alef ligature stands for two
characters. FriBidi's command sees one line at a time, so it checks shaping
and marks; where the rest of the paragraph changes a line's levels (UAX #9
resolves them over the whole paragraph: a comma after Latin at a line's end
with Arabic on the next line, a number starting a line after Arabic), the
line is excluded here and checked against ICU instead (test_bidi_paragraphs.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, TORTURE, read_text
from fribidi_ref import FRIBIDI, fribidi_visual
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.layout import ArticleLayout, VisualLine
from reader.layout.bidi import line_levels, resolve_levels
from reader.layout.chars import DOTTED_CIRCLE, display_char

pytestmark = pytest.mark.skipif(
    FRIBIDI is None, reason="GNU FriBidi not installed: apt-get install libfribidi-bin"
)


def expected_difference(text: str, line: VisualLine) -> str:
    """What reader adds on purpose: a dotted circle under a line of bare marks."""
    first = line.clusters[0] if line.clusters else None
    if first and first.text.startswith(DOTTED_CIRCLE) and text[first.offsets[0]] != DOTTED_CIRCLE:
        return DOTTED_CIRCLE
    return ""


def seen_from_its_paragraph(layout: ArticleLayout, line: VisualLine) -> bool:
    """Whether the paragraph around the line gives it other levels than the
    line alone would have: FriBidi, given the line alone, cannot agree there."""
    paragraph = layout.paragraph(line.paragraph)
    assert paragraph is not None
    chars = layout.text[line.start : line.end]
    classes = [display_char(c)[1] for c in chars]
    base = 1 if line.direction == "rtl" else 0
    own = resolve_levels(chars, classes, base)
    in_paragraph = line_levels(
        layout.paragraph_levels(paragraph).of_line(line.start, line.end), classes, base
    )
    return own != in_paragraph


def mismatches(
    text: str, lines: list[VisualLine], layout: ArticleLayout | None = None
) -> list[tuple[str, str, str]]:
    """(source slice, ours, fribidi's) for every line that differs, but for
    lines the paragraph around them changes (when `layout` is given)."""
    bad = []
    if layout is not None:
        lines = [line for line in lines if not seen_from_its_paragraph(layout, line)]
    for direction in ("rtl", "ltr"):
        chosen = [line for line in lines if line.direction == direction]
        reference = fribidi_visual([text[line.start : line.end] for line in chosen], direction)
        for line, expected in zip(chosen, reference, strict=True):
            if line.visual != expected_difference(text, line) + expected:
                bad.append((text[line.start : line.end], line.visual, expected))
    return bad


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("path", [*SEEDS, TORTURE], ids=lambda p: Path(p).name)
def test_file_matches_fribidi(path: Path, width: int) -> None:
    text = read_text(path)
    layout = ArticleLayout(text)
    lines = list(layout.lines(width))
    assert len(lines) > 5
    assert not any(line.cells > width for line in lines)
    assert mismatches(text, lines, layout) == []


def test_paragraph_context_changes_few_lines_of_news() -> None:
    """At most 0.5% of the seeds' and torture file's lines are excluded above."""
    total = excluded = 0
    for path in [*SEEDS, TORTURE]:
        layout = ArticleLayout(read_text(path))
        for width in (40, 80, 120):
            lines = list(layout.lines(width))
            total += len(lines)
            excluded += sum(seen_from_its_paragraph(layout, line) for line in lines)
    assert 0 < excluded <= 0.005 * total, (excluded, total)


def test_torture_file_covers_what_it_claims() -> None:
    text = read_text(TORTURE)
    for needle in (
        "(",
        "[",
        "{",
        "«",
        "https://",
        "$",
        "%",
        "٪",
        "27/01/2025",
        "٤٬٦٣٠",
        "گ",
        "چ",
        "پ",
        "ژ",
        "ٹ",
        "ڈ",
        "ڑ",
        "ے",
        "ی",
        "\u200c",
        "עברית",
        "The company",
        "بِسْمِ",
        "الله",
        "ـــ",
        "لا",
    ):
        assert needle in text, needle


# Characters news text is made of, in proportions that make every rule fire.
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
NEWS_CHARACTERS = [
    *ARABIC,
    *"لا",
    *"لأ",
    *"لإ",
    *"لآ",
    *"abcXYZ",
    *"0123456789",
    *"٠١٢٣٤٥٦٧٨٩",
    *"\u064b\u064e\u064f\u0650\u0651\u0652\u0670",
    "\u0640",
    *"پچژگکی",
    *"ٹڈڑےں",
    *"אבגדה",
    *"()[]{}«»<>",
    *"  ",
    *".,:;/-+%٪$€#@&!?؟،؛'\"",
    "\u200c",
    "\u200d",
    "\u00a0",
    "\t",
]
MIXED = st.text(
    alphabet=st.sampled_from(NEWS_CHARACTERS),
    min_size=1,
    max_size=120,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MIXED, width=st.integers(min_value=2, max_value=60))
def test_random_mixed_text_matches_fribidi(text: str, width: int) -> None:
    layout = ArticleLayout(text)
    lines = list(layout.lines(width))
    # FriBidi shows a tab as a tab; reader shows it as a space.
    assert [
        (source, ours, expected.replace("\t", " "))
        for source, ours, expected in mismatches(text, lines, layout)
        if ours != expected.replace("\t", " ")
    ] == []
