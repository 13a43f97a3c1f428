"""The reader application: a library, the article, its entities and notes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList

from reader.corpus import Article, CorpusError, read_article
from reader.layout import LayoutOptions
from reader.nlp.entities import BackendUnavailable, Entity, extract, group
from reader.tui.article_view import ArticleView, Highlight
from reader.tui.help import HelpScreen
from reader.tui.panels import EntitiesPanel, LibraryEntry, LibraryPanel, NotesPanel

NARROW = 100  # columns below which the side panels give way to the article
WIDE = 140  # columns from which the library shows beside them by default
# VTE's bidi mode (BDSM): "l" = the terminal shows what it gets, "h" = it reorders.
TERMINAL_BIDI_OFF = "\x1b[8l"
TERMINAL_BIDI_ON = "\x1b[8h"


class ReaderApp(App[None]):
    """``reader PATH``: read a folder of articles."""

    TITLE = "reader"
    CSS_PATH = "reader.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("right_square_bracket", "next_article", "Next article", id="app.next_article"),
        Binding("left_square_bracket", "previous_article", "Prev article", id="app.prev_article"),
        Binding("n", "next_mention", "Next mention", id="app.next_mention"),
        Binding("N", "previous_mention", "Prev mention", id="app.prev_mention"),
        Binding("b", "toggle_library", "Library", id="app.toggle_library"),
        Binding("p", "toggle_panels", "Panels", id="app.toggle_panels"),
    ]

    def __init__(self, paths: list[Path], options: LayoutOptions | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.options = options or LayoutOptions()
        self.current = -1
        self.article: Article | None = None
        self.entities: list[Entity] = []
        self.selected_entity: Entity | None = None
        self.entities_pending = False
        self.library_entries: list[LibraryEntry] = []
        # None: as the width suggests; True/False: what the user asked for (b, p).
        self.show_library: bool | None = None
        self.show_side: bool | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield LibraryPanel(id="library")
            yield ArticleView(options=self.options, id="article")
            with Vertical(id="side"):
                yield EntitiesPanel(id="entities")
                yield NotesPanel(id="notes")
        yield Footer()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        if self.options.bidi == "app":
            self._write_terminal(TERMINAL_BIDI_OFF)
        self._apply_width(self.size.width)
        self.library_entries = [self._entry(path) for path in self.paths]
        self.query_one(NotesPanel).show_empty()
        readable = [n for n, entry in enumerate(self.library_entries) if not entry.skipped]
        self.open_article(readable[0] if readable else 0)
        self.view.focus()
        # Labels are laid out to the panels' content width, known after layout.
        self.call_after_refresh(self._fill_panels)

    def _panel_width(self, panel: OptionList) -> int:
        # An option is drawn inside the list's content region, less its own padding.
        return max(panel.scrollable_content_region.width - 2, 8)

    def _fill_panels(self) -> None:
        library = self.query_one(LibraryPanel)
        library.show(self.library_entries, self._panel_width(library), self.options)
        library.highlighted = self.current
        entities = self.query_one(EntitiesPanel)
        entities.show(
            self.entities, self._panel_width(entities), self.options, self.entities_pending
        )

    def on_unmount(self) -> None:
        if self.options.bidi == "app":
            self._write_terminal(TERMINAL_BIDI_ON)

    def _write_terminal(self, sequence: str) -> None:
        """Send a control sequence of our own (never article text) to the terminal."""
        driver = self._driver
        if driver is not None and not self.is_headless:
            driver.write(sequence)

    @staticmethod
    def _entry(path: Path) -> LibraryEntry:
        try:
            article = read_article(path)
        except CorpusError as error:
            return LibraryEntry(path.name, 0, 0, skipped=str(error).split(": ", 1)[-1])
        return LibraryEntry(article.title, path.stat().st_size, 0)

    # -- articles ---------------------------------------------------------------

    def open_article(self, number: int) -> None:
        if not 0 <= number < len(self.paths):
            return
        try:
            article = read_article(self.paths[number])
        except CorpusError as error:
            self.notify(str(error), severity="error")
            return
        self.current = number
        self.article = article
        self.view.load(article.text)
        self.view.border_title = article.path.name
        self.entities = []
        self.selected_entity = None
        self.entities_pending = True
        self._fill_panels()
        # Entities come from a thread, started once the article is painted, so
        # the first paint never waits for them.
        self.call_after_refresh(self.extract_entities, number, article.text)

    @work(thread=True, exclusive=True, group="entities")
    def extract_entities(self, number: int, text: str) -> None:
        try:
            entities = group(extract(text))
        except (BackendUnavailable, OSError, ValueError) as error:
            # A broken or missing model must not take the article down with it.
            self.call_from_thread(self._entities_failed, number, str(error))
            return
        self.call_from_thread(self._entities_ready, number, entities)

    def _entities_ready(self, number: int, entities: list[Entity]) -> None:
        if number != self.current:  # the reader has moved on to another article
            return
        self.entities = entities
        self.entities_pending = False
        self._fill_panels()

    def _entities_failed(self, number: int, reason: str) -> None:
        if number != self.current:
            return
        self.entities_pending = False
        self._fill_panels()
        self.notify(f"Entities unavailable: {reason}", severity="error")

    def action_next_article(self) -> None:
        self.open_article(self.current + 1)

    def action_previous_article(self) -> None:
        self.open_article(self.current - 1)

    @on(OptionList.OptionSelected, "#library")
    def _library_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_article(int(event.option.id))
            self.view.focus()

    # -- entities ------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#entities")
    def _entity_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        entity = self.entities[int(event.option.id)]
        self.selected_entity = entity
        self.view.set_highlight(
            Highlight(tuple((m.start, m.end) for m in entity.mentions), "article-view--mention")
        )
        self._jump_to_mention(+1, from_start=True)

    def action_next_mention(self) -> None:
        self._jump_to_mention(+1)

    def action_previous_mention(self) -> None:
        self._jump_to_mention(-1)

    def _jump_to_mention(self, step: int, *, from_start: bool = False) -> None:
        """Move the cursor to the next (or previous) sentence holding a mention."""
        entity = self.selected_entity
        if entity is None:
            self.notify("Select an entity first (Entities panel, Enter)")
            return
        view = self.view
        mentions = entity.mentions
        cursor = view.cursor
        if from_start or cursor is None:
            target = mentions[0]
        elif step > 0:
            target = next((m for m in mentions if m.start >= cursor.end), mentions[0])
        else:
            target = next((m for m in reversed(mentions) if m.end <= cursor.start), mentions[-1])
        view.move_cursor(view.sentence_at(target.start))

    # -- layout ----------------------------------------------------------------------

    def on_resize(self) -> None:
        self._apply_width(self.size.width)
        self.call_after_refresh(self._fill_panels)

    def _apply_width(self, width: int) -> None:
        """Show the panels that fit: the article keeps at least ~70 columns."""
        screen = self.screen
        screen.set_class(width < NARROW, "-narrow")
        show_library = self.show_library if self.show_library is not None else width >= WIDE
        show_side = self.show_side if self.show_side is not None else width >= NARROW
        screen.set_class(not show_library, "-hide-library")
        screen.set_class(not show_side, "-hide-side")

    def action_toggle_library(self) -> None:
        self.show_library = self.screen.has_class("-hide-library")
        self._apply_width(self.size.width)
        self.call_after_refresh(self._fill_panels)

    def action_toggle_panels(self) -> None:
        self.show_side = self.screen.has_class("-hide-side")
        self._apply_width(self.size.width)
        self.call_after_refresh(self._fill_panels)

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen([("Reading", ArticleView.BINDINGS), ("Library and panels", self.BINDINGS)])
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        view = self.view
        for binding in ArticleView.BINDINGS:
            if isinstance(binding, Binding):
                action = getattr(view, f"action_{binding.action}")
                yield SystemCommand(binding.description, f"Key: {binding.key}", action)
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action != "quit":
                yield SystemCommand(
                    binding.description,
                    f"Key: {binding.key}",
                    getattr(self, f"action_{binding.action}"),
                )
