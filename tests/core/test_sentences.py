from __future__ import annotations

from itertools import pairwise

import pytest
from conftest import SEEDS, read_text
from hypothesis import given
from hypothesis import strategies as st

from reader.nlp.sentences import split_sentences


def pieces(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("هل نجحت؟ نعم. بالتأكيد!", ["هل نجحت؟", "نعم.", "بالتأكيد!"]),
        ("قال: «انتهى الأمر.» ثم غادر.", ["قال: «انتهى الأمر.»", "ثم غادر."]),
        ("ارتفع بنسبة 12.5% في 27.01.2025 فقط.", ["ارتفع بنسبة 12.5% في 27.01.2025 فقط."]),
        ("قال د. محمد إن الوضع صعب. وأضاف.", ["قال د. محمد إن الوضع صعب.", "وأضاف."]),
        (
            "Dr. Smith met U.S. officials. Then left.",
            ["Dr. Smith met U.S. officials.", "Then left."],
        ),
        ("أولاً، ثانياً؛ ثالثاً", ["أولاً، ثانياً؛ ثالثاً"]),
        ("انتظر… ماذا؟! حسناً", ["انتظر…", "ماذا؟!", "حسناً"]),
        ("سطر بلا نقطة\nسطر آخر", ["سطر بلا نقطة", "سطر آخر"]),
        ("“اقتباس.” (ملاحظة.) نهاية", ["“اقتباس.”", "(ملاحظة.)", "نهاية"]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert pieces(text) == expected


def test_seed_sentences_cover_the_text_in_order() -> None:
    text = read_text(SEEDS[0])
    sentences = split_sentences(text)
    assert len(sentences) > 20
    assert all(a.end <= b.start for a, b in pairwise(sentences))
    covered = "".join(text[s.start : s.end] for s in sentences)
    assert covered.replace(" ", "") == "".join(text.split())


@given(st.text(alphabet=st.sampled_from(list("اب تث.؟!…«»\n12 a.")), max_size=80))
def test_sentences_are_ordered_trimmed_and_lose_nothing(text: str) -> None:
    sentences = split_sentences(text)
    position = 0
    for sentence in sentences:
        assert text[position : sentence.start].strip() == ""
        piece = text[sentence.start : sentence.end]
        assert piece == piece.strip() and piece
        assert "\n" not in piece
        position = sentence.end
    assert text[position:].strip() == ""
