"""Words, numbers and punctuation, with code-point offsets into the text.

Clitics stay on their word (والصين is one token), as in ANERcorp and as a
reader sees words; harakat, tatweel and ZWNJ stay inside the word they sit
in. Punctuation is one token per character so that «DeepSeek» yields the
name alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Marks and joiners that live inside a word without being letters themselves.
_IN_WORD = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_TOKEN = re.compile(
    rf"""
    (?P<number>\d+(?:[.,٫٬]\d+)*(?![\w{_IN_WORD}]))
  | (?P<word>[^\W_][\w{_IN_WORD}]*(?:[-'’.][^\W_][\w{_IN_WORD}]*)*(?<![.]))
  | (?P<punct>[^\s{_IN_WORD}])
  | (?P<mark>[{_IN_WORD}]+)
    """,
    re.VERBOSE,
)
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NUMBER = re.compile(r"\d[\d.,٫٬]*")


class Token(NamedTuple):
    # A named tuple, not a dataclass: a megabyte of text makes 200,000 of
    # them, and a tuple is built several times faster.
    start: int
    end: int  # exclusive
    text: str
    kind: str  # "arabic", "latin", "number", "mixed", "punct", "other"


def _kind(text: str) -> str:
    if _NUMBER.fullmatch(text):
        return "number"
    if not any(map(str.isalnum, text)):
        return "punct"
    arabic = _ARABIC.search(text) is not None
    latin = _LATIN.search(text) is not None
    if arabic and latin:
        return "mixed"
    if arabic:
        return "arabic"
    if latin:
        return "latin"
    return "other"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of text[start:end], offsets into `text`."""
    tokens: list[Token] = []
    append = tokens.append
    kinds: dict[str, str] = {}
    make = tuple.__new__  # Token's own constructor is a Python function: slower
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        value = match.group()
        kind = kinds.get(value)
        if kind is None:
            kind = kinds[value] = _kind(value)
        first, last = match.span()
        append(make(Token, (first, last, value, kind)))
    return tokens
