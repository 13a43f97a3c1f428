"""The folder's articles in the app: one row each (the library panel, the
overview), filled by one background pass that reads each file once.

A screenful of rows is read before the first paint; the pass
(`reader.library.index_library`) lists the rest, indexes from the entity
cache what it can on the way, and extracts the others once the open
article's entities are in (or the overview asks), with a progress bar that
`x` stops. It runs in a thread worker and reports through
`call_from_thread`, a few times a second at most, so that a folder of
thousands of articles never floods the screen with updates.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import Counter
from dataclasses import replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar
from textual.worker import get_current_worker

from reader.annotations.model import AnnotationSet, EntityCorrection
from reader.annotations.store import saved_state
from reader.config import Tag
from reader.corpus import Article, read_beginning
from reader.index import listed
from reader.library import ArticleIndex, EntityCache, Progress, index_library, read_listed
from reader.nlp.entities import Entity
from reader.processes import prepare_child_processes
from reader.tui.overview import OverviewScreen
from reader.tui.panels import LibraryPanel

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

EAGER_ROWS = 100  # rows read before the first paint; the pass does the rest
# ... or fewer, if reading them takes longer (web pages, PDFs): once the first
# readable article is found, no more than this before the first paint.
EAGER_SECONDS = 0.15
REPORT_EVERY = 0.2  # seconds between updates on screen


class IndexBar(Horizontal):
    """`Indexing 312/1,000 articles · 45/s · 15 s left [████   ] x stop`."""

    def compose(self) -> ComposeResult:
        yield Label("", id="index-status")
        yield ProgressBar(show_eta=False, id="index-progress")
        yield Label(" x stops", id="index-hint")

    def show(self, progress: Progress) -> None:
        self.query_one("#index-status", Label).update(f"Indexing {progress.describe()} ")
        self.query_one(ProgressBar).update(total=progress.total, progress=progress.done)


class Library:
    """The rows of the folder's articles, for the app that holds them."""

    def __init__(self, app: ReaderApp, cache_folder: Path | None) -> None:
        """Made before the app runs (see `prepare_child_processes`)."""
        prepare_child_processes()
        self.app = app
        self.rows: list[ArticleIndex] = []
        self.version = 0  # changes whenever a row does
        self.entity_cache = EntityCache(cache_folder)
        self.progress: Progress | None = None  # while extraction is under way
        self._extract = threading.Event()  # the pass may extract
        self._stop = threading.Event()  # the pass must stop extracting
        self._running = False
        self._generation = 0  # of the pass under way: an older one's reports are dropped
        self.sorted_by = "name"

    @property
    def paths(self) -> list[Path]:
        return self.app.paths

    @property
    def tags(self) -> tuple[Tag, ...]:
        return self.app.config.tags

    @property
    def entries(self) -> dict[int, ArticleIndex]:
        """The indexed rows, by article number (what the overview shows)."""
        return {number: row for number, row in enumerate(self.rows) if row.indexed}

    # -- the pass ---------------------------------------------------------------

    def list_first(self) -> tuple[int, Article] | None:
        """Read the first screenful of rows now and start the pass on all of
        them; the first readable article (read once, for its row and to be
        shown)."""
        paths = self.paths
        eager = min(len(paths), EAGER_ROWS)
        first: tuple[int, Article] | None = None
        read: dict[int, tuple[Article, AnnotationSet]] = {}
        self.rows = []
        began = time.monotonic()
        for number, path in enumerate(paths[:eager]):
            if first is not None and time.monotonic() - began > EAGER_SECONDS:
                eager = number
                break
            # A long first article is shown from its beginning while the
            # rest is decoded (see ReaderApp.open_article).
            beginning = read_beginning(path) if number == 0 else None
            row, article, state = read_listed(path, beginning)
            self.rows.append(row)
            if article is None:
                continue
            if article.complete:
                read[number] = (article, state)
            if first is None:
                first = (number, article)
        self.rows += self._from_index(paths[eager:])
        if len(paths) > 1:
            self._run(list(enumerate(paths)), read)
        return first

    def _from_index(self, paths: list[Path]) -> list[ArticleIndex]:
        """Rows not read yet, as the library's index (reader index) has them,
        so that an archive's titles show at once; the pass reads them anew."""
        root = self.root
        known = listed(root) if root is not None and paths else {}
        rows = []
        for path in paths:
            row = known.get(str(path))
            if row is None:
                rows.append(ArticleIndex.unread(path))
                continue
            rows.append(
                ArticleIndex(
                    path,
                    row.title or path.name,
                    row.size,
                    row.encoding,
                    skipped=row.skipped,
                    annotations=row.annotations,
                    notes=row.notes,
                    tags=Counter(row.tags),
                )
            )
        return rows

    def start(self) -> None:
        """Index the articles not indexed yet: the pass under way goes on to
        extract, or a new one starts."""
        if self._running:
            if not self._extract.is_set() and not self._stop.is_set():
                self._extract.set()
                self._show_progress(Progress(0, sum(not r.indexed for r in self.rows), 0.0))
            return
        todo = self._unindexed()
        if todo:
            self._extract.set()
            self._run(todo, {})

    def _unindexed(self) -> list[tuple[int, Path]]:
        return [(n, path) for n, path in enumerate(self.paths) if not self.rows[n].indexed]

    def stop(self) -> None:
        """Stop extracting (listing goes on); what was indexed is kept."""
        self._stop.set()

    def _run(
        self, todo: list[tuple[int, Path]], read: dict[int, tuple[Article, AnnotationSet]]
    ) -> None:
        self._stop = threading.Event()
        self._running = True
        self._generation += 1
        if self._extract.is_set():
            self._show_progress(Progress(0, len(todo), 0.0))
        self.app.run_worker(
            partial(
                self._pass,
                todo,
                read,
                self.app.corrector.taught,
                self._extract,
                self._stop,
                self._generation,
            ),
            thread=True,
            exclusive=True,
            group="library",
            exit_on_error=False,
        )

    def _pass(
        self,
        todo: list[tuple[int, Path]],
        read: dict[int, tuple[Article, AnnotationSet]],
        taught: tuple[EntityCorrection, ...],
        extract: threading.Event,
        stop: threading.Event,
        generation: int,
    ) -> None:
        worker = get_current_worker()
        batch: list[tuple[int, ArticleIndex]] = []
        last_report = time.monotonic()
        progress = Progress(0, len(todo), 0.0)
        for number, row, progress in index_library(
            todo,
            self.entity_cache,
            taught,
            read=read,
            cancelled=lambda: worker.is_cancelled,
            extract_now=extract.is_set,
            stop_extracting=stop.is_set,
        ):
            batch.append((number, row))
            # Hand the interpreter lock to the screen's thread between
            # articles: otherwise a key press waits for this thread's
            # switch interval many times over and the reader feels it.
            time.sleep(0)
            if time.monotonic() - last_report >= REPORT_EVERY:
                self.app.call_from_thread(self._report, batch, progress, False, generation)
                batch, last_report = [], time.monotonic()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._report, batch, progress, True, generation)

    def _report(
        self,
        batch: list[tuple[int, ArticleIndex]],
        progress: Progress,
        finished: bool,
        generation: int,
    ) -> None:
        if generation != self._generation:
            return  # a pass since replaced (the library was sorted): its numbers are stale
        for number, row in batch:
            if number < len(self.rows):
                self.rows[number] = self._with_open_article(number, row)
        self.version += 1
        if isinstance(self.app.screen, OverviewScreen):
            self.app.screen.update()  # the overview, if shown, redraws
        if batch:
            self.show()
        if finished:
            self._running = False
            self._extract.clear()
            if self.progress is not None and progress.done < progress.total:
                self.app.notify(
                    f"Indexing stopped at {progress.done:,}/{progress.total:,}; "
                    "what was indexed is kept (o shows it and goes on)"
                )
        self._show_progress(progress if self._extract.is_set() and not finished else None)

    def _with_open_article(self, number: int, row: ArticleIndex) -> ArticleIndex:
        """The open article's row as the session has it, not as last saved."""
        session = self.app.session
        if number != self.app.current or session is None or row.skipped:
            return row
        row = row.with_annotations(session.state)
        return row if self.app.finding.pending else row.with_entities(session.entities)

    def _show_progress(self, progress: Progress | None) -> None:
        self.progress = progress
        bar = self.app.query_one(IndexBar)
        running = self.progress is not None
        if bar.display != running:
            bar.display = running
            self.app.refresh_bindings()  # x: shown while indexing
        if self.progress is not None:
            bar.show(self.progress)

    # -- order -----------------------------------------------------------------

    def sort(self, by: str) -> None:
        """List the articles by name (their paths), date (newest file first)
        or size (largest first); the open article stays open."""
        order = sorted(range(len(self.paths)), key=self._sort_key(by))
        if order == list(range(len(order))):
            return
        # The pass counts articles by number: it starts again in the new order.
        running, extracting = self._running, self._extract.is_set()
        self.app.workers.cancel_group(self.app, "library")
        self._running = False
        self.app.paths[:] = [self.paths[n] for n in order]
        self.rows = [self.rows[n] for n in order]
        if self.app.current >= 0:
            self.app.current = order.index(self.app.current)
        self.sorted_by = by
        self.version += 1
        self.show()
        if running:
            if extracting:
                self._extract.set()
            self._run(self._unindexed(), {})

    def _sort_key(self, by: str):  # type: ignore[no-untyped-def]
        if by == "size":
            return lambda n: (-self.rows[n].size, str(self.paths[n]))
        if by == "date":

            def modified(n: int) -> tuple[float, str]:
                try:
                    return (-self.paths[n].stat().st_mtime, str(self.paths[n]))
                except OSError:
                    return (0.0, str(self.paths[n]))

            return modified
        return lambda n: str(self.paths[n])

    # -- the open article ------------------------------------------------------

    def article_read(self, number: int, article: Article) -> None:
        """An article was read whole (or renamed): its row says so."""
        old = self.rows[number]
        state = self.app.session.state if self.app.session else saved_state(article.path)
        row = ArticleIndex.listed(article, state)
        self.rows[number] = replace(row, entities=old.entities, from_cache=old.from_cache)
        self.version += 1
        self.show()

    def article_changed(
        self, number: int, state: AnnotationSet | None = None, entities: list[Entity] | None = None
    ) -> None:
        """An open article's tags or entities changed: its row follows."""
        row = self.rows[number]
        if row.skipped:
            return
        if state is not None:
            row = row.with_annotations(state)
        if entities is not None:
            row = row.with_entities(entities, row.from_cache)
        self.rows[number] = row
        self.version += 1
        self.show()  # the panel's row says so now (filling it is a list assignment)

    def taught_changed(self) -> None:
        """Every article's entities depend on the taught list; they are found
        again (from the entity cache) when next needed."""
        self.rows = [
            row if number == self.app.current or row.skipped else replace(row, entities=None)
            for number, row in enumerate(self.rows)
        ]
        self.version += 1

    @cached_property
    def root(self) -> Path | None:
        """The folder the articles sit in (rows say where below it)."""
        folders = {path.parent for path in self.paths}
        with contextlib.suppress(ValueError):
            return Path(os.path.commonpath(folders)) if folders else None
        return None

    def show(self) -> None:
        panel = self.app.query_one(LibraryPanel)
        width = max(panel.scrollable_content_region.width, 8)
        panel.show(self.rows, width, self.app.options, self.root)
        panel.border_title = (
            "Library" if self.sorted_by == "name" else f"Library · by {self.sorted_by}"
        )
