"""A small modal menu: pick one of a few choices with the arrows and Enter, or its number."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.dialog import Dialog
from reader.tui.labels import plain


class ChoiceScreen(Dialog[str]):
    """Dismissed with the chosen value, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]
    DEFAULT_CSS = """
    ChoiceScreen > Vertical {
        width: 64;
        height: auto;
        max-height: 80%;
    }
    ChoiceScreen OptionList {
        height: auto;
        max-height: 24;
        border: none;
    }
    """

    HINT = "Enter or 1–9 choose · Esc cancel"

    def __init__(self, title: Text | str, choices: list[tuple[Text | str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.choices = choices

    def prefix(self, number: int, value: str) -> Text:
        """What a row starts with: the key that picks it."""
        return Text(f"{number}  " if number < 10 else "   ", style="dim")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.heading, self.layout_options), classes="hint")
            options = []
            for number, (label, value) in enumerate(self.choices, start=1):
                prompt = Text.assemble(
                    self.prefix(number, value),
                    plain(label, self.layout_options),
                    no_wrap=True,
                    overflow="crop",
                )
                options.append(Option(prompt, id=value))
            yield OptionList(*options)
            yield Static(self.HINT, classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        if number <= len(self.choices):
            self.dismiss(self.choices[number - 1][1])
