"""A reader's entity corrections applied to what the extractor found.

Corrections come from two places: the article's sidecar (this article only)
and the user's taught list (`taught.py`, every article). Taught ones apply
first, so that what the reader said about this article has the last word.

Span corrections (reject this mention, add this span) act on mentions before
they are grouped; name corrections (reject, retype, merge) act on the grouped
entities, found by the name's folded words (`name_key`), so that every
spelling of the name is covered: rejecting «ديب سيك» rejects ديبسيك's entity
whichever spelling the grouping chose as its canonical name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from reader.annotations.model import (
    ADD,
    MERGE,
    REJECT_ENTITY,
    REJECT_MENTION,
    RETYPE,
    EntityCorrection,
)
from reader.nlp.entities import (
    TYPES,
    Entity,
    Mention,
    find_names,
    group,
    name_key,
    ordered_for_listing,
)
from reader.nlp.gazetteer import Name, words_of

SPAN_ACTIONS = (REJECT_MENTION, ADD)


def locate(text: str, correction: EntityCorrection) -> tuple[int, int] | None:
    """The span a span correction is about: at its offsets if the quote is still
    there, else the occurrence of the quote nearest to them, else None."""
    start, end, quote = correction.start, correction.end, correction.quote
    if start < 0 or not quote:
        return None
    if text[start:end] == quote:
        return start, end
    best: int | None = None
    position = text.find(quote)
    while position >= 0:
        if best is None or abs(position - start) < abs(best - start):
            best = position
        position = text.find(quote, position + 1)
    return None if best is None else (best, best + len(quote))


def corrected_entities(
    text: str,
    mentions: Sequence[Mention],
    corrections: Iterable[EntityCorrection] = (),
    taught: Iterable[EntityCorrection] = (),
) -> list[Entity]:
    """`group(mentions)` as the reader corrected it."""
    ordered = [*taught, *sorted(corrections, key=lambda c: (c.created, c.id))]
    found = list(mentions)
    taught_names = [
        Name(c.type, c.name, words_of(c.name), "taught")
        for c in ordered
        if c.action == ADD and c.start < 0 and c.type in TYPES
    ]
    if taught_names:
        added = [
            Mention(start, end, text[start:end], name.type, name.canonical)
            for start, end, name in find_names(text, taught_names)
        ]
        found = _with(found, added)
    for correction in ordered:
        if correction.action not in SPAN_ACTIONS:
            continue
        span = locate(text, correction)
        if span is None:
            continue
        start, end = span
        if correction.action == REJECT_MENTION:
            found = [m for m in found if (m.start, m.end) != span]
        elif correction.type in TYPES:
            added = [Mention(start, end, text[start:end], correction.type, correction.name)]
            found = _with(found, added)
    entities = group(found)
    for correction in ordered:
        if correction.action not in SPAN_ACTIONS:
            entities = _apply_to_entities(entities, correction)
    return ordered_for_listing(entities)


def _with(mentions: list[Mention], added: Sequence[Mention]) -> list[Mention]:
    """`mentions` with `added` in, replacing any mention they overlap."""
    if not added:
        return mentions
    kept = [m for m in mentions if not any(a.start < m.end and m.start < a.end for a in added)]
    return sorted([*kept, *added], key=lambda m: m.start)


def names_of(entity: Entity) -> set[tuple[str, ...]]:
    """The folded names an entity answers to: its canonical name and every
    mention's name and text."""
    keys = {name_key(entity.canonical)}
    for mention in entity.mentions:
        keys.add(name_key(mention.canonical))
        keys.add(name_key(mention.text))
    return keys


def _apply_to_entities(entities: list[Entity], correction: EntityCorrection) -> list[Entity]:
    key = name_key(correction.name)
    matching = [e for e in entities if key in names_of(e)]
    if not matching:
        return entities
    others = [e for e in entities if key not in names_of(e)]
    if correction.action == REJECT_ENTITY:
        return others
    if correction.action == RETYPE:
        if correction.type not in TYPES:
            return entities
        return others + [_retyped(e, correction.type, e.canonical) for e in matching]
    if correction.action == MERGE:
        target_key = name_key(correction.target)
        targets = [e for e in others if target_key in names_of(e)]
        if not targets:
            # The entity it joins is not in this article: the name still
            # takes the target's, so both read as one across the library.
            return others + [_retyped(e, e.type, correction.target) for e in matching]
        target = targets[0]
        merged_mentions = [*target.mentions, *(m for e in matching for m in e.mentions)]
        merged = _retyped(
            Entity(target.type, target.canonical, tuple(merged_mentions)),
            target.type,
            target.canonical,
        )
        return [e for e in others if e is not target] + [merged]
    return entities


def _retyped(entity: Entity, kind: str, canonical: str) -> Entity:
    mentions = tuple(
        sorted(
            (replace(m, type=kind) for m in entity.mentions),
            key=lambda m: m.start,
        )
    )
    return Entity(kind, canonical, mentions)
