"""Reading exported annotations back into sidecars (`reader import`).

Imported annotations are placed in the article as it is now — by position,
then quote, then fuzzy context (`anchoring.py`), as a sidecar's are — and
merged into its sidecar through the annotation store: an annotation with the
same id replaces the one there; one on exactly the same passage adds its tags
and note to it; anything else is added. Nothing already there is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from msgspec import structs

from reader.annotations.anchoring import reanchor
from reader.annotations.model import ORPHANED, Annotation, AnnotationSet, context, new_id, now
from reader.annotations.store import AnnotationStore
from reader.corpus import Article, find_articles

_ID = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


class ImportProblem(Exception):
    """Exported files that cannot be imported; the message says which and why."""


@dataclass
class ImportReport:
    article: Path
    sidecar: Path
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.orphaned:
            parts.append(f"{self.orphaned} not found in the article (kept as orphans)")
        return f"{self.article}: {', '.join(parts)} → {self.sidecar}"


def _clean(annotation: Annotation) -> Annotation:
    """What the sidecar schema accepts: a plain id, ISO timestamps, string tags."""
    stamp = now()
    created = annotation.created if _TIMESTAMP.fullmatch(annotation.created) else stamp
    modified = annotation.modified if _TIMESTAMP.fullmatch(annotation.modified) else created
    return structs.replace(
        annotation,
        id=annotation.id if _ID.fullmatch(annotation.id) else new_id(),
        created=created,
        modified=modified,
        tags=tuple(t for t in annotation.tags if t.strip()),
    )


def import_annotations(article: Article, incoming: Iterable[Annotation]) -> ImportReport:
    """Merge `incoming` into the article's sidecar and save it."""
    store = AnnotationStore.of(article)
    report = ImportReport(article.path, store.path, messages=list(store.messages))
    placed = reanchor(article.text, tuple(_clean(a) for a in incoming))
    state: AnnotationSet = store.state
    for annotation in placed:
        if annotation.status == ORPHANED:
            report.orphaned += 1
        else:
            prefix, suffix = context(article.text, annotation.start, annotation.end)
            annotation = structs.replace(annotation, prefix=prefix, suffix=suffix)
        same_id = state.get(annotation.id)
        same_span = (
            None
            if annotation.status == ORPHANED
            else state.exactly(annotation.start, annotation.end)
        )
        if same_id is not None:
            if same_id == annotation:
                report.unchanged += 1
                continue
            state = state.put(annotation)
            report.updated += 1
        elif same_span is not None:
            tags = tuple(dict.fromkeys((*same_span.tags, *annotation.tags)))
            note = annotation.note if annotation.note.strip() else same_span.note
            if (tags, note) == (same_span.tags, same_span.note):
                report.unchanged += 1
                continue
            state = state.put(same_span.edited(tags=tags, note=note))
            report.updated += 1
        else:
            state = state.put(annotation)
            report.added += 1
    store.change(state, "import")
    store.save()
    report.sidecar = store.path
    report.messages += store.messages[len(report.messages) :]
    return report


def brat_passages(source: Path, into: Path) -> dict[Path, list[Annotation]]:
    """The passages of each .ann file in `source`, keyed by the article in `into`
    with the same name (brat's .txt is a copy of it); ImportProblem if the
    files are not what brat writes."""
    from reader.export import brat

    if not source.exists():
        raise ImportProblem(f"{source}: no such file or folder")
    ann_files = sorted(source.glob("*.ann")) if source.is_dir() else [source]
    if not ann_files:
        raise ImportProblem(f"{source}: no .ann files here")
    # The names brat's export gave them (one rule, so a dump's records map back too).
    found = find_articles(into)
    articles = dict(zip(brat.file_names(found), found, strict=True))
    result: dict[Path, list[Annotation]] = {}
    for ann in ann_files:
        txt = ann.with_suffix(".txt")
        article = articles.get(ann.stem)
        if article is None:
            raise ImportProblem(f"{ann}: no article named {ann.stem}.* in {into}")
        try:
            text = txt.read_bytes().decode("utf-8")
            passages = brat.read(ann.read_bytes().decode("utf-8"), text)
        except FileNotFoundError:
            raise ImportProblem(f"{txt}: missing (brat keeps the text beside the .ann)") from None
        except UnicodeDecodeError:
            raise ImportProblem(f"{ann}: not UTF-8 text") from None
        except brat.BratError as error:
            raise ImportProblem(f"{ann}: {error}") from None
        if not passages:
            continue  # only entities: they are extracted again, nothing to import
        ids_file = ann.with_name(ann.stem + brat.IDS_SUFFIX)
        ids = ids_file.read_bytes().decode("utf-8", "replace") if ids_file.is_file() else ""
        identities = brat.read_identities(ids)
        result[article] = [brat.annotation(text, p, identities) for p in passages]
    return result


def w3c_passages(source: Path, into: Path | None) -> dict[Path, list[Annotation]]:
    """The annotations of a W3C export, keyed by their article: where it was
    when exported, or in `into` (where the articles are now) if it moved;
    ImportProblem if the file is not a W3C export reader can read."""
    from reader.export import w3c

    try:
        found = w3c.read(source.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ImportProblem(f"{source}: no such file") from None
    except IsADirectoryError:
        raise ImportProblem(f"{source}: is a folder, expected a W3C .jsonld file") from None
    except UnicodeDecodeError:
        raise ImportProblem(f"{source}: not UTF-8 text") from None
    except w3c.W3CError as error:
        raise ImportProblem(f"{source}: {error}") from None
    by_article: dict[Path, list[Annotation]] = {}
    for path, annotation in found:
        moved = into / path.name if into is not None else path
        by_article.setdefault(moved if moved.exists() else path, []).append(annotation)
    return by_article
