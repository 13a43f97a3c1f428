"""Why reader owns its bidi and shaping instead of python-bidi + arabic-reshaper.

These pin down the defects that made us write our own (and will tell us,
by failing, if a new release fixes them). Each compares against reader and,
where it is installed, GNU FriBidi.
"""

from __future__ import annotations

import unicodedata

import pytest
from fribidi_ref import FRIBIDI, fribidi_visual

from reader.layout import ArticleLayout

bidi = pytest.importorskip("bidi")
arabic_reshaper = pytest.importorskip("arabic_reshaper")


def ours(text: str) -> str:
    (line,) = ArticleLayout(text).lines(200)
    return line.visual


def test_python_bidi_does_not_mirror_brackets() -> None:
    text = "(مرحبا)"
    theirs = bidi.get_display(text, base_dir="R")
    # Unmirrored, the brackets point away from the word they enclose.
    assert theirs == ")ابحرم("
    assert unicodedata.normalize("NFKC", ours(text)) == "(ابحرم)"


def test_python_bidi_puts_harakat_before_their_letter() -> None:
    text = "كَتَبَ"
    theirs = bidi.get_display(text, base_dir="R")
    # UAX #9 L3 not applied: a terminal would draw each mark on the wrong letter.
    assert unicodedata.category(theirs[0]) == "Mn"
    assert unicodedata.category(ours(text)[0]) == "Lo"


@pytest.mark.skipif(FRIBIDI is None, reason="GNU FriBidi not installed")
def test_reader_agrees_with_fribidi_where_python_bidi_does_not() -> None:
    text = "قال (كَتَبَ) «نص»"
    (reference,) = fribidi_visual([text], "rtl")
    assert ours(text) == reference
    assert bidi.get_display(text, base_dir="R") != unicodedata.normalize("NFKC", reference)


def test_arabic_reshaper_drops_harakat_and_changes_length() -> None:
    text = "كَتَبَ لا"
    reshaped = arabic_reshaper.reshape(text)
    assert not any(unicodedata.category(c) == "Mn" for c in reshaped)
    assert len(reshaped) != len(text)  # no offset map survives this
    (line,) = ArticleLayout(text).lines(200)
    assert sorted(o for c in line.clusters for o in c.offsets) == list(range(len(text)))
