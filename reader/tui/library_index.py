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
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar
from textual.worker import get_current_worker

from reader.annotations.model import AnnotationSet, EntityCorrection
from reader.config import Tag
from reader.library import (
    ArticleIndex,
    EntityCache,
    Progress,
    index_library,
)
from reader.nlp.entities import Entity
from reader.processes import prepare_child_processes
from reader.tui.overview import OverviewScreen

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

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


class LibraryIndexer:
    """The folder's index (entities and tag counts per article), built in the
    background for the app that holds it, with its progress bar."""

    def __init__(self, app: ReaderApp, cache_folder: Path | None) -> None:
        """Made before the app runs (see `prepare_child_processes`)."""
        prepare_child_processes()
        self.app = app
        self.entries: dict[int, ArticleIndex] = {}  # by article number
        self.version = 0  # changes whenever an entry does
        self.entity_cache = EntityCache(cache_folder)
        self.progress: Progress | None = None  # while a run is under way

    @property
    def paths(self) -> list[Path]:
        return self.app.paths

    @property
    def tags(self) -> tuple[Tag, ...]:
        return self.app.config.tags

    def start(self) -> None:
        """Index the articles not indexed yet, unless that is under way."""
        if self.progress is not None:
            return
        todo = [
            (number, path) for number, path in enumerate(self.paths) if number not in self.entries
        ]
        if not todo:
            return
        self.progress = Progress(0, len(todo), 0.0)
        self._show_progress(self.progress)
        self.app.run_worker(
            partial(self._index, todo, self.app.corrector.taught),
            thread=True,
            exclusive=True,
            group="library",
            exit_on_error=False,
        )

    def stop(self) -> None:
        self.app.workers.cancel_group(self.app, "library")

    def _index(self, todo: list[tuple[int, Path]], taught: tuple[EntityCorrection, ...]) -> None:
        worker = get_current_worker()
        batch: list[tuple[int, ArticleIndex]] = []
        last_report = time.monotonic()
        progress = Progress(0, len(todo), 0.0)
        for number, entry, progress in index_library(
            todo, self.entity_cache, taught, cancelled=lambda: worker.is_cancelled
        ):
            batch.append((number, entry))
            # Hand the interpreter lock to the screen's thread between
            # articles: otherwise a key press waits for this thread's
            # switch interval many times over and the reader feels it.
            time.sleep(0)
            if time.monotonic() - last_report >= REPORT_EVERY:
                self.app.call_from_thread(self._indexed, batch, progress, False)
                batch, last_report = [], time.monotonic()
        self.app.call_from_thread(self._indexed, batch, progress, True)

    def _indexed(
        self, batch: Iterable[tuple[int, ArticleIndex]], progress: Progress, finished: bool
    ) -> None:
        for number, entry in batch:
            self.entries[number] = entry
        self.version += 1
        if isinstance(self.app.screen, OverviewScreen):
            self.app.screen.update()  # the overview, if shown, redraws
        if not finished:
            self.progress = progress
            self._show_progress(progress)
            return
        self.progress = None
        self._show_progress(None)
        if progress.done < progress.total:
            self.app.notify(
                f"Indexing stopped at {progress.done:,}/{progress.total:,}; "
                "what was indexed is kept (o shows it and goes on)"
            )

    def _show_progress(self, progress: Progress | None) -> None:
        bar = self.app.query_one(IndexBar)
        running = progress is not None
        if bar.display != running:
            bar.display = running
            self.app.refresh_bindings()  # x: shown while indexing
        if progress is not None:
            bar.show(progress)

    def taught_changed(self) -> None:
        """Every article's entities depend on the taught list; the index is
        rebuilt from the entity cache (a file read per article) when next needed."""
        current = self.entries.get(self.app.current)
        self.entries.clear()
        self.version += 1
        if current is not None:
            self.entries[self.app.current] = current

    def article_changed(
        self, number: int, state: AnnotationSet | None = None, entities: list[Entity] | None = None
    ) -> None:
        """An open article's tags or entities changed: its entry follows."""
        entry = self.entries.get(number)
        if entry is None:
            return
        if state is not None:
            entry = entry.with_annotations(state)
        if entities is not None:
            entry = entry.with_entities(entities)
        self.entries[number] = entry
        self.version += 1
