"""The user's taught list: entity corrections that apply to every article.

A reader who says "ديب سيك is a product" or "this is not an entity" once
should not have to say it again in the next article. "Teach" stores the
correction, without its span, in `taught.json` in the user data folder; the
entities of every article are then corrected with it (`corrections.py`).

The file is written as sidecars are (atomically, under a lock, previous
version kept as .bak). One that cannot be read is reported and never written
over: teaching then fails with the reason, and the file stays as it was.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import msgspec
from msgspec import structs
from platformdirs import user_data_path

from reader.annotations.model import (
    ADD,
    REJECT_MENTION,
    EntityCorrection,
    new_id,
    now,
)
from reader.files import locked, write_atomic
from reader.nlp.entities import TYPES, name_key

FORMAT = "reader-taught"
VERSION = 1
MAX_BYTES = 16 * 1024 * 1024


class TaughtError(Exception):
    """The taught list cannot be read or written; the message says why."""


def taught_path() -> Path:
    return user_data_path("reader", appauthor=False) / "taught.json"


def load(path: Path | None = None) -> tuple[EntityCorrection, ...]:
    """The taught corrections, oldest first; () when nothing was taught yet."""
    path = path or taught_path()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise TaughtError(f"{path}: too large to be a taught list")
        data = path.read_bytes()
    except FileNotFoundError:
        return ()
    except OSError as error:
        raise TaughtError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise TaughtError(f"{path}: not a valid taught list (not JSON); left as it is") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TaughtError(f"{path}: not a reader taught list; left as it is")
    if document.get("version") != VERSION:
        raise TaughtError(
            f"{path}: taught list version {document.get('version')!r}, this reader reads "
            f"{VERSION}; left as it is"
        )
    items = document.get("corrections")
    if not isinstance(items, list):
        raise TaughtError(f"{path}: no list of corrections; left as it is")
    return tuple(_correction(item, path) for item in items)


def _correction(item: Any, path: Path) -> EntityCorrection:
    try:
        correction = msgspec.convert(item, EntityCorrection)
    except msgspec.ValidationError as error:
        raise TaughtError(f"{path}: a correction is malformed ({error}); left as it is") from None
    if correction.action == REJECT_MENTION:
        raise TaughtError(f"{path}: unknown correction {correction.action!r}; left as it is")
    if correction.type and correction.type not in TYPES:
        raise TaughtError(f"{path}: unknown entity type {correction.type!r}; left as it is")
    return correction


def _save(path: Path, corrections: tuple[EntityCorrection, ...]) -> None:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "corrections": [c.to_json() for c in corrections],
    }
    data = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    write_atomic(path, data)


def teach(correction: EntityCorrection, path: Path | None = None) -> EntityCorrection:
    """Add a name correction to the taught list; returns what was stored.

    Span corrections lose their span: an added span becomes "this name is an
    entity of this type", found wherever it occurs. What was taught before
    about the same name and action is replaced.
    """
    if correction.action == REJECT_MENTION:
        raise TaughtError("a single mention cannot be taught; reject the entity instead")
    path = path or taught_path()
    stored = structs.replace(correction, id=new_id(), start=-1, end=-1, quote="", created=now())
    if correction.action == ADD and correction.quote:
        stored = structs.replace(stored, name=" ".join(correction.quote.split()))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path):
            existing = load(path)
            key = name_key(stored.name)
            kept = tuple(
                c for c in existing if not (c.action == stored.action and name_key(c.name) == key)
            )
            _save(path, (*kept, stored))
    except OSError as error:
        raise TaughtError(f"{path}: cannot write ({error.strerror or error})") from None
    return stored


def forget(name: str, path: Path | None = None) -> int:
    """Remove everything taught about `name` (any spelling); how many were removed."""
    path = path or taught_path()
    key = name_key(name)
    try:
        with locked(path) if path.parent.exists() else contextlib.nullcontext():
            existing = load(path)
            kept = tuple(
                c for c in existing if name_key(c.name) != key and name_key(c.target) != key
            )
            if len(kept) != len(existing):
                _save(path, kept)
    except OSError as error:
        raise TaughtError(f"{path}: cannot write ({error.strerror or error})") from None
    return len(existing) - len(kept)
