"""Which panels the screen shows at its width, their rows laid out to their
widths, and how tagged passages are painted in the article."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color
from textual.widgets import OptionList

from reader.annotations.model import ORPHANED, Annotation
from reader.config import Tag
from reader.tui.article_paint import Painted
from reader.tui.panels import EntitiesPanel, LibraryPanel, NotesPanel

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

NARROW = 100  # columns below which the side panels give way to the article
WIDE = 140  # columns from which the library shows beside them by default


# In 16 colours nine blends fall on a few colours: each tag number gets a
# colour of the terminal's own palette instead, as its exact RGB (what Rich
# maps back to that palette entry), the bright ones first (dark text on them).
_SIXTEEN = (
    (255, 255, 85),  # bright yellow
    (85, 255, 85),  # bright green
    (85, 85, 255),  # bright blue
    (85, 255, 255),  # bright cyan
    (255, 85, 255),  # bright magenta
    (255, 85, 85),  # bright red
    (170, 170, 170),  # white
    (170, 85, 0),  # yellow (brown)
    (0, 170, 170),  # cyan
)
_WORD = re.compile(r"\S+")
DARK = Color(30, 30, 30)  # a dark theme's surface, where none is known


def tag_background(colour: str, number: int, background: Color, colours: str) -> Style:
    """A tagged passage's style: dark text on the tag's colour, a little
    towards the theme's background (readable on light and dark themes), or
    the tag number's own colour in a 16-colour terminal."""
    if colours == "standard":
        red, green, blue = _SIXTEEN[number % len(_SIXTEEN)]
        return Style(color="black", bgcolor=RichColor.from_rgb(red, green, blue))
    tinted = Color.parse(colour).blend(background, 0.2)
    return Style(color="#101010", bgcolor=tinted.rich_color)


def painted_passages(
    annotations: Iterable[Annotation],
    tags: Sequence[Tag],
    text: str,
    background: Color = DARK,
    colours: str = "truecolor",
) -> list[Painted]:
    """Tagged passages in their tag's colour; a passage with several tags
    in each of their colours in turn, word by word (so that every tag shows);
    a passage with a note alone underlined; orphans nowhere."""
    styles = {
        tag.name: tag_background(tag.colour, number, background, colours)
        for number, tag in enumerate(tags)
    }
    unknown = tag_background("#9aa5b1", len(tags), background, colours)
    painted = []
    for annotation in annotations:
        if annotation.status == ORPHANED:
            continue
        if not annotation.tags:
            painted.append(Painted(annotation.start, annotation.end, Style(underline=True)))
            continue
        shown = [styles.get(name, unknown) for name in annotation.tags]
        if len(shown) == 1:
            painted.append(Painted(annotation.start, annotation.end, shown[0]))
            continue
        at = annotation.start
        for number, word in enumerate(_WORD.finditer(text, annotation.start, annotation.end)):
            # Each word with the space before it: the passage stays one band.
            painted.append(Painted(at, word.end(), shown[number % len(shown)]))
            at = word.end()
        if at < annotation.end:
            painted.append(Painted(at, annotation.end, shown[-1]))
    return painted


def _content_width(panel: OptionList) -> int:
    # An option is drawn inside the list's content region, less its own padding.
    return max(panel.scrollable_content_region.width - 2, 8)


class PanelsLayout:
    """The library and side panels: shown or folded away, and filled."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        # None: as the width suggests; True/False: what the user asked for (L, p).
        self.show_library: bool | None = None
        self.show_side: bool | None = None
        self._filled_widths: tuple[int, ...] = ()

    def apply_width(self, width: int) -> None:
        """Show the panels that fit: the article keeps at least ~70 columns."""
        screen = self.app.screen
        screen.set_class(width < NARROW, "-narrow")
        show_library = self.show_library if self.show_library is not None else width >= WIDE
        show_side = self.show_side if self.show_side is not None else width >= NARROW
        screen.set_class(not show_library, "-hide-library")
        screen.set_class(not show_side, "-hide-side")

    def toggle_library(self) -> None:
        self.show_library = self.app.screen.has_class("-hide-library")
        self._toggled()

    def toggle_side(self) -> None:
        self.show_side = self.app.screen.has_class("-hide-side")
        self._toggled()

    def _toggled(self) -> None:
        self.apply_width(self.app.size.width)
        self.app.call_after_refresh(self.fill)

    def _widths(self) -> tuple[int, ...]:
        query = self.app.query_one
        return tuple(
            panel.scrollable_content_region.width
            for panel in (query(LibraryPanel), query(EntitiesPanel), query(NotesPanel))
        )

    def fill_if_resized(self) -> None:
        # The panels' rows are shaped to their widths; a resize that leaves
        # them as wide as they were (they are fixed, the article takes the
        # rest) need not build them again.
        if self._widths() != self._filled_widths:
            self.fill()

    def fill(self) -> None:
        app = self.app
        self._filled_widths = self._widths()
        app.library.show()
        app.query_one(LibraryPanel).highlighted = app.current
        entities = app.query_one(EntitiesPanel)
        entities.show(app.entities, _content_width(entities), app.options, app.finding.pending)
        self.fill_notes()

    def fill_notes(self) -> None:
        app = self.app
        notes = app.query_one(NotesPanel)
        annotations = app.store.state.annotations if app.store else ()
        colours = {tag.name: tag.colour for tag in app.config.tags}
        notes.show(annotations, _content_width(notes), app.options, colours)
