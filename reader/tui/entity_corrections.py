"""Correcting the entities from the keyboard: reject, retype, merge, add, teach.

`c` on the Entities panel opens a menu for the highlighted entity; `E` in the
article adds the selection (or the cursor sentence) as an entity. Every
correction goes into the article's sidecar through the annotation store, so
undo, redo and saving treat it like a tag; "teach" also stores it in the
user's taught list (`reader.annotations.taught`) so that every article
benefits. The menus are `ChoiceScreen`s awaited in a worker, one question at
a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text

from reader.annotations import taught as taught_list
from reader.annotations.model import (
    ADD,
    MERGE,
    REJECT_ENTITY,
    REJECT_MENTION,
    RETYPE,
    Action,
    EntityCorrection,
    new_id,
    now,
)
from reader.nlp.entities import TYPES, Entity, Mention, name_key
from reader.tui.choice import ChoiceScreen
from reader.tui.labels import shaped_line
from reader.tui.panels import EntitiesPanel

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

HERE, EVERYWHERE = "here", "everywhere"


class Corrector:
    """Correcting entities from the keyboard, and the taught list, for the app
    that holds it."""

    def __init__(self, app: ReaderApp, taught_file: Path | None = None) -> None:
        self.app = app
        self.taught: tuple[EntityCorrection, ...] = ()
        self.taught_file = taught_file  # None: the user data folder's

    def load_taught(self) -> None:
        try:
            self.taught = taught_list.load(self.taught_file)
        except taught_list.TaughtError as error:
            self.taught = ()
            self.app.notify(f"Taught entities not used: {error}", severity="error", timeout=15)
        self.app.library.taught_changed()

    def apply_corrections(self) -> None:
        """The taught list changed: the open article's entities follow it."""
        if self.app.session is not None:
            self.app.show_outcome(self.app.session.set_taught(self.taught))

    def _shaped(self, text: str, width: int = 40) -> Text:
        return shaped_line(text, width, self.app.options)

    # -- the menus -----------------------------------------------------------------

    def correct_highlighted(self) -> None:
        panel = self.app.query_one(EntitiesPanel)
        option = panel.highlighted_option
        if option is None or option.id is None or self.app.store is None:
            self.app.notify("Highlight an entity in the Entities panel first")
            return
        entity = self.app.entities[int(option.id)]
        self.app.run_worker(
            self._correct(entity), exclusive=True, group="correct", exit_on_error=False
        )

    def _mention_at_cursor(self, entity: Entity) -> Mention | None:
        cursor = self.app.view.passage
        if cursor is None:
            return None
        start, end = cursor
        return next((m for m in entity.mentions if start <= m.start and m.end <= end), None)

    async def _correct(self, entity: Entity) -> None:
        here = self._mention_at_cursor(entity)
        key = name_key(entity.canonical)
        taught_here = [c for c in self.taught if key in (name_key(c.name), name_key(c.target))]
        # The same numbers always mean the same thing: the optional entries last.
        choices: list[tuple[Text | str, str]] = [
            ("Not an entity…", REJECT_ENTITY),
            ("Change its type…", RETYPE),
            ("Same as another entity (merge)…", MERGE),
        ]
        if here is not None:
            choices.append(("Not an entity: just this mention (at the cursor)", REJECT_MENTION))
        if taught_here:
            choices.append((f"Forget what was taught about it ({len(taught_here)})", "forget"))
        title = Text.assemble(
            "Correct ", (entity.type, "bold"), " ", self._shaped(entity.canonical, 40)
        )
        action = await self.app.push_screen_wait(ChoiceScreen(title, choices))
        if action is None:
            return
        if action == "forget":
            self._forget(entity.canonical)
            return
        if action == REJECT_MENTION and here is not None:
            correction = EntityCorrection(
                new_id(), REJECT_MENTION, entity.canonical, "", "", here.start, here.end,
                here.text, now(),
            )  # fmt: skip
            self.correct(correction, teach=False)
            return
        kind = target = ""
        if action == RETYPE:
            kind = await self._ask_type(f"New type for {entity.canonical}", exclude=entity.type)
            if not kind:
                return
        if action == MERGE:
            target = await self._ask_target(entity)
            if not target:
                return
        scope = await self._ask_scope()
        if scope is None:
            return
        correction = EntityCorrection(
            new_id(), cast(Action, action), entity.canonical, kind, target, created=now()
        )
        self.correct(correction, teach=scope == EVERYWHERE)

    async def _ask_type(self, title: str, exclude: str = "") -> str:
        choices: list[tuple[Text | str, str]] = [(kind, kind) for kind in TYPES if kind != exclude]
        return await self.app.push_screen_wait(ChoiceScreen(self._shaped(title, 60), choices)) or ""

    async def _ask_target(self, entity: Entity) -> str:
        others = [e for e in self.app.entities if e is not entity][:60]
        if not others:
            self.app.notify("No other entity to merge with")
            return ""
        choices: list[tuple[Text | str, str]] = [
            (Text.assemble((f"{e.type:<8} ", "dim"), self._shaped(e.canonical, 38)), str(number))
            for number, e in enumerate(others)
        ]
        title = Text.assemble(self._shaped(entity.canonical, 30), " is the same as…")
        picked = await self.app.push_screen_wait(ChoiceScreen(title, choices))
        return others[int(picked)].canonical if picked is not None else ""

    async def _ask_scope(self) -> str | None:
        return await self.app.push_screen_wait(
            ChoiceScreen(
                "Where does this hold?",
                [
                    ("In this article", HERE),
                    ("In every article (teach: also saved in your taught list)", EVERYWHERE),
                ],
            )
        )

    def add_selection(self) -> None:
        passage = self.app.view.passage
        if passage is None or self.app.store is None:
            return
        if self.app.view.selection is None:
            self.app.notify("Select the name first: v, then w/W/b/B to fit it (Esc cancels)")
            return
        self.app.run_worker(
            self._add(passage), exclusive=True, group="correct", exit_on_error=False
        )

    async def _add(self, passage: tuple[int, int]) -> None:
        assert self.app.store is not None
        start, end = passage
        quote = self.app.store.text[start:end]
        if not quote.strip() or end - start > 200:
            self.app.notify("Select a name of a few words to add it as an entity")
            return
        kind = await self._ask_type(f"Add «{' '.join(quote.split())}» as")
        if not kind:
            return
        scope = await self._ask_scope()
        if scope is None:
            return
        name = " ".join(quote.split())
        correction = EntityCorrection(new_id(), ADD, name, kind, "", start, end, quote, now())
        self.app.view.action_cancel_selection()
        self.correct(correction, teach=scope == EVERYWHERE)

    # -- applying ----------------------------------------------------------------------

    def correct(self, correction: EntityCorrection, *, teach: bool) -> None:
        """Store a correction in the sidecar (undoable) and, to teach it, in the taught list."""
        session = self.app.session
        if session is None:
            return
        outcome = session.correct(correction)
        if teach:
            try:
                taught_list.teach(correction, self.taught_file)
            except taught_list.TaughtError as error:
                self.app.notify(f"Not taught: {error}", severity="error", timeout=15)
            else:
                self.app.notify("Taught: every article will use it")
            self.load_taught()
        self.app.show_outcome(outcome)

    def _forget(self, name: str) -> None:
        try:
            removed = taught_list.forget(name, self.taught_file)
        except taught_list.TaughtError as error:
            self.app.notify(str(error), severity="error", timeout=15)
            return
        self.load_taught()
        self.apply_corrections()
        self.app.notify(f"Forgot {removed} taught correction(s)")
