"""Undo and redo of this reader's own changes, and merging two readers' work.

A change is kept as the annotations (and corrections) it touched, before and
after. Undo does not put an earlier state back: another reader's work may
have been merged in since, and restoring a whole earlier state would delete
it. It reverts just this change, in the state as it is now, annotation by
annotation: an annotation nobody else touched since goes back to what it
was; one another reader changed since keeps their change, with only this
reader's part (a tag added, a note written) taken back.

Merging uses the same rule, field by field (`merge_annotation`): a side's
change wins over no change, tags added and removed on either side are all
applied, and when both sides wrote different notes on one passage, both
texts are kept in the note with a marker — a conflict is shown, never
silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from msgspec import structs

from reader.annotations.model import ORPHANED, Annotation, AnnotationSet, EntityCorrection

UNDO_LIMIT = 500
CONFLICT_MARKER = "——— another reader wrote, at the same time: ———"


@dataclass(frozen=True, slots=True)
class Change:
    """What one change did: each touched annotation or correction before and
    after (None: it did not exist)."""

    description: str
    annotations: tuple[tuple[Annotation | None, Annotation | None], ...]
    corrections: tuple[tuple[EntityCorrection | None, EntityCorrection | None], ...]

    @classmethod
    def between(cls, before: AnnotationSet, after: AnnotationSet, description: str) -> Change:
        return cls(
            description,
            _differences(before.annotations, after.annotations, lambda a: a.id),
            _differences(before.corrections, after.corrections, lambda c: c.id),
        )

    @property
    def inverse(self) -> Change:
        return Change(
            self.description,
            tuple((after, before) for before, after in self.annotations),
            tuple((after, before) for before, after in self.corrections),
        )


@dataclass(slots=True)
class Applied:
    """The state after undoing or redoing a change, and what could not be taken back."""

    state: AnnotationSet
    kept_for_others: int = 0  # annotations another reader changed since: their part kept


_Item = TypeVar("_Item", Annotation, EntityCorrection)


def _differences(
    before: Iterable[_Item], after: Iterable[_Item], key: Callable[[_Item], str]
) -> tuple[tuple[_Item | None, _Item | None], ...]:
    old = {key(item): item for item in before}
    new = {key(item): item for item in after}
    return tuple(
        (old.get(name), new.get(name))
        for name in sorted(old.keys() | new.keys())
        if old.get(name) is not new.get(name) and old.get(name) != new.get(name)
    )


def apply(change: Change, state: AnnotationSet, aliases: dict[str, str]) -> Applied:
    """`change` applied to `state`, which may hold other readers' work since.

    For each annotation the change touched (`before` → `after`), what is there
    now (`current`) becomes `after` if nobody touched it since (`current ==
    before`); otherwise the change is merged into it field by field, keeping
    what the others did. `aliases` maps an annotation's id to the one it was
    folded into when two readers tagged the same new span."""
    by_id = {a.id: a for a in state.annotations}
    kept = 0
    for before, after in change.annotations:
        name = (before or after).id  # type: ignore[union-attr]
        name = aliases.get(name, name)
        current = by_id.get(name)
        if current == _renamed(before, name):
            result = _renamed(after, name)
        else:
            kept += 1
            result = _revert_into(current, before, after, name)
        if result is None:
            by_id.pop(name, None)
        else:
            by_id[name] = result
    corrections = {c.id: c for c in state.corrections}
    for before_c, after_c in change.corrections:
        name = (before_c or after_c).id  # type: ignore[union-attr]
        if after_c is None:
            corrections.pop(name, None)
        else:
            corrections[name] = after_c
    result_state = AnnotationSet(
        corrections=tuple(sorted(corrections.values(), key=lambda c: (c.created, c.id))),
        extra=state.extra,
    ).with_annotations(by_id.values())
    return Applied(result_state, kept)


def _renamed(annotation: Annotation | None, name: str) -> Annotation | None:
    if annotation is None or annotation.id == name:
        return annotation
    return structs.replace(annotation, id=name)


def _revert_into(
    current: Annotation | None, before: Annotation | None, after: Annotation | None, name: str
) -> Annotation | None:
    """This change (`before` → `after`) made on `current`, which others changed since."""
    if current is None:
        if before is None:
            return after and _renamed(after, name)  # re-creating what was undone
        return None  # another reader deleted it since: their deletion stands
    base = before if before is not None else _blank(current)
    ours = after if after is not None else _blank(current)
    merged, _conflict = merge_annotation(_renamed(base, name), _renamed(ours, name), current)
    assert merged is not None
    return None if merged.is_empty else merged


def _blank(like: Annotation) -> Annotation:
    """An annotation with no tags and no note where `like` is (what "not
    there" means when merging fields)."""
    return structs.replace(like, tags=(), note="")


@dataclass(slots=True)
class History:
    """Undo and redo stacks of `Change`s."""

    undo_stack: list[Change] = field(default_factory=list)
    redo_stack: list[Change] = field(default_factory=list)
    # Ids of annotations folded into another reader's on the same span.
    aliases: dict[str, str] = field(default_factory=dict)

    def record(self, before: AnnotationSet, after: AnnotationSet, description: str) -> None:
        self.undo_stack.append(Change.between(before, after, description))
        del self.undo_stack[:-UNDO_LIMIT]
        self.redo_stack.clear()

    def undo(self, state: AnnotationSet) -> tuple[Change, Applied] | None:
        return self._step(state, self.undo_stack, self.redo_stack)

    def redo(self, state: AnnotationSet) -> tuple[Change, Applied] | None:
        return self._step(state, self.redo_stack, self.undo_stack)

    def _step(
        self, state: AnnotationSet, source: list[Change], target: list[Change]
    ) -> tuple[Change, Applied] | None:
        if not source:
            return None
        change = source.pop()
        applied = apply(change.inverse, state, self.aliases)
        target.append(change.inverse)
        return change, applied


# -- merging two readers' work ---------------------------------------------------------


def merge_annotation(
    base: Annotation | None, ours: Annotation | None, theirs: Annotation | None
) -> tuple[Annotation | None, bool]:
    """One annotation as two readers left it, from what both started from;
    and whether their notes conflicted (both kept, marked)."""
    if ours == base:
        return theirs, False
    if theirs == base or ours == theirs:
        return ours, False
    if ours is None or theirs is None:
        # Edited on one side, deleted on the other: the edit is work, kept.
        return (ours if ours is not None else theirs), False
    start = base if base is not None else _blank(theirs)
    span_from = ours if _span(ours) != _span(start) else theirs
    tags = merge_tags(start.tags, ours.tags, theirs.tags)
    note, conflict = merge_note(start.note, ours.note, theirs.note)
    merged = structs.replace(
        theirs,
        start=span_from.start,
        end=span_from.end,
        quote=span_from.quote,
        prefix=span_from.prefix,
        suffix=span_from.suffix,
        status=span_from.status,
        tags=tags,
        note=note,
        created=min((x for x in (ours.created, theirs.created) if x), default=""),
        modified=max(ours.modified, theirs.modified),
    )
    return merged, conflict


def _span(a: Annotation) -> tuple[int, int, str, str]:
    return (a.start, a.end, a.quote, a.status)


def merge_tags(
    base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...]
) -> tuple[str, ...]:
    """Both sides' additions and removals, in the order the tags were added."""
    removed = {t for t in base if t not in ours or t not in theirs}
    merged = [t for t in theirs if t not in removed]
    merged += [t for t in ours if t not in removed and t not in merged]
    return tuple(merged)


def merge_note(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    if ours in (base, theirs):
        return theirs, False
    if theirs == base:
        return ours, False
    if not theirs.strip():
        return ours, False  # they cleared it, we wrote: the writing is kept
    if not ours.strip():
        return theirs, False
    if CONFLICT_MARKER in ours and theirs in ours:
        return ours, False  # already merged once
    return f"{ours}\n{CONFLICT_MARKER}\n{theirs}", True


@dataclass(slots=True)
class Merged:
    state: AnnotationSet
    conflicts: list[Annotation] = field(default_factory=list)  # notes both edited
    folded: dict[str, str] = field(default_factory=dict)  # our new id -> theirs, same span


def merge(base: AnnotationSet, ours: AnnotationSet, theirs: AnnotationSet) -> Merged:
    """Three-way merge by id, field by field (see `merge_annotation`); two
    new annotations on the same span (both readers tagged it fresh) become
    one, under the id already on disk."""
    b = {a.id: a for a in base.annotations}
    o = {a.id: a for a in ours.annotations}
    t = {a.id: a for a in theirs.annotations}
    result: dict[str, Annotation] = {}
    conflicts: list[Annotation] = []
    for key in sorted(b.keys() | o.keys() | t.keys()):
        merged, conflict = merge_annotation(b.get(key), o.get(key), t.get(key))
        if merged is not None:
            result[key] = merged
            if conflict:
                conflicts.append(merged)
    folded: dict[str, str] = {}
    theirs_new = {
        (a.start, a.end): a
        for a in theirs.annotations
        if a.id not in b and a.id not in o and a.status != ORPHANED
    }
    for mine in ours.annotations:
        if mine.id in b or mine.id in t or mine.status == ORPHANED:
            continue
        other = theirs_new.get((mine.start, mine.end))
        if other is None or other.id not in result:
            continue
        combined, conflict = merge_annotation(
            _blank(other), _renamed(mine, other.id), result[other.id]
        )
        assert combined is not None
        result[other.id] = combined
        del result[mine.id]
        folded[mine.id] = other.id
        if conflict:
            conflicts.append(combined)
    corrections = _merge_corrections(base.corrections, ours.corrections, theirs.corrections)
    state = AnnotationSet(
        corrections=corrections, extra={**theirs.extra, **ours.extra}
    ).with_annotations(result.values())
    return Merged(state, conflicts, folded)


def _merge_corrections(
    base: tuple[EntityCorrection, ...],
    ours: tuple[EntityCorrection, ...],
    theirs: tuple[EntityCorrection, ...],
) -> tuple[EntityCorrection, ...]:
    b = {c.id: c for c in base}
    o = {c.id: c for c in ours}
    t = {c.id: c for c in theirs}
    result = {}
    for key in b.keys() | o.keys() | t.keys():
        bc, oc, tc = b.get(key), o.get(key), t.get(key)
        chosen = tc if oc == bc else oc if tc == bc else (oc or tc)
        if chosen is not None:
            result[key] = chosen
    return tuple(sorted(result.values(), key=lambda c: (c.created, c.id)))
