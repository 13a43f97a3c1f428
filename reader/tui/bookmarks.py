"""Where the reader was, for the app: the open article reopens where its
reader left it, a library reopens on the article last read, and `m` + a
letter sets a bookmark that `'` + the letter (or a list) goes back to.

What is kept and how: `reader.places` (the user data folder, never beside
the article). Positions are saved a moment after the cursor stops, when
another article is opened, and on the way out.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.timer import Timer

from reader.places import BOOKMARK_LETTERS, Places
from reader.tui.choice import ChoiceScreen
from reader.tui.labels import shaped_line

if TYPE_CHECKING:
    from reader.corpus import Article
    from reader.tui.app import ReaderApp

SAVE_DELAY = 2.0  # seconds after the cursor stops
SNIPPET = 50  # cells: a row of the 64-cell list, less its key


class BookmarkScreen(ChoiceScreen):
    """Press a letter: dismissed with it. The bookmarks set are listed with
    the text they mark (shaped), and Enter on one goes there too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="bookmark.cancel"),
        *(Binding(letter, f"pick_letter('{letter}')", show=False) for letter in BOOKMARK_LETTERS),
    ]
    HINT = "a–z choose · Esc cancel"

    def __init__(self, heading: str, marks: dict[str, Text]) -> None:
        # marks: letter -> the text at it, shaped to a row.
        super().__init__(heading, [(snippet, letter) for letter, snippet in sorted(marks.items())])

    def prefix(self, number: int, value: str) -> Text:
        return Text(f"{value}  ", style="bold")

    def action_pick_letter(self, letter: str) -> None:
        self.dismiss(letter)


class PlaceKeeper:
    """The app's reading positions and bookmarks."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.places: Places | None = None
        self._timer: Timer | None = None

    def load(self) -> None:
        self.places = Places()
        if self.places.message:
            self.app.notify(self.places.message, severity="warning", timeout=15)

    def last_article(self) -> int | None:
        """The number of the article last open in this library, if it is in it."""
        root = self.app.library.root
        last = self.places.last_article(root) if self.places and root else None
        if last is None:
            return None
        # By name first: resolving every path of a 100,000-record dump would
        # hold up the first paint.
        for number, path in enumerate(self.app.paths):
            if path.name == last.name:
                with contextlib.suppress(OSError):
                    if path.resolve() == last:
                        return number
        return None

    def position(self, article: Article) -> int | None:
        """Where the reader left `article`, if it was read before."""
        return self.places.position(article.path) if self.places is not None else None

    def cursor_moved(self) -> None:
        self.remember()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(SAVE_DELAY, self.save)

    def remember(self) -> None:
        article = self.app.article
        if self.places is None or article is None or not article.complete:
            return
        view = self.app.view
        if view.article_text is not article.text:
            return  # the view shows the beginning of the next one, read meanwhile
        self.places.remember(article.path, view.reading_offset, self.app.library.root)

    def save(self) -> None:
        if self.places is None:
            return
        try:
            self.places.save()
        except (OSError, ValueError) as error:
            # Positions are a convenience: said once, never in the way.
            self.app.notify(f"Reading positions are not kept: {error}", severity="warning")
            self.places = None

    def leave(self) -> None:
        """The open article is being left (another opened, or the app ends)."""
        if self._timer is not None:
            self._timer.stop()
        self.remember()
        self.save()

    # -- bookmarks ----------------------------------------------------------------------

    def ask_to_set(self) -> None:
        article = self.app.article
        if self.places is None or article is None:
            return
        offset = self.app.view.reading_offset

        def chosen(letter: str | None) -> None:
            if letter and self.places is not None:
                self.places.set_mark(article.path, letter, offset)
                self.save()
                self.app.notify(f"Bookmark {letter} set: ' then {letter} comes back here")

        self.app.push_screen(
            BookmarkScreen("Bookmark this place: press a letter (a–z)", self._snippets()),
            chosen,
        )

    def ask_to_go(self) -> None:
        article = self.app.article
        if self.places is None or article is None:
            return
        marks = self.places.marks(article.path)
        if not marks:
            self.app.notify("No bookmarks in this article: m then a letter sets one")
            return

        def chosen(letter: str | None) -> None:
            if letter is None:
                return
            if letter not in marks:
                self.app.notify(f"No bookmark {letter} in this article")
                return
            self.app.view.go_to_offset(marks[letter])
            self.app.view.focus()

        self.app.push_screen(
            BookmarkScreen("Go to a bookmark: its letter, or Enter", self._snippets()), chosen
        )

    def _snippets(self) -> dict[str, Text]:
        """Each bookmark's text, its first row shaped (the start of a
        right-to-left line is on the right: cropping would lose it)."""
        article = self.app.article
        if self.places is None or article is None:
            return {}
        text = article.text
        return {
            letter: shaped_line(text[offset : offset + SNIPPET * 4], SNIPPET, self.app.options)
            for letter, offset in self.places.marks(article.path).items()
        }
