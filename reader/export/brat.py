"""`brat`: per article a `.txt` (the exact text) and a `.ann` standoff file, and
reading them back.

Entities and tagged passages are `T` lines (`T1<TAB>TYPE START END<TAB>text`,
code-point offsets into the `.txt`, as brat counts them); a passage with
several tags gets one `T` line per tag; a note-only passage has the type
`Note`. Notes are `#` AnnotatorNotes lines on the passage's first `T`; brat
notes are one line, so a line break in a note is written `\\n` (a tab
`\\t`, a backslash `\\\\`). An `annotation.conf` and `visual.conf` declare the types so
that brat loads the folder as it is. brat has no place for ids and times:
`NAME.reader.json` beside each `.ann` keeps them (brat ignores it), so an
export read back is the same annotations; without it, spans, quotes, tags
and notes come back with new ids.

A span brat cannot show (one crossing a line break) is written as brat's
discontinuous form (`START END;START END`), one fragment per line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from msgspec import structs

from reader.annotations.model import ORPHANED, Annotation
from reader.export.records import ArticleRecord
from reader.formats.dumps import split_record
from reader.nlp.entities import TYPES

NOTE_TYPE = "Note"
# Beside NAME.ann: the ids and times of its passages, which brat has no place
# for. brat ignores the file; `reader import` uses it when it is there.
IDS_SUFFIX = ".reader.json"
IDS_FORMAT = "reader-brat-ids"
_SAFE_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")


def type_name(tag: str) -> str:
    """A tag as a brat type. brat allows letters, digits, - and _; any other tag
    (Arabic ones, or one named like an entity type) is spelled in hex behind
    `x_`, which `tag_of` reverses; visual.conf labels it with its real name."""
    reserved = tag in TYPES or tag == NOTE_TYPE or tag.startswith("x_")
    if _SAFE_TYPE.fullmatch(tag) and not reserved:
        return tag
    return "x_" + tag.encode("utf-8").hex()


def tag_of(kind: str) -> str:
    if kind.startswith("x_"):
        try:
            return bytes.fromhex(kind[2:]).decode("utf-8")
        except ValueError:
            return kind
    return kind


def file_names(paths: Iterable[Path]) -> list[str]:
    """One brat document name per article, unique within the export."""
    names: list[str] = []
    taken: set[str] = set()
    for path in paths:
        record = split_record(path)  # a dump's record: the dump's name and its number
        stem = f"{record[0].stem}-{record[1]}" if record else Path(path.name).stem or "article"
        name, number = stem, 1
        while name in taken:
            number += 1
            name = f"{stem}-{number}"
        taken.add(name)
        names.append(name)
    return names


_ESCAPES = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


def _escape_note(note: str) -> str:
    """A note on one tab-separated line: backslashes, line breaks and tabs escaped."""
    return note.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _unescape_note(note: str) -> str:
    return re.sub(r"\\([\\nrt])", lambda m: _ESCAPES[m.group(1)], note)


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at line breaks, as brat wants a span on one line."""
    fragments = [
        (start + line.start(), start + line.end())
        for line in re.finditer(r"[^\r\n]+", text[start:end])
    ]
    return fragments or [(start, end)]


def ann_lines(record: ArticleRecord) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The .ann lines, and for each passage's first T line the annotation's id
    and times (which the `.reader.json` beside it keeps, as brat cannot)."""
    text = record.text
    lines: list[str] = []
    identities: dict[str, dict[str, str]] = {}
    number = 0

    def t_line(kind: str, start: int, end: int) -> str:
        nonlocal number
        number += 1
        fragments = _fragments(text, start, end)
        offsets = ";".join(f"{s} {e}" for s, e in fragments)
        shown = " ".join(text[s:e] for s, e in fragments)
        lines.append(f"T{number}\t{kind} {offsets}\t{shown}")
        return f"T{number}"

    for entity in record.entities:
        for mention in entity.mentions:
            t_line(entity.type, mention.start, mention.end)
    notes = 0
    for a in record.annotations:
        if a.status == ORPHANED:
            continue  # not in this text: nothing to point at
        kinds = [type_name(tag) for tag in a.tags] or [NOTE_TYPE]
        first = ""
        for kind in kinds:
            identifier = t_line(kind, a.start, a.end)
            first = first or identifier
        identities[first] = {"id": a.id, "created": a.created, "modified": a.modified}
        if a.note:
            notes += 1
            lines.append(f"#{notes}\tAnnotatorNotes {first}\t{_escape_note(a.note)}")
    return lines, identities


def annotation_conf(tags: Iterable[str]) -> str:
    entities = [*TYPES, NOTE_TYPE, *sorted({type_name(t) for t in tags} - set(TYPES) - {NOTE_TYPE})]
    return "[entities]\n" + "\n".join(entities) + "\n\n[relations]\n\n[events]\n\n[attributes]\n"


def visual_conf(tags: Iterable[str]) -> str:
    lines = [
        "[labels]",
        *[f"{t} | {t}" for t in sorted({type_name(t) for t in tags})],
        "",
        "[drawing]",
    ]
    colours = {"PERSON": "#ffccaa", "ORG": "#8fb2ff", "PLACE": "#95dfff", "PRODUCT": "#ffe000"}
    lines += [f"{kind}\tbgColor:{colour}" for kind, colour in colours.items()]
    return "\n".join(lines) + "\n"


def export(records: Iterable[ArticleRecord]) -> dict[str, str]:
    """File name → content for a brat folder."""
    chosen = list(records)
    files: dict[str, str] = {}
    tags: set[str] = set()
    for record, name in zip(chosen, file_names(r.path for r in chosen), strict=True):
        files[f"{name}.txt"] = record.text
        lines, identities = ann_lines(record)
        files[f"{name}.ann"] = "".join(line + "\n" for line in lines)
        files[f"{name}{IDS_SUFFIX}"] = json.dumps(
            {"format": IDS_FORMAT, "version": 1, "annotations": identities},
            ensure_ascii=False,
            indent=1,
        )
        tags.update(tag for a in record.annotations for tag in a.tags)
    files["annotation.conf"] = annotation_conf(tags)
    files["visual.conf"] = visual_conf(tags)
    return files


# --- reading back ---------------------------------------------------------------------


class BratError(ValueError):
    """An .ann line that is not brat standoff; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Passage:
    start: int
    end: int
    tags: tuple[str, ...]
    note: str
    identifier: str  # the passage's first T line


def read_identities(data: str) -> dict[str, dict[str, str]]:
    """The `.reader.json` of an export: T id → {id, created, modified}; {} if it
    is not one (it is optional: without it imported passages get new ids)."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, RecursionError):
        return {}
    if not isinstance(document, dict) or document.get("format") != IDS_FORMAT:
        return {}
    found = document.get("annotations")
    if not isinstance(found, dict):
        return {}
    return {
        key: {k: v for k, v in value.items() if isinstance(v, str)}
        for key, value in found.items()
        if isinstance(value, dict)
    }


def read(ann: str, text: str) -> list[Passage]:
    """The tagged and noted passages of an .ann file (entity lines are skipped:
    entities are extracted again from the text)."""
    spans: dict[str, tuple[int, int, str]] = {}
    notes: dict[str, str] = {}
    order: list[str] = []
    for number, line in enumerate(ann.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if line.startswith("T"):
            if len(fields) < 2:
                raise BratError(f"line {number}: a T line needs an id, a type and offsets")
            kind, _, offsets = fields[1].partition(" ")
            try:
                pairs = [tuple(int(v) for v in part.split()) for part in offsets.split(";")]
                start, end = pairs[0][0], pairs[-1][1]
            except (ValueError, IndexError):
                raise BratError(f"line {number}: bad offsets {offsets!r}") from None
            if not 0 <= start <= end <= len(text):
                raise BratError(
                    f"line {number}: offsets {start}-{end} outside the text ({len(text)})"
                )
            if kind in TYPES:
                continue
            spans[fields[0]] = (start, end, kind)
            order.append(fields[0])
        elif line.startswith("#") and len(fields) >= 3:
            target = fields[1].split()[-1]
            notes[target] = _unescape_note(fields[2])
    passages: dict[tuple[int, int], tuple[list[str], str, str]] = {}
    for identifier in order:
        start, end, kind = spans[identifier]
        tags, _, first = passages.setdefault((start, end), ([], "", identifier))
        if kind != NOTE_TYPE:
            tags.append(tag_of(kind))
        if identifier in notes:
            passages[(start, end)] = (tags, notes[identifier], first)
    return [
        Passage(start, end, tuple(dict.fromkeys(tags)), note, first)
        for (start, end), (tags, note, first) in passages.items()
    ]


def annotation(text: str, passage: Passage, identities: dict[str, dict[str, str]]) -> Annotation:
    """A passage of `text` (brat's copy of the article) as an annotation, with
    its original id and times when the export's `.reader.json` has them."""
    made = Annotation.new(text, passage.start, passage.end, passage.tags, passage.note)
    known = identities.get(passage.identifier, {})
    if not known.get("id"):
        return made
    return structs.replace(
        made,
        id=known["id"],
        created=known.get("created") or made.created,
        modified=known.get("modified") or made.modified,
    )
