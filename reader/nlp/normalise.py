"""Arabic normalisation for matching — never for display.

Readers and writers of Arabic spell one word several ways: أمريكا and امريكا,
مدرسة and مدرسه, على and علي, with or without harakat and tatweel, with
Arabic-Indic or Western digits. To match a word against a list, a query or
another mention, both sides are folded to one form here. The folded text is
used only for comparison; everything stored and shown keeps the article's
own characters and offsets (`normalise_with_offsets` maps back).

Proclitics (و ف ب ك ل and the article ال, as in والصين، بالصين، للصين) are
split off by `proclitic_splits`; whether a split is right depends on what
the rest is, so callers decide with a lexicon (`strip_proclitics`): وليد
and لبنان are names, not و+ليد and ل+بنان.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# Letters folded to one representative. Hamza on a seat (ؤ ئ) folds to the
# bare hamza so that مسؤول and مسئول agree; Persian/Urdu kaf, yeh and heh fold
# to their Arabic forms so a name typed on a Persian keyboard still matches.
_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ے": "ي",
    "ؤ": "ء",
    "ئ": "ء",
    "ک": "ك",
    "ڪ": "ك",
    "ہ": "ه",
    "ھ": "ه",
    "٫": ".",
    "٬": ",",
    "،": ",",
    "٪": "%",
    "«": '"',
    "»": '"',
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)
    _FOLD[chr(0x06F0 + _i)] = str(_i)

# Harakat, Quranic annotation marks, superscript alef, tatweel and the
# invisible format characters that scrapers leave inside words.
_DROPPED = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
)

_TABLE: dict[int, str | None] = {ord(k): v for k, v in _FOLD.items()}
_TABLE.update({ord(c): None for c in _DROPPED})


def _presentation_form(char: str) -> str | None:
    """The base letters of an Arabic presentation form (ﻻ → لا), if it is one."""
    import unicodedata

    code = ord(char)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        decomposed = unicodedata.normalize("NFKC", char)
        if decomposed != char:
            return decomposed
    return None


_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


# The letters `_FOLD` maps onto another letter, one for one (أ→ا, ة→ه, ی→ي).
_LETTER_FOLD = {k: v for k, v in _FOLD.items() if k.isalpha() and v.isalpha()}
_FOLDED_LETTER = re.compile("[" + "".join(_LETTER_FOLD) + "]")


def fold_letters(text: str) -> str:
    """`text` with its letters folded as `normalise` folds them, and nothing
    else: same length, same offsets, marks, digits, punctuation and case kept.
    Patterns run on it name one letter where they would need a class (ا for
    [اأإآٱ]), which Python's regex compiler takes half a millisecond to build."""
    # A regex substitution is faster here than str.translate, whose dict
    # lookup runs for every character of the text.
    return _FOLDED_LETTER.sub(lambda match: _LETTER_FOLD[match.group()], text)


def normalise(text: str) -> str:
    """The matching form of `text`: folded letters and digits, no marks, Latin casefolded."""
    if _PRESENTATION_FORM.search(text):
        text = "".join(_presentation_form(c) or c for c in text)
    return text.translate(_TABLE).casefold()


_DROPPED_CHAR = re.compile("[" + "".join(_DROPPED) + "]")


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` and, for each of its characters, the offset in `text` it came from.

    The list has one more entry than the folded string, `len(text)`, so a
    folded span [i, j) maps back to [offsets[i], offsets[j]); marks dropped
    after the span's last letter fall inside it, as a reader would select them.
    """
    if not _PRESENTATION_FORM.search(text):
        # Every character folds to one or none: the map is the offsets of the
        # kept ones, built a run at a time (a 10 MB article in a fraction of
        # a second, where a loop over characters takes seconds).
        translated = text.translate(_TABLE)
        folded_text = translated.casefold()
        if len(folded_text) == len(translated):
            kept: list[int] = []
            previous = 0
            for match in _DROPPED_CHAR.finditer(text):
                kept.extend(range(previous, match.start()))
                previous = match.end()
            kept.extend(range(previous, len(text)))
            kept.append(len(text))
            return folded_text, kept
    return _normalise_with_offsets_slowly(text)


def _normalise_with_offsets_slowly(text: str) -> tuple[str, list[int]]:
    folded: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        replacement = _TABLE.get(ord(char), char)
        if replacement is None:
            continue
        if replacement == char:
            # A presentation form's letters fold like any others (ﻷ → لا).
            form = _presentation_form(char)
            replacement = form.translate(_TABLE) if form is not None else char
        replacement = replacement.casefold()
        folded.append(replacement)
        offsets.extend([index] * len(replacement))
    offsets.append(len(text))
    result = "".join(folded)
    return result, offsets


# --- proclitics -------------------------------------------------------------

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")
ARTICLE = "ال"


def proclitic_splits(word: str, min_stem: int = 2) -> Iterator[tuple[str, str]]:
    """Every (proclitics, rest) reading of a normalised word, the longest prefix first.

    The article is kept on the rest (بالصين → ("ب", "الصين")), since Arabic
    names carry it: الصين is the name, صين is not. ل before the article drops
    the article's alef (للصين = ل + الصين), and the rest is given back with it.
    The unsplit reading ("", word) comes last.
    """
    readings: list[tuple[str, str]] = []
    for conjunction in ("", *_CONJUNCTIONS):
        if conjunction and not word.startswith(conjunction):
            continue
        after_conjunction = word[len(conjunction) :]
        for preposition in ("", *_PREPOSITIONS):
            if not conjunction and not preposition:
                continue
            prefix = conjunction + preposition
            if preposition == "ل" and after_conjunction.startswith("لل"):
                rest = ARTICLE + after_conjunction[2:]
                if len(rest) - 2 >= min_stem:
                    readings.append((prefix, rest))
            if preposition and not after_conjunction.startswith(preposition):
                continue
            rest = after_conjunction[len(preposition) :]
            if len(rest) >= min_stem:
                readings.append((prefix, rest))
    readings.sort(key=lambda reading: -len(reading[0]))
    yield from readings
    yield "", word


def strip_article(word: str) -> str:
    """The word without a leading ال, if what remains is a plausible word."""
    if word.startswith(ARTICLE) and len(word) > 3:
        return word[2:]
    return word


def strip_proclitics(word: str, is_known: Callable[[str], bool]) -> tuple[str, str]:
    """(proclitics, rest) for a normalised word, using `is_known` to judge readings.

    A known word is left whole (وليد، لبنان، فرنسا). Otherwise the split
    that takes the fewest letters off and leaves a known word wins (وبكين →
    و + بكين, not وب + كين: each letter taken is one more guess); with none
    known, only a split that leaves the article in front of the rest is
    trusted (والصين → و + الصين), because a single letter in front of an
    unknown word is as likely to be part of it as a clitic.
    """
    if is_known(word):
        return "", word
    readings = [reading for reading in proclitic_splits(word) if reading[0]]
    for prefix, rest in sorted(readings, key=lambda reading: len(reading[0])):
        if is_known(rest) or is_known(strip_article(rest)):
            return prefix, rest
    # Longest first, as proclitic_splits gives them: وبالصين → وب + الصين.
    for prefix, rest in readings:
        if rest.startswith(ARTICLE) and len(rest) > 3:
            return prefix, rest
    return "", word
