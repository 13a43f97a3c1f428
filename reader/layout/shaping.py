"""Arabic shaping to presentation forms, for terminals that do not shape.

A terminal draws one glyph per cell and knows nothing of Arabic joining, so
the app sends each letter as the presentation form (isolated, final, initial
or medial) that its neighbours call for, and lam + alef as one ligature.

Joining follows ArabicShaping.txt: transparent characters (harakat) are
skipped, join-causing ones (tatweel, ZWJ) join both sides, and letters join
only within a run of one direction, as GNU FriBidi does. A letter with no
presentation form for the shape it needs (some Persian and Urdu letters have
no medial form) is sent as it is: a visible degradation, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from reader.layout._ucd import FORMS, JOINING

_JOINS_RIGHT = 1
_JOINS_LEFT = 2
# Joining type -> the sides it joins on, written for a right-to-left run.
_SIDES = {"R": _JOINS_RIGHT, "L": _JOINS_LEFT, "D": 3, "C": 3}

_LAM = 0x0644
_LAM_INITIAL, _LAM_MEDIAL = 0xFEDF, 0xFEE0
# Alef variant -> (ligature after an initial lam, ligature after a medial lam).
_LAM_ALEF = {
    0x0622: (0xFEF5, 0xFEF6),
    0x0623: (0xFEF7, 0xFEF8),
    0x0625: (0xFEF9, 0xFEFA),
    0x0627: (0xFEFB, 0xFEFC),
}
_LAM_BEFORE_ALEF = re.compile(chr(_LAM) + "(?=[" + "".join(map(chr, _LAM_ALEF)) + "])")


# FORMS as glyphs: letter -> its four presentation forms ("" where none).
_FORM_GLYPHS = {
    chr(code): tuple(chr(form) if form else "" for form in forms) for code, forms in FORMS.items()
}


@lru_cache(maxsize=4096)
def joining_type(glyph: str) -> str:
    """Joining_Type of a glyph; characters not sent ("") are transparent."""
    if not glyph:
        return "T"
    listed = JOINING.get(ord(glyph))
    if listed is not None:
        return listed
    return "T" if unicodedata.category(glyph) in ("Mn", "Me", "Cf") else "U"


def shape(glyphs: Sequence[str], levels: Sequence[int], classes: Sequence[str]) -> list[str]:
    """Presentation forms of a line in logical order.

    ``levels`` are the resolved bidi levels and ``classes`` the bidi classes:
    two letters join only across characters of their own level, and
    characters removed by bidi rule X9 (class BN, such as ZWJ) match any level.
    A lam folded into a lam-alef ligature becomes "" (the ligature sits on the
    alef), where GNU FriBidi leaves a U+FEFF filler.
    """
    n = len(glyphs)
    types = [joining_type(g) for g in glyphs]
    sides = [_SIDES.get(t, 0) for t in types]

    joins = False  # does the last non-transparent character join what follows?
    saved = -1  # that character
    saved_level: int | None = None
    saved_following = 0
    for i in range(n):
        level = None if classes[i] == "BN" else levels[i]
        # In a right-to-left run the preceding character is on the right.
        rtl = level is None or level & 1
        preceding = _JOINS_RIGHT if rtl else _JOINS_LEFT
        disjoin = False
        if joins and saved_level is not None and level is not None and saved_level != level:
            disjoin, joins = True, False
        transparent = types[i] == "T"
        if not transparent:
            if not joins:
                sides[i] &= ~preceding
            elif not sides[i] & preceding:
                disjoin = True
        if disjoin and saved >= 0:
            sides[saved] &= ~saved_following
        if not transparent:
            saved, saved_level = i, level
            saved_following = _JOINS_LEFT if rtl else _JOINS_RIGHT
            joins = bool(sides[i] & saved_following)
    if joins and saved >= 0:
        sides[saved] &= ~saved_following

    shaped = list(glyphs)
    for k in range(n):
        if types[k] in ("R", "D", "L"):
            forms = _FORM_GLYPHS.get(glyphs[k])
            if forms is not None and forms[sides[k]]:
                shaped[k] = forms[sides[k]]

    for k in range(n - 1):
        if (
            levels[k] & 1
            and levels[k] == levels[k + 1]
            and shaped[k] in (chr(_LAM_INITIAL), chr(_LAM_MEDIAL))
            and types[k + 1] == "R"
        ):
            ligatures = _LAM_ALEF.get(ord(glyphs[k + 1]))
            alef_final = FORMS.get(ord(glyphs[k + 1]), (0, 0, 0, 0))[1]
            if ligatures is not None and shaped[k + 1] == chr(alef_final):
                medial = shaped[k] == chr(_LAM_MEDIAL)
                shaped[k + 1] = chr(ligatures[medial])
                shaped[k] = ""
    return shaped


def lam_alef_pairs(chars: Sequence[str] | str) -> set[int]:
    """Positions of alefs that will fold into the lam before them.

    Used to count cells before shaping: such a pair takes one cell, not two.
    Both letters are always on one right-to-left level, so adjacency decides.
    """
    text = chars if isinstance(chars, str) else "".join(chars)
    # A regex scan: this runs on every character of an article to number its lines.
    return {match.start() + 1 for match in _LAM_BEFORE_ALEF.finditer(text)}
