"""The open article: one object that the TUI and the command line both drive.

An `ArticleSession` owns what reader knows of one article while it is open:
its text (as `reader.corpus` produced it: every offset counts code points of
it), its annotations with their history and their sidecar (the store), and
its entities — the extractor's mentions, with the reader's corrections and
the taught list applied. Every operation returns an `Outcome` saying what
changed, and calls nothing back: the caller (a screen, a command) redraws or
prints what the outcome names.

    session = ArticleSession(read_article(path))
    outcome = session.toggle_tag(start, end, "claim")
    session.save()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from msgspec import structs

from reader.annotations.corrections import corrected_entities
from reader.annotations.model import ANCHORED, MOVED, Annotation, AnnotationSet, EntityCorrection
from reader.annotations.store import AnnotationStore, SaveReport
from reader.corpus import Article
from reader.nlp.entities import Entity, Mention


@dataclass(slots=True)
class Outcome:
    """What an operation changed, for whoever shows the article."""

    description: str = ""  # what was done, as undo names it ("tag claim")
    annotations: bool = False  # the annotations changed: repaint them, save soon
    entities: bool = False  # the corrected entities changed: list them again
    messages: list[str] = field(default_factory=list)  # to tell the reader

    @property
    def changed(self) -> bool:
        return self.annotations or self.entities


class ArticleSession:
    """One open article: text, annotations (with undo and the sidecar) and entities."""

    def __init__(
        self,
        article: Article,
        *,
        store: AnnotationStore | None = None,
        taught: tuple[EntityCorrection, ...] = (),
        data_dir: Path | None = None,
    ) -> None:
        self.article = article
        self.store = store or AnnotationStore.of(article, data_dir=data_dir)
        self.taught = taught
        self.mentions: list[Mention] | None = None  # the extractor's, once it has run
        self.entities: list[Entity] = []  # the mentions grouped, corrections applied
        self._corrected_with: object = None

    # -- what it is -------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def path(self) -> Path:
        """Where the article is now (it follows a rename while open)."""
        return self.store.article

    @property
    def state(self) -> AnnotationSet:
        return self.store.state

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        return self.store.state.annotations

    @property
    def corrections_pending(self) -> bool:
        """Corrections changed since the entities were last worked out (while
        the extractor runs, for one)."""
        return self._corrections() != self._corrected_with

    def messages(self) -> list[str]:
        """What the store has to tell that was not told yet."""
        return self.store.untold_messages()

    # -- annotations ------------------------------------------------------------------

    def toggle_tag(self, start: int, end: int, tag: str) -> Outcome:
        """The tag on the passage [start, end) if it is not there, else off (an
        annotation left with neither tags nor a note goes)."""
        existing = self.state.exactly(start, end)
        if existing is None:
            created = Annotation.new(self.text, start, end, tags=(tag,))
            return self._change(self.state.put(created), f"tag {tag}")
        toggled = existing.with_tag_toggled(tag)
        state = self.state.remove(existing.id) if toggled.is_empty else self.state.put(toggled)
        return self._change(state, f"{'untag' if tag in existing.tags else 'tag'} {tag}")

    def annotation_for_note(
        self, start: int, end: int, *, selected: bool
    ) -> tuple[int, int, Annotation | None]:
        """The passage a note on [start, end) is written on, and its annotation
        if it has one: on a sentence inside a longer annotated passage (and
        nothing selected), that passage."""
        existing = self.state.exactly(start, end)
        if existing is None and not selected:
            existing = next(
                (a for a in self.state.at(start, end) if a.start <= start and end <= a.end),
                None,
            )
        if existing is not None:
            return existing.start, existing.end, existing
        return start, end, None

    def set_note(self, start: int, end: int, note: str, annotation_id: str | None) -> Outcome:
        """The note of the annotation `annotation_id`, or of a new one on the
        passage; an annotation left with neither tags nor a note goes."""
        note = note.strip("\n")
        existing = self.state.get(annotation_id) if annotation_id else None
        if existing is None:
            if not note.strip():
                return Outcome()
            created = Annotation.new(self.text, start, end, note=note)
            return self._change(self.state.put(created), "note")
        edited = existing.edited(note=note)
        state = self.state.remove(existing.id) if edited.is_empty else self.state.put(edited)
        return self._change(state, "note")

    def delete_at(self, start: int, end: int) -> Outcome:
        """Delete the innermost annotation over the passage."""
        found = self.state.at(start, end)
        if not found:
            return Outcome(messages=["No annotation here"])
        outcome = self._change(self.state.remove(found[0].id), "delete")
        outcome.messages.append("Annotation deleted (u undoes)")
        return outcome

    def confirm_moved(self, annotation_id: str) -> Outcome:
        """A passage found again after the article changed is where it belongs."""
        annotation = self.state.get(annotation_id)
        if annotation is None or annotation.status != MOVED:
            return Outcome(messages=["Only a moved passage needs confirming"])
        outcome = self._change(
            self.state.put(structs.replace(annotation, status=ANCHORED)), "confirm"
        )
        outcome.messages.append("Confirmed where it is now (u undoes)")
        return outcome

    def merge_stray(self) -> Outcome:
        """Merge the work found in the per-user copy (see `AnnotationStore.stray`)."""
        before = self.state
        count = self.store.merge_stray()
        outcome = self._outcome(before, "merge the per-user copy")
        outcome.messages.append(f"{count} annotation(s) merged from {self.store.fallback}")
        return outcome

    def undo(self) -> Outcome:
        return self._step(self.store.undo, "Undone", "Nothing to undo")

    def redo(self) -> Outcome:
        return self._step(self.store.redo, "Redone", "Nothing to redo")

    def _step(self, step: Callable[[], str | None], done: str, nothing: str) -> Outcome:
        before = self.state
        description = step()
        outcome = self._outcome(before, description or "")
        outcome.messages.insert(0, f"{done}: {description}" if description else nothing)
        return outcome

    def save(self) -> tuple[SaveReport | None, Outcome]:
        """Save if anything changed (OSError if it cannot be, the work kept in
        memory); the outcome says what another reader's merged work changed."""
        before = self.state
        report = self.store.save()
        return report, self._outcome(before, "")

    @property
    def dirty(self) -> bool:
        return self.store.dirty

    # -- entities --------------------------------------------------------------------

    def correct(self, correction: EntityCorrection) -> Outcome:
        """Store an entity correction in the sidecar (undoable)."""
        return self._change(
            self.state.with_correction(correction),
            f"{correction.action.replace('_', ' ')} {correction.name}",
        )

    def mentions_found(
        self,
        mentions: Sequence[Mention],
        entities: list[Entity] | None = None,
        corrected_with: object = None,
    ) -> Outcome:
        """The extractor's mentions, with `entities` if the caller already
        corrected them (with the corrections `corrected_with`), else corrected here."""
        self.mentions = list(mentions)
        if entities is not None:
            self.entities = entities
            self._corrected_with = corrected_with
            outcome = Outcome(entities=True)
            if self.corrections_pending:  # changed while they were worked out
                self._correct_entities()
            return outcome
        self._correct_entities()
        return Outcome(entities=True)

    def set_taught(self, taught: tuple[EntityCorrection, ...]) -> Outcome:
        self.taught = taught
        return Outcome(entities=self._correct_entities())

    def _corrections(self) -> tuple[tuple[EntityCorrection, ...], tuple[EntityCorrection, ...]]:
        return (self.state.corrections, self.taught)

    def correction_inputs(
        self,
    ) -> tuple[tuple[EntityCorrection, ...], tuple[EntityCorrection, ...]]:
        """The sidecar's corrections and the taught list, as entities are corrected with."""
        return self._corrections()

    def _correct_entities(self) -> bool:
        """Work out the entities again if the corrections changed; whether they did."""
        if self.mentions is None:
            return False
        corrections = self._corrections()
        if corrections == self._corrected_with:
            return False
        self._corrected_with = corrections
        self.entities = corrected_entities(self.text, self.mentions, *corrections)
        return True

    # -- the change itself -------------------------------------------------------------

    def _change(self, state: AnnotationSet, description: str) -> Outcome:
        before = self.state
        self.store.change(state, description)
        return self._outcome(before, description)

    def _outcome(self, before: AnnotationSet, description: str) -> Outcome:
        after = self.state
        annotations = after.annotations != before.annotations
        corrections = after.corrections != before.corrections
        entities = self._correct_entities() if corrections else False
        return Outcome(description, annotations or corrections, entities, self.messages())
