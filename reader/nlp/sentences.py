"""Sentence boundaries in Arabic (and mixed) news text, as code-point offsets.

A sentence ends at ``.``, ``!``, ``?``, ``؟`` or ``…`` (and runs of them)
followed by a space or the end of the paragraph; closing quotes and brackets
right after the mark belong to the sentence they close. A paragraph break
always ends a sentence. The Arabic comma (،) and semicolon (؛) do not end one.

Not boundaries: a point between digits (12.5, 27.01.2025), a point after a
single letter (د. for doctor, "U.S." pieces, initials) and a point after a
known abbreviation (Dr., e.g., Inc.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.paragraphs import Paragraph, split_paragraphs

TERMINATORS = ".!?؟…"
CLOSERS = "»”’\"')]}›"
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "inc", "ltd", "co", "corp", "jr", "sr",
        "vs", "etc", "e.g", "i.e", "u.s", "u.k", "no", "fig", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt",
        # Arabic: doctor, engineer, professor, Hijri/Gregorian year marks, page.
        "د", "م", "أ", "ص", "ه", "هـ", "ج", "ق",
    }
)  # fmt: skip

_BOUNDARY = re.compile(rf"[{re.escape(TERMINATORS)}]+[{re.escape(CLOSERS)}]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"(\w[\w.]*)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int  # exclusive
    paragraph: int


def _is_abbreviation(text: str, mark: int, paragraph_start: int) -> bool:
    """Is the point at ``mark`` the end of an abbreviation rather than a sentence?"""
    if text[mark] != ".":
        return False
    match = _WORD_BEFORE.search(text, paragraph_start, mark)
    if match is None:
        return False
    word = match.group(1).rstrip("\u0640").lower()
    if word in ABBREVIATIONS:
        return True
    # One letter (initials, د.), but not a digit (a numbered item or year).
    return len(word) == 1 and word.isalpha()


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of an article, in order, without surrounding spaces."""
    return [s for p in split_paragraphs(text) for s in paragraph_sentences(text, p)]


def paragraph_sentences(text: str, paragraph: Paragraph) -> list[Sentence]:
    """The sentences of one paragraph (a view needs no more than the ones it shows)."""
    sentences: list[Sentence] = []
    start = paragraph.start
    for match in _BOUNDARY.finditer(text, paragraph.start, paragraph.end):
        if _is_abbreviation(text, match.start(), paragraph.start):
            continue
        _add(text, start, match.end(), paragraph.index, sentences)
        start = match.end()
    _add(text, start, paragraph.end, paragraph.index, sentences)
    return sentences


def _add(text: str, start: int, end: int, paragraph: int, into: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        into.append(Sentence(start, end, paragraph))
