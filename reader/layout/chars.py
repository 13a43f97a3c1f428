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
- Invisible characters that can hide what a text says (zero-width space,
  word joiner, a byte-order mark inside the text, invisible operators, Unicode
  tag characters used to smuggle text past a reader) become U+FFFD. ZWNJ and
  ZWJ are not among them: they are how Persian and Urdu spell, and they decide
  letter joining, so they are shaped, not flagged.
- Line and paragraph separators inside a paragraph are shown as spaces.

`visible` applies the same policy to short texts that are not laid out
(file names in messages, error text, anything printed to a terminal).
"""

from __future__ import annotations

import re
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

# Zero-width and blank characters with no job in running text (Cf, plus the
# Hangul fillers that render as nothing); ZWNJ/ZWJ and the bidi marks have
# one and are handled apart.
INVISIBLE = frozenset(
    "\u180e\u200b\u2060\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f"
    "\ufeff\ufff9\ufffa\ufffb\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5"
)
_TAG_CHARACTERS = (0xE0000, 0xE007F)

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
    if char in EXPLICIT_FORMATTING or char in INVISIBLE:
        return REPLACEMENT, "ON"
    if _TAG_CHARACTERS[0] <= code <= _TAG_CHARACTERS[1]:
        return REPLACEMENT, "ON"
    if char in BIDI_MARKS:
        return "", unicodedata.bidirectional(char)
    if char in ("\u2028", "\u2029"):
        return " ", "WS"
    return char, unicodedata.bidirectional(char)


def _visible_table() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x7F] = "\u2421"
    placeholders = [*range(0x80, 0xA0), *range(0xD800, 0xE000)]
    placeholders += [*range(_TAG_CHARACTERS[0], _TAG_CHARACTERS[1] + 1)]
    placeholders += [ord(c) for c in EXPLICIT_FORMATTING | INVISIBLE | BIDI_MARKS]
    table.update(dict.fromkeys(placeholders, REPLACEMENT))
    return table


_VISIBLE = _visible_table()
_VISIBLE_KEEPING_LINES = {k: v for k, v in _VISIBLE.items() if chr(k) not in "\n\t"}


# A right-to-left script's letter: Hebrew, Arabic, Syriac, Thaana, NKo… and
# their presentation forms (FB1D–FDFF, FE70–FEFC).
RIGHT_TO_LEFT_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def visible(text: str, *, keep_lines: bool = False) -> str:
    """``text`` in logical order with every character a terminal would obey,
    or that would hide what the text says, replaced one for one by its
    placeholder (ESC → ␛, C1 and bidi controls → U+FFFD). With
    ``keep_lines``, line breaks and tabs pass (messages of several lines);
    otherwise they show too (a file name is one line)."""
    return text.translate(_VISIBLE_KEEPING_LINES if keep_lines else _VISIBLE)


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
