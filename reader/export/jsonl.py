"""`jsonl`: one annotation per line, with the path of its article."""

from __future__ import annotations

import json
from collections.abc import Iterable

from reader.export.records import ArticleRecord


def export(records: Iterable[ArticleRecord]) -> str:
    lines = [
        json.dumps({"article": str(record.path), **a.to_json()}, ensure_ascii=False)
        for record in records
        for a in record.annotations
    ]
    return "".join(line + "\n" for line in lines)
