"""Searching Arabic the way Arabic readers type it.

A query is turned into one regular expression over the article's own text, so
hits are code-point offsets into it with no second, normalised copy of a 10 MB
article: every letter of the folded query (`normalise`) matches each letter
that folds to it (أ إ آ ا ٱ, ة ه, ى ي, Arabic-Indic and Western digits), Latin
letters match either case, and harakat, tatweel and invisible format
characters may sit between any two letters.

Two modes:
- whole word (the default): the query matches whole words, which may carry
  proclitics in front (الصين finds والصين، بالصين، للصين — the lam of ل
  swallows the article's alef); the hit is the word without them, as an
  entity mention is;
- substring: anywhere, and the query's last long vowel or taa marbuta is
  optional, so that أمريكا finds الأمريكية and أمريكي too.

Names written more than one way (أمريكا / أميركا, إنفيديا / نفيديا) are found
by any of their spellings: the small table `SPELLING_VARIANTS`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from reader.nlp.normalise import _DROPPED, _FOLD, normalise

# Characters that may sit inside a word without being part of its spelling.
_IGNORABLE = "[" + "".join(re.escape(c) for c in _DROPPED) + "]*"
_PROCLITICS = f"(?:[وف]?{_IGNORABLE}[بكل]?{_IGNORABLE})"
# A word starts where no letter, digit or mark of the same word comes before,
# and ends where none follows (punctuation such as ، or . may).
_WORD_START = r"(?<![\w\u064b-\u065f\u0670])"
_WORD_END = r"(?!\w)"
_MIN_STEM = 3


class QueryError(ValueError):
    """A query that cannot be searched for (empty, or only marks)."""


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int  # exclusive


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Folded character → a regex class of every character that folds to it."""
    members: defaultdict[str, set[str]] = defaultdict(set)
    for source, folded in _FOLD.items():
        members[folded].add(source)
    for folded in list(members):
        members[folded].add(folded)
    return {
        folded: "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
        for folded, chars in members.items()
    }


def _letter(char: str) -> str:
    if char.isspace():
        return r"\s+"
    return _variants().get(char, re.escape(char))


def _spelled(folded: str) -> str:
    """A folded word or phrase as a pattern over unfolded text."""
    parts: list[str] = []
    for char in folded:
        if char.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
            continue
        parts.append(_letter(char))
    return _IGNORABLE.join(parts)


# Names Arabic writers spell more than one way, beyond what folding evens
# out (hamza, taa marbuta, alef maksura): a query holding one spelling finds
# the others. Folded forms, as stems where the word takes endings
# (امريك: أمريكا, الأمريكية). The longest spelling of a group is looked for
# first, so that انفيديا is not read as ا + نفيديا.
SPELLING_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("امريك", "اميرك"),  # أمريكا / أميركا
    ("انفيديا", "نفيديا"),  # إنفيديا / انفيديا / نفيديا
    ("غوغل", "جوجل", "قوقل"),  # Google
    ("فيسبوك", "فيس بوك"),
    ("ترامب", "ترمب"),
    ("تويتر", "توتير"),
    ("يوتيوب", "يوتوب"),
    ("مايكروسوفت", "ميكروسوفت"),
    ("اوروب", "اورب"),  # أوروبا / أوربا
)


def spellings(folded: str) -> list[str]:
    """`folded` and its other spellings (SPELLING_VARIANTS), longest first."""
    found = [folded]
    for group in SPELLING_VARIANTS:
        member = next((m for m in sorted(group, key=len, reverse=True) if m in folded), None)
        if member is None:
            continue
        found = [f.replace(member, other, 1) for f in found for other in group]
    return sorted(set(found), key=lambda f: (-len(f), f))


def _any(patterns: list[str]) -> str:
    return patterns[0] if len(patterns) == 1 else "(?:" + "|".join(patterns) + ")"


@lru_cache(maxsize=64)  # a library search compiles a query once, not once per article
def compile_query(query: str, whole_word: bool = True) -> re.Pattern[str]:
    """The pattern that finds `query` as described above; QueryError if it is empty."""
    folded = " ".join(normalise(query).split())
    if not folded:
        raise QueryError("the search is empty")
    forms = spellings(folded)
    if whole_word:
        # The hit is the word without its proclitics, as an entity mention is.
        word = f"(?P<word>{_any([_spelled(f) for f in forms])}{_IGNORABLE})"
        with_article = [f for f in forms if f.startswith("ال") and len(f) > 2]
        if with_article:
            # للصين: ل + (ا)لصين; the hit is لصين, after the preposition.
            contracted_forms = _any([_spelled(f[1:]) for f in with_article])
            contracted = f"(?P<contracted>{contracted_forms}{_IGNORABLE})"
            body = f"(?:{_PROCLITICS}{word}|[وف]?{_IGNORABLE}ل{_IGNORABLE}{contracted})"
        else:
            body = f"{_PROCLITICS}{word}"
        pattern = f"{_WORD_START}{body}{_WORD_END}"
    else:
        pattern = f"(?P<word>{_any([_spelled(_stem(f)) for f in forms])})"
    return re.compile(pattern, re.IGNORECASE)


def _stem(folded: str) -> str:
    """The query without its ending: ية/يه, or one final ا و ي ه (ة folds to ه)."""
    for ending in ("يه", "ا", "و", "ي", "ه"):
        if folded.endswith(ending) and len(folded) - len(ending) >= _MIN_STEM:
            return folded[: -len(ending)]
    return folded


def find(text: str, query: str, whole_word: bool = True, limit: int | None = None) -> list[Hit]:
    """Every hit of `query` in `text`, in order (at most `limit`)."""
    pattern = compile_query(query, whole_word)
    hits: list[Hit] = []
    for match in pattern.finditer(text):
        group = "word" if match.start("word") >= 0 else "contracted"
        start, end = match.span(group)
        if end > start:
            hits.append(Hit(start, end))
            if limit is not None and len(hits) >= limit:
                break
    return hits


def with_lines(text: str, hits: list[Hit]) -> list[tuple[int, int, int, Hit]]:
    """Each hit with (1-based line number, line start, line end). Lines end at
    \\n, \\r\\n or a lone \\r, the article's own line breaks. One pass over the
    text for all hits, however many."""
    result: list[tuple[int, int, int, Hit]] = []
    line, line_start, position = 1, 0, 0
    for hit in hits:
        for match in _LINE_BREAK.finditer(text, position, hit.start):
            line += 1
            line_start = match.end()
        position = max(position, hit.start)
        end_match = _LINE_BREAK.search(text, hit.start)
        line_end = end_match.start() if end_match else len(text)
        result.append((line, line_start, line_end, hit))
    return result


def around(hit: Hit, line_start: int, line_end: int, context: int) -> tuple[int, int]:
    """The part of the hit's line within `context` characters of it: a snippet."""
    return max(line_start, hit.start - context), min(line_end, hit.end + context)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
