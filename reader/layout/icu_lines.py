"""Whole paragraphs to terminal lines through ICU, for `reader render`.

The engine lays out one line at a time in Python and keeps, for every cell,
the source offsets it shows: the reader needs that, `reader render` does not,
and it costs some 5 µs a character (a 10 MB article takes half a minute).
ICU shapes (u_shapeArabic) and reorders (ubidi) in C. This module sends it the
paragraphs on which it and the engine are known to give the same lines, and
answers None for any other, which the engine then lays out:

- every character is one ICU and the engine treat alike: not changed by
  `display_char`, one cell wide (or an Arabic mark, none), and, for letters
  and marks, shaped the same in all four joining positions — checked against
  the engine's shaper, character by character, the first time it is needed;
- no mark starts a word, and the only breaking space is U+0020;
- no word is wider than the line (the engine then cuts between glyphs).

Where the two would part on purpose, the input is adjusted first: ICU makes a
lam-alef ligature across the harakat between them (لًا), which the engine, as
GNU FriBidi, does not; a ZWJ after the marks keeps the lam joined to the alef
but stops the ligature, and is dropped after shaping. ICU also turns harakat
into their presentation forms (U+FE70 …), which are mapped back: a terminal
puts a combining mark on the letter before it, not a spacing form.

The tests hold this path to the engine's output on the seeds, the torture
file and generated text (and it gave the engine's lines on all of ANERcorp's
680,000 characters when it was written). Without PyICU (`pyicu-wheels` has no macOS
wheels), `available()` is False and everything goes through the engine.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache
from typing import NamedTuple

from reader.layout.chars import BREAKING_SPACES, cell_width, display_char, is_harakah
from reader.layout.shaping import joining_type, shape

try:
    import icu
except ImportError:  # pragma: no cover - where no wheel exists
    icu = None

_ZWJ = "\u200d"
_LAM = "\u0644"
_ALEFS = "\u0622\u0623\u0625\u0627"
_BEH = "\u0628"
# Presentation forms of harakat (isolated, then medial where there is one)
# back to the combining marks: ICU shapes the marks too.
_MARK_FORMS = {
    0xFE70: 0x064B,
    0xFE71: 0x064B,
    0xFE72: 0x064C,
    0xFE74: 0x064D,
    0xFE76: 0x064E,
    0xFE77: 0x064E,
    0xFE78: 0x064F,
    0xFE79: 0x064F,
    0xFE7A: 0x0650,
    0xFE7B: 0x0650,
    0xFE7C: 0x0651,
    0xFE7D: 0x0651,
    0xFE7E: 0x0652,
    0xFE7F: 0x0652,
}
_AFTER_SHAPING = {**_MARK_FORMS, ord(_ZWJ): None}

# Characters looked at: Latin, punctuation and symbols a news article uses,
# Hebrew, and the Arabic blocks (not the presentation forms: text that
# already holds them goes to the engine, which passes them through).
_CANDIDATES = (
    (0x0020, 0x007E),
    (0x00A0, 0x024F),
    (0x0590, 0x05FF),
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0x2010, 0x205E),
    (0x20A0, 0x20C0),
    (0x2100, 0x215F),
)


def available() -> bool:
    return icu is not None


def _engine_shape(text: str) -> str:
    classes = [unicodedata.bidirectional(c) for c in text]
    return "".join(shape(list(text), [1] * len(text), classes))


def _agreement(char: str) -> int:
    """In how many joining positions ICU shapes ``char`` as the engine does:
    2 alone and after a letter that joins on both sides, 4 also before one
    and between two; 0 when the first two already differ."""
    contexts = (char, _BEH + char, char + _BEH, _BEH + char + _BEH)
    agreeing = 0
    for context in contexts:
        if _icu_shape(context) != _engine_shape(context):
            break
        agreeing += 1
    return agreeing if agreeing in (2, 4) else 0


class _Eligible(NamedTuple):
    marks: list[str]
    # Shaped alike wherever they stand.
    letters: list[str]
    # Shaped alike at the end of a word only (ICU gives alef maksura ى
    # initial and medial forms from the Uighur block; the engine, as FriBidi,
    # has none): refused before a letter they would join.
    word_final: list[str]


@cache
def _eligible() -> _Eligible:
    eligible = _Eligible([], [], [])
    for low, high in _CANDIDATES:
        for code in range(low, high + 1):
            char = chr(code)
            if display_char(char) != (char, unicodedata.bidirectional(char)):
                continue
            if char in BREAKING_SPACES and char != " ":
                continue
            if is_harakah(char) and cell_width(char) == 0:
                if _agreement(char) == 4:
                    eligible.marks.append(char)
                continue
            if cell_width(char) != 1 or unicodedata.category(char) in ("Mn", "Me", "Cf"):
                continue
            if joining_type(char) == "U" and not 0x0600 <= code < 0x0900:
                eligible.letters.append(char)  # joins nothing in either
            elif (agreeing := _agreement(char)) == 4:
                eligible.letters.append(char)
            elif agreeing == 2:
                eligible.word_final.append(char)
    return eligible


def _class_of(chars: list[str]) -> str:
    """Characters as the inside of a regex class, runs as ranges (``a-z``)."""
    parts: list[str] = []
    codes = sorted(map(ord, chars))
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(parts)


class _Patterns(NamedTuple):
    # Any of these found in a paragraph sends it to the engine: a character
    # not eligible, a mark with no letter before it in its word, a letter
    # shaped alike only at a word's end before a letter it would join.
    refused: tuple[re.Pattern[str], ...]
    lam_marks: re.Pattern[str]  # a lam and the harakat between it and an alef
    mark: re.Pattern[str]
    mark_set: frozenset[str]
    any_harakah: re.Pattern[str]  # for --harakat strip


@cache
def _patterns() -> _Patterns:
    eligible = _eligible()
    marks = _class_of(eligible.marks)
    joining = _class_of(
        [c for c in eligible.letters + eligible.word_final if joining_type(c) in "RDC"]
    )
    every = _class_of(eligible.marks + eligible.letters + eligible.word_final)
    # Three simple scans, not one alternation: each runs through a paragraph
    # at the regex engine's full speed.
    refused = (
        re.compile(f"[^{every}]"),
        re.compile(f" [{marks}]"),  # and one at the start: `mark_set`
        re.compile(f"[{_class_of(eligible.word_final)}][{marks}]*(?=[{joining}])"),
    )
    harakat = [chr(code) for code in range(0x0600, 0x0900) if is_harakah(chr(code))]
    return _Patterns(
        refused,
        re.compile(f"{_LAM}[{marks}]+(?=[{_ALEFS}])"),
        re.compile(f"[{marks}]"),
        frozenset(eligible.marks),
        re.compile(f"[{_class_of(harakat)}]"),
    )


_MARK_FORM = re.compile("[\ufe70-\ufe7f\u200d]")


def _icu_shape(text: str, *, marked: bool = True) -> str:
    """ICU's presentation forms of ``text``, harakat left as marks; ``marked``
    False says that ``text`` has no harakat and no ZWJ (nothing to map back)."""
    options = icu.Shape.LETTERS_SHAPE | icu.Shape.LENGTH_GROW_SHRINK
    shaped = str(icu.Shape.shapeArabic(text, options))
    # Not str.translate: it looks up every character of the paragraph, and
    # these are a few in a hundred.
    return _MARK_FORM.sub(_unshaped_mark, shaped) if marked else shaped


def _unshaped_mark(match: re.Match[str]) -> str:
    code = _AFTER_SHAPING.get(ord(match.group()), ord(match.group()))
    return "" if code is None else chr(code)


@cache
def _line_pattern(width: int) -> re.Pattern[str]:
    """A line and the spaces after it, in text of one cell a character: the
    longest run of at most ``width`` characters that ends a word (the spaces
    a line breaks at belong to no line)."""
    return re.compile(f"(.{{0,{width - 1}}}[^ ])( +|$)")


class ParagraphRenderer:
    """Aligned terminal lines of whole paragraphs at one width, or None for a
    paragraph this path does not take."""

    def __init__(self, width: int, *, strip_harakat: bool = False) -> None:
        if icu is None:
            raise RuntimeError("PyICU is not installed")
        self.width = width
        self._patterns = _patterns()
        self._line = _line_pattern(width)
        self._strip = strip_harakat
        self._bidi = icu.Bidi()
        self._reorder = icu.Bidi.DO_MIRRORING | icu.Bidi.KEEP_BASE_COMBINING
        self._unicode = icu.UnicodeString

    def lines(self, text: str, base_level: int) -> list[str] | None:
        patterns = self._patterns
        if text[:1] in patterns.mark_set or any(p.search(text) for p in patterns.refused):
            return None
        if self._strip:
            text = patterns.any_harakah.sub("", text)
        if not text:
            return [""]
        spans: list[tuple[int, int]] = []  # of each line in `shaped`
        if patterns.mark.search(text) is None:
            shaped = unmarked = _icu_shape(text, marked=False)
            found = self._line.findall(shaped)
            first = 0
            for line, spaces in found:
                spans.append((first, first + len(line)))
                first += len(line) + len(spaces)
        else:
            shaped = _icu_shape(patterns.lam_marks.sub(r"\g<0>" + _ZWJ, text))
            # Lines are found in the text without its marks (a cell a
            # character); `after[k]` is where the k-th mark would stand in it:
            # at the character after the letter it is on.
            after = [m.start() - k for k, m in enumerate(patterns.mark.finditer(shaped))]
            unmarked = patterns.mark.sub("", shaped)
            found = self._line.findall(unmarked)
            first = 0
            for line, spaces in found:
                last = first + len(line)
                spans.append((first + bisect_right(after, first), last + bisect_right(after, last)))
                first = last + len(spaces)
        # findall passes over what no line matches: a word wider than the line.
        if sum(len(line) + len(spaces) for line, spaces in found) != len(unmarked):
            return None
        return self._visual(shaped, spans, [len(line) for line, _ in found], base_level)

    def _visual(
        self, shaped: str, spans: list[tuple[int, int]], cells: list[int], base_level: int
    ) -> list[str]:
        """UAX #9 as it is written: levels over the whole paragraph (setPara),
        then each line reordered from them (setLine). Every character here
        is in the Basic Multilingual Plane, so ICU's UTF-16 offsets are ours."""
        paragraph = self._bidi
        paragraph.setPara(self._unicode(shaped), base_level)
        reorder = self._reorder
        visual = [str(paragraph.setLine(a, b).writeReordered(reorder)) for a, b in spans]
        if not base_level:
            return visual
        width = self.width
        return [" " * (width - n) + line for n, line in zip(cells, visual, strict=True)]
