"""The box every dialog of the reader is drawn in."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from reader.layout import LayoutOptions
from reader.tui.labels import options_of

DialogResult = TypeVar("DialogResult")


class Dialog(ModalScreen[DialogResult | None]):
    """A box in the middle of the screen (a `Vertical`, with `.hint` lines);
    Esc (a subclass's `cancel` binding) dismisses it with None. Subclasses
    give the box its size."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        border: round $accent;
        background: $surface;
    }
    Dialog .hint {
        color: $text-muted;
        padding: 0 1;
    }
    """

    def action_cancel(self) -> None:
        self.dismiss(None)

    @property
    def layout_options(self) -> LayoutOptions | None:
        """How the app lays out text (its --bidi mode): a dialog's headings
        and labels, which may hold Arabic, are laid out the same way."""
        return options_of(self)
