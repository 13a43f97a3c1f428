"""Saving annotations, and what happens when the disk will not take them.

Saving is automatic, half a second after a change and never more than 0.8 s
after the first unsaved one, however fast the changes come (`SaveSchedule`);
and on the way out, by whatever way: q, ctrl+q, SIGTERM, SIGINT, SIGHUP (a
closed terminal window), with a note being written kept. A folder that loses its
write permission, or a disk remounted read-only, sends the work to the
per-user copy (the store does that). A full disk, or both places refused,
leaves the work in memory, and then:
- the error is shown, and saving is tried again at the next change;
- an article left for another keeps its unsaved store here, and opening it
  again gives that work back;
- ctrl+s retries now and, if it fails again, offers to write a copy into a
  folder the reader chooses (another disk, a USB stick);
- quit retries, then asks before anything is lost.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.timer import Timer

from reader.annotations.autosave import SaveSchedule
from reader.annotations.sidecar import sidecar_path
from reader.annotations.store import AnnotationStore
from reader.corpus import Article
from reader.tui.choice import ChoiceScreen
from reader.tui.export_dialog import PathScreen
from reader.tui.labels import shaped_inline
from reader.tui.note_editor import NoteEditorScreen

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

# Signals that end the program: the work is saved first. SIGHUP is the
# terminal gone (a closed window, a dropped ssh connection).
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
EXIT_GRACE = 3.0  # seconds for Textual to restore the terminal before leaving anyway


def reason(error: OSError) -> str:
    """An OSError as a reader would say it: "No space left on device"."""
    return error.strerror or str(error)


class Saver:
    """Saving the open article's annotations, and what happens when the disk
    will not take them, for the app that holds it."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        # Stores of articles the reader left while their work was not on disk.
        self.unsaved: list[AnnotationStore] = []
        self._save_timer: Timer | None = None
        self._save_schedule = SaveSchedule()

    def schedule_save(self) -> None:
        """A change was made: save soon (see `SaveSchedule`)."""
        delay = self._save_schedule.changed(time.monotonic())
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.app.set_timer(delay, self.save_open)

    def show_store_messages(self) -> None:
        if self.app.session is None:
            return
        for message in self.app.session.messages():
            self.app.notify(message, severity="warning", timeout=10)

    def save_open(self) -> bool:
        """Save the open article's annotations if they changed; False if that failed."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._save_schedule.saved()
        error = self._save_current()
        if error is None:
            return True
        assert self.app.store is not None
        self.app.notify(
            f"Annotations NOT saved to {self.app.store.path}: {reason(error)}. They are kept "
            "in memory and saving is retried at the next change; ctrl+s retries now "
            "or saves a copy elsewhere.",
            severity="error",
            timeout=15,
        )
        return False

    def _save_current(self) -> OSError | None:
        session = self.app.session
        if session is None:
            return None
        try:
            _report, outcome = session.save()
        except OSError as error:
            return error
        if (
            0 <= self.app.current < len(self.app.paths)
            and session.path != self.app.paths[self.app.current]
        ):
            self.app.article_renamed(session.path)
        for message in outcome.messages:
            self.app.notify(message, severity="warning", timeout=10)
        if outcome.entities:
            self.app.entities_shown(self.app.entities)
            self.app.fill_panels()
        if outcome.annotations:  # another reader's work merged in
            self.app.annotations_changed(save=False)
        return None

    # -- leaving and coming back -----------------------------------------------------

    def leave_article(self) -> None:
        """Before another article replaces the open one: unsaved work stays here."""
        store = self.app.store
        if store is not None and not self.save_open() and not store.safe:
            self.unsaved.append(store)

    def store_for(self, article: Article) -> AnnotationStore:
        """The store of an article being opened: the unsaved one left here, if
        the article's text is still what it was annotated on."""
        for held in self.unsaved:
            if held.article == article.path and held.text == article.text:
                self.unsaved.remove(held)
                return held
        return AnnotationStore.of(article)

    def offer_stray_merge(self) -> None:
        self.app.run_worker(self._offer_stray_merge(), group="stray", exit_on_error=False)

    async def _offer_stray_merge(self) -> None:
        """The per-user copy holds work the sidecar does not (saved there while
        the sidecar was unusable): say where it is and offer to merge it."""
        store = self.app.store
        if store is None or store.stray is None:
            return
        count = sum(a not in set(store.state.annotations) for a in store.stray.annotations)
        heading = Text.assemble(
            f"{count} annotation(s) of this article, made while its sidecar could not be "
            "used, are kept in ",
            shaped_inline(str(store.fallback), self.app.options),
            " and not in the sidecar.",
        )
        answer = await self.app.push_screen_wait(
            ChoiceScreen(
                heading,
                [("Merge them into the sidecar now", "merge"), ("Not now (they stay there)", "no")],
            )
        )
        if answer != "merge" or store is not self.app.store:
            return
        if self.app.session is not None:
            self.app.show_outcome(self.app.session.merge_stray())

    # -- retrying and redirecting ---------------------------------------------------

    def _save_everything(self) -> list[tuple[AnnotationStore, OSError]]:
        """Try to save every store with work in it; the ones still not safe, with why."""
        failures: list[tuple[AnnotationStore, OSError]] = []
        if self.app.store is not None:
            error = self._save_current()
            if error is not None:
                failures.append((self.app.store, error))
        for store in self.unsaved:
            try:
                store.save()
            except OSError as error:
                failures.append((store, error))
        self.unsaved = [store for store in self.unsaved if not store.safe]
        return [(store, error) for store, error in failures if not store.safe]

    async def _ask(
        self, failures: list[tuple[AnnotationStore, OSError]], others: list[tuple[str, str]]
    ) -> str | None:
        """What to do about work that could not be saved: "retry", "copy" or one of `others`."""
        store, error = failures[0]
        what = store.article.name if len(failures) == 1 else f"{len(failures)} articles"
        heading = f"The annotations of {what} could not be saved: {reason(error)}."
        retry_or_copy = [("Try again", "retry"), ("Save a copy in another folder…", "copy")]
        return await self.app.push_screen_wait(ChoiceScreen(heading, [*retry_or_copy, *others]))

    def save_now(self) -> None:
        """ctrl+s: save now; if that fails, try again or save a copy elsewhere."""
        self.app.run_worker(self._save_now(), exclusive=True, group="saving", exit_on_error=False)

    async def _save_now(self) -> None:
        while failures := self._save_everything():
            answer = await self._ask(failures, [("Cancel (they stay in memory)", "cancel")])
            if answer == "copy":
                await self._save_copies([store for store, _ in failures])
                return
            if answer != "retry":
                return
        self.app.notify("Annotations saved.", timeout=3)

    def quit(self) -> None:
        """Quit, unless annotations would be lost: then ask."""
        self.app.run_worker(
            self._quit_unless_losing(), exclusive=True, group="saving", exit_on_error=False
        )

    def ctrl_c(self) -> None:
        """ctrl+c: Textual's hint that it does not quit, in plain words (its
        own is markup, shown here as it is); the work is saved now too."""
        saved = self.save_open()  # a failure says so itself
        self.app.notify(
            "To quit, press q or ctrl+q." + (" Annotations are saved." if saved else ""),
            title="Quit?",
        )

    def _open_note(self) -> NoteEditorScreen | None:
        """The note editor, if it is open with text not yet kept."""
        for screen in self.app.screen_stack:
            if isinstance(screen, NoteEditorScreen) and screen.unsaved:
                return screen
        return None

    async def _quit_unless_losing(self) -> None:
        note = self._open_note()
        if note is not None:
            answer = await self.app.push_screen_wait(
                ChoiceScreen(
                    "The note you are writing is not kept yet.",
                    [
                        ("Keep the note and quit", "keep"),
                        ("Quit without this note", "drop"),
                        ("Back to the note", "stay"),
                    ],
                )
            )
            if answer == "keep":
                note.keep_draft()
            elif answer != "drop":
                return
        while failures := self._save_everything():
            answer = await self._ask(
                failures, [("Stay in reader", "stay"), ("Quit and lose them", "lose")]
            )
            if answer == "copy":
                await self._save_copies([store for store, _ in failures])
            elif answer == "lose":
                break
            elif answer != "retry":
                return
        self.app.exit()

    async def _save_copies(self, stores: list[AnnotationStore]) -> None:
        typed = await self.app.push_screen_wait(
            PathScreen(
                "Save a copy of the annotations in this folder:",
                str(Path.home()),
                verb="save",
            )
        )
        if typed is None:
            return
        folder = Path(typed).expanduser()
        for store in stores:
            # The sidecar's own name: put beside the article, it is its sidecar.
            target = folder / sidecar_path(store.article).name
            try:
                folder.mkdir(parents=True, exist_ok=True)
                store.save_copy(target)
            except OSError as error:
                self.app.notify(
                    f"No copy saved to {target}: {reason(error)}", severity="error", timeout=15
                )
            else:
                self.app.notify(
                    f"A copy of the annotations is in {target}; put it beside "
                    f"{store.article.name} to use it there.",
                    timeout=15,
                )

    # -- signals ---------------------------------------------------------------------

    def catch_ending_signals(self) -> None:
        """Save before SIGTERM, SIGINT or SIGHUP end the program."""
        import asyncio

        loop = asyncio.get_running_loop()
        for number in ENDING_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._ending_signal, number)

    def _ending_signal(self, number: int) -> None:
        note = self._open_note()
        if note is not None:
            note.keep_draft()  # nobody is there to ask: what was typed is kept
        failures = self._save_everything()
        code = 128 + number
        # Work the disk refused is kept in the per-user folder, as a last resort.
        self.rescue(failures)
        if number == signal.SIGHUP:
            # The terminal is gone: there is nothing to restore on it.
            self.app.before_leaving()
            os._exit(code)
        # Textual restores the terminal on the way out; if that hangs, leave anyway.
        deadline = threading.Timer(EXIT_GRACE, os._exit, (code,))
        deadline.daemon = True
        deadline.start()
        self.app.exit(return_code=code)

    def rescue(self, failures: list[tuple[AnnotationStore, OSError]]) -> None:
        """Last resort on a signal: unsaved work written to the per-user folder."""
        from reader.annotations.store import data_folder

        for store, _error in failures:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            target = data_folder() / "rescued" / f"{stamp}-{sidecar_path(store.article).name}"
            with contextlib.suppress(OSError):
                target.parent.mkdir(parents=True, exist_ok=True)
                store.save_copy(target)
