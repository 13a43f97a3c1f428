"""The help screen: every binding of the app and the article view."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def bindings_table(groups: list[tuple[str, list[BindingType]]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_column(style="dim")  # the id a config file's [keymap] uses
    for title, bindings in groups:
        table.add_row(title, "", "", style="underline")
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                keys = ", ".join(key.strip() for key in binding.key.split(","))
                table.add_row(keys, binding.description, binding.id or "")
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    def __init__(self, groups: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys — press ? or Esc to close\n")
            yield Static(bindings_table(self.groups))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
