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
import time
import unicodedata
from typing import Any

from reader.formats.common import FormatError, Read, paragraphs_text
from reader.layout.chars import RIGHT_TO_LEFT_LETTER

MAX_PDF_BYTES = 128 * 1024 * 1024
MAX_PAGES = 5_000
MAX_SECONDS = 60  # checked between pages
_LTR = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PRESENTATION = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")
_CLOSING = ".,،؛:!?؟)]}"
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
        lines: list[list[str]] = []
        began = time.monotonic()
        for page in pages:
            lines += page_lines(page)
            if time.monotonic() - began > MAX_SECONDS:
                raise FormatError(f"refused: a PDF whose text takes over {MAX_SECONDS} s to read")
        info: Any = document.metadata or {}
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise FormatError(f"not a readable PDF ({type(error).__name__})") from None
    if not any("".join(runs).strip() for runs in lines):
        raise FormatError("a scanned PDF: no text to read")
    meta = {
        "title": _text(info.get("/Title")),
        "author": _text(info.get("/Author")),
    }
    return Read(
        paragraphs_text(paragraphs(lines)), "PDF", {k: v for k, v in meta.items() if v}, "pdf"
    )


def page_lines(page: Any) -> list[list[str]]:
    """The lines of one page, each as its runs in the order drawn (left to right)."""
    runs: list[list[str]] = [[]]

    def visit(text: str, *_: object) -> None:
        parts = text.split("\n")
        runs[-1].append(parts[0])
        for part in parts[1:]:
            runs.append([part])

    page.extract_text(visitor_text=visit)
    return [_glyphs_folded(line) for line in runs]


def _glyphs_folded(runs: list[str]) -> list[str]:
    folded = [unicodedata.normalize("NFKC", r) if _PRESENTATION.search(r) else r for r in runs]
    # A sentence's final stop drawn at the left end of a right-to-left run
    # (".كلمة"): it ends the run.
    folded = [_LEADING_STOP.sub(r"\2\1", run) for run in folded]
    return [run for run in folded if run]


_LEADING_STOP = re.compile(r"^([.!؟?:،؛]+)([\u0590-\u08ff].*)$", re.S)


def _bracket_sides(runs: list[str]) -> tuple[int, int]:
    """(left-to-right, right-to-left) votes of a line's Latin runs framed by
    brackets: «Nvidia» as drawn on a left-to-right line, »Nvidia« (mirrored
    glyphs) on a right-to-left one."""
    ltr = rtl = 0
    for run in runs:
        framed = run.strip()
        if len(framed) < 3 or not _LTR.search(framed):
            continue
        ltr += framed[0] in "«(" or framed[-1] in "»)"
        rtl += framed[0] in "»)" or framed[-1] in "«("
    return ltr, rtl


def logical_line(runs: list[str], right_to_left: bool | None = None) -> str:
    """One line's runs as drawn (left to right) in reading order: put back
    right to left on a right-to-left line (by default: one mostly in Arabic
    or Hebrew letters)."""
    runs = _glyphs_folded(runs)
    if right_to_left is None:
        text = "".join(runs)
        right_to_left = len(RIGHT_TO_LEFT_LETTER.findall(text)) > len(_LTR.findall(text))
    if right_to_left:
        # A shaping producer draws a bracket at the edge of a Latin run of a
        # right-to-left line as its mirror image, which maps back to the
        # mirrored character (a bracket drawn as a run of its own does not).
        runs = [_unmirrored(run) if _LTR.search(run) else run for run in reversed(runs)]
    joined = ""
    for run in runs:
        if joined and not joined[-1].isspace() and not run[0].isspace() and run[0] not in _CLOSING:
            joined += " "  # runs are words or phrases: the space between was not drawn
        joined += run
    return " ".join(joined.split())


def paragraphs(lines: list[list[str]]) -> list[str]:
    """Lines joined into paragraphs, each ending where a line ends a sentence.

    A paragraph of mostly right-to-left text is read right to left, unless
    its last line ends a sentence only when read left to right: a producer
    lays out left to right a paragraph whose first letter is Latin (UAX #9),
    and draws its runs that way."""
    found: list[str] = []
    current: list[list[str]] = []

    def close() -> None:
        if not current:
            return
        text = "".join("".join(runs) for runs in current)
        mostly_rtl = len(RIGHT_TO_LEFT_LETTER.findall(text)) > len(_LTR.findall(text))
        # Which way its brackets were drawn says which way it was laid out.
        votes = [_bracket_sides(_glyphs_folded(runs)) for runs in current]
        ltr = sum(v[0] for v in votes) > sum(v[1] for v in votes)
        found.append(
            " ".join(logical_line(runs, right_to_left=not ltr and mostly_rtl) for runs in current)
        )
        current.clear()

    for runs in lines:
        if not "".join(runs).strip():
            close()
            continue
        current.append(runs)
        ends = [
            logical_line(runs, right_to_left=side).endswith(_SENTENCE_END) for side in (True, False)
        ]
        if any(ends):
            close()
    close()
    return [paragraph for paragraph in found if paragraph]


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


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value else ""
