"""`csv`: one row per annotation, UTF-8 (with a byte-order mark on request, so
that spreadsheet programs read Arabic as UTF-8 rather than the local code page)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from reader.export.records import ArticleRecord

COLUMNS = ("article", "start", "end", "quote", "tags", "note", "created", "modified", "status")
TAG_SEPARATOR = "; "
BOM = "\ufeff"


def export(records: Iterable[ArticleRecord], bom: bool = False) -> str:
    out = io.StringIO()
    # csv's default \r\n line ends are RFC 4180's; newlines inside a quote or
    # note stay as they are, inside a quoted field.
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for record in records:
        for a in record.annotations:
            writer.writerow(
                (
                    str(record.path),
                    a.start,
                    a.end,
                    a.quote,
                    TAG_SEPARATOR.join(a.tags),
                    a.note,
                    a.created,
                    a.modified,
                    a.status,
                )
            )
    return (BOM if bom else "") + out.getvalue()
