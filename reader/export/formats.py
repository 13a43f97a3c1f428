"""The export formats by name, and writing their output without overwriting anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.export import brat, conll, csv_table, json_doc, jsonl, markdown, w3c
from reader.export.records import ArticleRecord
from reader.files import write_atomic


class ExportError(Exception):
    """An export that cannot be written; the message names the file and why."""


def render(
    fmt: str, records: list[ArticleRecord], *, bom: bool = False, conll_labels: str = "reader"
) -> dict[str, str] | str:
    """The output: text for single-file formats, file name → text for brat."""
    exporters: dict[str, Callable[[list[ArticleRecord]], str]] = {
        "json": json_doc.export,
        "jsonl": jsonl.export,
        "md": markdown.export,
        "w3c": w3c.export,
        "conll": lambda chosen: conll.export(chosen, conll_labels),
    }
    if fmt == "brat":
        return brat.export(records)
    if fmt == "csv":
        return csv_table.export(records, bom=bom)
    return exporters[fmt](records)


def write_text(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` as UTF-8 (exactly: no newline translation) into a new file,
    or over an existing one only with `force`; all or nothing."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder, expected a file name")
    if path.exists() and not force:
        raise ExportError(f"{path}: exists; use --force to overwrite it")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    try:
        write_atomic(path, text.encode("utf-8"), keep_backup=False)
    except OSError as error:
        raise ExportError(f"{path}: cannot write ({error.strerror or error})") from None


def write_folder(folder: Path, files: dict[str, str], *, force: bool = False) -> list[Path]:
    """Write a brat folder: every file new, or overwritten only with `force`."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file; brat export needs a folder (-o FOLDER)")
    existing = [folder / name for name in files if (folder / name).exists()]
    if existing and not force:
        raise ExportError(
            f"{existing[0]}: exists ({len(existing)} of the files to write do); "
            "use --force to overwrite them"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"{folder}: cannot create ({error.strerror or error})") from None
    written = []
    for name, text in files.items():
        write_text(folder / name, text, force=True)
        written.append(folder / name)
    return written
