"""`w3c`: a W3C Web Annotation `AnnotationCollection` (JSON-LD), and reading one back.

Each annotation targets its article (`source`: the file's URI) through a
`TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector`
(code-point start/end, as the model defines them); the note is a
`TextualBody` with purpose `commenting`, each tag a `TextualBody` with
purpose `tagging`. Id, created and modified are the model's own properties,
so an export read back gives the same annotations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from reader.annotations.model import Annotation, now
from reader.export.records import ArticleRecord

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ID_PREFIX = "urn:uuid:"


class W3CError(ValueError):
    """Not an annotation collection reader can read; the message says why."""


def _id(annotation_id: str) -> str:
    if len(annotation_id) == 32 and all(c in "0123456789abcdef" for c in annotation_id):
        hexid = annotation_id
        return ID_PREFIX + "-".join(
            (hexid[:8], hexid[8:12], hexid[12:16], hexid[16:20], hexid[20:])
        )
    return "urn:reader:annotation:" + annotation_id


def _annotation_id(w3c_id: str) -> str:
    if w3c_id.startswith(ID_PREFIX):
        return w3c_id[len(ID_PREFIX) :].replace("-", "")
    return w3c_id.rsplit(":", 1)[-1]


def annotation_json(record: ArticleRecord, a: Annotation) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = []
    if a.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": a.note,
                "purpose": "commenting",
                "format": "text/plain",
            }
        )
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in a.tags]
    data: dict[str, Any] = {
        "id": _id(a.id),
        "type": "Annotation",
        "motivation": "commenting" if a.note else "tagging",
        "created": a.created,
        "modified": a.modified,
    }
    if bodies:
        data["body"] = bodies
    data["target"] = {
        "source": record.path.resolve().as_uri(),
        "selector": [
            {"type": "TextQuoteSelector", "exact": a.quote, "prefix": a.prefix, "suffix": a.suffix},
            {"type": "TextPositionSelector", "start": a.start, "end": a.end},
        ],
    }
    return data


def export(records: Iterable[ArticleRecord]) -> str:
    items = [annotation_json(record, a) for record in records for a in record.annotations]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "reader annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


# --- reading back --------------------------------------------------------------------


def source_path(source: str) -> Path:
    """The file a target's source names (a file: URI, or a plain path)."""
    parsed = urlparse(source)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme:
        raise W3CError(f"target source {source!r} is not a file")
    return Path(source)


def read(data: str) -> list[tuple[Path, Annotation]]:
    """(article path, annotation) for every annotation of a collection, a page,
    a list of annotations or a single one."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, RecursionError) as error:
        raise W3CError(f"not JSON ({error})") from None
    if isinstance(document, dict) and document.get("type") == "AnnotationCollection":
        page = document.get("first")
        items = page.get("items") if isinstance(page, dict) else None
    elif isinstance(document, dict) and document.get("type") == "AnnotationPage":
        items = document.get("items")
    elif isinstance(document, dict) and document.get("type") == "Annotation":
        items = [document]
    else:
        items = document
    if not isinstance(items, list):
        raise W3CError("no annotations (expected an AnnotationCollection with items)")
    return [_annotation(item, number) for number, item in enumerate(items)]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _annotation(item: Any, number: int) -> tuple[Path, Annotation]:
    where = f"annotation {number + 1}"
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise W3CError(f"{where}: not an Annotation")
    target = item.get("target")
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise W3CError(f"{where}: no target source")
    selectors = target.get("selector", [])
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = next(
        (s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None
    )
    position = next(
        (s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"),
        None,
    )
    if quote is None or not isinstance(quote.get("exact"), str):
        raise W3CError(f"{where}: no TextQuoteSelector")
    exact = quote["exact"]
    start: Any = 0  # no position: found by the quote when imported
    end: Any = len(exact)
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not (_is_int(start) and _is_int(end) and 0 <= start <= end):
            raise W3CError(f"{where}: a bad TextPositionSelector")
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    tags: list[str] = []
    notes: list[str] = []
    for body in bodies:
        if isinstance(body, str):
            notes.append(body)
            continue
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        if body.get("purpose") == "tagging":
            tags.append(body["value"])
        else:
            notes.append(body["value"])
    annotation_id = _annotation_id(str(item.get("id") or "")) or f"imported-{number}"
    created = str(item.get("created") or now())
    annotation = Annotation(
        id=annotation_id,
        start=start,
        end=end,
        quote=exact,
        prefix=str(quote.get("prefix") or ""),
        suffix=str(quote.get("suffix") or ""),
        tags=tuple(dict.fromkeys(tags)),
        note="\n\n".join(notes),
        created=created,
        modified=str(item.get("modified") or created),
    )
    return source_path(target["source"]), annotation
