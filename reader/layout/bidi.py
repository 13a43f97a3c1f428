"""The Unicode Bidirectional Algorithm (UAX #9).

Levels are resolved over a whole paragraph (`paragraph_levels`: rules W1–W7,
N0–N2, I1–I2 see across the places it will be wrapped), then each line takes
its slice of them, gets rule L1 on its own end (`line_levels`), and is
reordered by itself (`visual_order`: L3, L2). `resolve_levels` does both for a
text that is one line.

Explicit embeddings, overrides and isolates (LRE … PDI) never reach this
module: :mod:`reader.layout.chars` turns them into visible placeholders of
class ON, so that a hostile article cannot reorder what the reader sees
("Trojan Source"). Everything therefore sits in one isolating run sequence at
the base level, and rules X1–X8 and X10 reduce to that. Bidi marks (LRM, RLM,
ALM) are honoured as the strong characters they are.

Where UAX #9 leaves a choice to the implementation, this module does what
GNU FriBidi does, because FriBidi is the reference the tests compare against:
characters removed by X9 (class BN) take the level of the character before
them, and L3 (combining marks after their base in right-to-left runs) is
applied before L2, as FriBidi's ``--reordernsm``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader.layout._ucd import BRACKETS, MIRROR

# BD16 caps the bracket stack at 63 entries.
MAX_BRACKET_DEPTH = 63

# Canonically equivalent brackets pair with each other (UAX #9 BD16).
_BRACKET_CANON = {0x2329: 0x3008, 0x232A: 0x3009}

# Classes that N1 and N2 treat as neutral or isolate (NI).
_NEUTRAL = frozenset({"ON", "WS", "S", "B"})
# Classes L1 resets when they end a line or precede a separator.
_TRAILING = frozenset({"WS", "BN", "S", "B"})


def _strong_direction(bidi_class: str) -> str | None:
    """L or R for strong types (numbers count as R, as N0 and N1 require)."""
    if bidi_class == "L":
        return "L"
    if bidi_class in ("R", "EN", "AN"):
        return "R"
    return None


def paragraph_level(classes: Iterable[str]) -> int | None:
    """Rules P2/P3: 1 if the first strong character is R or AL, 0 if L, None if none."""
    for bidi_class in classes:
        if bidi_class == "L":
            return 0
        if bidi_class in ("R", "AL"):
            return 1
    return None


def resolve_levels(text: str, classes: Sequence[str], base_level: int) -> list[int]:
    """Embedding levels of a paragraph that is one line (W1–W7, N0–N2, I1–I2, L1)."""
    return line_levels(paragraph_levels(text, classes, base_level), classes, base_level)


def paragraph_levels(text: str, classes: Sequence[str], base_level: int) -> list[int]:
    """Embedding levels of a paragraph (rules W1–W7, N0–N2, I1–I2), before
    any line's L1.

    ``text`` supplies the code points for bracket pairing; ``classes`` the bidi
    class of each character, already stripped of explicit formatting classes.
    """
    n = len(classes)
    embedding_dir = "R" if base_level & 1 else "L"
    # X9: BN characters take no part in the rules; they get a level at the end.
    kept = [i for i in range(n) if classes[i] != "BN"]
    types = [classes[i] for i in kept]
    m = len(types)

    # W1: a non-spacing mark takes the type of the character before it.
    previous = embedding_dir
    for k in range(m):
        if types[k] == "NSM":
            types[k] = previous
        else:
            previous = types[k]

    # W2: European digits after Arabic letters are Arabic numbers. W3: AL is R.
    last_strong = embedding_dir
    for k in range(m):
        t = types[k]
        if t in ("L", "R"):
            last_strong = t
        elif t == "AL":
            last_strong = "AL"
            types[k] = "R"
        elif t == "EN" and last_strong == "AL":
            types[k] = "AN"

    # W4: one separator between two numbers of the same kind joins them.
    for k in range(1, m - 1):
        t = types[k]
        if t == "ES":
            if types[k - 1] == "EN" and types[k + 1] == "EN":
                types[k] = "EN"
        elif t == "CS":
            number = types[k - 1]
            if number in ("EN", "AN") and types[k + 1] == number:
                types[k] = number

    # W5: terminators next to European numbers are European numbers.
    k = 0
    while k < m:
        if types[k] == "ET":
            end = k
            while end < m and types[end] == "ET":
                end += 1
            if (k > 0 and types[k - 1] == "EN") or (end < m and types[end] == "EN"):
                types[k:end] = ["EN"] * (end - k)
            k = end
        else:
            k += 1

    # W6: remaining separators and terminators are neutral.
    # W7: European numbers after L (or at the start of an L line) are L.
    last_strong = embedding_dir
    for k in range(m):
        t = types[k]
        if t in ("ES", "ET", "CS"):
            types[k] = "ON"
        elif t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[k] = "L"

    _resolve_brackets(text, kept, classes, types, embedding_dir)

    # N1: neutrals between two strong types of one direction take it.
    # N2: the rest take the embedding direction.
    k = 0
    while k < m:
        if types[k] in _NEUTRAL:
            end = k
            while end < m and types[end] in _NEUTRAL:
                end += 1
            # After the W rules, what borders a run of neutrals is L, R, EN or AN.
            left = _strong_direction(types[k - 1]) if k else embedding_dir
            right = _strong_direction(types[end]) if end < m else embedding_dir
            fill = left if left is not None and left == right else embedding_dir
            types[k:end] = [fill] * (end - k)
            k = end
        else:
            k += 1

    # I1, I2: implicit levels.
    levels = [base_level] * n
    if base_level & 1:
        for k, i in enumerate(kept):
            levels[i] = base_level if types[k] == "R" else base_level + 1
    else:
        for k, i in enumerate(kept):
            t = types[k]
            levels[i] = base_level if t == "L" else base_level + (1 if t == "R" else 2)
    # Removed characters take the level of the character before them.
    for i in range(n):
        if classes[i] == "BN":
            levels[i] = levels[i - 1] if i else base_level
    return levels


def line_levels(levels: Sequence[int], classes: Sequence[str], base_level: int) -> list[int]:
    """Rule L1 on one line's slice of its paragraph's levels: separators, and
    whitespace before them or at the end of the line, go back to the
    paragraph level."""
    levels = list(levels)
    n = len(levels)
    trailing = True
    for i in range(n - 1, -1, -1):
        bidi_class = classes[i]
        if bidi_class in ("S", "B"):
            levels[i] = base_level
            trailing = True
        elif trailing and bidi_class in _TRAILING:
            levels[i] = base_level
        else:
            trailing = False
    return levels


def _resolve_brackets(
    text: str,
    kept: list[int],
    classes: Sequence[str],
    types: list[str],
    embedding_dir: str,
) -> None:
    """Rule N0: paired brackets take the direction of what they enclose."""
    stack: list[tuple[int, int]] = []  # (closing code point, position in types)
    pairs: list[tuple[int, int]] = []
    for k, i in enumerate(kept):
        if types[k] != "ON":
            continue
        code = ord(text[i])
        bracket = BRACKETS.get(code)
        if bracket is None:
            continue
        partner, kind = bracket
        if kind == "o":
            if len(stack) == MAX_BRACKET_DEPTH:
                break
            stack.append((_BRACKET_CANON.get(partner, partner), k))
        else:
            code = _BRACKET_CANON.get(code, code)
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == code:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    if not pairs:
        return
    pairs.sort()
    for opening, closing in pairs:
        found_embedding = found_opposite = False
        for k in range(opening + 1, closing):
            direction = _strong_direction(types[k])
            if direction == embedding_dir:
                found_embedding = True
                break
            if direction is not None:
                found_opposite = True
        if found_embedding:
            new = embedding_dir
        elif found_opposite:
            # N0 c: the context before the opening bracket decides.
            new = embedding_dir
            for k in range(opening - 1, -1, -1):
                direction = _strong_direction(types[k])
                if direction is not None:
                    new = direction
                    break
        else:
            continue
        types[opening] = types[closing] = new
        # Marks that followed a bracket take its new direction too.
        for bracket_pos in (opening, closing):
            k = bracket_pos + 1
            while k < len(types) and classes[kept[k]] == "NSM":
                types[k] = new
                k += 1


def visual_order(
    levels: Sequence[int],
    classes: Sequence[str],
    base_level: int,
    *,
    marks_after_base: bool = True,
) -> list[int]:
    """Logical indices in visual order (rules L3 and L2).

    L3 keeps each combining mark after its base in right-to-left runs, so a
    terminal draws the mark on the right letter.
    """
    n = len(levels)
    order = list(range(n))
    # L3, as FriBidi's --reordernsm: reverse each base+marks group in advance
    # so that L2's reversal puts the base first.
    i = n - 1 if marks_after_base else -1
    while i >= 0:
        if levels[i] & 1 and classes[i] == "NSM":
            end = i
            level = levels[i]
            i -= 1
            while i >= 0 and classes[i] in ("NSM", "BN") and levels[i] == level:
                i -= 1
            if i < 0 or levels[i] != level:
                i += 1
            order[i : end + 1] = order[i : end + 1][::-1]
        i -= 1
    # L2: from the highest level down to the lowest odd one, reverse every run
    # at that level or higher. Reversals stay inside runs of higher levels, so
    # the level at a position can be read from the logical levels throughout.
    highest = max(levels, default=base_level)
    lowest_odd = min(levels, default=base_level) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < n:
            if levels[i] >= level:
                end = i
                while end < n and levels[end] >= level:
                    end += 1
                order[i:end] = order[i:end][::-1]
                i = end
            else:
                i += 1
    return order


# MIRROR by character, for lines that mirror every glyph on an odd level.
MIRRORED = {chr(code): chr(mirror) for code, mirror in MIRROR.items()}


def mirrored(char: str) -> str:
    """Rule L4: the mirrored glyph of a character on a right-to-left level."""
    mirror = MIRROR.get(ord(char))
    return chr(mirror) if mirror is not None else char
