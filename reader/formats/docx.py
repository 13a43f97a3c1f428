"""A Word document (.docx): its paragraphs, headings and tables, in order.

python-docx reads the document; each paragraph is one paragraph of the text,
and each table row one paragraph, its cells joined by " | " in their logical
order (the first cell is the rightmost in a right-to-left table). The title
is the document's own (its properties), else its first Title or heading.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from reader.formats.archive import open_zip
from reader.formats.common import FormatError, Read, paragraphs_text


def read_docx(data: bytes, name: str) -> Read:
    open_zip(data, "Word document")  # bounded before python-docx unpacks it
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged file
        raise FormatError(f"not a readable Word document ({type(error).__name__})") from None
    blocks: list[str] = []
    heading = ""
    right_to_left = paragraphs = 0
    for part in document.iter_inner_content():
        if isinstance(part, Paragraph):
            text = part.text
            style = (part.style.name if part.style is not None else "") or ""
            if not heading and text.strip() and style.startswith(("Title", "Heading")):
                heading = text.strip()
            blocks.append(text)
            if text.strip():
                paragraphs += 1
                right_to_left += bool(part._p.xpath("./w:pPr/w:bidi"))
        elif isinstance(part, Table):
            for row in part.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                # A merged cell is repeated in each column it spans: once is enough.
                unique = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
                blocks.append(" | ".join(unique))
    if not any(block.strip() for block in blocks):
        raise FormatError("a Word document with no text")
    properties = document.core_properties
    meta = {
        "title": (properties.title or "").strip() or heading,
        "author": (properties.author or "").strip(),
        "date": properties.created.isoformat() if properties.created else "",
        "language": (properties.language or "").strip(),
        # Word marks each right-to-left paragraph (w:bidi): most of them, the document.
        "direction": "rtl" if right_to_left * 2 > paragraphs else "",
    }
    return Read(paragraphs_text(blocks), "DOCX", {k: v for k, v in meta.items() if v}, "docx")
