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
import re
import stat
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from reader.annotations.model import (
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


class ArticleStamp(msgspec.Struct, frozen=True, forbid_unknown_fields=True, gc=False):
    """The article text the offsets were written against."""

    name: Annotated[str, msgspec.Meta(description="The article's file name.")]
    sha256: Annotated[
        str, msgspec.Meta(description="SHA-256 of the decoded text, encoded as UTF-8 (hex).")
    ]
    length: Annotated[int, msgspec.Meta(ge=0, description="The text's length in code points.")]

    @classmethod
    def of(cls, name: str, text: str) -> ArticleStamp:
        return cls(name, text_digest(text), len(text))


class SourceStamp(msgspec.Struct, frozen=True, gc=False):
    """The file the text was read from, and what read it: a newer reader
    may extract another text from the same file (the annotations then
    re-anchor to it)."""

    format: Annotated[str, msgspec.Meta(description="text, html, docx, epub or pdf.")]
    reader: Annotated[str, msgspec.Meta(description="The version of reader that read it.")]
    sha256: Annotated[str, msgspec.Meta(description="SHA-256 of the file's bytes (hex).")]

    @classmethod
    def of(cls, format: str, digest: str) -> SourceStamp | None:
        """The stamp of a file read by this reader; None if its digest is unknown."""
        from reader import __version__

        return cls(format, __version__, digest) if digest else None


class SidecarFile(msgspec.Struct, kw_only=True):
    """ARTICLE.annotations.json, written next to ARTICLE by reader. Offsets are
    code-point offsets into the article's text as reader produced it; end is
    exclusive. Fields this version does not know are kept when it saves."""

    format: Annotated[
        Literal["reader-annotations"], msgspec.Meta(description="Marks the file as reader's.")
    ]
    version: Annotated[
        Literal[1],
        msgspec.Meta(
            description="Schema version; a reader that knows an older one leaves the file alone."
        ),
    ]
    article: ArticleStamp
    source: SourceStamp | None = None
    saved: Annotated[
        str, msgspec.Meta(description="When the file was written (UTC, ISO 8601).")
    ] = ""
    annotations: list[Annotation] = []
    entity_corrections: list[EntityCorrection] = []


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sidecar_path(article: Path) -> Path:
    """`ARTICLE.annotations.json` beside the article; a dump's record `DUMP#N`
    has `DUMP.annotations/N.annotations.json`: a file per record, so that
    two readers of one dump (or a team's git merges) never touch the same
    file unless they annotate the same record."""
    from reader.formats.dumps import split_record

    record = split_record(article)
    if record is not None and not article.exists():
        dump, number = record
        return dump.with_name(dump.name + ".annotations") / f"{number}{SUFFIX}"
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
    whole sidecar of this version that matches `SidecarFile`.

    msgspec decodes each part straight into its type, checking it as it
    goes (10,000 annotations in ~25 ms). What it cannot decode (bad UTF-8 or
    JSON, but also NaN or a lone surrogate escape, which the standard library
    reads) is read by the json module, which says what is wrong, and then
    checked against the same types."""
    try:
        return _typed(_PARTS.decode(data), path, _from_raw)
    except (msgspec.DecodeError, ValueError, RecursionError):
        pass
    return _typed(_standard_decoded(data, path), path, _from_python)


_PARTS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_FIELDS = {field.name: field for field in msgspec.structs.fields(SidecarFile)}
_DECODERS = {name: msgspec.json.Decoder(field.type) for name, field in _FIELDS.items()}
_ANY = msgspec.json.Decoder()


def _from_raw(raw: msgspec.Raw, name: str) -> Any:
    """Top-level field `name` of a sidecar, from its JSON, as its type."""
    return _DECODERS.get(name, _ANY).decode(raw)


def _from_python(value: Any, name: str) -> Any:
    """The same, from what the json module made of it."""
    field = _FIELDS.get(name)
    return value if field is None else msgspec.convert(value, field.type)


def _typed(
    parts: Any, path: Path, typed: Callable[[Any, str], Any]
) -> tuple[AnnotationSet, ArticleStamp]:
    """The sidecar whose top-level fields are `parts`, each made its type by `typed`."""
    if not isinstance(parts, dict):
        raise SidecarError(path, "foreign", "not a reader annotations file")
    # Fields of a newer reader (kept, and written back): decoded first, so
    # that JSON Python cannot hold is found wherever it is.
    extra = {name: typed(part, name) for name, part in parts.items() if name not in _FIELDS}
    if "format" not in parts:
        raise SidecarError(path, "foreign", "not a reader annotations file")
    if typed(parts["format"], "") != FORMAT:
        raise SidecarError(path, "foreign", "not a reader annotations file")
    version = typed(parts["version"], "") if "version" in parts else None
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
    values: dict[str, Any] = {}
    for name, part in parts.items():
        if name not in _FIELDS:
            continue
        try:
            values[name] = typed(part, name)
        except msgspec.ValidationError as error:
            reason = f"does not match the schema ({_where(error, name)})"
            raise SidecarError(path, "corrupt", reason) from None
    missing = [name for name, field in _FIELDS.items() if field.required and name not in values]
    if missing:
        raise SidecarError(path, "corrupt", f"does not match the schema (no {missing[0]})")
    annotations: list[Annotation] = values.pop("annotations", [])
    if any(a.start > a.end for a in annotations):
        reason = "does not match the schema (an annotation ends before it starts)"
        raise SidecarError(path, "corrupt", reason)
    if len({a.id for a in annotations}) != len(annotations):
        raise SidecarError(path, "corrupt", "two annotations share an id")
    corrections = tuple(values.pop("entity_corrections", ()))
    stamp: ArticleStamp = values["article"]
    if values.get("source") is not None:
        extra["source"] = msgspec.to_builtins(values["source"])  # kept as read
    state = AnnotationSet(corrections=corrections, extra=extra).with_annotations(annotations)
    return state, stamp


# msgspec's names for JSON's kinds, as a message says them.
_KINDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "null",
    "array": "a list",
    "object": "an object",
}


def _where(error: msgspec.ValidationError, name: str) -> str:
    """msgspec's "Expected `int`, got `str` - at `$[3].end`" in a reader's
    words: "annotations[3].end has the wrong type (text, not a whole number)"."""
    message, _, at = str(error).partition(" - at `$")
    where = name + at.rstrip("`")
    wrong = re.fullmatch(r"Expected `(\w+)`(?: \| \w+)*, got `(\w+)`", message)
    if wrong:
        expected, got = (_KINDS.get(kind, kind) for kind in wrong.groups())
        return f"{where} has the wrong type ({got}, not {expected})"
    if re.fullmatch(r"Expected `int` >= \d+", message):
        return f"{where} is negative"
    return f"{where}: {message[:1].lower()}{message[1:]}"


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


# --- writing -------------------------------------------------------------------


# Each annotation's JSON line, by the annotation object it was made from
# (annotations are immutable: an unchanged one is the same object in the next
# state). Saving after one change re-encodes one line, not ten thousand.
EncodedRows = dict[int, tuple[Annotation, bytes]]


def serialise(
    state: AnnotationSet,
    stamp: ArticleStamp,
    rows: EncodedRows | None = None,
    source: SourceStamp | None = None,
) -> bytes:
    """The sidecar's bytes; `rows`, if given, is a cache of encoded annotations
    that this call reads and brings up to date; `source`, if given, replaces
    the source stamp the sidecar was read with."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "article": {"name": stamp.name, "sha256": stamp.sha256, "length": stamp.length},
    }
    if source is not None:
        document["source"] = msgspec.to_builtins(source)
    document.update(
        {
            "saved": now(),
            "annotations": _Encoded(_encoded_rows(state.annotations, rows)),
            "entity_corrections": [c.to_json() for c in state.corrections],
        }
    )
    # Fields of a newer reader, and the source as read when there is no new one.
    for key, value in state.extra.items():
        document.setdefault(key, value)
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
