"""The side panels: the library of articles, the entities, the notes."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.annotations.model import MOVED, ORPHANED, Annotation
from reader.layout import LayoutOptions
from reader.library import ArticleIndex
from reader.nlp.entities import Entity
from reader.tui.labels import shaped_inline, shaped_line, shown


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _marked(entry: ArticleIndex) -> str:
    """ " · 4 passages, 1 note": what is marked, and how many carry a note."""
    if not entry.annotations:
        return ""
    marked = _counted(entry.annotations, "passage", "passages")
    return (
        f" · {marked}, {_counted(entry.notes, 'note', 'notes')}" if entry.notes else f" · {marked}"
    )


class LibraryPanel(ScrollView, can_focus=True):
    """The folder's articles, two lines each: the shaped title, then size and
    notes (or why the file is skipped).

    A ScrollView that draws only the rows on screen, not an OptionList: a
    list widget measures every option each time it is filled, which took
    seconds for a folder of 10,000 articles; here filling is a list
    assignment and drawing costs what the screen shows.
    """

    BORDER_TITLE = "Library"
    ROW = 2  # lines per article
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library--highlighted",
        "library--detail",
        "library--skipped",
    }
    DEFAULT_CSS = """
    LibraryPanel {
        background: $surface;
        padding: 0 1;
        overflow-x: hidden;
        & > .library--detail { color: $text-muted; }
        & > .library--skipped { color: $text-disabled; }
        & > .library--highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .library--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("escape", "app.focus_article", "Back to the article", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None)

    class Selected(Message):
        """The reader chose an article (Enter or a click)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[ArticleIndex] = []
        self._titles: dict[str, Text] = {}
        self._titles_for: tuple[int, LayoutOptions] | None = None
        self._width = 8
        self._options = LayoutOptions()
        self._root: Path | None = None

    @property
    def option_count(self) -> int:
        return len(self.entries)

    def show(
        self,
        entries: list[ArticleIndex],
        width: int,
        options: LayoutOptions,
        root: Path | None = None,
    ) -> None:
        """Show these rows; `root` is the folder the library was opened on (a
        row says where its article sits below it)."""
        self._root = root
        # Titles are shaped when first drawn, once per width.
        key = (width, options)
        if key != self._titles_for:
            self._titles.clear()
            self._titles_for = key
        self.entries = list(entries)
        self._width, self._options = width, options
        self.virtual_size = Size(width, len(entries) * self.ROW)
        self.refresh()

    def row_text(self, index: int) -> str:
        """What the row of entry `index` shows, as plain text (title, then detail)."""
        return f"{self._title(index).plain}\n{self._detail(self.entries[index]).plain}"

    def _title(self, index: int) -> Text:
        name = self.entries[index].title
        title = self._titles.get(name)
        if title is None:
            title = self._titles[name] = shaped_line(name, self._width, self._options)
        return title

    def _detail(self, entry: ArticleIndex) -> Text:
        """Size and what is marked first (they fit the panel), then where the
        file sits and its name: a title taken from the text may say little."""
        detail = Text()
        if entry.skipped:
            detail.append(f"skipped: {shown(entry.skipped, self._options)}")
        elif entry.size < 0:
            detail.append("…")  # not read yet
        else:
            detail.append(_size(entry.size) + _marked(entry))
            if entry.encoding not in ("UTF-8", "DOCX", "EPUB"):
                detail.append(f" · {entry.encoding}")
        where = self._where(entry)
        if where and not entry.skipped:
            detail.append(" · ")
            detail.append_text(shaped_inline(where, self._options))
        return detail

    def _where(self, entry: ArticleIndex) -> str:
        """Where the article sits below the library's folder, with its file's name."""
        folder = Path(".")
        if self._root is not None:
            with contextlib.suppress(ValueError):
                folder = entry.path.parent.relative_to(self._root)
        return (folder / entry.path.name).as_posix()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index, part = divmod(scroll_y + y, self.ROW)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.entries):
            return Strip.blank(width, base)
        entry = self.entries[index]
        style = base
        if entry.skipped:
            style += self.get_component_rich_style("library--skipped")
        elif part:
            style += self.get_component_rich_style("library--detail")
        if index == self.highlighted:
            style += self.get_component_rich_style("library--highlighted")
        text = self._title(index).copy() if part == 0 else self._detail(entry)
        text.no_wrap, text.overflow, text.end = True, "crop", ""
        text.stylize_before(style)
        segments = list(text.render(self.app.console))
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, style)

    # -- moving and choosing ----------------------------------------------------------

    def _openable(self, index: int, step: int) -> int | None:
        """The first entry from `index` on, in the direction of `step`, that can be opened."""
        while 0 <= index < len(self.entries):
            if not self.entries[index].skipped:
                return index
            index += step
        return None

    def action_move(self, step: int) -> None:
        start = self.highlighted + step if self.highlighted is not None else 0
        found = self._openable(start, step)
        if found is not None:
            self.highlighted = found

    def action_page(self, step: int) -> None:
        rows = max(self.scrollable_content_region.height // self.ROW, 1)
        current = self.highlighted if self.highlighted is not None else 0
        target = min(max(current + step * rows, 0), len(self.entries) - 1)
        found = self._openable(target, step) or self._openable(target, -step)
        if found is not None:
            self.highlighted = found

    def action_move_to(self, index: int) -> None:
        if not self.entries:
            return
        index = index % len(self.entries)
        found = self._openable(index, 1 if index == 0 else -1)
        if found is not None:
            self.highlighted = found

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        at = event.get_content_offset(self)
        if at is None:  # the border or padding
            return
        index = (at.y + self.scroll_offset.y) // self.ROW
        if 0 <= index < len(self.entries) and not self.entries[index].skipped:
            self.highlighted = index
            self.post_message(self.Selected(index))

    def watch_highlighted(self, index: int | None) -> None:
        if index is not None:
            region = Region(0, index * self.ROW, self._width, self.ROW)
            self.scroll_to_region(region, animate=False, immediate=True, force=True)
        self.refresh()


# The keys every list panel answers as the article does: j/k move, Esc goes
# back to reading.
LIST_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
    Binding("escape", "app.focus_article", "Back to the article", show=False),
]


# An entity none of whose mentions the model gave this much probability is
# shown as a guess (dimmed, "?"). On the ANERcorp dev split (dev model), the
# model's mentions below 0.6 were right 48% of the time, 0.6–0.9 60%, from
# 0.9 89%.
LOW_CONFIDENCE = 0.6


class EntitiesPanel(OptionList):
    """Entities grouped by type, with counts; selecting one highlights its mentions."""

    BORDER_TITLE = "Entities"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "app.correct_entity", "Correct entity", id="entities.correct"),
        *LIST_KEYS,
    ]

    def on_focus(self) -> None:
        # Tab onto the list: a row is highlighted, so Enter and c act on it.
        if self.highlighted is None and self.option_count:
            self.action_first()

    def show(
        self, entities: list[Entity], width: int, options: LayoutOptions, pending: bool = False
    ) -> None:
        self.clear_options()
        self.entities = entities
        if pending:
            self.add_option(Option(Text("Finding entities…", style="dim"), disabled=True))
            return
        per_type = Counter(entity.type for entity in entities)
        current = None
        # Added in one call: OptionList re-measures all its lines on every
        # add, so adding a long article's entities one by one took ~0.2 s.
        rows: list[Option] = []
        for number, entity in enumerate(entities):
            if entity.type != current:
                current = entity.type
                heading = Text(f"{current} ({per_type[current]})", style="bold")
                rows.append(Option(heading, disabled=True))
            name = entity.canonical
            count = f" ×{len(entity.mentions)}"
            guess = max(m.confidence for m in entity.mentions) < LOW_CONFIDENCE
            if guess:
                count += " ?"  # the model is unsure of it: dimmed and marked
            label = shaped_line(name, max(width - len(count), 4), options)
            if guess:
                label.stylize("dim")
            label.append(count, style="dim")
            rows.append(Option(label, id=str(number)))
        if not entities:
            rows.append(Option(Text("No entities found", style="dim"), disabled=True))
        self.add_options(rows)


class NotesPanel(OptionList):
    """The article's annotations in document order: tags, snippet, note. Enter jumps."""

    BORDER_TITLE = "Notes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "app.confirm_moved", "Confirm a moved passage", id="notes.confirm"),
        *LIST_KEYS,
    ]

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.action_first()

    def show_empty(self) -> None:
        self.clear_options()
        self.add_option(Option(Text("No notes on this article yet", style="dim"), disabled=True))

    def show(
        self,
        annotations: Sequence[Annotation],
        width: int,
        options: LayoutOptions,
        colours: Mapping[str, str],
    ) -> None:
        self._shown = (annotations, options, colours)
        self._shown_width = width
        highlighted = self.highlighted
        self.clear_options()
        if not annotations:
            self.show_empty()
            return
        rows: list[Option] = []
        for annotation in annotations:
            head = Text()
            for tag in annotation.tags:
                head.append(
                    f" {shown(tag, options)} ", style=f"black on {colours.get(tag, '#b3b3b3')}"
                )
                head.append(" ")
            if annotation.status == ORPHANED:
                head.append("not found in the article", style="bold red")
            elif annotation.status == MOVED:
                # Found again after the article changed: the reader checks it.
                head.append("moved — check it, y confirms", style="bold yellow")
            if not head.plain:
                head.append("note", style="dim")
            parts: list[Text | str] = [head, "\n", shaped_line(annotation.quote, width, options)]
            if annotation.note.strip():
                note = shaped_line(annotation.note, width, options)
                note.stylize("italic")
                parts += ["\n", note]
            rows.append(Option(Text.assemble(*parts), id=annotation.id))
        self.add_options(rows)  # in one call, as the entities
        if highlighted is not None:
            self.highlighted = min(highlighted, len(annotations) - 1)

    def on_resize(self) -> None:
        # Snippets are shaped to the width: a panel filled before the screen
        # was laid out (or resized since) lays them out again.
        shown = getattr(self, "_shown", None)
        width = max(self.scrollable_content_region.width - 2, 8)
        if shown is not None and width != self._shown_width:
            self.show(shown[0], width, shown[1], shown[2])
