"""The library panel's rows: the folder's articles listed, a screenful before
the first paint and the rest in the background, so that a folder of 10,000
files lists at once and fills in."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from reader.annotations.store import saved_count
from reader.corpus import Article, CorpusError, read_article, read_beginning
from reader.tui.panels import LibraryEntry, LibraryPanel

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

EAGER_ENTRIES = 100  # library entries read before the first paint; the rest follow
LISTING_REPORT_EVERY = 0.25  # seconds between library updates while listing


def entry_of(article: Article) -> LibraryEntry:
    return LibraryEntry(
        article.title, article.size, saved_count(article.path), encoding=article.encoding
    )


def read_entry(path: Path) -> tuple[LibraryEntry, Article | None]:
    """An article's library entry, and the article if it could be read."""
    try:
        article = read_article(path)
    except CorpusError as error:
        return LibraryEntry(path.name, 0, 0, skipped=error.reason), None
    return entry_of(article), article


class LibraryList:
    """The rows of the library panel, for the app that holds them."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.entries: list[LibraryEntry] = []

    def list_first(self) -> tuple[int, Article] | None:
        """Read the first screenful of entries now and start on the rest; the
        first readable article (read once, for its entry and to be shown)."""
        paths = self.app.paths
        eager = min(len(paths), EAGER_ENTRIES)
        first: tuple[int, Article] | None = None
        self.entries = []
        for number, path in enumerate(paths[:eager]):
            # A long first article is shown from its beginning while the
            # rest is decoded (see ReaderApp.open_article).
            article: Article | None = read_beginning(path) if number == 0 else None
            if article is not None:
                entry = entry_of(article)
            else:
                entry, article = read_entry(path)
            self.entries.append(entry)
            if first is None and article is not None:
                first = (number, article)
        self.entries += [LibraryEntry(path.name, -1, 0) for path in paths[eager:]]
        if eager < len(paths):
            self.app.run_worker(
                partial(self._read_rest, eager, list(paths)),
                thread=True,
                exclusive=True,
                group="listing",
                exit_on_error=False,
            )
        return first

    def _read_rest(self, first: int, paths: list[Path]) -> None:
        """Title, size, notes and skip reason of each article from `first` on."""
        worker = get_current_worker()
        batch: list[tuple[int, LibraryEntry]] = []
        last_report = time.monotonic()
        for number in range(first, len(paths)):
            if worker.is_cancelled:
                return
            batch.append((number, read_entry(paths[number])[0]))
            time.sleep(0)  # let the screen's thread in (see LibraryIndexer)
            if time.monotonic() - last_report >= LISTING_REPORT_EVERY:
                self.app.call_from_thread(self._entries_read, batch)
                batch, last_report = [], time.monotonic()
        self.app.call_from_thread(self._entries_read, batch)

    def _entries_read(self, batch: list[tuple[int, LibraryEntry]]) -> None:
        for number, entry in batch:
            self.entries[number] = entry
        self.show()

    def article_read(self, number: int, article: Article) -> None:
        """An article was read whole (or renamed): its row says so."""
        self.entries[number] = entry_of(article)
        self.show()

    def show(self) -> None:
        panel = self.app.query_one(LibraryPanel)
        panel.show(self.entries, max(panel.scrollable_content_region.width, 8), self.app.options)
