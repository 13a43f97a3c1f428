"""Tagging and noting the passage under the cursor: the keys' work, done by
the open article's session (each operation returns what changed, which the
app shows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.annotations.model import ORPHANED
from reader.tui.labels import shaped_line
from reader.tui.note_editor import NoteEditorScreen
from reader.tui.panels import NotesPanel

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


class Annotating:
    """The annotation keys of the app that holds it."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app

    def toggle_tag(self, number: int) -> None:
        app = self.app
        session, passage = app.session, app.view.passage
        if session is None or passage is None:
            return
        tags = app.config.tags
        if number > len(tags):
            app.notify(f"No tag {number}: the config has {len(tags)} tags")
            return
        app.show_outcome(session.toggle_tag(*passage, tags[number - 1].name))

    def edit_note(self) -> None:
        app = self.app
        session, passage = app.session, app.view.passage
        if session is None or passage is None:
            return
        start, end, existing = session.annotation_for_note(
            *passage, selected=app.view.selection is not None
        )
        heading = shaped_line(session.text[start:end], 70, app.options)
        heading.stylize("bold")
        annotation_id = existing.id if existing else None

        def done(note: str | None) -> None:
            if note is not None and app.session is session:
                app.show_outcome(session.set_note(start, end, note, annotation_id))

        app.push_screen(
            NoteEditorScreen(existing.note if existing else "", heading, app.options, keep=done),
            done,
        )

    def delete(self) -> None:
        session, passage = self.app.session, self.app.view.passage
        if session is not None and passage is not None:
            self.app.show_outcome(session.delete_at(*passage))

    def undo(self) -> None:
        if self.app.session is not None:
            self.app.show_outcome(self.app.session.undo())

    def redo(self) -> None:
        if self.app.session is not None:
            self.app.show_outcome(self.app.session.redo())

    def confirm_moved(self) -> None:
        """y in the Notes panel: the highlighted passage, found again after the
        article changed, is where it belongs."""
        notes, session = self.app.query_one(NotesPanel), self.app.session
        if session is None or notes.highlighted is None:
            return
        option = notes.get_option_at_index(notes.highlighted)
        if option.id:
            self.app.show_outcome(session.confirm_moved(option.id))

    def go_to_note(self, annotation_id: str) -> None:
        """Enter on a note: the cursor goes to its passage."""
        app = self.app
        annotation = app.store.state.get(annotation_id) if app.store else None
        if annotation is None:
            return
        if annotation.status == ORPHANED:
            app.notify("This passage is no longer in the article; the note is kept.")
            return
        app.view.move_cursor(app.view.sentence_at(annotation.start), context=True)
        app.view.focus()
