"""What every format reader shares: its result, its error, the text's shape."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.corpus import decode, encoding_name


class FormatError(Exception):
    """A file of a known format that cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class Read:
    """A file's text as reader reads it (what every offset counts in), with
    the encoding it was decoded from, what the file says of itself (title,
    date, author, site, url, language…) and the format's name."""

    text: str
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)
    format: str = "text"


def paragraphs_text(blocks: Iterable[str]) -> str:
    """Blocks (headings, paragraphs, items) as paragraphs a blank line apart,
    each on one line: the shape of the plain-text articles."""
    lines = (" ".join(block.split()) for block in blocks)
    return "\n\n".join(line for line in lines if line) + "\n"


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def sniff_decode(data: bytes, name: str, declared: str | None) -> tuple[str, str]:
    """Markup's text: its byte-order mark decides, then the encoding it
    declares (if Python knows it and the bytes are in it), then detection."""
    boms = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if declared and not data.startswith(boms):
        try:
            codec = codecs.lookup(declared).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            return _XML_DECLARATION.sub("", text), encoding_name(codec)
    text, encoding = decode(data, name)
    return _XML_DECLARATION.sub("", text), encoding
