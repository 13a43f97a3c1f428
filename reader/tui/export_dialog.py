"""`e`: export the current article or the whole library from the TUI.

Three questions — format, what to export, where — then the export runs in a
worker thread (formats with entities extract them, which takes a moment for
a large library) and a notification says where it went. An existing file is
only replaced after asking; errors are shown with the file and the reason.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from reader.corpus import CorpusError, read_article
from reader.export import EXPORT_FORMATS, export_format
from reader.export.formats import ExportError, render, write_folder, write_text
from reader.export.records import corrected_entity_finder, records
from reader.layout import visible
from reader.tui.choice import ChoiceScreen
from reader.tui.dialog import Dialog
from reader.tui.labels import plain

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

THIS, ALL = "article", "library"


class PathInput(Input):
    """An Input whose pasted text shows its controls as placeholders: Textual
    would send an ESC in a paste straight to the terminal."""

    def _on_paste(self, event: events.Paste) -> None:
        event.text = visible(event.text, keep_lines=True)
        super()._on_paste(event)


class PathScreen(Dialog[str]):
    """Ask for a path, with a default; Enter accepts, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    PathScreen > Vertical {
        width: 90;
        height: auto;
    }
    """

    def __init__(self, title: str, default: str, *, verb: str = "export") -> None:
        super().__init__()
        self.heading = title
        self.default = default
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.heading, self.layout_options), classes="hint")
            # A folder name with controls in it is offered with placeholders.
            yield PathInput(visible(self.default), id="path")
            yield Static(f"Enter {self.verb} · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)


class Exporting:
    """The export dialog, for the app that holds it."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app

    def start(self) -> None:
        if self.app.paths:
            self.app.run_worker(
                self._export_dialog(), exclusive=True, group="export", exit_on_error=False
            )

    def _default_target(self, fmt: str, scope: str) -> Path:
        paths, current = self.app.paths, self.app.current
        article = paths[current] if 0 <= current < len(paths) else None
        folder = (article or paths[0]).parent / "exports"
        stem = article.stem if scope == THIS and article is not None else "library"
        chosen = export_format(fmt)
        if chosen.writes_folder:
            return folder / f"{fmt}-{stem}"
        return folder / f"{stem}{chosen.suffix}"

    async def _export_dialog(self) -> None:
        app = self.app
        fmt = await app.push_screen_wait(
            ChoiceScreen(
                "Export as…",
                [
                    (
                        f.description + (" (with a BOM, for spreadsheets)" if f.bom_in_tui else ""),
                        f.name,
                    )
                    for f in EXPORT_FORMATS
                ],
            )
        )
        if fmt is None:
            return
        count = len(app.paths)
        scope = await app.push_screen_wait(
            ChoiceScreen(
                "Export what?",
                [("This article", THIS), (f"The whole library ({count} articles)", ALL)],
            )
        )
        if scope is None:
            return
        folder = export_format(fmt).writes_folder
        kind = "folder" if folder else "file"
        typed = await app.push_screen_wait(
            PathScreen(f"Export to this {kind}:", str(self._default_target(fmt, scope)))
        )
        if typed is None:
            return
        target = Path(typed).expanduser()
        force = False
        if (not folder and target.is_file()) or (folder and target.is_dir()):
            answer = await app.push_screen_wait(
                ChoiceScreen(
                    f"{target} exists.",
                    [("Replace it", "replace"), ("Cancel", "cancel")],
                )
            )
            if answer != "replace":
                return
            force = True
        paths = [app.paths[app.current]] if scope == THIS else list(app.paths)
        app.notify(f"Exporting {len(paths)} article(s) as {fmt}…", timeout=3)
        self.run_export(fmt, paths, target, force)

    def run_export(self, fmt: str, paths: list[Path], target: Path, force: bool) -> None:
        self.app.run_worker(
            partial(self._run_export, fmt, paths, target, force),
            thread=True,
            exclusive=True,
            group="export-run",
            exit_on_error=False,
        )

    def _run_export(self, fmt: str, paths: list[Path], target: Path, force: bool) -> None:
        app = self.app
        # The export reads the sidecars: what is only in memory is saved first.
        app.call_from_thread(app.saver.save_open)
        articles = []
        for path in paths:
            try:
                articles.append(read_article(path))
            except CorpusError:
                continue  # shown as skipped in the library
        about = export_format(fmt)
        finder = corrected_entity_finder() if about.needs_entities else None
        chosen = list(records(articles, finder))
        output = render(fmt, chosen, bom=about.bom_in_tui)
        try:
            if isinstance(output, dict):
                write_folder(target, output, force=force)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_text(target, output, force=force)
        except (ExportError, OSError) as error:
            app.call_from_thread(
                app.notify, f"Export failed: {error}", severity="error", timeout=15
            )
            return
        count = sum(len(r.annotations) for r in chosen)
        message = f"Exported {len(chosen)} article(s), {count} annotations → {target}"
        app.call_from_thread(app.notify, message, timeout=10)
