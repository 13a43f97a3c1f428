"""Writing a note: an editor that shows Arabic shaped, right-to-left, with a caret.

Textual's TextArea and Input show text in logical order, unshaped, so an
Arabic note would read backwards while typing. This editor keeps the note as
logical text and a caret offset, and draws it through the same layout engine
as the article: shaped, reordered, right-aligned when right-to-left, with the
caret on the glyph it stands before (or a bar at the end of a line).
Left and right move the way the line reads: in a right-to-left line, left
goes forward in the text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from reader.layout import ArticleLayout, LayoutOptions, VisualLine
from reader.tui.dialog import Dialog

CARET_BAR = "▏"
_CARET = Style(reverse=True)
# Pasted text keeps line breaks and tabs; other control characters are dropped.
_PASTE_DROP = {c: None for c in range(32) if c not in (9, 10)} | {127: None}


class NoteEditor(Widget, can_focus=True):
    """A multi-line editor for mixed Arabic/Latin text."""

    DEFAULT_CSS = """
    NoteEditor {
        height: 1fr;
        padding: 0 1;
        background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "caret_left", "Left", show=False, id="note.left"),
        Binding("right", "caret_right", "Right", show=False, id="note.right"),
        Binding("home", "line_start", "Line start", show=False, id="note.home"),
        Binding("end", "line_end", "Line end", show=False, id="note.end"),
        Binding("backspace", "delete_back", "Delete back", show=False, id="note.backspace"),
        Binding("delete", "delete_forward", "Delete", show=False, id="note.delete"),
        Binding("enter", "newline", "New line", show=False, id="note.newline"),
    ]

    def __init__(
        self, text: str = "", options: LayoutOptions | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text
        self.caret = len(text)
        self.options = options or LayoutOptions()

    # -- editing ---------------------------------------------------------------

    def insert(self, value: str) -> None:
        self.text = self.text[: self.caret] + value + self.text[self.caret :]
        self.caret += len(value)
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        # Typing is text, not commands: printable keys insert themselves.
        if event.is_printable and event.character:
            self.insert(event.character)
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        self.insert(event.text.replace("\r\n", "\n").replace("\r", "\n").translate(_PASTE_DROP))
        event.stop()

    def action_newline(self) -> None:
        self.insert("\n")

    def action_delete_back(self) -> None:
        if self.caret:
            # Backspace takes a base letter with the marks on it only when
            # the caret is after the marks; one code point at a time is what
            # Arabic keyboards expect (a mark typed by mistake is removed alone).
            self.text = self.text[: self.caret - 1] + self.text[self.caret :]
            self.caret -= 1
            self.refresh()

    def action_delete_forward(self) -> None:
        if self.caret < len(self.text):
            self.text = self.text[: self.caret] + self.text[self.caret + 1 :]
            self.refresh()

    def _line_of_caret(self) -> VisualLine | None:
        for line in self._lines():
            if line.start <= self.caret < line.end or (
                self.caret == line.end and not self.text[line.end : line.end + 1].strip(" ")
            ):
                return line
        return None

    def _rtl_here(self) -> bool:
        line = self._line_of_caret()
        if line is not None:
            return line.direction == "rtl"
        return self._base_rtl()

    def _base_rtl(self) -> bool:
        """The note's direction where no line says: its first strong letter's,
        right-to-left while it has none (an Arabic reader's empty note)."""
        return ArticleLayout(self.text or "ا", self.options).default_direction == "rtl"

    def _move(self, step: int) -> None:
        self.caret = min(max(self.caret + step, 0), len(self.text))
        self.refresh()

    def action_caret_left(self) -> None:
        self._move(+1 if self._rtl_here() else -1)

    def action_caret_right(self) -> None:
        self._move(-1 if self._rtl_here() else +1)

    def action_line_start(self) -> None:
        self.caret = self.text.rfind("\n", 0, self.caret) + 1
        self.refresh()

    def action_line_end(self) -> None:
        end = self.text.find("\n", self.caret)
        self.caret = len(self.text) if end < 0 else end
        self.refresh()

    # -- drawing ---------------------------------------------------------------

    @property
    def wrap_width(self) -> int:
        # One cell spare so the caret bar at a line's end always fits.
        return max(self.content_region.width - 1, 4)

    def _lines(self) -> list[VisualLine]:
        return list(ArticleLayout(self.text, self.options).lines(self.wrap_width))

    def render(self) -> Text:
        width = self.content_region.width
        result = Text(no_wrap=True, overflow="crop", end="")
        shown = False
        lines = self._lines()
        for number, line in enumerate(lines):
            if number:
                result.append("\n")
            rtl = line.direction == "rtl"
            padding = line.padding(width)
            at_end = self.caret == line.end and (
                line.end == len(self.text) or self.text[line.end] == "\n"
            )
            if at_end and rtl:
                padding -= 1
            result.append(" " * max(padding, 0))
            if at_end and rtl:
                result.append(CARET_BAR, _CARET)
            for cluster in line.clusters:
                on_caret = not at_end and self.caret in cluster.offsets
                result.append(cluster.text, _CARET if on_caret else None)
                shown = shown or on_caret
            if at_end and not rtl:
                result.append(CARET_BAR, _CARET)
            shown = shown or at_end
        if not shown:  # an empty note, or the caret on an empty last line
            if lines:
                result.append("\n")
            result.append(" " * (width - 1) if self._base_rtl() else "")
            result.append(CARET_BAR, _CARET)
        return result


class NoteEditorScreen(Dialog[str]):
    """Edit a note; ctrl+s keeps it, Esc leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]
    DEFAULT_CSS = """
    NoteEditorScreen > Vertical {
        width: 80%;
        max-width: 100;
        height: 14;
    }
    """

    def __init__(
        self,
        text: str,
        heading: Text,
        options: LayoutOptions | None = None,
        *,
        keep: Callable[[str | None], None] | None = None,
    ) -> None:
        super().__init__()
        self.initial = text
        self.heading = heading
        self.options = options
        self.keep = keep  # applies a note without the dialog (quitting, a signal)

    @property
    def unsaved(self) -> bool:
        """Text typed that is not kept yet."""
        editors = self.query(NoteEditor)
        return bool(editors) and editors.first().text != self.initial

    def keep_draft(self) -> None:
        """Keep what is typed now, as ctrl+s would, while the editor stays open."""
        if self.keep is not None and self.unsaved:
            text = self.query_one(NoteEditor).text
            self.keep(text)
            self.initial = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, classes="hint")
            yield NoteEditor(self.initial, self.options, id="note-editor")
            yield Static("ctrl+s save · Esc cancel · Enter new line", classes="hint")

    def on_mount(self) -> None:
        self.query_one(NoteEditor).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(NoteEditor).text)
