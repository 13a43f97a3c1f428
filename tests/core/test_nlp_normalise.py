"""Normalisation for matching, proclitics, and tokens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.nlp.normalise import (
    normalise,
    normalise_with_offsets,
    proclitic_splits,
    strip_proclitics,
)
from reader.nlp.tokens import tokenize


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("أمريكا", "امريكا"),
        ("إسرائيل", "اسرائيل"),
        ("آسيا", "اسيا"),
        ("مدرسة", "مدرسه"),
        ("على", "علي"),
        ("مسؤول", "مسئول"),
        ("الأُمَمُ المُتَّحِدَة", "الامم المتحده"),
        ("العـــربية", "العربيه"),
        ("٢٠٢٥", "2025"),
        ("۱۴۰۳", "1403"),
        ("DeepSeek", "deepseek"),
        ("ﻻ", "لا"),
        ("کتاب", "كتاب"),
    ],
)
def test_spellings_of_one_word_fold_together(one: str, other: str) -> None:
    assert normalise(one) == normalise(other)


@pytest.mark.parametrize(("one", "other"), [("سلام", "سلم"), ("قال", "قل"), ("بين", "بن")])
def test_different_words_stay_different(one: str, other: str) -> None:
    assert normalise(one) != normalise(other)


def test_offsets_map_folded_text_back_to_the_source() -> None:
    text = "قالَ الرَّئِيسُ: أَمْرِيكَا"
    folded, offsets = normalise_with_offsets(text)
    assert folded == normalise(text)
    at = folded.index("امريكا")
    start, end = offsets[at], offsets[at + len("امريكا")]
    assert text[start:end] == "أَمْرِيكَا"


def test_presentation_forms_fold_with_offsets_as_without() -> None:
    text = "ﻷن ﺁﺧﺮ"  # lam-alef with hamza and alef madda as presentation forms
    folded, offsets = normalise_with_offsets(text)
    assert folded == normalise(text) == "لان اخر"
    assert offsets[:3] == [0, 0, 1]  # the ligature's two letters come from one character


@given(st.text())
def test_offsets_are_monotonic_and_in_range(text: str) -> None:
    folded, offsets = normalise_with_offsets(text)
    assert len(offsets) == len(folded) + 1
    assert offsets == sorted(offsets)
    assert all(0 <= o <= len(text) for o in offsets)


def test_proclitic_readings_keep_the_article_on_the_name() -> None:
    assert ("و", "الصين") in list(proclitic_splits("والصين"))
    assert ("وب", "الصين") in list(proclitic_splits("وبالصين"))
    # ل before the article drops its alef; the reading gives it back.
    assert ("ل", "الصين") in list(proclitic_splits("للصين"))
    assert list(proclitic_splits("الصين"))[-1] == ("", "الصين")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("وليد", ("", "وليد")),  # a name that starts with و
        ("لبنان", ("", "لبنان")),  # with ل
        ("فرنسا", ("", "فرنسا")),  # with ف
        ("وفرنسا", ("و", "فرنسا")),
        ("والصين", ("و", "الصين")),
        ("بالصين", ("ب", "الصين")),
        ("للصين", ("ل", "الصين")),
        ("ولبنان", ("و", "لبنان")),
        ("وبكين", ("و", "بكين")),
        ("كتاب", ("", "كتاب")),  # unknown, no article: a letter is not taken as a clitic
        ("والكتاب", ("و", "الكتاب")),  # unknown, but the article shows where the word starts
    ],
)
def test_strip_proclitics_uses_the_lexicon(word: str, expected: tuple[str, str]) -> None:
    known = {normalise(w) for w in ("وليد", "لبنان", "فرنسا", "الصين", "بكين")}
    assert strip_proclitics(normalise(word), known.__contains__) == tuple(
        normalise(x) for x in expected
    )


def test_tokens_split_punctuation_and_keep_marks_and_numbers_whole() -> None:
    text = "أعلن «DeepSeek» في ٢٧/١ أن نسبة ٣٫٥٪ من الأُمَمِ، و GPT-4 و H100."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "أعلن", "«", "DeepSeek", "»", "في", "٢٧", "/", "١", "أن", "نسبة", "٣٫٥", "٪",
        "من", "الأُمَمِ", "،", "و", "GPT-4", "و", "H100", ".",
    ]  # fmt: skip
    assert all(text[t.start : t.end] == t.text for t in tokens)
    kinds = {t.text: t.kind for t in tokens}
    assert kinds["DeepSeek"] == "latin" and kinds["٣٫٥"] == "number"
    assert kinds["«"] == "punct" and kinds["الأُمَمِ"] == "arabic"
