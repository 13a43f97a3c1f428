"""Finding annotations again in an article that changed since they were made.

An annotation keeps its offsets, its quote and 32 characters of context
either side (as the W3C TextQuoteSelector does). In the new text:

1. **In place**: the quote is still at its offsets, with its context around
   it → anchored.
2. **Candidates**: every place the quote occurs, and places where an edited
   version of it may be (found by the ends of its context and of itself),
   all compared on *folded* text — harakat, tatweel, hamza forms, ta marbuta,
   alef maqsura, digits, case and CR ignored, as `reader.nlp.normalise` folds
   them — so harakat added to the article or a file re-saved with CRLF line
   ends change nothing.
3. **Evidence**: each candidate is scored by how like the quote it is, how
   much of the stored context surrounds it, and how near it is to where the
   annotation was. The best one is taken only if the evidence is strong: a
   bare quote match with none of its context (a common word whose sentence
   was rewritten, a title repeated further down) is not enough unless it is
   close to the old place. Otherwise the annotation is **orphaned**: kept,
   with its old offsets and quote, and shown — never guessed.
4. **Word boundaries**: a passage that began and ended at word boundaries
   still does (an edit never leaves "ون" of "وتكون", nor "DeepSee" of a name
   renamed "DeepSeek"), and the harakat of its last letter stay inside it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from msgspec import structs

from reader.annotations.model import (
    ANCHORED,
    CONTEXT_CHARS,
    MOVED,
    ORPHANED,
    Annotation,
    context,
)
from reader.nlp.normalise import normalise, normalise_with_offsets

_MAX_OCCURRENCES = 2_000
_MAX_FUZZY_CANDIDATES = 400
_PROBE = 12  # characters of each end used to find candidate positions
_MIN_SIMILARITY = 0.6  # of an edited quote to the stored one
_MIN_SIMILARITY_SHORT = 0.75  # the same, for a quote of a word or two
# How much evidence a candidate needs, by how far it is from the old place:
# context is up to 1 for each side, an exact quote weighs 1 and an edited
# one less. Near the old place (an edit of a sentence or two) half of one
# side's context will do, or none for an exact quote right there; anywhere
# else (a paragraph moved) most of both sides.
_CLOSE_CHARS = 48
_NEAR_CHARS = 400
_CONTEXT_NEAR = 1.0
_CONTEXT_FAR = 1.75
_CONTEXT_EDITED = 1.0  # an edited quote's context, near
_EDITED_SURE = 0.6  # an edited quote's weight (2 × similarity - 1) that needs no more
_CONTEXT_CLOSE = 0.8  # an exact quote right there, with a little of its context
_SIDE_CLOSE = 0.15  # of the weaker side, near
_KEPT_RUN = 8  # characters of context still together that count as kept
_LONG_QUOTE = 3 * _PROBE  # folded characters of a quote that, found once, need no context
_LOOKED_AT = 5  # candidates checked for repeated phrases


@dataclass(frozen=True, slots=True)
class _Folded:
    """The text folded for matching, and where each folded character came from."""

    text: str
    original: str
    offsets: list[int]  # folded index -> original index; one more than the text

    @classmethod
    def of(cls, original: str) -> _Folded:
        folded, offsets = normalise_with_offsets(original)
        if "\r" in folded:  # CRLF and LF are one line end here
            kept = [i for i, c in enumerate(folded) if c != "\r"]
            folded = "".join(folded[i] for i in kept)
            offsets = [offsets[i] for i in kept] + [offsets[-1]]
        return cls(folded, original, offsets)

    def folded_index(self, original_index: int) -> int:
        """The first folded character at or after `original_index`."""
        import bisect

        return bisect.bisect_left(self.offsets, original_index, 0, len(self.text))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A folded span as offsets into the original text; marks dropped after
        its last letter stay inside it."""
        original_end = self.offsets[end - 1] + 1 if end > start else self.offsets[start]
        return self.offsets[start], original_end


def _fold(text: str) -> str:
    return normalise(text).replace("\r", "")


def reanchor(text: str, annotations: tuple[Annotation, ...]) -> tuple[Annotation, ...]:
    """Every annotation placed in `text`, with its status; as many as came in."""
    folded: _Folded | None = None
    placed = []
    for annotation in annotations:
        if _in_place(text, annotation):
            prefix, suffix = context(text, annotation.start, annotation.end)
            placed.append(
                structs.replace(annotation, prefix=prefix, suffix=suffix, status=ANCHORED)
            )
            continue
        if folded is None:
            folded = _Folded.of(text)
        placed.append(_anchor(folded, annotation))
    return tuple(placed)


def _in_place(text: str, a: Annotation) -> bool:
    """The quote at its offsets, with some of its context still around it (a
    short quote at its old offsets may be another word that moved there)."""
    if not (a.quote and 0 <= a.start <= a.end <= len(text) and text[a.start : a.end] == a.quote):
        return False
    if _snapped(text, _boundaries(a), a.start, a.end) != (a.start, a.end):
        return False  # the word it was is longer now (DeepSec renamed DeepSeek)
    # Anything less than the whole context is weighed with the other candidates.
    return context(text, a.start, a.end) == (a.prefix, a.suffix)


def _anchor(folded: _Folded, a: Annotation) -> Annotation:
    found = _best(folded, a)
    if found is None:
        return structs.replace(a, status=ORPHANED)
    start, end = found
    text = folded.original
    prefix, suffix = context(text, start, end)
    status = ANCHORED if (start, end) == (a.start, a.end) and text[start:end] == a.quote else MOVED
    return structs.replace(
        a, start=start, end=end, quote=text[start:end], prefix=prefix, suffix=suffix, status=status
    )


def _best(folded: _Folded, a: Annotation) -> tuple[int, int] | None:
    """The original-text span of the best-evidenced candidate, or None."""
    quote = _fold(a.quote)
    if not quote.strip():
        return None
    prefix, suffix = _fold(a.prefix), _fold(a.suffix)
    old_start = folded.folded_index(a.start)
    boundaries = _boundaries(a)
    seen: set[tuple[int, int]] = set()
    exact: list[tuple[int, int, int, int]] = []  # folded and original spans
    for start in _occurrences(folded.text, quote):
        end = start + len(quote)
        span = folded.span(start, end)
        whole = _with_marks(folded.original, *span)
        if _snapped(folded.original, boundaries, *span) != whole:
            continue  # inside a longer word: another word (قد in قدرة)
        seen.add((start, end))
        exact.append((start, end, *whole))
    # A long passage found once, word for word, near its old place, is its
    # own evidence, whatever happened around it (unless an edited copy has it).
    alone = len(exact) == 1 and len(quote) >= _LONG_QUOTE
    # First by the context right against each (cheap): the quote with all of
    # it is beaten by nothing (a copy elsewhere with all of it too ties, and
    # the nearest wins); only without one is similarity weighed (costly).
    quick = [
        (_score(folded.text, 1.0, prefix, suffix, s, e, old_start, quick=True), o, p)
        for s, e, o, p in exact
    ]
    if any(e.context >= _CONTEXT_FAR for e, _, _ in quick):
        return _chosen(folded.text, quick, a.start)
    scored = [
        (
            replace(
                _score(folded.text, 1.0, prefix, suffix, s, e, old_start),
                alone=alone,
                long=len(quote) >= 2 * _LONG_QUOTE,
            ),
            o,
            p,
        )
        for s, e, o, p in exact
    ]
    scored += _edited_candidates(folded, quote, prefix, suffix, old_start, boundaries, seen)
    return _chosen(folded.text, scored, a.start)


def _edited_candidates(
    folded: _Folded,
    quote: str,
    prefix: str,
    suffix: str,
    old_start: int,
    boundaries: tuple[bool, bool],
    seen: set[tuple[int, int]],
) -> list[tuple[_Evidence, int, int]]:
    scored = []
    for start, end in _fuzzy_candidates(folded.text, quote, prefix, suffix, old_start):
        if (start, end) in seen:
            continue
        # Judged as the whole words it would become (DeepSee is DeepSeek).
        span = _snapped(folded.original, boundaries, *folded.span(start, end))
        start, end = folded.folded_index(span[0]), folded.folded_index(span[1])
        if (start, end) in seen:
            continue
        seen.add((start, end))
        similarity = _similarity(quote, folded.text[start:end])
        if similarity is None:
            continue
        # An edited quote counts for less than an exact one, and must be close.
        weight = 2 * similarity - 1
        scored.append((_score(folded.text, weight, prefix, suffix, start, end, old_start), *span))
    return scored


def _chosen(
    text: str, scored: list[tuple[_Evidence, int, int]], old_start: int
) -> tuple[int, int] | None:
    """The best candidate if its evidence is enough. The best few are looked
    at more closely (a repeated phrase is no evidence), which costs a search
    of the text each."""
    if not scored:
        return None
    scored.sort(key=lambda item: (-item[0].rank, abs(item[1] - old_start)))
    scored = [(e.in_repeated_phrase(text), s, t) for e, s, t in scored[:_LOOKED_AT]]
    scored.sort(key=lambda item: (-item[0].rank, abs(item[1] - old_start)))
    evidence, start, end = scored[0]
    return (start, end) if evidence.enough else None


@dataclass(frozen=True, slots=True)
class _Evidence:
    quote: float  # 1 for the exact quote, less for an edited one
    context: float  # 0 to 2: how much of the stored prefix and suffix surround it
    distance: int  # folded characters from the old place
    apart_from_touching: float  # the context without the runs touching the passage
    touched: tuple[int, int]  # the passage with those runs
    touching: float  # the larger of the two sides' touching runs (0 to 1)
    weaker_side: float  # the context of the side with less of it (0 to 1)
    alone: bool = False  # a long quote, found once
    long: bool = False  # a passage of a sentence or more

    def in_repeated_phrase(self, text: str) -> _Evidence:
        """The evidence discounted if the passage and the context touching it
        are a phrase the text repeats: that is no evidence of this place."""
        if self.context >= _CONTEXT_FAR:
            return self
        start, end = self.touched
        if text.count(text[start:end]) <= 1:
            return self
        return replace(self, context=self.apart_from_touching)

    @property
    def enough(self) -> bool:
        if self.quote < 1.0:
            # An edited quote: a typo (most of it the same) with its context.
            needed = _CONTEXT_EDITED if self.quote >= _EDITED_SURE else _CONTEXT_FAR
            return self.context >= needed and self.distance <= _NEAR_CHARS
        if self.alone and (
            self.distance <= _NEAR_CHARS or self.context >= _CONTEXT_CLOSE or self.long
        ):
            return True
        if self.distance <= _CLOSE_CHARS:
            # Some of both sides, or much of one side right against it: a run
            # of one side a little off is what a deleted sentence leaves too.
            return self.context >= _CONTEXT_CLOSE and (
                self.weaker_side >= _SIDE_CLOSE or self.touching >= 0.5
            )
        if self.distance <= _NEAR_CHARS:
            return self.context >= _CONTEXT_NEAR
        return self.context >= _CONTEXT_FAR

    @property
    def rank(self) -> float:
        # The quote weighs most: an edited copy that takes in its neighbours
        # (and so all of the context) does not beat the passage word for word.
        return 4 * self.quote + self.context + max(0.0, 1.0 - self.distance / _NEAR_CHARS)


def _score(
    text: str,
    quote_weight: float,
    prefix: str,
    suffix: str,
    start: int,
    end: int,
    old_start: int,
    *,
    quick: bool = False,
) -> _Evidence:
    before = _side(
        text, text[max(0, start - len(prefix)) : start], prefix, start, reverse=True, quick=quick
    )
    after = _side(
        text, text[end : end + len(suffix)], suffix, len(text) - end, reverse=False, quick=quick
    )
    return _Evidence(
        quote_weight,
        max(before[0], before[1]) + max(after[0], after[1]),
        abs(start - old_start),
        before[1] + after[1],
        (start - before[2], end + after[2]),
        max(before[0], after[0]),
        min(max(before[0], before[1]), max(after[0], after[1])),
    )


def _side(
    text: str, found: str, stored: str, room: int, *, reverse: bool, quick: bool = False
) -> tuple[float, float, int]:
    """How much of one side's stored context is there: by the run that
    touches the passage (0 to 1), by the rest (0 to 1: similarity, or a long
    run a little further off), and the touching run's length. A context cut
    short by the text's edge (a title's empty prefix) is whole only where the
    candidate is as close to the edge."""
    whole = len(stored) if room == len(stored) or len(stored) >= CONTEXT_CHARS else CONTEXT_CHARS
    if not stored:
        return (1.0 if room == 0 else 0.0), 0.0, 0
    if not found:
        return 0.0, 0.0, 0
    touching = _common_suffix(found, stored) if reverse else _common_prefix(found, stored)
    if touching == len(stored) == whole:
        return 1.0, 0.0, touching
    if quick:
        return touching / whole, 0.0, touching
    # Any two stretches of Arabic share half their letters; an edited context
    # (a typo fixed in it) keeps far more.
    matcher = SequenceMatcher(None, stored, found, autojunk=False)
    similar = matcher.ratio() * len(stored) / whole
    rest = 0.9 * similar if similar >= 0.75 else 0.0
    if max(rest, touching / whole) < _CONTEXT_CLOSE:
        # A reworded neighbour leaves the words beyond it: a long run of the
        # stored context still there, a little further off; unless it is a
        # phrase the article repeats (الذكاء الاصطناعي), no evidence of a place.
        match = matcher.find_longest_match(0, len(stored), 0, len(found))
        run = stored[match.a : match.a + match.size]
        if _KEPT_RUN and match.size >= _KEPT_RUN and text.count(run) <= 2:
            rest = max(rest, 0.8 * match.size / whole)
    return touching / whole, rest, touching


def _similarity(quote: str, found: str) -> float | None:
    if not found:
        return None
    # A short word edited is a typo (one letter in five); more, another word.
    least = _MIN_SIMILARITY if len(quote) >= 12 else _MIN_SIMILARITY_SHORT
    matcher = SequenceMatcher(None, quote, found, autojunk=False)
    if matcher.real_quick_ratio() < least or matcher.quick_ratio() < least:
        return None
    similarity = matcher.ratio()
    return similarity if similarity >= least else None


def _common_prefix(x: str, y: str) -> int:
    count = 0
    for p, q in zip(x, y, strict=False):
        if p != q:
            break
        count += 1
    return count


def _common_suffix(x: str, y: str) -> int:
    count = 0
    for p, q in zip(reversed(x), reversed(y), strict=False):
        if p != q:
            break
        count += 1
    return count


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    if not needle:
        return found
    position = text.find(needle)
    while position != -1 and len(found) < _MAX_OCCURRENCES:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _fuzzy_candidates(
    text: str, quote: str, prefix: str, suffix: str, old_start: int
) -> set[tuple[int, int]]:
    """Spans near the old place where an edited version of the quote may be:
    starting where its prefix ends or its first characters are, ending where
    its suffix starts or its last characters are."""
    low, high = old_start - _NEAR_CHARS, old_start + _NEAR_CHARS + 2 * len(quote)
    text = text[: max(high, 0)]
    length = len(quote)
    probe = min(_PROBE, max(length // 3, 3))
    starts = (
        {p + probe for p in _occurrences(text, prefix[-probe:])} if len(prefix) >= probe else set()
    )
    starts |= set(_occurrences(text, quote[:probe]))
    ends = set(_occurrences(text, suffix[:probe])) if len(suffix) >= probe else set()
    ends |= {p + probe for p in _occurrences(text, quote[-probe:])}
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
    candidates = {(s, e) for s, e in candidates if low <= s}
    if len(candidates) > _MAX_FUZZY_CANDIDATES:
        # Common probes (a frequent word): those nearest the quote's length.
        ranked = sorted(candidates, key=lambda span: abs(span[1] - span[0] - length))
        candidates = set(ranked[:_MAX_FUZZY_CANDIDATES])
    return {(s, e) for s, e in candidates if e > s and low <= s}


# -- word boundaries --------------------------------------------------------------------


def _in_word(char: str) -> bool:
    return char.isalnum() or char == "\u0640" or unicodedata.category(char) in ("Mn", "Mc")


def _boundaries(a: Annotation) -> tuple[bool, bool]:
    """Whether the stored passage began and ended at a word boundary."""
    began = not a.prefix or not a.quote or not (_in_word(a.prefix[-1]) and _in_word(a.quote[0]))
    ended = not a.suffix or not a.quote or not (_in_word(a.quote[-1]) and _in_word(a.suffix[0]))
    return began, ended


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with the marks after its last letter."""
    while end < len(text) and unicodedata.category(text[end]) in ("Mn", "Mc"):
        end += 1
    return start, end


def _snapped(text: str, boundaries: tuple[bool, bool], start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words at each end where the stored passage
    had a word boundary, and over the marks of its last letter."""
    began_at_boundary, ended_at_boundary = boundaries
    if began_at_boundary:
        while 0 < start < end and _in_word(text[start - 1]) and _in_word(text[start]):
            start -= 1
    if ended_at_boundary:
        while start < end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
            end += 1
    return _with_marks(text, start, end)
