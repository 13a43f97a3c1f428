"""The sidecar file: reading it without trusting it, writing it without losing it.

`ARTICLE.annotations.json` sits next to ARTICLE. It is written atomically by
`reader.files.write_atomic` (temp file, fsync, the previous version kept as
`.bak`, rename): at every moment the sidecar on disk is a whole file.

Reading refuses, with a message that says why, anything that is not a whole
version-1 reader sidecar; the caller then leaves that file byte-for-byte alone.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from reader.annotations.model import (
    CORRECTION_ACTIONS,
    STATUSES,
    Annotation,
    AnnotationSet,
    EntityCorrection,
    now,
)

FORMAT = "reader-annotations"
VERSION = 1
SUFFIX = ".annotations.json"
SCHEMA_FILE = "schema/annotations-v1.schema.json"
# A sidecar bigger than this is refused rather than read into memory.
MAX_BYTES = 64 * 1024 * 1024


class SidecarError(Exception):
    """A sidecar that must not be used or written over; the message says why."""

    def __init__(self, path: Path, kind: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.kind = kind  # "corrupt", "newer", "foreign", "unreadable"
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ArticleStamp:
    """Which text a sidecar's offsets refer to."""

    name: str
    sha256: str
    length: int

    @classmethod
    def of(cls, name: str, text: str) -> ArticleStamp:
        return cls(name, text_digest(text), len(text))


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sidecar_path(article: Path) -> Path:
    return article.with_name(article.name + SUFFIX)


def schema() -> dict[str, Any]:
    text = resources.files("reader.annotations").joinpath(SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


# --- reading -------------------------------------------------------------------


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None if there is no file; SidecarError if unreadable."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            # A FIFO or a device would block the read forever.
            raise SidecarError(path, "unreadable", "not a regular file")
        if info.st_size > MAX_BYTES:
            raise SidecarError(path, "unreadable", f"too large ({info.st_size:,} bytes)")
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise SidecarError(path, "unreadable", "is a directory") from None
    except OSError as error:
        raise SidecarError(path, "unreadable", f"cannot read ({error.strerror or error})") from None


def parse(data: bytes, path: Path) -> tuple[AnnotationSet, ArticleStamp]:
    """The annotations in a sidecar's bytes; SidecarError if they are not a
    whole sidecar of this version with the schema's fields and types."""
    document, built = _decoded(data, path)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SidecarError(path, "foreign", "not a reader annotations file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SidecarError(path, "corrupt", "no schema version")
    if version > VERSION:
        raise SidecarError(
            path,
            "newer",
            f"written by a newer reader (schema version {version}; this one reads {VERSION})",
        )
    if version != VERSION:
        raise SidecarError(path, "corrupt", f"unknown schema version {version}")
    try:
        stamp = _stamp(document["article"])
        if built is None:
            built = [_checked_annotation(item) for item in _list(document, "annotations")]
        annotations = built
        corrections = [_correction(item) for item in _list(document, "entity_corrections")]
    except (KeyError, TypeError, ValueError) as error:
        raise SidecarError(path, "corrupt", f"does not match the schema ({error})") from None
    ids = [a.id for a in annotations]
    if len(set(ids)) != len(ids):
        raise SidecarError(path, "corrupt", "two annotations share an id")
    known = {"format", "version", "article", "saved", "annotations", "entity_corrections"}
    extra = {k: v for k, v in document.items() if k not in known}
    state = AnnotationSet(corrections=tuple(corrections), extra=extra).with_annotations(annotations)
    return state, stamp


def _decoded(data: bytes, path: Path) -> tuple[Any, list[Annotation] | None]:
    """A sidecar's JSON, and its annotations if msgspec could build them all.

    msgspec decodes several times faster than the standard library, and
    builds the annotations straight from their JSON, checking each against
    the schema as it goes (10,000: ~45 ms, against ~170 with the json module
    and a check in Python). Whatever it refuses, a bad annotation among them,
    is read again the slow way, which says what is wrong; so is anything it
    cannot decode (bad UTF-8 or JSON, but also NaN or a lone surrogate
    escape, which the standard library reads)."""
    try:
        top = _TOP_LEVEL.decode(data)
        document = {key: _ANY.decode(raw) for key, raw in top.items() if key != "annotations"}
    except (msgspec.MsgspecError, ValueError, RecursionError):
        return _standard_decoded(data, path), None
    raw_annotations = top.get("annotations")
    if raw_annotations is None:
        return document, []
    built = _built_annotations(raw_annotations)
    if built is None:
        try:
            document["annotations"] = _ANY.decode(raw_annotations)
        except (msgspec.MsgspecError, ValueError, RecursionError):
            return _standard_decoded(data, path), None
    return document, built


class _WireAnnotation(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """An annotation as the schema has it: every field, of its type, offsets
    not negative, an id, a known status (and, checked after, start <= end).
    Untracked by the cycle collector (``gc=False``: it holds only strings and
    numbers, and lives until converted), which makes 10,000 of them quicker."""

    id: Annotated[str, msgspec.Meta(min_length=1)]
    start: Annotated[int, msgspec.Meta(ge=0)]
    end: Annotated[int, msgspec.Meta(ge=0)]
    quote: str
    prefix: str
    suffix: str
    tags: tuple[str, ...]
    note: str
    created: str
    modified: str
    status: Literal["anchored", "moved", "orphaned"]


_TOP_LEVEL = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ANY = msgspec.json.Decoder()
_WIRE_ANNOTATIONS = msgspec.json.Decoder(list[_WireAnnotation])


def _built_annotations(raw: bytes) -> list[Annotation] | None:
    """The annotations in a sidecar's "annotations" JSON, or None if any of
    them does not match the schema (or it is not a list)."""
    try:
        wire = _WIRE_ANNOTATIONS.decode(raw)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        return None
    if not all(a.start <= a.end for a in wire):
        return None
    return msgspec.convert(wire, list[Annotation], from_attributes=True)


def _standard_decoded(data: bytes, path: Path) -> Any:
    """A sidecar's JSON by the json module, or SidecarError saying what is wrong."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise SidecarError(path, "corrupt", f"not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise SidecarError(
            path,
            "corrupt",
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
        ) from None
    except RecursionError:
        raise SidecarError(path, "corrupt", "nested too deeply") from None
    except ValueError as error:  # a number past Python's digit limit
        raise SidecarError(path, "corrupt", f"not valid JSON ({error})") from None


def _list(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise TypeError(f"{key} is not a list")
    return value


def _check(value: Any, kind: type | tuple[type, ...], name: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{name} has the wrong type")
    return value


def _stamp(data: Any) -> ArticleStamp:
    _check(data, dict, "article")
    return ArticleStamp(
        _check(data["name"], str, "article.name"),
        _check(data["sha256"], str, "article.sha256"),
        _check(data["length"], int, "article.length"),
    )


_TEXT_FIELDS = ("id", "quote", "prefix", "suffix", "note", "created", "modified", "status")


def _checked_annotation(data: Any) -> Annotation:
    """An annotation from its decoded JSON, field by field (for a sidecar
    that `_built_annotations` refused), saying what is wrong if anything is."""
    _check(data, dict, "annotation")
    for name in _TEXT_FIELDS:
        _check(data[name], str, f"annotation.{name}")
    for name in ("start", "end"):
        if _check(data[name], int, f"annotation.{name}") < 0:
            raise ValueError(f"annotation.{name} is negative")
    if data["start"] > data["end"]:
        raise ValueError("an annotation ends before it starts")
    if not data["id"]:
        raise ValueError("an annotation has an empty id")
    if data["status"] not in STATUSES:
        raise ValueError(f"unknown status {data['status']!r}")
    tags = _check(data["tags"], list, "annotation.tags")
    for tag in tags:
        _check(tag, str, "annotation tag")
    unknown = set(data) - set(Annotation.__slots__)
    if unknown:
        raise ValueError(f"unknown annotation field {sorted(unknown)[0]!r}")
    return Annotation.from_json(data)


def _correction(data: Any) -> EntityCorrection:
    _check(data, dict, "entity correction")
    for name in ("id", "action", "name", "created"):
        _check(data[name], str, f"entity correction {name}")
    if data["action"] not in CORRECTION_ACTIONS:
        raise ValueError(f"unknown correction {data['action']!r}")
    for name in ("start", "end"):
        if name in data and _check(data[name], int, name) < 0:
            raise ValueError(f"entity correction {name} is negative")
    return EntityCorrection.from_json(data)


# --- writing -------------------------------------------------------------------


# Each annotation's JSON line, by the annotation object it was made from
# (annotations are immutable: an unchanged one is the same object in the next
# state). Saving after one change re-encodes one line, not ten thousand.
EncodedRows = dict[int, tuple[Annotation, bytes]]


def serialise(state: AnnotationSet, stamp: ArticleStamp, rows: EncodedRows | None = None) -> bytes:
    """The sidecar's bytes; `rows`, if given, is a cache of encoded annotations
    that this call reads and brings up to date."""
    document: dict[str, Any] = dict(state.extra)
    document.update(
        {
            "format": FORMAT,
            "version": VERSION,
            "article": {"name": stamp.name, "sha256": stamp.sha256, "length": stamp.length},
            "saved": now(),
            "annotations": _Encoded(_encoded_rows(state.annotations, rows)),
            "entity_corrections": [c.to_json() for c in state.corrections],
        }
    )
    return _one_item_per_line(document)


class _Encoded(list[bytes]):
    """List items already encoded as UTF-8 JSON and indented, written by
    `_one_item_per_line` as they are."""


def _encoded_rows(annotations: Sequence[Annotation], cache: EncodedRows | None) -> list[bytes]:
    if cache is None:
        return [_row(a.to_json()) for a in annotations]
    fresh: EncodedRows = {}
    encoded = []
    for annotation in annotations:
        known = cache.get(id(annotation))
        row = known[1] if known is not None and known[0] is annotation else None
        if row is None:
            row = _row(annotation.to_json())
        fresh[id(annotation)] = (annotation, row)
        encoded.append(row)
    # Only the current annotations stay: holding them keeps their ids unique.
    cache.clear()
    cache.update(fresh)
    return encoded


# One encoder for every item: json.dumps with options builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _row(item: Any) -> bytes:
    return b"  " + _ENCODE(item).encode("utf-8")


def _one_item_per_line(document: dict[str, Any]) -> bytes:
    """The document as indented JSON whose list items (annotations,
    corrections) each take one line: readable, one line of diff per changed
    annotation, and written by the json module's C encoder, which `indent`
    turns off: 10,000 annotations save in a tenth of the time. Built as bytes
    from rows kept encoded, so that a save copies the 4 MB of a big sidecar
    twice, not five times."""
    lines = [b"{"]
    items = list(document.items())
    for number, (key, value) in enumerate(items):
        comma = b"," if number < len(items) - 1 else b""
        name = _ENCODE(key).encode("utf-8")
        if isinstance(value, list) and value:
            lines.append(b" " + name + b": [")
            rows = value if isinstance(value, _Encoded) else [_row(item) for item in value]
            lines.append(b",\n".join(rows))
            lines.append(b" ]" + comma)
        else:
            lines.append(b" " + name + b": " + _ENCODE(value).encode("utf-8") + comma)
    lines.append(b"}\n")
    return b"\n".join(lines)
