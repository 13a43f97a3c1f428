from __future__ import annotations

from itertools import pairwise

from conftest import SEEDS, read_text

from reader.nlp.simple_entities import NAME, NUMBER, PERCENT, extract, group


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.type, m.text) for m in extract(text)]


def test_latin_names_with_model_numbers_inside_arabic() -> None:
    text = "أعلنت Nvidia A100 و H100 بينما ردّت شركة DeepSeek."
    assert kinds(text) == [(NAME, "Nvidia A100"), (NAME, "H100"), (NAME, "DeepSeek")]


def test_percentages_in_both_digit_systems_and_in_words() -> None:
    text = "ارتفع 12.5% ثم ٣٫٥٪ ثم 40 في المائة و 7 بالمئة"
    found = extract(text)
    assert [(m.type, m.canonical) for m in found] == [
        (PERCENT, "12.5%"), (PERCENT, "3.5%"), (PERCENT, "40%"), (PERCENT, "7%")
    ]  # fmt: skip


def test_numbers_and_exact_offsets() -> None:
    text = "في عام 2024 بلغ العدد ١٢٣ ألفاً"
    found = extract(text)
    assert [(m.type, m.canonical) for m in found] == [(NUMBER, "2024"), (NUMBER, "123")]
    for mention in found:
        assert text[mention.start : mention.end] == mention.text


def test_grouping_counts_spellings_of_one_name_together() -> None:
    entities = group(extract("DeepSeek ثم Deepseek ثم DEEPSEEK و Nvidia"))
    deepseek = next(e for e in entities if e.canonical == "deepseek")
    assert len(deepseek.mentions) == 3
    assert deepseek.variants == ["DEEPSEEK", "DeepSeek", "Deepseek"]


def test_seed_mentions_do_not_overlap_and_match_the_text() -> None:
    text = read_text(SEEDS[0])
    found = extract(text)
    deepsec = [m for m in found if m.type == NAME and m.canonical == "deepsec"]
    assert len(deepsec) == 14  # the seed's own spelling, 14 times
    for a, b in pairwise(found):
        assert a.end <= b.start
    assert all(text[m.start : m.end] == m.text for m in found)
