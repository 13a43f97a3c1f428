"""Annotations of one article: tagged and noted passages, entity corrections.

Every position is a code-point offset into the exact decoded article text
(`reader.corpus`); the quote and 32 characters of context either side are
kept too, as the W3C TextQuoteSelector does, so that an annotation can be
found again when the article changes (`anchoring.py`).

Values are immutable: a change makes a new `AnnotationSet`, which is what
makes undo, redo and merging two writers' work simple.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal

import msgspec

CONTEXT_CHARS = 32
ANCHORED: Final = "anchored"
MOVED: Final = "moved"
ORPHANED: Final = "orphaned"
STATUSES = (ANCHORED, MOVED, ORPHANED)

# What a reader can say about the extracted entities.
REJECT_MENTION: Final = "reject_mention"  # this span is not an entity
REJECT_ENTITY: Final = "reject_entity"  # this name is never an entity
RETYPE: Final = "retype"  # this name is an entity of another type
MERGE: Final = "merge"  # this name is another spelling of `target`
ADD: Final = "add"  # this span is an entity the extractor missed
CORRECTION_ACTIONS = (REJECT_MENTION, REJECT_ENTITY, RETYPE, MERGE, ADD)
Action = Literal["reject_mention", "reject_entity", "retype", "merge", "add"]


def now() -> str:
    """The time as the sidecar writes it: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return uuid.uuid4().hex


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix a passage is found again by."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


# The types below are the sidecar's schema: msgspec checks a sidecar against
# them as it decodes it (its messages say what is wrong), and the shipped JSON
# Schema is generated from them (scripts/build_schema.py).
Offset = Annotated[int, msgspec.Meta(ge=0)]
Identifier = Annotated[str, msgspec.Meta(min_length=1, description="Stable; never reused.")]
Timestamp = Annotated[
    str, msgspec.Meta(description="UTC, ISO 8601 (e.g. 2026-01-31T09:15:02.120Z).")
]
Status = Annotated[
    Literal["anchored", "moved", "orphaned"],
    msgspec.Meta(
        description="anchored: at its offsets; moved: found elsewhere after the article "
        "changed; orphaned: not found, kept as it was."
    ),
]


# gc=False: untracked by the cycle collector (they hold only strings and
# numbers), which makes reading 10,000 of them quicker.
class Annotation(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """A passage with its tags and note."""

    id: Identifier
    start: Offset
    end: Annotated[int, msgspec.Meta(ge=0, description="Exclusive.")]
    quote: Annotated[
        str, msgspec.Meta(description="The exact text at [start, end) when anchored or moved.")
    ]
    prefix: Annotated[
        str,
        msgspec.Meta(description="Up to 32 characters before the quote (W3C TextQuoteSelector)."),
    ] = ""
    suffix: Annotated[str, msgspec.Meta(description="Up to 32 characters after the quote.")] = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    created: Timestamp = ""
    modified: Timestamp = ""
    status: Status = ANCHORED

    @classmethod
    def new(
        cls, text: str, start: int, end: int, tags: tuple[str, ...] = (), note: str = ""
    ) -> Annotation:
        prefix, suffix = context(text, start, end)
        stamp = now()
        return cls(new_id(), start, end, text[start:end], prefix, suffix, tags, note, stamp, stamp)

    def edited(self, **changes: Any) -> Annotation:
        """A copy with `changes` and a new modification time."""
        return msgspec.structs.replace(self, modified=now(), **changes)

    def with_tag_toggled(self, tag: str) -> Annotation:
        tags = tuple(t for t in self.tags if t != tag) if tag in self.tags else (*self.tags, tag)
        return self.edited(tags=tags)

    @property
    def is_empty(self) -> bool:
        """Neither tags nor a note: nothing left worth keeping."""
        return not self.tags and not self.note.strip()

    def to_json(self) -> dict[str, Any]:
        """As the sidecar holds it: every field."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        data["tags"] = list(self.tags)
        return data


class EntityCorrection(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True, gc=False
):
    """One thing the reader said about the extracted entities: this mention
    is none (reject_mention), this name never is one (reject_entity), it is of
    another type (retype), it is another spelling of target (merge), or this
    span is one that was missed (add). `name` is the entity's canonical name;
    mention-level actions also carry the span and its text (start -1: none)."""

    id: Identifier
    action: Action
    name: Annotated[str, msgspec.Meta(description="The entity's canonical name.")]
    type: Annotated[
        str, msgspec.Meta(description="retype: the new type; add: the type of the new entity.")
    ] = ""
    target: Annotated[str, msgspec.Meta(description="merge: the canonical name it joins.")] = ""
    # -1: no span (a correction of the name everywhere); written only when set.
    start: Annotated[int, msgspec.Meta(ge=-1)] = -1
    end: Annotated[int, msgspec.Meta(ge=-1)] = -1
    quote: str = ""
    created: Timestamp = ""

    def to_json(self) -> dict[str, Any]:
        """As the sidecar holds it: fields left at their defaults are omitted."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        data.setdefault("created", self.created)
        return data


@dataclass(frozen=True, slots=True)
class AnnotationSet:
    """Everything the sidecar holds about one article, in document order."""

    annotations: tuple[Annotation, ...] = ()
    corrections: tuple[EntityCorrection, ...] = ()
    # Sidecar fields written by a newer reader of the same schema version, kept
    # so that saving does not drop them.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def with_annotations(self, annotations: Iterable[Annotation]) -> AnnotationSet:
        ordered = tuple(sorted(annotations, key=lambda a: (a.start, a.end, a.id)))
        return replace(self, annotations=ordered)

    def put(self, annotation: Annotation) -> AnnotationSet:
        """With `annotation` added, or replacing the one with its id."""
        kept = [a for a in self.annotations if a.id != annotation.id]
        return self.with_annotations([*kept, annotation])

    def with_correction(self, correction: EntityCorrection) -> AnnotationSet:
        return replace(self, corrections=(*self.corrections, correction))

    def remove(self, annotation_id: str) -> AnnotationSet:
        return self.with_annotations([a for a in self.annotations if a.id != annotation_id])

    def get(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def exactly(self, start: int, end: int) -> Annotation | None:
        """The annotation on exactly this span, if any (orphans have no span)."""
        return next(
            (
                a
                for a in self.annotations
                if (a.start, a.end) == (start, end) and a.status != ORPHANED
            ),
            None,
        )

    def at(self, start: int, end: int) -> list[Annotation]:
        """Annotations overlapping [start, end), the innermost first."""
        found = [
            a
            for a in self.annotations
            if a.status != ORPHANED and a.start < max(end, start + 1) and start < a.end
        ]
        return sorted(found, key=lambda a: a.end - a.start)
