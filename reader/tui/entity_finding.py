"""Finding the open article's entities in the background, and moving between
the mentions of the one the reader picked in the Entities panel."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from reader.annotations.corrections import corrected_entities
from reader.library import extract_in_child
from reader.nlp.entities import BackendUnavailable, Entity, Mention, extract
from reader.tui.article_paint import Highlight

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

# A child process costs a second to start: worth it for a long article,
# whose extraction takes longer and much memory.
CHILD_EXTRACTION_CHARS = 500_000


class EntityFinding:
    """The open article's entities as they are found, and the one picked."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.pending = False  # being found
        self.selected: Entity | None = None  # picked in the Entities panel

    def opened(self) -> None:
        """Another article is open: its entities are to be found."""
        self.pending = True
        self.selected = None

    def start(self, number: int, text: str) -> None:
        """Find the entities of article `number` (of `text`) in a thread."""
        session = self.app.session
        # The corrections as they are now; if the reader changes them while
        # this runs, the session sees the difference and regroups.
        corrections = session.correction_inputs() if session else ((), self.app.corrector.taught)
        self.app.run_worker(
            partial(self._find, number, text, corrections),
            thread=True,
            exclusive=True,
            group="entities",
            exit_on_error=False,
        )

    def _find(self, number: int, text: str, corrections: tuple[tuple, tuple]) -> None:  # type: ignore[type-arg]
        app = self.app
        try:
            long = len(text) >= CHILD_EXTRACTION_CHARS
            mentions, _ = app.library.entity_cache.mentions(
                text, extract_in_child if long else extract
            )
            entities = corrected_entities(text, mentions, *corrections)
        except (BackendUnavailable, OSError, ValueError, RuntimeError) as error:
            # A broken or missing model, or a child process that died (a
            # RuntimeError), must not take the article down with it.
            app.call_from_thread(self._unavailable, number, str(error))
            return
        app.call_from_thread(self._found, number, mentions, entities, corrections)

    def _found(
        self, number: int, mentions: list[Mention], entities: list[Entity], corrections: object
    ) -> None:
        app = self.app
        if number != app.current or app.session is None:  # the reader has moved on
            return
        app.session.mentions_found(mentions, entities, corrections)
        self.pending = False
        app.entities_shown(app.entities)
        app.fill_panels()
        if len(app.paths) > 1:
            # The rest of the folder, now that this article is ready.
            app.library.start()

    def _unavailable(self, number: int, reason: str) -> None:
        if number != self.app.current:
            return
        self.failed()
        self.app.notify(f"Entities unavailable: {reason}", severity="error")

    def failed(self) -> None:
        """Finding them failed: the panel stops saying it is working."""
        self.pending = False
        self.app.fill_panels()

    def select(self, entity: Entity) -> None:
        """Highlight an entity's mentions and go to the first."""
        self.selected = entity
        self.app.view.set_highlight(
            Highlight(tuple((m.start, m.end) for m in entity.mentions), "article-view--mention")
        )
        self.jump(+1, from_start=True)

    def jump(self, step: int, *, from_start: bool = False) -> None:
        """Move the cursor to the next (or previous) sentence holding a mention."""
        entity = self.selected
        if entity is None:
            self.app.notify("Select an entity first (Entities panel, Enter)")
            return
        view = self.app.view
        if from_start:
            view.move_cursor(view.sentence_at(entity.mentions[0].start))
        else:
            view.jump(entity.mentions, step)
