"""A small rule-based extractor until the statistical one (issue 4) lands.

It finds what needs no Arabic model: Latin-script names and products inside
Arabic text ("Nvidia A100", "DeepSeek"), percentages (12.5%, ٣٫٥٪, 40 في المائة)
and other numbers. Mentions carry code-point offsets into the article text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

NAME = "NAME"
PERCENT = "PERCENT"
NUMBER = "NUMBER"

_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_NUMBER = rf"{_DIGIT}+(?:[.,٫٬]{_DIGIT}+)*"
_PERCENT = re.compile(rf"{_NUMBER}\s?(?:%|٪|في\s?الما?ئة|بالما?ئة)")
_NUMBER_RE = re.compile(rf"(?<![\w.,٫٬]){_NUMBER}(?![\w])")
# A Latin word, and the Latin words or model numbers that follow it.
_LATIN = re.compile(
    r"[A-Za-z][A-Za-z0-9'’&.-]*[A-Za-z0-9](?:\s+[A-Z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)*"
)
_DIGIT_VALUES = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int  # exclusive
    text: str
    type: str
    canonical: str


@dataclass(frozen=True, slots=True)
class Entity:
    type: str
    canonical: str
    mentions: tuple[Mention, ...]

    @property
    def variants(self) -> list[str]:
        return sorted({m.text for m in self.mentions})


def extract(text: str) -> list[Mention]:
    """Mentions in document order; no two overlap."""
    found: list[Mention] = []
    starts: list[int] = []  # of the spans taken so far, sorted, with their ends
    ends: list[int] = []

    def add(start: int, end: int, kind: str, canonical: str) -> None:
        # Earlier passes win: skip a span that overlaps one already taken.
        at = bisect_right(starts, start)
        if (at > 0 and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            return
        starts.insert(at, start)
        ends.insert(at, end)
        found.append(Mention(start, end, text[start:end], kind, canonical))

    for match in _PERCENT.finditer(text):
        value = re.match(_NUMBER, match.group())
        number = value.group().translate(_DIGIT_VALUES) if value else match.group()
        add(match.start(), match.end(), PERCENT, f"{number}%")
    for match in _LATIN.finditer(text):
        words = match.group()
        if len(words) > 1 or words.isupper():
            add(match.start(), match.end(), NAME, words.casefold())
    for match in _NUMBER_RE.finditer(text):
        add(match.start(), match.end(), NUMBER, match.group().translate(_DIGIT_VALUES))
    return sorted(found, key=lambda m: m.start)


def group(mentions: list[Mention]) -> list[Entity]:
    """One entity per (type, canonical), most mentioned first within each type."""
    by_key: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_key[(mention.type, mention.canonical)].append(mention)
    entities = [Entity(t, c, tuple(ms)) for (t, c), ms in by_key.items()]
    return sorted(entities, key=lambda e: (e.type, -len(e.mentions), e.canonical))
