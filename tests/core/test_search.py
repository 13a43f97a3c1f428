"""Arabic-aware search: spelling variants from the seeds, whole words with proclitics,
substrings, and the reader search command."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS, read_text
from conftest import run_reader as run

from reader.nlp.search import QueryError, compile_query, find, with_lines


@pytest.fixture(scope="module")
def corpus() -> str:
    return "\n".join(read_text(p) for p in SEEDS)


def words_found(text: str, query: str, whole_word: bool = True) -> set[str]:
    """The whole words that hold a hit (for substring hits, the word around it)."""
    found = set()
    for hit in find(text, query, whole_word):
        start, end = hit.start, hit.end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        found.add(text[start:end].strip("«»“”\"'،,.:؛؟()"))
    return found


# (query as a reader types it, whole word?, spellings in the seeds it must find)
VARIANTS = [
    ("الولايات المتحده", True, {"الولايات المتحدة", "والولايات المتحدة"}),
    ("الامريكيه", True, {"الأمريكية"}),
    ("امريكا", False, {"الأمريكية", "الأمريكي"}),  # substring: the final alef optional
    ("الصين", True, {"الصين", "والصين", "للصين"}),  # proclitics, and ل + (ا)لصين
    ("الذكاء", True, {"بالذكاء", "للذكاء", "الذكاء"}),
    ("طريقا", True, {"طريقًا"}),  # tanwin ignored
    ("دليلا", True, {"دليلاً"}),
    ("علي", True, {"على"}),  # ى / ي
    ("الشركه", True, {"الشركة"}),  # ة / ه
    ("deepseek", True, {"DeepSeek", "Deepseek"}),  # Latin case
    ("NVIDIA", True, {"Nvidia", "NVIDIA"}),
]


@pytest.mark.parametrize(("query", "whole_word", "expected"), VARIANTS)
def test_spelling_variants_from_the_seeds(
    corpus: str, query: str, whole_word: bool, expected: set[str]
) -> None:
    found = words_found(corpus, query, whole_word)
    assert expected <= found, (query, expected - found)


def test_whole_words_do_not_match_inside_other_words(corpus: str) -> None:
    assert "الصينية" in corpus and "الصيني" in corpus
    found = words_found(corpus, "الصين")
    assert not found & {"الصينية", "الصيني", "الصينيين"}
    # Substring mode does find them.
    assert {"الصينية", "الصيني"} <= words_found(corpus, "الصين", whole_word=False)
    assert "Deepseeks" not in words_found(corpus, "deepseek")


def test_harakat_tatweel_and_digits_are_ignored_or_equal() -> None:
    text = "قالَ الرئيسُ إنّ عامَ ٢٠٢٥ سيكون صعباً على الشـركـة، و2025 أيضاً."
    assert [text[h.start : h.end] for h in find(text, "ان")] == ["إنّ"]
    assert [text[h.start : h.end] for h in find(text, "2025")] == ["٢٠٢٥", "2025"]
    assert [text[h.start : h.end] for h in find(text, "٢٠٢٥")] == ["٢٠٢٥", "2025"]
    assert [text[h.start : h.end] for h in find(text, "الشركة")] == ["الشـركـة"]
    assert [text[h.start : h.end] for h in find(text, "صعبا")] == ["صعباً"]
    # A word that ends where punctuation starts is whole; a mark mid-word is not a start.
    assert find(text, "الرئيس") and not find(text, "رئيس")


def test_hits_are_offsets_into_the_exact_text_and_lines_count_every_break() -> None:
    text = "سطر أول\r\nسطر ثانٍ عن الصين\rسطر ثالث\nوالصين أخيرا"
    hits = with_lines(text, find(text, "الصين"))
    assert [(line, text[start:end]) for line, start, end, _ in hits] == [
        (2, "سطر ثانٍ عن الصين"),
        (4, "والصين أخيرا"),
    ]
    for *_, hit in hits:
        assert re.sub("^و", "", text[hit.start : hit.end]) == "الصين"


def test_empty_queries_are_refused() -> None:
    for query in ("", "   ", "\u064e\u0640"):
        with pytest.raises(QueryError):
            compile_query(query)


def test_search_command_prints_file_line_snippet_in_logical_order_when_piped() -> None:
    seed = SEEDS[0]
    lines = run("search", "الصين", str(seed)).stdout.splitlines()
    assert lines and all(line.startswith(f"{seed}:") for line in lines)
    text = read_text(seed).splitlines()
    for line in lines:
        _, number, snippet = line.split(":", 2)
        assert snippet.strip().strip("…") in text[int(number) - 1]  # logical order
    missing = run("search", "كلمةغيرموجودة", str(seed))
    assert missing.returncode == 1 and "no match" in missing.stderr
    assert run("search", "", str(seed)).returncode == 2


# -- names written more than one way ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        ("أمريكا", "زار أميركا ثم أمريكا", ["أميركا", "أمريكا"]),
        ("أميركا", "زار أمريكا", ["أمريكا"]),
        ("نفيديا", "رقائق إنفيديا وانفيديا ونفيديا", ["إنفيديا", "انفيديا", "نفيديا"]),
        ("إنفيديا", "قالت نفيديا", ["نفيديا"]),
        ("جوجل", "شركة غوغل وقوقل", ["غوغل", "قوقل"]),
        ("أوروبا", "في أوربا", ["أوربا"]),
    ],
)
def test_a_name_is_found_by_any_of_its_spellings(query: str, text: str, found: list[str]) -> None:
    assert [text[h.start : h.end] for h in find(text, query)] == found


def test_the_longer_spelling_is_not_read_as_a_prefix_plus_the_shorter() -> None:
    from reader.nlp.search import spellings

    assert spellings("انفيديا") == spellings("نفيديا") == ["انفيديا", "نفيديا"]
    assert spellings("الصين") == ["الصين"]  # no variant: the query alone


def test_variants_keep_substring_mode() -> None:
    text = "السياسة الأميركية والأمريكي"
    assert [text[h.start : h.end] for h in find(text, "أمريكا", whole_word=False)] == [
        "أميرك",
        "أمريك",
    ]
