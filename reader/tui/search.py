"""Searching from the TUI: `/` asks for a query (typed shaped, right-to-left),
Enter searches the article — hits highlighted, `n`/`N` move between them —
and ctrl+l searches every article of the library, listing the hits with
shaped snippets; Enter on one opens its article there.

Matching is `reader.nlp.search`'s: Arabic spelling variants, harakat and
tatweel ignored, whole words with proclitics or substrings (ctrl+t).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.corpus import CorpusError, read_article
from reader.layout import LayoutOptions
from reader.nlp.search import Hit, QueryError, around, find, with_lines
from reader.tui.article_paint import Highlight
from reader.tui.dialog import Dialog
from reader.tui.labels import plain, shaped_inline, shaped_line
from reader.tui.note_editor import NoteEditor

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

ARTICLE, LIBRARY = "article", "library"
MAX_ARTICLE_HITS = 20_000
MAX_LIBRARY_HITS = 2_000
SNIPPET_CONTEXT = 40


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    whole_word: bool
    scope: str  # ARTICLE or LIBRARY

    @property
    def mode(self) -> str:
        return "whole words" if self.whole_word else "inside words"


@dataclass(frozen=True, slots=True)
class LibraryHit:
    article: int  # its number in the library
    title: str
    line: int
    hit: Hit
    snippet: str  # logical text around the hit, one line
    name: str = ""  # the file's name (a dump's record: DUMP#N)


class QueryEditor(NoteEditor):
    """One line of query: Enter submits, pasted line breaks become spaces."""

    DEFAULT_CSS = """
    QueryEditor {
        height: 3;
    }
    """

    class Submitted(Message):
        pass

    def insert(self, value: str) -> None:
        super().insert(" ".join(value.splitlines()) if "\n" in value else value)

    def action_newline(self) -> None:
        self.post_message(self.Submitted())


class SearchScreen(Dialog[Query]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="search.cancel"),
        Binding("ctrl+l", "search_library", "Search every article", id="search.library"),
        Binding("ctrl+t", "toggle_mode", "Whole words / substrings", id="search.mode"),
    ]
    DEFAULT_CSS = """
    SearchScreen > Vertical {
        width: 84;
        height: auto;
    }
    """

    def __init__(self, last: str, whole_word: bool, options: LayoutOptions) -> None:
        super().__init__()
        self.last = last  # the last query: Enter on an empty box searches it again
        self.whole_word = whole_word
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self._mode(), self.options), id="search-mode", classes="hint")
            # Empty, so that typing starts a new query (not the end of the last one).
            yield QueryEditor("", self.options, id="query")
            again = f"Enter alone searches {self.last} again · " if self.last else ""
            yield Static(
                plain(
                    f"{again}Enter this article · ctrl+l every article · "
                    "ctrl+t words/substrings · Esc",
                    self.options,
                ),
                classes="hint",
            )

    def _mode(self) -> str:
        if self.whole_word:
            return "Search — whole words (الصين also finds والصين، بالصين، للصين)"
        return "Search — inside words (أمريكا also finds الأمريكية)"

    def on_mount(self) -> None:
        self.query_one(QueryEditor).focus()

    def _done(self, scope: str) -> None:
        text = self.query_one(QueryEditor).text.strip() or self.last
        self.dismiss(Query(text, self.whole_word, scope) if text else None)

    def on_query_editor_submitted(self, event: QueryEditor.Submitted) -> None:
        event.stop()
        self._done(ARTICLE)

    def action_search_library(self) -> None:
        self._done(LIBRARY)

    def action_toggle_mode(self) -> None:
        self.whole_word = not self.whole_word
        self.query_one("#search-mode", Static).update(plain(self._mode(), self.options))


class SearchResultsScreen(Dialog[LibraryHit]):
    """Hits across the library: article, line and shaped snippet; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="results.close"),
    ]
    DEFAULT_CSS = """
    SearchResultsScreen > Vertical {
        width: 90%;
        height: 85%;
    }
    SearchResultsScreen OptionList {
        height: 1fr;
        border: none;
    }
    """

    def __init__(
        self, heading: Text, hits: list[LibraryHit], options: LayoutOptions, truncated: bool
    ) -> None:
        super().__init__()
        self.heading = heading
        self.hits = hits
        self.options = options
        self.truncated = truncated

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, classes="hint")
            yield OptionList(id="results")
            more = f" (the first {len(self.hits)})" if self.truncated else ""
            yield Static(f"Enter opens the article at the hit{more} · Esc closes", classes="hint")

    def on_mount(self) -> None:
        # Snippets are shaped to the list's width, known once it is laid out.
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        results = self.query_one(OptionList)
        width = max(results.scrollable_content_region.width - 2, 20)
        options = []
        shown_article = None
        for number, found in enumerate(self.hits):
            if found.article != shown_article:
                # Each article once, with its file's name, above its hits.
                shown_article = found.article
                name = shaped_inline(found.name, self.options)
                title = shaped_line(found.title, max(width - name.cell_len - 3, 8), self.options)
                title.stylize("bold")
                heading = Text.assemble(title, ("  ", ""), name)
                heading.stylize("dim", title.cell_len)
                options.append(Option(heading, disabled=True))
            where = Text(f"{found.line:>5}  ", style="dim")
            snippet = shaped_line(found.snippet, max(width - 7, 8), self.options)
            options.append(Option(Text.assemble(where, snippet), id=str(number)))
        results.add_options(options)
        results.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.hits[int(event.option.id)])


class Searching:
    """Searching the open article and the library, for the app that holds it."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.hits: list[Hit] | None = None  # in the open article, while shown
        self.last_query: Query | None = None
        # The article's own subtitle, while the search's status takes its place.
        self._subtitle: Text | Content | str | None = None
        self._subtitle_saved = False

    def open(self) -> None:
        last = self.last_query
        screen = SearchScreen(
            last.text if last else "", last.whole_word if last else True, self.app.options
        )
        self.app.push_screen(screen, self._searched)

    def _searched(self, query: Query | None) -> None:
        if query is None:
            return
        self.last_query = query
        if query.scope == LIBRARY:
            self.app.notify("Searching every article…", timeout=2)
            self.search_library(query)
            return
        self.search_article(query)

    def search_article(self, query: Query, at: int | None = None) -> None:
        """Highlight the hits in the open article and go to the first after the
        cursor (or the one at offset `at`)."""
        app, view = self.app, self.app.view
        try:
            hits = find(view.article_text, query.text, query.whole_word, MAX_ARTICLE_HITS)
        except QueryError as error:
            app.notify(str(error), severity="warning")
            return
        if not hits:
            self.clear()
            app.notify(
                f"Not found: {query.text} ({query.mode}; ctrl+t in the box changes it)",
                severity="warning",
            )
            return
        self.hits = hits
        view.set_highlight(Highlight(tuple((h.start, h.end) for h in hits), "article-view--search"))
        cursor = view.cursor
        if at is not None:
            target = next((h for h in hits if h.start >= at), hits[0])
        else:
            origin = cursor.start if cursor is not None else 0
            target = next((h for h in hits if h.start >= origin), hits[0])
        view.move_cursor(view.sentence_at(target.start))
        self._show_status(query)

    def _show_status(self, query: Query) -> None:
        """ "hit 3 of 14 · whole words · n/N · Esc" under the article, while the
        hits are shown: where the reader is among them, and in which mode."""
        hits, view = self.hits, self.app.view
        if not hits:
            return
        if not self._subtitle_saved:
            self._subtitle, self._subtitle_saved = view.border_subtitle, True
        cursor = view.cursor
        start = cursor.start if cursor is not None else 0
        end = cursor.end if cursor is not None else 0
        at = next((n for n, h in enumerate(hits) if h.end > start), 0)
        on_cursor = hits[at].start < end
        more = "+" if len(hits) >= MAX_ARTICLE_HITS else ""
        where = f"hit {at + 1} of {len(hits)}{more}" if on_cursor else f"{len(hits)}{more} hits"
        view.border_subtitle = Text.assemble(
            (where, "bold"),
            " for ",
            shaped_inline(query.text, self.app.options),
            f" · {query.mode} · n/N · Esc clears",
        )

    def _restore_subtitle(self) -> None:
        if self._subtitle_saved:
            self.app.view.border_subtitle = self._subtitle
        self._subtitle, self._subtitle_saved = None, False

    def forget(self) -> None:
        """The hits are gone from the view (another article, another highlight)."""
        self.hits = None
        self._subtitle, self._subtitle_saved = None, False  # the new article has its own

    def clear(self) -> bool:
        """Clear the hits shown; False if none were."""
        if self.hits is None:
            return False
        self.hits = None
        self.app.view.set_highlight(None)
        self._restore_subtitle()
        return True

    def jump(self, step: int) -> bool:
        """Move to the next (step 1) or previous (-1) hit; False if no search is shown."""
        if not self.hits:
            return False
        self.app.view.jump(self.hits, step)
        if self.last_query is not None:
            self._show_status(self.last_query)
        return True

    def search_library(self, query: Query) -> None:
        self.app.run_worker(
            partial(self._search_library, query, list(self.app.paths)),
            thread=True,
            exclusive=True,
            group="search",
            exit_on_error=False,
        )

    def _search_library(self, query: Query, paths: list[Path]) -> None:
        found: list[LibraryHit] = []
        truncated = False
        numbered = list(enumerate(paths))
        root = self.app.library.root
        if query.whole_word and root is not None:
            # Through the library's index (reader index), if it has one: only
            # the articles that may hold the words, and those changed since.
            from reader.index import worth_searching

            try:
                chosen = worth_searching(root, query.text, paths)
            except QueryError:
                chosen = None  # said below, as without an index
            if chosen is not None:
                wanted = set(chosen)
                numbered = [(n, p) for n, p in numbered if p in wanted]
        for number, path in numbered:
            try:
                article = read_article(path)
            except CorpusError:
                continue  # listed as skipped in the library already
            try:
                hits = find(article.text, query.text, query.whole_word, MAX_LIBRARY_HITS)
            except QueryError as error:
                self.app.call_from_thread(self.app.notify, str(error), severity="warning")
                return
            text = article.text
            for line, line_start, line_end, hit in with_lines(text, hits):
                start, end = around(hit, line_start, line_end, SNIPPET_CONTEXT)
                snippet = text[start:end]
                found.append(LibraryHit(number, article.title, line, hit, snippet, path.name))
            if len(found) >= MAX_LIBRARY_HITS:
                truncated = True
                found = found[:MAX_LIBRARY_HITS]
                break
        self.app.call_from_thread(self._library_results, query, found, truncated)

    def _library_results(self, query: Query, found: list[LibraryHit], truncated: bool) -> None:
        app = self.app
        if not found:
            app.notify(f"Not found in any article: {query.text}", severity="warning")
            return
        articles = len({f.article for f in found})
        heading = Text.assemble(
            f"{len(found)}{'+' if truncated else ''} hits in {articles} articles for ",
            shaped_inline(query.text, app.options),
        )

        def opened(choice: LibraryHit | None) -> None:
            if choice is None:
                return
            if choice.article != app.current:
                app.open_article(choice.article)
            app.call_after_refresh(self.search_article, query, choice.hit.start)

        app.push_screen(SearchResultsScreen(heading, found, app.options, truncated), opened)
