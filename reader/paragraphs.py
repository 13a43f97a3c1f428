"""An article's paragraphs: its hard-newline blocks, long ones cut in pieces.

Everything that works a paragraph at a time (the layout, the sentences,
the entities) finds them here, as far as it asks for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int  # exclusive, before the line break
    # Where the text's own paragraph starts: not `start` for the second and
    # later pieces of a paragraph too long to lay out whole.
    head: int = -1


# A paragraph longer than this is laid out in pieces cut at a space: a
# scraped file may be one 50 MB line, and wrapping, bidi and the sentences
# of a paragraph are found whole. A piece is a paragraph for all of those
# (its last line may be short, a sentence across the cut is two), but keeps
# the direction of the paragraph it is part of.
MAX_PARAGRAPH_CHARS = 20_000


def split_paragraphs(text: str) -> list[Paragraph]:
    """Hard-newline blocks (LF, CRLF or a lone CR), long ones in pieces."""
    return list(scan_paragraphs(text))


def scan_paragraphs(text: str, start: int = 0, index: int = 0) -> Iterator[Paragraph]:
    head = -1  # the start of the paragraph being cut in pieces, if one is
    while True:
        # Looked for only as far as one piece reaches: searching a 50 MB
        # line to its end once per piece would be quadratic.
        reach = start + MAX_PARAGRAPH_CHARS
        match = _PARAGRAPH_BREAK.search(text, start, reach + 2)
        if match is not None and match.start() <= reach:
            yield Paragraph(index, start, match.start(), head)
            start, head = match.end(), -1
        elif reach >= len(text):
            yield Paragraph(index, start, len(text), head)
            return
        else:
            cut = _piece_end(text, start, reach)
            yield Paragraph(index, start, cut, head)
            head = start if head < 0 else head
            start = cut
        index += 1


def _piece_end(text: str, start: int, reach: int) -> int:
    """Where a piece of an over-long paragraph ends: after its last space in
    the second half of its reach, else at the reach, never inside a cluster."""
    space = text.rfind(" ", start + (reach - start) // 2, reach)
    if space >= 0:
        return space + 1
    cut = reach
    while cut > start + 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut
