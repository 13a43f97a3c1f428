"""The help screen: every binding of the app and the article view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.layout import LayoutOptions
from reader.tui.keys import key_names, keys_in_force
from reader.tui.labels import shown


def bindings_table(
    groups: list[tuple[str, list[BindingType]]],
    keymap: Mapping[str, str],
    options: LayoutOptions | None = None,
    swatches: Mapping[str, str] | None = None,
) -> Table:
    """Keys in force (the keymap's where it rebinds), what they do (a tag's
    name shaped, after a swatch of its colour: the legend of the article's
    colours), and the id a config file's [keymap] uses."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim", no_wrap=True)
    for title, bindings in groups:
        table.add_row(title, "", "", style="underline")
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                keys = key_names(keys_in_force(binding, keymap))
                description = Text(shown(binding.description, options))
                colour = (swatches or {}).get(binding.id or "")
                if colour:
                    description = Text.assemble(("██ ", colour), description)
                table.add_row(keys, description, binding.id or "")
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    def __init__(
        self,
        groups: list[tuple[str, list[BindingType]]],
        keymap: Mapping[str, str],
        options: LayoutOptions | None = None,
        swatches: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.groups = groups
        self.keymap = keymap
        self.options = options
        self.swatches = swatches  # binding id -> a tag's colour

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys — press ? or Esc to close\n")
            yield Static(bindings_table(self.groups, self.keymap, self.options, self.swatches))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
