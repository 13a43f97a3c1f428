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
from typing import Any

CONTEXT_CHARS = 32
ANCHORED, MOVED, ORPHANED = "anchored", "moved", "orphaned"
STATUSES = (ANCHORED, MOVED, ORPHANED)

# What a reader can say about the extracted entities.
REJECT_MENTION = "reject_mention"  # this span is not an entity
REJECT_ENTITY = "reject_entity"  # this name is never an entity
RETYPE = "retype"  # this name is an entity of another type
MERGE = "merge"  # this name is another spelling of `target`
ADD = "add"  # this span is an entity the extractor missed
CORRECTION_ACTIONS = (REJECT_MENTION, REJECT_ENTITY, RETYPE, MERGE, ADD)


def now() -> str:
    """The time as the sidecar writes it: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return uuid.uuid4().hex


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix a passage is found again by."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


@dataclass(frozen=True, slots=True)
class Annotation:
    """A passage with its tags and note."""

    id: str
    start: int
    end: int  # exclusive
    quote: str
    prefix: str
    suffix: str
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = ""
    modified: str = ""
    status: str = ANCHORED

    @classmethod
    def new(
        cls, text: str, start: int, end: int, tags: tuple[str, ...] = (), note: str = ""
    ) -> Annotation:
        prefix, suffix = context(text, start, end)
        stamp = now()
        return cls(new_id(), start, end, text[start:end], prefix, suffix, tags, note, stamp, stamp)

    def edited(self, **changes: Any) -> Annotation:
        """A copy with `changes` and a new modification time."""
        return replace(self, modified=now(), **changes)

    def with_tag_toggled(self, tag: str) -> Annotation:
        tags = tuple(t for t in self.tags if t != tag) if tag in self.tags else (*self.tags, tag)
        return self.edited(tags=tags)

    @property
    def is_empty(self) -> bool:
        """Neither tags nor a note: nothing left worth keeping."""
        return not self.tags and not self.note.strip()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "tags": list(self.tags),
            "note": self.note,
            "created": self.created,
            "modified": self.modified,
            "status": self.status,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Annotation:
        return cls(
            id=data["id"],
            start=data["start"],
            end=data["end"],
            quote=data["quote"],
            prefix=data.get("prefix", ""),
            suffix=data.get("suffix", ""),
            tags=tuple(data.get("tags", ())),
            note=data.get("note", ""),
            created=data.get("created", ""),
            modified=data.get("modified", ""),
            status=data.get("status", ANCHORED),
        )


@dataclass(frozen=True, slots=True)
class EntityCorrection:
    """One thing the reader said about the extracted entities (see CORRECTION_ACTIONS).

    `name` is the entity's canonical name; mention-level actions (reject a
    mention, add one) also carry the span and its text.
    """

    id: str
    action: str
    name: str
    type: str = ""  # RETYPE: the new type; ADD: the type of the new entity
    target: str = ""  # MERGE: the canonical name it joins
    start: int = -1
    end: int = -1
    quote: str = ""
    created: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "action": self.action, "name": self.name}
        if self.type:
            data["type"] = self.type
        if self.target:
            data["target"] = self.target
        if self.start >= 0:
            data.update(start=self.start, end=self.end, quote=self.quote)
        data["created"] = self.created
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EntityCorrection:
        return cls(
            id=data["id"],
            action=data["action"],
            name=data["name"],
            type=data.get("type", ""),
            target=data.get("target", ""),
            start=data.get("start", -1),
            end=data.get("end", -1),
            quote=data.get("quote", ""),
            created=data.get("created", ""),
        )


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
