"""The reader application: a library, the article, its entities and notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.worker import Worker, WorkerState

from reader.annotations.store import AnnotationStore
from reader.config import Config
from reader.corpus import Article, CorpusError, read_article
from reader.layout import LayoutOptions
from reader.nlp.entities import Entity
from reader.processes import stop_children
from reader.session import ArticleSession, Outcome
from reader.tui import collector
from reader.tui.annotating import Annotating
from reader.tui.article_view import ArticleView
from reader.tui.bookmarks import PlaceKeeper
from reader.tui.entity_corrections import Corrector
from reader.tui.entity_finding import EntityFinding
from reader.tui.export_dialog import Exporting
from reader.tui.failures import report_failure
from reader.tui.help import HelpScreen
from reader.tui.keys import (
    APP_BINDINGS,
    ReadingScreen,
    help_sections,
    keymap_problems,
    system_commands,
)
from reader.tui.labels import shaped_inline, shown
from reader.tui.library import IndexBar, Library
from reader.tui.overview import OverviewScreen
from reader.tui.panels import EntitiesPanel, LibraryPanel, NotesPanel
from reader.tui.saving import Saver
from reader.tui.screen_layout import PanelsLayout, painted_passages
from reader.tui.search import Searching

# VTE's bidi mode (BDSM): "l" = the terminal shows what it gets, "h" = it reorders.
TERMINAL_BIDI_OFF = "\x1b[8l"
TERMINAL_BIDI_ON = "\x1b[8h"


class ReaderApp(App[None]):
    """``reader PATH``: read a folder of articles."""

    TITLE = "reader"
    CSS_PATH = "reader.tcss"
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    def __init__(
        self,
        paths: list[Path],
        options: LayoutOptions | None = None,
        config: Config | None = None,
        *,
        cache_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.library = Library(self, cache_folder)
        self.options = options or LayoutOptions()
        self.config = config or Config()
        # The open article, its annotations and entities (the core's object).
        self.session: ArticleSession | None = None
        self.searching = Searching(self)
        self.exporting = Exporting(self)
        self.saver = Saver(self)
        self.corrector = Corrector(self)
        self.current = -1
        self.article: Article | None = None
        self.finding = EntityFinding(self)
        self.panels = PanelsLayout(self)
        self.annotating = Annotating(self)
        self.places = PlaceKeeper(self)  # reading positions and bookmarks
        self.leaving = False  # exit() was called: no key starts anything now

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every message, whoever sends it, is plain text, shaped and in
        visual order where it holds Arabic, with its controls shown as
        placeholders: messages quote file names, notes and entity
        names, and a name like "[@click=app.quit]" must not become markup
        (an action on click), nor an ESC in it reach the terminal."""
        super().notify(
            shown(message, self.options),
            title=shown(title, self.options),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def entities_pending(self) -> bool:
        """The open article's entities are being found."""
        return self.finding.pending

    @property
    def store(self) -> AnnotationStore | None:
        """The open article's annotations (its session's store)."""
        return self.session.store if self.session is not None else None

    @property
    def entities(self) -> list[Entity]:
        """The open article's entities, corrections applied."""
        return self.session.entities if self.session is not None else []

    def get_default_screen(self) -> Screen[None]:
        return ReadingScreen(id="_default")

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield LibraryPanel(id="library")
            yield ArticleView(options=self.options, measure=self.config.measure, id="article")
            with Vertical(id="side"):
                yield EntitiesPanel(id="entities")
                yield NotesPanel(id="notes")
        yield IndexBar(id="indexing")
        yield Footer()

    def on_mount(self) -> None:
        self.saver.catch_ending_signals()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.corrector.load_taught()
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
            for problem in keymap_problems(self.config):
                self.notify(problem, title="Keymap", severity="warning", timeout=20)
        if self.options.bidi == "app":
            self._write_terminal(TERMINAL_BIDI_OFF)
        self.panels.apply_width(self.size.width)
        first = self.library.list_first()
        self.query_one(NotesPanel).show_empty()
        self.places.load()
        last = self.places.last_article()  # where this library was left
        if last is not None and (first is None or last != first[0]):
            self.open_article(last)
        elif first is None:
            self.open_article(0)  # says why it cannot be read
        else:
            self.open_article(*first)
        self.view.focus()
        # Labels are laid out to the panels' content width, known after layout.
        self.call_after_refresh(self.fill_panels)

    def _theme_changed(self, _theme: object) -> None:
        """A new theme: the article and its tagged passages in its colours."""
        self.view.theme_changed()
        self.annotations_changed(save=False)

    def fill_panels(self) -> None:
        """Lay out the panels' rows again (to their widths, with what is open)."""
        self.panels.fill()

    def on_unmount(self) -> None:
        self.saver.save_open()  # quit asked first; this is for other ways out
        self.places.save()  # the view is gone: the last cursor move was remembered
        self.before_leaving()
        collector.release()
        if self.options.bidi == "app":
            self._write_terminal(TERMINAL_BIDI_ON)

    def before_leaving(self) -> None:
        stop_children()

    def _write_terminal(self, sequence: str) -> None:
        """Send a control sequence of our own (never article text) to the terminal."""
        driver = self._driver
        if driver is not None and not self.is_headless:
            driver.write(sequence)

    # -- a worker that fails --------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        """The one place a background task's unexpected failure is reported:
        the reader is told, the details go to a log, and nothing else stops
        (no worker takes the app down with it; annotations are untouched)."""
        if event.state != WorkerState.ERROR:
            return
        worker = event.worker
        where = report_failure(worker.group or worker.name, worker.error)
        self.notify(
            f"Something went wrong in the background ({worker.group or worker.name}: "
            f"{worker.error}). Your annotations are safe; details in {where}.",
            severity="error",
            timeout=15,
        )
        if worker.group == "entities":  # the panel stops saying it is working
            self.finding.failed()

    # -- articles ---------------------------------------------------------------

    def open_article(self, number: int, article: Article | None = None) -> None:
        """Show article `number`, read now unless it is given (just read)."""
        if not 0 <= number < len(self.paths):
            return
        if article is not None and not article.complete:
            self._show_beginning(number, article)
            return
        if article is None:
            try:
                article = read_article(self.paths[number])
            except CorpusError as error:
                self.notify(str(error), severity="error")
                return
        if self.article is not None:
            self.places.leave()
        self.saver.leave_article()
        self.current = number
        self.article = article
        # Read now: the new article's first cursor move is remembered over it.
        left_at = self.places.position(article)
        self.session = ArticleSession(
            article, store=self.saver.store_for(article), taught=self.corrector.taught
        )
        self.view.load(article.text, article.meta.get("direction", ""))
        # A Text, never a str: Textual reads a str border title as markup.
        self.view.border_title = shaped_inline(article.path.name, self.options)
        blank = not article.text or article.text.isspace()
        # What a page or document says of itself: site, date, author.
        stated = " · ".join(
            article.meta[key] for key in ("site", "date", "author") if article.meta.get(key)
        )
        self.view.border_subtitle = (
            Text("empty file" if not article.text else "only blank space", style="italic")
            if blank
            else shaped_inline(stated, self.options)
            if stated
            else None
        )
        self.searching.forget()  # the view forgets its highlight on load
        self.finding.opened()
        self.annotations_changed(save=False)
        self.fill_panels()
        # Entities come from a thread, started once the article is painted, so
        # the first paint never waits for them.
        self.call_after_refresh(self.finding.start, number, article.text)
        if left_at:
            self.call_after_refresh(self.view.go_to_offset, left_at)
        if self.session.store.stray is not None:
            self.call_after_refresh(self.saver.offer_stray_merge)

    def article_renamed(self, path: Path) -> None:
        self.paths[self.current] = path
        if self.article is not None:
            self.article = replace(self.article, path=path)
            self.library.article_read(self.current, self.article)
        self.view.border_title = shaped_inline(path.name, self.options)

    def _show_beginning(self, number: int, beginning: Article) -> None:
        """The first paragraphs of a long article, painted while the rest is
        read; its annotations, entities and panels come with the whole, which
        is shown in the same place (nothing on screen moves)."""
        self.current = number
        self.view.load(beginning.text)
        self.view.border_title = shaped_inline(beginning.path.name, self.options)
        self.call_after_refresh(self._open_whole, number)

    def _open_whole(self, number: int) -> None:
        if number != self.current:  # the reader has gone to another article
            return
        self.open_article(number)
        if self.article is not None and self.article.path == self.paths[number]:
            # Its library entry was made from the beginning: the encoding is
            # known only now.
            self.library.article_read(number, self.article)

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self) -> None:
        self.places.cursor_moved()

    def action_set_bookmark(self) -> None:
        self.places.ask_to_set()

    def action_go_to_bookmark(self) -> None:
        self.places.ask_to_go()

    def action_next_article(self) -> None:
        self.open_article(self.current + 1)

    def action_previous_article(self) -> None:
        self.open_article(self.current - 1)

    @on(LibraryPanel.Selected)
    def _library_selected(self, event: LibraryPanel.Selected) -> None:
        self.open_article(event.index)
        self.view.focus()

    # -- annotations -------------------------------------------------------------

    def annotations_changed(self, save: bool = True) -> None:
        """Repaint tagged passages and the notes; save soon."""
        store = self.store
        if store is None:
            return
        self.view.set_painted(
            painted_passages(
                store.state.annotations,
                self.config.tags,
                store.text,
                self.view.background_colour,
                self.console.color_system or "truecolor",
            )
        )
        self.library.article_changed(self.current, state=store.state)
        self.panels.fill_notes()
        self.saver.show_store_messages()
        if save and store.dirty:
            self.saver.schedule_save()

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what an operation on the session changed, and say what it says."""
        for message in outcome.messages:
            self.notify(message)
        if outcome.entities:
            self.finding.selected = None
            self.entities_shown(self.entities)
            self.fill_panels()
        if outcome.annotations:
            self.annotations_changed()

    def action_toggle_tag(self, number: int) -> None:
        self.annotating.toggle_tag(number)

    def action_edit_note(self) -> None:
        self.annotating.edit_note()

    def action_delete_annotation(self) -> None:
        self.annotating.delete()

    def action_undo(self) -> None:
        self.annotating.undo()

    def action_redo(self) -> None:
        self.annotating.redo()

    def action_confirm_moved(self) -> None:
        self.annotating.confirm_moved()

    @on(OptionList.OptionSelected, "#notes")
    def _note_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.annotating.go_to_note(event.option.id)

    # -- entities ------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#entities")
    def _entity_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.searching.forget()  # one highlight at a time: the entity's replaces the search's
            self.finding.select(self.entities[int(event.option.id)])

    def entities_shown(self, entities: list[Entity]) -> None:
        self.library.article_changed(self.current, entities=entities)

    def action_overview(self) -> None:
        def chosen(number: int | None) -> None:
            if number is not None:
                self.open_article(number)
                self.view.focus()

        self.push_screen(OverviewScreen(self.library), chosen)
        self.library.start()

    def action_stop_indexing(self) -> None:
        self.library.stop()

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.leaving = True
        super().exit(*args, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.leaving:
            return False  # keys typed after q (a burst) open nothing on the way out
        if action == "stop_indexing":
            return self.library.progress is not None
        return super().check_action(action, parameters)

    def action_correct_entity(self) -> None:
        self.corrector.correct_highlighted()

    def action_add_entity(self) -> None:
        self.corrector.add_selection()

    def action_save(self) -> None:
        self.saver.save_now()

    async def action_quit(self) -> None:
        self.saver.quit()

    def action_help_quit(self) -> None:
        self.saver.ctrl_c()

    def action_export(self) -> None:
        self.exporting.start()

    def action_search(self) -> None:
        self.searching.open()

    def action_clear_search(self) -> None:
        if not self.searching.clear():
            raise SkipAction()

    def action_next_mention(self) -> None:
        """n: the next search hit while a search is shown, else the next mention."""
        if not self.searching.jump(+1):
            self.finding.jump(+1)

    def action_previous_mention(self) -> None:
        if not self.searching.jump(-1):
            self.finding.jump(-1)

    # -- layout ----------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        # The event's size: the app's own is still the old one here, and the
        # panels would fold for the size the terminal had before.
        self.panels.apply_width(event.size.width)
        self.call_after_refresh(self.panels.fill_if_resized)

    def action_sort_library(self) -> None:
        """Name, then newest, then largest first, then name again."""
        orders = ("name", "date", "size")
        by = orders[(orders.index(self.library.sorted_by) + 1) % len(orders)]
        self.library.sort(by)
        self.query_one(LibraryPanel).highlighted = self.current
        self.notify(f"Library sorted by {by}")

    def action_focus_article(self) -> None:
        self.view.focus()

    def action_toggle_library(self) -> None:
        self.panels.toggle_library()

    def action_toggle_panels(self) -> None:
        self.panels.toggle_side()

    def action_help(self) -> None:
        sections = help_sections(self.config.tags)
        swatches = {f"annotate.tag_{n}": tag.colour for n, tag in enumerate(self.config.tags, 1)}
        self.push_screen(HelpScreen(sections, self.config.keymap, self.options, swatches))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        yield from system_commands(self, self.config.tags, self.config.keymap, self.options)
