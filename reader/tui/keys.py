"""The app's key bindings, and the help screen and command palette made from them.

Every binding has an id (`article.next_sentence`, `annotate.tag_1`) that the
config's keymap rebinds; the help screen lists them by group.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import ActiveBinding, Binding, BindingType
from textual.keys import format_key
from textual.screen import Screen

from reader.config import Config, Tag
from reader.layout import LayoutOptions
from reader.tui.article_view import ArticleView
from reader.tui.labels import shown
from reader.tui.panels import EntitiesPanel, NotesPanel
from reader.tui.search import SearchScreen

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
    Binding("n", "next_mention", "Next hit/mention", show=False, id="app.next_mention"),
    Binding("N", "previous_mention", "Prev hit/mention", show=False, id="app.prev_mention"),
    Binding("L", "toggle_library", "Library", show=False, id="app.toggle_library"),
    Binding("p", "toggle_panels", "Panels", show=False, id="app.toggle_panels"),
    Binding("o", "overview", "Overview", show=False, id="library.overview"),
    Binding("x", "stop_indexing", "Stop indexing", show=False, id="library.stop_indexing"),
    Binding("s", "sort_library", "Sort library", show=False, id="library.sort"),
    *(
        # The footer shows one of the nine, as "1–9 tag".
        Binding(
            str(n),
            f"toggle_tag({n})",
            "tag" if n == 1 else f"Tag {n}",
            show=n == 1,
            key_display="1–9" if n == 1 else None,
            id=f"annotate.tag_{n}",
        )
        for n in range(1, 10)
    ),
    Binding("a", "edit_note", "Note", id="annotate.note"),
    Binding("d", "delete_annotation", "Delete note", show=False, id="annotate.delete"),
    Binding("u", "undo", "Undo", show=False, id="annotate.undo"),
    Binding("ctrl+s", "save", "Save now", show=False, id="annotate.save"),
    Binding("ctrl+r", "redo", "Redo", show=False, id="annotate.redo"),
    Binding("E", "add_entity", "Add entity", show=False, id="entities.add"),
    Binding(
        "m", "set_bookmark", "Bookmark here (then a letter)", show=False, id="reading.bookmark"
    ),
    Binding(
        "apostrophe",
        "go_to_bookmark",
        "Go to a bookmark (then its letter)",
        show=False,
        id="reading.go_to_bookmark",
    ),
    Binding("slash", "search", "Search", id="search.open"),
    Binding("e", "export", "Export", show=False, id="app.export"),
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


# Key names as a config file and the help screen write them.
_KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "backspace": "Backspace",
    "delete": "Del",
    "up": "up",
    "down": "down",
    "left": "left",
    "right": "right",
}


def key_name(key: str) -> str:
    """A key as people write it: "?" not "question_mark", "ctrl+l", "Esc"."""
    *modifiers, last = key.strip().split("+")
    return "+".join([*modifiers, _KEY_NAMES.get(last) or format_key(last)])


def key_names(keys: str) -> str:
    return ", ".join(key_name(key) for key in keys.split(",") if key.strip())


def keys_in_force(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys that run a binding now: the keymap's, else its own."""
    return keymap.get(binding.id or "", binding.key)


def help_sections(tags: Sequence[Tag]) -> list[tuple[str, list[BindingType]]]:
    return [
        ("Reading and selecting", list(ArticleView.BINDINGS)),
        ("Tags and notes", annotation_bindings(tags)),
        ("Entities", _entity_bindings()),
        ("Library, panels and search", _app_bindings()),
        ("Bookmarks", _with_prefix("reading.")),
        ("In the search box", list(SearchScreen.BINDINGS)),
        ("In the Notes panel", list(NotesPanel.BINDINGS)),
        ("Anywhere", MOVING_BINDINGS),
    ]


# Textual's own keys, listed so that the help screen tells all.
MOVING_BINDINGS: list[BindingType] = [
    Binding("tab", "", "Next panel (the focused one is outlined)", id="textual.focus_next"),
    Binding("shift+tab", "", "Previous panel", id="textual.focus_previous"),
    Binding("ctrl+p", "", "Command palette: every action by name", id="textual.palette"),
    Binding("ctrl+q", "", "Quit (also when q is rebound)", id="textual.quit"),
]


def keymap_problems(config: Config) -> list[str]:
    """What is wrong with the config's keymap, one message each, naming the
    file and line: ids no binding has, and keys taken twice where both
    bindings are in force together (reading: the article and the app)."""
    known = {b.id: b for b in _all_bindings() if isinstance(b, Binding) and b.id}
    problems = []
    where = _keymap_lines(config.path)
    for binding_id in config.keymap:
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, list(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else " (the ids are listed in help, ?)"
            problems.append(f"{where(binding_id)}: no binding is called {binding_id!r}{hint}")
    reading = [b for b in [*ArticleView.BINDINGS, *APP_BINDINGS] if isinstance(b, Binding)]
    owner: dict[str, Binding] = {}
    for binding in reading:
        for key in keys_in_force(binding, config.keymap).split(","):
            key = key_name(key)  # "?" and "question_mark" alike
            other = owner.setdefault(key, binding)
            if other is binding or other.id == binding.id:
                continue
            rebound = binding if binding.id in config.keymap else other
            kept = other if rebound is binding else binding
            if rebound.id not in config.keymap:
                continue  # two defaults (escape: cancel, then clear): by design
            # The article's bindings come first in `reading`: the article has
            # the keys while reading, so the first owner is the one that acts.
            problems.append(
                f"{where(rebound.id or '')}: {key} for {rebound.id} is also "
                f"{kept.description!r} ({kept.id}); while reading, {key} does "
                f"{other.description!r}"
            )
    return problems


def _all_bindings() -> list[BindingType]:
    return [
        *ArticleView.BINDINGS,
        *APP_BINDINGS,
        *EntitiesPanel.BINDINGS,
        *NotesPanel.BINDINGS,
        *SearchScreen.BINDINGS,
    ]


def _keymap_lines(path: Path | None) -> Callable[[str], str]:
    """ "FILE line N" for a binding id of the file's [keymap] (tomllib keeps no lines)."""
    lines = path.read_text(encoding="utf-8").splitlines() if path and path.exists() else []

    def where(binding_id: str) -> str:
        for number, line in enumerate(lines, 1):
            name = line.split("=", 1)[0].strip().strip("\"'")
            if "=" in line and name == binding_id:
                return f"{path} line {number}"
        return str(path or "config")

    return where


class ReadingScreen(Screen[None]):
    """The app's own screen. Its one difference: the footer lists the keys of
    a group side by side ("j k sentence") whatever order a keymap left them in
    (Textual re-adds a rebound key after the others)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings
        first_of_group: dict[Binding.Group, int] = {}
        first_of_action: dict[str, int] = {}
        rank: dict[str, tuple[int, int, bool, int]] = {}
        for position, (key, (_, binding, _, _)) in enumerate(bindings.items()):
            group = binding.group
            at = first_of_group.setdefault(group, position) if group else position
            action = first_of_action.setdefault(binding.action, position)
            # The footer shows an action's first key: a letter before "up".
            rank[key] = (at, action, len(key) > 1, position)
        return dict(sorted(bindings.items(), key=lambda item: rank[item[0]]))


def system_commands(
    app: App[None], tags: Sequence[Tag], keymap: Mapping[str, str], options: LayoutOptions
) -> Iterable[SystemCommand]:
    """Every binding's action as a command of the palette (ctrl+p), with the
    keys in force; a tag's name shaped (the palette shows what it is given)."""
    view = app.query_one(ArticleView)
    for binding in ArticleView.BINDINGS:
        if isinstance(binding, Binding):
            action = getattr(view, f"action_{binding.action}")
            keys = key_names(keys_in_force(binding, keymap))
            yield SystemCommand(shown(binding.description, options), f"Key: {keys}", action)
    commands = annotation_bindings(tags) + _entity_bindings() + _app_bindings()
    for binding in commands + _with_prefix("reading."):
        if isinstance(binding, Binding) and binding.action != "quit":
            yield SystemCommand(
                shown(binding.description, options),
                f"Key: {key_names(keys_in_force(binding, keymap))}",
                partial(app.call_later, app.run_action, binding.action),
            )
