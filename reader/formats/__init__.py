"""Readers per file format: each turns a file's bytes into the text reader
reads (what every offset counts in) and what the file says of itself.

`reader_for(path)` picks the reader by the file's suffix; plain text
(`.txt`, `.md`, `.text`) is `reader.corpus.decode` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.formats.common import FormatError, Read

FormatReader = Callable[[bytes, str], Read]


def _html(data: bytes, name: str) -> Read:
    from reader.formats.html import read_html  # lxml and trafilatura: only when needed

    return read_html(data, name)


def _mhtml(data: bytes, name: str) -> Read:
    from reader.formats.mhtml import read_mhtml

    return read_mhtml(data, name)


def _docx(data: bytes, name: str) -> Read:
    from reader.formats.docx import read_docx

    return read_docx(data, name)


def _epub(data: bytes, name: str) -> Read:
    from reader.formats.epub import read_epub

    return read_epub(data, name)


def _pdf(data: bytes, name: str) -> Read:
    from reader.formats.pdf import read_pdf

    return read_pdf(data, name)


# suffix -> (what the library calls it, its reader)
FORMATS: dict[str, tuple[str, FormatReader]] = {
    ".html": ("web page", _html),
    ".htm": ("web page", _html),
    ".xhtml": ("web page", _html),
    ".mhtml": ("web page", _mhtml),
    ".mht": ("web page", _mhtml),
    ".docx": ("Word document", _docx),
    ".epub": ("e-book", _epub),
    ".pdf": ("PDF document", _pdf),
}


def reader_for(path: Path) -> FormatReader | None:
    """The reader of a file that is not plain text, by its suffix; None for plain text."""
    found = FORMATS.get(path.suffix.lower())
    return found[1] if found else None


__all__ = ["FORMATS", "FormatError", "Read", "reader_for"]
