"""The side panels: the library of articles, the entities, the notes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.annotations.model import MOVED, ORPHANED, Annotation
from reader.layout import LayoutOptions, visible
from reader.nlp.entities import Entity
from reader.tui.labels import shaped_line


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One article of the folder, as the library lists it."""

    title: str
    size: int  # bytes on disk
    annotations: int
    skipped: str = ""  # why it cannot be opened, if it cannot
    encoding: str = "UTF-8"


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


class LibraryPanel(OptionList):
    """The folder's articles: shaped title, size, annotation count."""

    BORDER_TITLE = "Library"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._titles: dict[str, Text] = {}
        self._titles_for: tuple[int, LayoutOptions] | None = None

    def show(self, entries: list[LibraryEntry], width: int, options: LayoutOptions) -> None:
        # Titles are shaped once per width: the panel is refilled often, and
        # a folder may hold thousands of articles.
        key = (width, options)
        if key != self._titles_for:
            self._titles.clear()
            self._titles_for = key
        self.clear_options()
        for number, entry in enumerate(entries):
            title = self._titles.get(entry.title)
            if title is None:
                title = self._titles[entry.title] = shaped_line(entry.title, width, options)
            detail = (
                f"skipped: {entry.skipped}"
                if entry.skipped
                else f"{_size(entry.size)} · {entry.annotations} notes"
            )
            if entry.encoding != "UTF-8" and not entry.skipped:
                detail += f" · {entry.encoding}"
            prompt = Text.assemble(title, "\n", Text(detail, style="dim"))
            self.add_option(Option(prompt, id=str(number), disabled=bool(entry.skipped)))


class EntitiesPanel(OptionList):
    """Entities grouped by type, with counts; selecting one highlights its mentions."""

    BORDER_TITLE = "Entities"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "app.correct_entity", "Correct entity", id="entities.correct"),
    ]

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
        for number, entity in enumerate(entities):
            if entity.type != current:
                current = entity.type
                heading = Text(f"{current} ({per_type[current]})", style="bold")
                self.add_option(Option(heading, disabled=True))
            name = entity.canonical
            count = f" ×{len(entity.mentions)}"
            label = shaped_line(name, max(width - len(count), 4), options)
            label.append(count, style="dim")
            self.add_option(Option(label, id=str(number)))
        if not entities:
            self.add_option(Option(Text("No entities found", style="dim"), disabled=True))


class NotesPanel(OptionList):
    """The article's annotations in document order: tags, snippet, note. Enter jumps."""

    BORDER_TITLE = "Notes"

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
        for annotation in annotations:
            head = Text()
            for tag in annotation.tags:
                head.append(f" {visible(tag)} ", style=f"black on {colours.get(tag, '#b3b3b3')}")
                head.append(" ")
            if annotation.status == ORPHANED:
                head.append("not found in the article", style="bold red")
            elif annotation.status == MOVED:
                head.append("moved", style="italic dim")
            if not head.plain:
                head.append("note", style="dim")
            parts: list[Text | str] = [head, "\n", shaped_line(annotation.quote, width, options)]
            if annotation.note.strip():
                note = shaped_line(annotation.note, width, options)
                note.stylize("italic")
                parts += ["\n", note]
            self.add_option(Option(Text.assemble(*parts), id=annotation.id))
        if highlighted is not None:
            self.highlighted = min(highlighted, len(annotations) - 1)

    def on_resize(self) -> None:
        # Snippets are shaped to the width: a panel filled before the screen
        # was laid out (or resized since) lays them out again.
        shown = getattr(self, "_shown", None)
        width = max(self.scrollable_content_region.width - 2, 8)
        if shown is not None and width != self._shown_width:
            self.show(shown[0], width, shown[1], shown[2])
