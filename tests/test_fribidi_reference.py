"""Every visual line equals GNU FriBidi's rendering of that line's source slice.

FriBidi (``fribidi --nopad --nobreak --reordernsm --rtl|--ltr``) is an
independent implementation of UAX #9 and Arabic shaping; the one difference
allowed is FriBidi's U+FEFF filler where a lam-alef ligature stands for two
characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, TORTURE, read_text
from fribidi_ref import FRIBIDI, fribidi_visual
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.layout import ArticleLayout, VisualLine
from reader.layout.chars import DOTTED_CIRCLE

pytestmark = pytest.mark.skipif(
    FRIBIDI is None, reason="GNU FriBidi not installed: apt-get install libfribidi-bin"
)


def expected_difference(text: str, line: VisualLine) -> str:
    """What reader adds on purpose: a dotted circle under a line of bare marks."""
    first = line.clusters[0] if line.clusters else None
    if first and first.text.startswith(DOTTED_CIRCLE) and text[first.offsets[0]] != DOTTED_CIRCLE:
        return DOTTED_CIRCLE
    return ""


def mismatches(text: str, lines: list[VisualLine]) -> list[tuple[str, str, str]]:
    """(source slice, ours, fribidi's) for every line that differs."""
    bad = []
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
    lines = list(ArticleLayout(text).lines(width))
    assert len(lines) > 5
    assert not any(line.cells > width for line in lines)
    assert mismatches(text, lines) == []


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
    lines = list(ArticleLayout(text).lines(width))
    # FriBidi shows a tab as a tab; reader shows it as a space.
    assert [
        (source, ours, expected.replace("\t", " "))
        for source, ours, expected in mismatches(text, lines)
        if ours != expected.replace("\t", " ")
    ] == []
