"""A PDF with a text layer: its text in logical order.

pypdf reads the text of each page as the runs of glyphs its content draws.
A shaping producer (a browser, HarfBuzz) draws a right-to-left line as runs
left to right, each run in logical order within: so on a line that is mostly
Arabic or Hebrew the runs are put back right to left. Older producers draw
Arabic as presentation forms (the shaped glyphs): those are folded back to
the letters (NFKC). Lines join into paragraphs until one ends a sentence.
A PDF whose pages have no text is a scan: refused, with that reason.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

from reader.formats.common import FormatError, Read, paragraphs_text

MAX_PDF_BYTES = 128 * 1024 * 1024
MAX_PAGES = 5_000
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PRESENTATION = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")
_SENTENCE_END = (".", "!", "?", "؟", ":", "»", '"', "”")


def read_pdf(data: bytes, name: str) -> Read:
    import pypdf  # only when a PDF is opened
    from pypdf.errors import PyPdfError

    if len(data) > MAX_PDF_BYTES:
        raise FormatError(f"too large a PDF ({len(data) / 2**20:,.0f} MB)")
    try:
        document = pypdf.PdfReader(io.BytesIO(data))
        if document.is_encrypted:
            raise FormatError("an encrypted PDF: no text to read without its password")
        pages = document.pages
        if len(pages) > MAX_PAGES:
            raise FormatError(f"refused: a PDF of {len(pages):,} pages")
        lines = [line for page in pages for line in page_lines(page)]
        info: Any = document.metadata or {}
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise FormatError(f"not a readable PDF ({type(error).__name__})") from None
    if not any(line.strip() for line in lines):
        raise FormatError("a scanned PDF: no text to read")
    meta = {
        "title": _text(info.get("/Title")),
        "author": _text(info.get("/Author")),
    }
    return Read(
        paragraphs_text(paragraphs(lines)), "PDF", {k: v for k, v in meta.items() if v}, "pdf"
    )


def page_lines(page: Any) -> list[str]:
    """The lines of one page, each in logical order."""
    runs: list[list[str]] = [[]]

    def visit(text: str, *_: object) -> None:
        parts = text.split("\n")
        runs[-1].append(parts[0])
        for part in parts[1:]:
            runs.append([part])

    page.extract_text(visitor_text=visit)
    return [logical_line(line) for line in runs]


def logical_line(runs: list[str]) -> str:
    """One line's runs as drawn (left to right) in reading order."""
    runs = [
        unicodedata.normalize("NFKC", run) if _PRESENTATION.search(run) else run for run in runs
    ]
    runs = [run for run in runs if run]
    text = "".join(runs)
    if len(_RTL.findall(text)) > len(_LTR.findall(text)):
        runs.reverse()
        # A shaping producer draws a bracket of a right-to-left line as its
        # mirror image, which maps back to the mirrored character.
        runs = [_unmirrored(run) for run in runs]
    joined = ""
    for run in runs:
        if joined and not joined[-1].isspace() and not run[0].isspace():
            joined += " "  # runs are words or phrases: the space between was not drawn
        joined += run
    return " ".join(joined.split())


_MIRRORS = str.maketrans("()[]{}«»‹›<>", ")(][}{»«›‹><")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def _unmirrored(run: str) -> str:
    """Brackets mirrored back, but those inside Latin text (f(x), [1])."""
    chars = list(run)
    for at, char in enumerate(chars):
        before = chars[at - 1] if at else ""
        after = chars[at + 1] if at + 1 < len(chars) else ""
        if char in "()[]{}«»‹›<>" and not (
            _LATIN_OR_DIGIT.match(before) and _LATIN_OR_DIGIT.match(after)
        ):
            chars[at] = char.translate(_MIRRORS)
    return "".join(chars)


def paragraphs(lines: list[str]) -> list[str]:
    """Lines joined until one ends a sentence (or is empty)."""
    found: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                found.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if line.endswith(_SENTENCE_END):
            found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return found


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value else ""
