"""`json`: every article with its annotations, entity corrections and entities."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from reader.export.records import ArticleRecord

FORMAT = "reader-export"
VERSION = 1


def article_json(record: ArticleRecord) -> dict[str, Any]:
    return {
        "path": str(record.path),
        "title": record.title,
        "sha256": record.sha256,
        "length": len(record.text),
        # Where the text came from: its format and what the file states of
        # itself (a page's url, date, author, site; a record's number).
        "source": {"format": record.article.format, **record.article.meta},
        "annotations": [a.to_json() for a in record.annotations],
        "entity_corrections": [c.to_json() for c in record.state.corrections],
        "entities": [
            {
                "type": entity.type,
                "canonical": entity.canonical,
                "mentions": [
                    {
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "confidence": round(m.confidence, 3),
                    }
                    for m in entity.mentions
                ],
            }
            for entity in record.entities
        ],
    }


def export(records: Iterable[ArticleRecord]) -> str:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "articles": [article_json(record) for record in records],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
