"""What each source character becomes on a terminal: glyph, bidi class, width.

Article text comes from scrapers and mail archives, and terminals obey some of
the characters in it. The rules here decide, for every code point, what the
layout engine may send. Each source character maps to at most one display
character, so source offsets never shift:

- C0 and C1 controls (ESC, BEL, CSI …) become visible placeholders: the Control
  Pictures (U+2400 block) for C0 and DEL, U+FFFD for C1. A tab is shown as a
  space but keeps its bidi class (S).
- Explicit bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069)
  become U+FFFD and lose their effect, so a hostile text cannot reorder what
  the reader sees ("Trojan Source").
- Bidi marks (LRM, RLM, ALM) act as the strong characters they are, but are
  not sent: they have no glyph, and a terminal doing its own bidi would obey
  them a second time.
- Line and paragraph separators inside a paragraph are shown as spaces.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from wcwidth import wcwidth

REPLACEMENT = "\ufffd"
# Shown for a line made only of combining marks, so that they have a cell.
DOTTED_CIRCLE = "\u25cc"

BIDI_MARKS = frozenset({"\u200e", "\u200f", "\u061c"})
EXPLICIT_FORMATTING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Where a line may break: spaces, but not the no-break ones (U+00A0,
# U+2007, U+202F), which exist to hold a number to its unit.
BREAKING_SPACES = frozenset(
    " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\u2028\u2029"
)

_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


@lru_cache(maxsize=4096)
def display_char(char: str) -> tuple[str, str]:
    """(glyph sent to the terminal, bidi class used for ordering) of one character.

    The glyph is "" for characters that are honoured but not sent (bidi marks).
    """
    code = ord(char)
    if char == "\t":
        return " ", "S"
    if code < 0x20:
        return chr(0x2400 + code), "ON"
    if code == 0x7F:
        return "\u2421", "ON"
    if 0x80 <= code < 0xA0 or 0xD800 <= code < 0xE000:
        return REPLACEMENT, "ON"
    if char in EXPLICIT_FORMATTING:
        return REPLACEMENT, "ON"
    if char in BIDI_MARKS:
        return "", unicodedata.bidirectional(char)
    if char in ("\u2028", "\u2029"):
        return " ", "WS"
    return char, unicodedata.bidirectional(char)


@lru_cache(maxsize=4096)
def cell_width(glyph: str) -> int:
    """Terminal cells a glyph takes: 0 for combining and zero-width, 2 for wide."""
    if not glyph:
        return 0
    width = wcwidth(glyph)
    # wcwidth says -1 only for controls, which display_char never lets through.
    return max(width, 0)


def is_harakah(char: str) -> bool:
    """An Arabic-script combining mark (harakat, shadda, sukun, Quranic marks)."""
    code = ord(char)
    return unicodedata.category(char) == "Mn" and any(
        low <= code <= high for low, high in _ARABIC_RANGES
    )
