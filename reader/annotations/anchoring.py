"""Finding annotations again in an article that changed since they were made.

In order of trust (as the W3C Web Annotation model and Hypothesis do):
1. position: the quote is still at its offsets → anchored;
2. exact quote: the quote occurs elsewhere; among several occurrences the one
   whose surroundings best match the stored prefix and suffix, then the one
   nearest the old position → moved;
3. fuzzy: the passage was edited; its ends are looked for by the end of the
   prefix, the start of the suffix and the quote's own first and last
   characters, and the candidate most like the old quote wins if it is
   similar enough → moved, with the quote now the text found;
otherwise orphaned: kept, with its old offsets and quote, never dropped.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from reader.annotations.model import ANCHORED, MOVED, ORPHANED, Annotation, context

_MAX_OCCURRENCES = 2_000
_PROBE = 12  # characters of each end used to find candidate positions
_MIN_SIMILARITY = 0.6


def reanchor(text: str, annotations: tuple[Annotation, ...]) -> tuple[Annotation, ...]:
    """Every annotation placed in `text`, with its status; as many as came in."""
    return tuple(_anchor(text, annotation) for annotation in annotations)


def _anchor(text: str, a: Annotation) -> Annotation:
    if a.quote and 0 <= a.start <= a.end <= len(text) and text[a.start : a.end] == a.quote:
        prefix, suffix = context(text, a.start, a.end)
        return replace(a, prefix=prefix, suffix=suffix, status=ANCHORED)
    found = _exact(text, a)
    if found is None:
        found = _fuzzy(text, a)
    if found is None:
        return replace(a, status=ORPHANED)
    start, end = found
    prefix, suffix = context(text, start, end)
    return replace(
        a, start=start, end=end, quote=text[start:end], prefix=prefix, suffix=suffix, status=MOVED
    )


def _context_score(text: str, a: Annotation, start: int, end: int) -> int:
    """How many characters of the stored prefix and suffix the text has around a span."""
    before = text[max(0, start - len(a.prefix)) : start]
    after = text[end : end + len(a.suffix)]
    score = 0
    for x, y in zip(reversed(before), reversed(a.prefix), strict=False):
        if x != y:
            break
        score += 1
    for x, y in zip(after, a.suffix, strict=False):
        if x != y:
            break
        score += 1
    return score


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    if not needle:
        return found
    position = text.find(needle)
    while position != -1 and len(found) < _MAX_OCCURRENCES:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _exact(text: str, a: Annotation) -> tuple[int, int] | None:
    starts = _occurrences(text, a.quote)
    if not starts:
        return None
    length = len(a.quote)
    best = max(starts, key=lambda s: (_context_score(text, a, s, s + length), -abs(s - a.start)))
    return best, best + length


def _fuzzy(text: str, a: Annotation) -> tuple[int, int] | None:
    if not a.quote.strip():
        return None
    length = len(a.quote)
    probe = min(_PROBE, max(length // 3, 4))
    starts = (
        {p + len(a.prefix[-probe:]) for p in _occurrences(text, a.prefix[-probe:])}
        if len(a.prefix) >= probe
        else set()
    )
    starts |= set(_occurrences(text, a.quote[:probe]))
    ends = set(_occurrences(text, a.suffix[:probe])) if len(a.suffix) >= probe else set()
    ends |= {p + probe for p in _occurrences(text, a.quote[-probe:])}
    longest = 2 * length + 2 * _PROBE
    candidates: set[tuple[int, int]] = set()
    sorted_ends = sorted(ends)
    for start in starts:
        for end in sorted_ends:
            if start < end <= start + longest:
                candidates.add((start, end))
        candidates.add((start, min(start + length, len(text))))
    for end in sorted_ends:
        candidates.add((max(end - length, 0), end))
    best: tuple[float, int, int, int] | None = None
    found: tuple[int, int] | None = None
    for start, end in candidates:
        if end <= start:
            continue
        matcher = SequenceMatcher(None, a.quote, text[start:end], autojunk=False)
        if matcher.real_quick_ratio() < _MIN_SIMILARITY or matcher.quick_ratio() < _MIN_SIMILARITY:
            continue
        similarity = matcher.ratio()
        if similarity < _MIN_SIMILARITY:
            continue
        key = (similarity, _context_score(text, a, start, end), -abs(start - a.start), start)
        if best is None or key > best:
            best = key
            found = (start, end)
    return found
