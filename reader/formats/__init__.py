"""Readers per file format: each turns a file's bytes into the text reader
reads (what every offset counts in) and what the file says of itself.

`reader_for(path)` picks the reader by the file's suffix; plain text
(`.txt`, `.md`, `.text`) is `reader.corpus.decode` itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from reader.formats.common import FormatError, Read

FormatReader = Callable[[bytes, str], Read]


def _lazy(module: str, function: str) -> FormatReader:
    """A reader whose module (lxml, trafilatura, pypdf…) is imported when a
    file of its format is first read, not when reader starts."""

    def read(data: bytes, name: str) -> Read:
        found: FormatReader = getattr(importlib.import_module(module), function)
        return found(data, name)

    return read


_html = _lazy("reader.formats.html", "read_html")
_mhtml = _lazy("reader.formats.mhtml", "read_mhtml")


# suffix -> (what the library calls it, its reader)
FORMATS: dict[str, tuple[str, FormatReader]] = {
    ".html": ("web page", _html),
    ".htm": ("web page", _html),
    ".xhtml": ("web page", _html),
    ".mhtml": ("web page", _mhtml),
    ".mht": ("web page", _mhtml),
    ".docx": ("Word document", _lazy("reader.formats.docx", "read_docx")),
    ".epub": ("e-book", _lazy("reader.formats.epub", "read_epub")),
    ".pdf": ("PDF document", _lazy("reader.formats.pdf", "read_pdf")),
}


def reader_for(path: Path) -> FormatReader | None:
    """The reader of a file that is not plain text, by its suffix; None for plain text."""
    found = FORMATS.get(path.suffix.lower())
    return found[1] if found else None


__all__ = ["FORMATS", "FormatError", "Read", "reader_for"]
