"""Indexing the whole folder in the background: every article's entities and
tag counts, for the overview, with a progress bar that can be stopped.

The work itself is `reader.library.index_library` (cached by content, the
extraction in a child process); this module runs it in a thread worker and
reports through `call_from_thread`, at most a few times a second, so a
folder of thousands of articles never floods the screen with updates.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar
from textual.worker import get_current_worker

from reader.annotations.model import AnnotationSet
from reader.library import (
    ArticleIndex,
    EntityCache,
    Progress,
    index_library,
    prepare_child_processes,
)
from reader.nlp.entities import Entity
from reader.tui.base import ReaderBase
from reader.tui.overview import OverviewScreen

REPORT_EVERY = 0.2  # seconds between progress updates on screen


class IndexBar(Horizontal):
    """`Indexing 312/1,000 articles · 45/s · 15 s left [████   ] x stop`."""

    def compose(self) -> ComposeResult:
        yield Label("", id="index-status")
        yield ProgressBar(show_eta=False, id="index-progress")
        yield Label(" x stops", id="index-hint")

    def show(self, progress: Progress) -> None:
        self.query_one("#index-status", Label).update(f"Indexing {progress.describe()} ")
        self.query_one(ProgressBar).update(total=progress.total, progress=progress.done)


class LibraryIndexing(ReaderBase):
    """The app's part that indexes the folder and keeps what it found."""

    library_index: dict[int, ArticleIndex]
    index_version: int
    entity_cache: EntityCache
    indexing: Progress | None = None  # while a run is under way

    def init_library_index(self, cache_folder: Path | None) -> None:
        """Called before the app runs (see `prepare_child_processes`)."""
        prepare_child_processes()
        self.library_index = {}
        self.index_version = 0  # changes whenever an entry does
        self.entity_cache = EntityCache(cache_folder)
        self.indexing = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop_indexing":
            return self.indexing is not None
        return super().check_action(action, parameters)

    def start_indexing(self) -> None:
        """Index the articles not indexed yet, unless that is under way."""
        if self.indexing is not None:
            return
        todo = [
            (number, path)
            for number, path in enumerate(self.paths)
            if number not in self.library_index
        ]
        if not todo:
            return
        self.indexing = Progress(0, len(todo), 0.0)
        self._show_progress(self.indexing)
        self.index_articles(todo)

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def index_articles(self, todo: list[tuple[int, Path]]) -> None:
        worker = get_current_worker()
        batch: list[tuple[int, ArticleIndex]] = []
        last_report = time.monotonic()
        progress = Progress(0, len(todo), 0.0)
        for number, entry, progress in index_library(
            todo, self.entity_cache, self.taught, cancelled=lambda: worker.is_cancelled
        ):
            batch.append((number, entry))
            # Hand the interpreter lock to the screen's thread between
            # articles: otherwise a key press waits for this thread's
            # switch interval many times over and the reader feels it.
            time.sleep(0)
            if time.monotonic() - last_report >= REPORT_EVERY:
                self.call_from_thread(self._indexed, batch, progress, False)
                batch, last_report = [], time.monotonic()
        self.call_from_thread(self._indexed, batch, progress, True)

    def _indexed(
        self, batch: Iterable[tuple[int, ArticleIndex]], progress: Progress, finished: bool
    ) -> None:
        for number, entry in batch:
            self.library_index[number] = entry
        self.index_version += 1
        self.library_indexed(progress)
        if not finished:
            self.indexing = progress
            self._show_progress(progress)
            return
        self.indexing = None
        self._show_progress(None)
        if progress.done < progress.total:
            self.notify(
                f"Indexing stopped at {progress.done:,}/{progress.total:,}; "
                "what was indexed is kept (o shows it and goes on)"
            )

    def _show_progress(self, progress: Progress | None) -> None:
        bar = self.query_one(IndexBar)
        running = progress is not None
        if bar.display != running:
            bar.display = running
            self.refresh_bindings()  # x: shown while indexing
        if progress is not None:
            bar.show(progress)

    def action_stop_indexing(self) -> None:
        self.workers.cancel_group(self, "library")

    def library_indexed(self, progress: Progress) -> None:
        """Indexed articles came in: the overview, if shown, redraws."""
        if isinstance(self.screen, OverviewScreen):
            self.screen.update()

    def action_overview(self) -> None:
        def chosen(number: int | None) -> None:
            if number is not None:
                self.open_article(number)
                self.view.focus()

        self.push_screen(OverviewScreen(self), chosen)
        self.start_indexing()

    def entities_shown(self, entities: list[Entity]) -> None:
        self.reindex_current(entities=entities)

    def taught_loaded(self) -> None:
        # Every article's entities depend on the taught list; the index is
        # rebuilt from the entity cache (a file read per article) when next needed.
        current = self.library_index.get(self.current)
        self.library_index.clear()
        self.index_version += 1
        if current is not None:
            self.library_index[self.current] = current

    def reindex_current(
        self, state: AnnotationSet | None = None, entities: list[Entity] | None = None
    ) -> None:
        """The open article's tags or entities changed: its index entry follows."""
        entry = self.library_index.get(self.current)
        if entry is None:
            return
        if state is not None:
            entry = entry.with_annotations(state)
        if entities is not None:
            entry = entry.with_entities(entities)
        self.library_index[self.current] = entry
        self.index_version += 1
