"""`md`: a report to read — per article its title, the tagged passages quoted
under each tag, the notes, and a summary of the entities."""

from __future__ import annotations

from collections.abc import Iterable

from reader.annotations.model import ORPHANED, Annotation
from reader.export.records import ArticleRecord

TOP_ENTITIES = 12  # per type


def _escape(text: str) -> str:
    """Text that Markdown shows as it is: no accidental emphasis, links or HTML."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _quoted(text: str) -> list[str]:
    return ["> " + _escape(line) if line.strip() else ">" for line in text.strip().splitlines()]


def _passage(a: Annotation) -> list[str]:
    lines = _quoted(a.quote)
    if a.status == ORPHANED:
        lines.append(">")
        lines.append("> *(no longer found in the article)*")
    if a.note.strip():
        lines.append("")
        lines += [f"Note: {_escape(line)}" if n == 0 else _escape(line)
                  for n, line in enumerate(a.note.strip().splitlines())]  # fmt: skip
    lines.append("")
    return lines


def article_report(record: ArticleRecord) -> str:
    lines = [
        f"# {_escape(record.title)}",
        "",
        f"`{record.path}` · {len(record.annotations)} annotations",
        "",
    ]
    by_tag: dict[str, list[Annotation]] = {}
    notes_only: list[Annotation] = []
    for a in record.annotations:
        for tag in a.tags:
            by_tag.setdefault(tag, []).append(a)
        if not a.tags:
            notes_only.append(a)
    for tag, passages in by_tag.items():
        lines += [f"## {_escape(tag)} ({len(passages)})", ""]
        for a in passages:
            lines += _passage(a)
    if notes_only:
        lines += [f"## Notes ({len(notes_only)})", ""]
        for a in notes_only:
            lines += _passage(a)
    if record.entities:
        lines += [
            "## Entities",
            "",
            "| Type | Entity | Mentions | Also written |",
            "| --- | --- | --- | --- |",
        ]
        shown: dict[str, int] = {}
        for entity in record.entities:
            shown[entity.type] = shown.get(entity.type, 0) + 1
            if shown[entity.type] > TOP_ENTITIES:
                continue
            others = [v for v in entity.variants if v != entity.canonical][:4]
            lines.append(
                f"| {entity.type} | {_escape(entity.canonical)} | {len(entity.mentions)} | "
                f"{_escape(', '.join(others))} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def export(records: Iterable[ArticleRecord]) -> str:
    return "\n".join(article_report(record) for record in records)
