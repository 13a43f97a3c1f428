"""The app's key bindings, and the help screen and command palette made from them.

Every binding has an id (`article.next_sentence`, `annotate.tag_1`) that the
config's keymap rebinds; the help screen lists them by group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding, BindingType

from reader.config import Tag
from reader.tui.article_view import ArticleView
from reader.tui.panels import EntitiesPanel

if TYPE_CHECKING:
    from textual.app import App

APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", id="app.quit"),
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding(
        "right_square_bracket",
        "next_article",
        "Next article",
        show=False,
        id="app.next_article",
    ),
    Binding(
        "left_square_bracket",
        "previous_article",
        "Prev article",
        show=False,
        id="app.prev_article",
    ),
    Binding("n", "next_mention", "Next hit/mention", id="app.next_mention"),
    Binding("N", "previous_mention", "Prev hit/mention", id="app.prev_mention"),
    Binding("b", "toggle_library", "Library", id="app.toggle_library"),
    Binding("p", "toggle_panels", "Panels", id="app.toggle_panels"),
    Binding("o", "overview", "Overview", id="library.overview"),
    Binding("x", "stop_indexing", "Stop indexing", id="library.stop_indexing"),
    Binding("s", "sort_library", "Sort library", show=False, id="library.sort"),
    *(
        Binding(str(n), f"toggle_tag({n})", f"Tag {n}", show=False, id=f"annotate.tag_{n}")
        for n in range(1, 10)
    ),
    Binding("a", "edit_note", "Note", id="annotate.note"),
    Binding("d", "delete_annotation", "Delete note", show=False, id="annotate.delete"),
    Binding("u", "undo", "Undo", show=False, id="annotate.undo"),
    Binding("ctrl+s", "save", "Save now", show=False, id="annotate.save"),
    Binding("ctrl+r", "redo", "Redo", show=False, id="annotate.redo"),
    Binding("E", "add_entity", "Add entity", show=False, id="entities.add"),
    Binding("slash", "search", "Search", id="search.open"),
    Binding("e", "export", "Export", id="app.export"),
    Binding("escape", "clear_search", "Clear search", show=False, id="search.clear"),
]


def _with_prefix(prefix: str) -> list[BindingType]:
    return [b for b in APP_BINDINGS if isinstance(b, Binding) and (b.id or "").startswith(prefix)]


def _entity_bindings() -> list[BindingType]:
    return [*_with_prefix("entities."), *EntitiesPanel.BINDINGS]


def _app_bindings() -> list[BindingType]:
    return [*_with_prefix("app."), *_with_prefix("library."), *_with_prefix("search.")]


def annotation_bindings(tags: Sequence[Tag]) -> list[BindingType]:
    """The tag and note bindings, tags described by the configured names."""
    result: list[BindingType] = []
    for binding in _with_prefix("annotate."):
        assert isinstance(binding, Binding)
        if binding.action.startswith("toggle_tag("):
            number = int(binding.action[len("toggle_tag(") : -1])
            if number > len(tags):
                continue
            binding = replace(binding, description=f"Tag: {tags[number - 1].name}")
        result.append(binding)
    return result


def help_sections(tags: Sequence[Tag]) -> list[tuple[str, list[BindingType]]]:
    return [
        ("Reading and selecting", list(ArticleView.BINDINGS)),
        ("Tags and notes", annotation_bindings(tags)),
        ("Entities", _entity_bindings()),
        ("Library, panels and search", _app_bindings()),
    ]


def system_commands(app: App[None], tags: Sequence[Tag]) -> Iterable[SystemCommand]:
    """Every binding's action as a command of the palette (ctrl+p)."""
    view = app.query_one(ArticleView)
    for binding in ArticleView.BINDINGS:
        if isinstance(binding, Binding):
            action = getattr(view, f"action_{binding.action}")
            yield SystemCommand(binding.description, f"Key: {binding.key}", action)
    for binding in annotation_bindings(tags) + _entity_bindings() + _app_bindings():
        if isinstance(binding, Binding) and binding.action != "quit":
            yield SystemCommand(
                binding.description,
                f"Key: {binding.key}",
                partial(app.call_later, app.run_action, binding.action),
            )
