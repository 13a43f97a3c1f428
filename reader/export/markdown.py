"""`md`: a report to read — per article its title, the tagged passages quoted
under each tag, the notes, and a summary of the entities.

A right-to-left title, passage or note sits in a `<div dir="rtl">` block, so
that where Markdown is rendered (GitHub, editors' previews, pandoc) it reads
right to left and right-aligned; its line breaks are kept (a line ending in
a backslash is CommonMark's hard line break)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from reader.annotations.model import ORPHANED, Annotation
from reader.export.records import ArticleRecord
from reader.layout.bidi import paragraph_level

TOP_ENTITIES = 12  # per type


def _escape(text: str) -> str:
    """Text that Markdown shows as it is: no accidental emphasis, links or HTML."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _hard_breaks(lines: list[str]) -> list[str]:
    """Lines that stay lines when rendered: each but the last ends in `\\`."""
    return [line + "\\" if n < len(lines) - 1 else line for n, line in enumerate(lines)]


def right_to_left(text: str) -> bool:
    """Whether the text's first strong letter is a right-to-left one (UAX #9 P2/P3)."""
    return paragraph_level(map(unicodedata.bidirectional, text)) == 1


def _directed(lines: list[str], text: str) -> list[str]:
    """The lines of a block, and a blank line after it; in a right-to-left
    div if the text is right-to-left."""
    body = [*lines] if not lines or lines[-1] else lines[:-1]
    if not right_to_left(text):
        return [*body, ""]
    return ['<div dir="rtl">', "", *body, "", "</div>", ""]


def _quoted(text: str) -> list[str]:
    lines = [line for line in text.strip().splitlines()]
    quoted = ["> " + _escape(line) if line.strip() else ">" for line in lines]
    return [q + "\\" if n < len(quoted) - 1 and q != ">" and quoted[n + 1] != ">" else q
            for n, q in enumerate(quoted)]  # fmt: skip


def _passage(a: Annotation) -> list[str]:
    lines = _quoted(a.quote)
    if a.status == ORPHANED:
        lines.append(">")
        lines.append("> *(no longer found in the article)*")
    lines.append("")
    lines = _directed(lines, a.quote)
    if a.note.strip():
        note = [_escape(line) for line in a.note.strip().splitlines()]
        note[0] = f"Note: {note[0]}"
        lines += _directed([*_hard_breaks(note), ""], a.note)
    return lines


def article_report(record: ArticleRecord) -> str:
    lines = [
        *_directed([f"# {_escape(record.title)}"], record.title),
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
