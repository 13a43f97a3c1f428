"""Dumps of articles: JSON lines (.jsonl, .ndjson) and CSV tables, a record each.

A record is an article of its own, addressed as `DUMP#N` (N counts the
dump's records from 1; a CSV's header is not one): `reader text
dump.jsonl#12`, a row in the library, a sidecar of its own. Its text, title,
URL and date come from the fields of their usual names (the first found).

A dump is never read whole to be listed: the byte offsets of its records are
found once by a scan for line breaks (in C, through mmap: a 1 GB dump in
about a second) and kept while the file is unchanged; a record is then read
with one seek. A CSV record may span lines (a quoted field with line breaks
in it): a line break inside quotes does not end one.
"""

from __future__ import annotations

import csv
import io
import json
import mmap
import re
from pathlib import Path
from typing import Any

from reader.formats.common import FormatError, Read, paragraphs_text

DUMP_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv"})
TEXT_FIELDS = ("text", "content", "body", "article_body", "articleBody", "article", "maintext")
TITLE_FIELDS = ("title", "headline", "name")
URL_FIELDS = ("url", "link", "source_url", "uri")
DATE_FIELDS = ("date", "published", "date_published", "published_at", "datePublished", "pubDate")
AUTHOR_FIELDS = ("author", "authors", "byline")
# Names the user's config puts first (see `use_fields`); None: not read yet.
_CONFIGURED: dict[str, tuple[str, ...]] | None = None
_RECORD = re.compile(r"^(?P<file>.+\.(?:jsonl|ndjson|csv))#(?P<number>[1-9][0-9]*)$", re.I)
# A few recently listed dumps, by (path, size, modification time): their
# records' byte spans, and a table's column names.
_OFFSETS: dict[tuple[str, int, int], tuple[list[tuple[int, int]], list[str]]] = {}
_KEPT_DUMPS = 8


def is_dump(path: Path) -> bool:
    return path.suffix.lower() in DUMP_SUFFIXES


def split_record(path: Path) -> tuple[Path, int] | None:
    """(the dump, the record's number) of a record's path, None for a file's."""
    found = _RECORD.match(path.name)
    if found is None:
        return None
    return path.with_name(found["file"]), int(found["number"])


def record_path(dump: Path, number: int) -> Path:
    return dump.with_name(f"{dump.name}#{number}")


def records_of(dump: Path) -> list[Path]:
    """The paths of a dump's records, in order (an empty dump has none)."""
    return [record_path(dump, number) for number in range(1, len(record_spans(dump)) + 1)]


def record_spans(dump: Path) -> list[tuple[int, int]]:
    """The byte spans of a dump's records (a CSV's header not among them)."""
    return _scanned(dump)[0]


def _scanned(dump: Path) -> tuple[list[tuple[int, int]], list[str]]:
    info = dump.stat()
    key = (str(dump.resolve()), info.st_size, info.st_mtime_ns)
    found = _OFFSETS.get(key)
    if found is None:
        table = dump.suffix.lower() == ".csv"
        spans = _scan(dump, table)
        # A table's first record is its header, not an article.
        found = (spans[1:], _column_names(dump, spans[0])) if table and spans else (spans, [])
        if len(_OFFSETS) >= _KEPT_DUMPS:
            _OFFSETS.pop(next(iter(_OFFSETS)))
        _OFFSETS[key] = found
    return found


def _scan(dump: Path, quoted_lines: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    with dump.open("rb") as handle:
        if handle.seek(0, 2) == 0:
            return spans
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start = 3 if data[:3] == b"\xef\xbb\xbf" else 0
            at, end, quotes = start, len(data), 0
            while at < end:
                line_end = data.find(b"\n", at)
                line_end = end if line_end < 0 else line_end + 1
                if quoted_lines:
                    quotes += data[at:line_end].count(b'"')
                    if quotes % 2:  # inside a quoted field: the record goes on
                        at = line_end
                        continue
                    quotes = 0
                if data[start:line_end].strip():
                    spans.append((start, line_end))
                start = at = line_end
    return spans


def read_record(dump: Path, number: int) -> tuple[Read, bytes]:
    """A record's article and its bytes in the dump; FormatError if there is
    no such record or it holds no text."""
    spans = record_spans(dump)
    if not 1 <= number <= len(spans):
        raise FormatError(f"no record {number} (the dump has {len(spans):,})")
    start, end = spans[number - 1]
    with dump.open("rb") as handle:
        handle.seek(start)
        raw = handle.read(end - start)
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        # An old export (a CSV saved by Excel in Windows-1256): the record's
        # bytes are decoded the way any article's are.
        from reader.corpus import CorpusError, decode

        try:
            line, _ = decode(raw, f"record {number}")
        except CorpusError as error:
            raise FormatError(f"record {number}: {error.reason}") from None
    if dump.suffix.lower() == ".csv":
        names = _scanned(dump)[1]
        fields = dict(zip(names, next(csv.reader(io.StringIO(line)), []), strict=False))
    else:
        try:
            fields = json.loads(line)
        except ValueError as error:
            raise FormatError(f"record {number} is not JSON ({error})") from None
        if not isinstance(fields, dict):
            raise FormatError(f"record {number} is not a JSON object")
    return record_article(fields, number), raw


def _column_names(dump: Path, span: tuple[int, int]) -> list[str]:
    with dump.open("rb") as handle:
        handle.seek(span[0])
        header = handle.read(span[1] - span[0])
    try:
        first = header.decode("utf-8")
    except UnicodeDecodeError:
        from reader.corpus import CorpusError, decode

        try:
            first, _ = decode(header, str(dump))
        except CorpusError:
            first = header.decode("utf-8", "replace")
    return next(csv.reader(io.StringIO(first)), [])


def use_fields(configured: dict[str, tuple[str, ...]]) -> None:
    """Try these field names first (by role: text, title, url, date, author)."""
    global _CONFIGURED
    _CONFIGURED = dict(configured)


def _names(role: str, usual: tuple[str, ...]) -> tuple[str, ...]:
    global _CONFIGURED
    if _CONFIGURED is None:  # the user's config, read once (`--config` calls use_fields)
        from reader.config import ConfigError, load_config

        try:
            _CONFIGURED = dict(load_config().dump_fields)
        except ConfigError:
            _CONFIGURED = {}  # the config's own error is told where it is loaded
    return (*_CONFIGURED.get(role, ()), *usual)


def record_article(fields: dict[str, Any], number: int) -> Read:
    text_fields = _names("text", TEXT_FIELDS)
    text = _field(fields, text_fields)
    if not text.strip():
        names = ", ".join(text_fields)
        raise FormatError(f"record {number} has no text (looked for {names})")
    title = _field(fields, _names("title", TITLE_FIELDS))
    blocks = [title] if title else []
    blocks += [part for part in re.split(r"\n\s*\n|\n", text) if part.strip()]
    if title and len(blocks) > 1 and " ".join(blocks[1].split()) == " ".join(title.split()):
        blocks.pop(1)  # the text repeats its title
    meta = {
        "title": " ".join(title.split()),
        "url": _field(fields, _names("url", URL_FIELDS)),
        "date": _field(fields, _names("date", DATE_FIELDS)),
        "author": _field(fields, _names("author", AUTHOR_FIELDS)),
        "record": str(number),
    }
    return Read(paragraphs_text(blocks), "UTF-8", {k: v for k, v in meta.items() if v}, "record")


def _field(fields: dict[str, Any], names: tuple[str, ...]) -> str:
    for name in names:
        value = fields.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if isinstance(v, str | int | float))
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value):
            return str(value)
    return ""
