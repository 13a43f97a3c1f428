"""Finding article files and decoding them into the exact text offsets refer to.

Files are read as bytes and decoded without newline translation, so CRLF and
lone CR stay in the text and every stored offset is a code-point index into
what is on disk, decoded. A byte-order mark is not part of the text: offsets
count from the first character after it.

Which encoding: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; else
strict UTF-8; else the legacy encodings of right-to-left text (Windows-1256,
ISO-8859-6, Windows-1255, ISO-8859-8, and Windows-1252 for Western text)
ranked by charset-normalizer, taking the first whose words read as words of
one script; else whatever charset-normalizer finds. The same bytes always
decode to the same text, so offsets are stable; the encoding is reported in
the library. Files that are not text (images, archives, NUL-filled data) are
refused with the reason, never shown as garbage.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.boilerplate import is_scraped_phrase

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
# Sidecars and other files that live beside articles but are not articles.
_NOT_ARTICLES = (".annotations.json", ".bak", ".tmp")
# Bigger than this is refused: an article is read whole into memory.
MAX_ARTICLE_BYTES = 256 * 1024 * 1024

_BOMS = (
    # UTF-32 before UTF-16: the UTF-32 LE mark begins with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
_SIGNATURES = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "program"),
    (b"RIFF", "audio or video"),
    (b"\x00\x00\x00\x18ftyp", "video"),
    (b"\x00\x00\x00\x20ftyp", "video"),
)
_UTF16_WITHOUT_BOM = (("utf-16-le", "UTF-16 LE (no BOM)"), ("utf-16-be", "UTF-16 BE (no BOM)"))
LEGACY_ENCODINGS = ("cp1256", "iso8859_6", "cp1255", "iso8859_8", "cp1252")
_ENCODING_NAMES = {
    "cp1256": "Windows-1256",
    "iso8859_6": "ISO-8859-6",
    "cp1255": "Windows-1255",
    "iso8859_8": "ISO-8859-8",
    "cp1252": "Windows-1252",
}
_WORD = re.compile(r"[^\W\d_]+")


def encoding_name(codec: str) -> str:
    """A Python codec's name as the library shows it (cp1256: Windows-1256)."""
    return {"utf-8": "UTF-8", **_ENCODING_NAMES}.get(codec, codec.upper())


class CorpusError(Exception):
    """A file or folder that cannot be read as articles; the message says
    why, and `reason` says it without the path (for a list of skipped files)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


@dataclass(frozen=True, slots=True)
class Article:
    path: Path
    text: str
    encoding: str
    size: int = 0  # bytes on disk
    # False for the beginning of a long article, read to show it at once
    # (`read_beginning`); the whole of it is read next.
    complete: bool = True
    # What the file says of itself (a web page's title, date, author, site,
    # url, language), and its format ("text", "html", "docx", "epub").
    meta: dict[str, str] = field(default_factory=dict)
    format: str = "text"
    source_sha256: str = ""  # of the file's bytes ("" for a beginning)

    @property
    def title(self) -> str:
        """The title the file states, else its first line that can be one:
        a scraped page's "Contact Us", "الرئيسية", a date or a link above the
        headline is passed over (among the first dozen lines)."""
        if self.meta.get("title"):
            return self.meta["title"]
        first = ""
        for line in self._first_lines(12):
            first = first or line
            if _could_be_title(line):
                return line
        return first or self.path.name

    def _first_lines(self, count: int) -> Iterator[str]:
        # Line by line from the top: a 10 MB article is not split to find it.
        start = 0
        while start < len(self.text) and count:
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end
            # At most a screenful of a line: it may be a 50 MB one.
            line = self.text[start : min(end, start + 2000)].strip()
            if line:
                yield line
                count -= 1
            start = end + 1


def _could_be_title(line: str) -> bool:
    plain = line.strip(" \t|·•-–—:>»«").casefold()
    if is_scraped_phrase(line) or plain.startswith(("http://", "https://")):
        return False
    return any(char.isalpha() for char in plain)


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """(text, encoding name) of a file's bytes; CorpusError if it is not text."""

    def refuse(reason: str) -> CorpusError:
        return CorpusError(f"{name}: {reason}", reason)

    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), label
            except UnicodeDecodeError as error:
                raise refuse(f"not {label} text (undecodable byte at {error.start})") from None
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise refuse(f"not text: a {kind}")
    try:
        text: str | None = data.decode("utf-8")
        failed_at = -1
    except UnicodeDecodeError as error:
        text, failed_at = None, error.start
    if text is not None and not _mostly_nul(text):
        return text, "UTF-8"
    if text is None:
        stray = _utf8_with_stray_bytes(data)
        if stray is not None:
            return stray
    # Not UTF-8, or UTF-8 full of NULs: ASCII-range UTF-16 without a BOM is
    # both (Arabic letters are 0x06xx: an ASCII byte and a control).
    found = _without_bom(data)
    if found is not None and not _mostly_nul(found[0]):
        return found
    if text is not None:
        raise refuse("not text: binary data (NUL bytes)")
    raise refuse(f"not text in any encoding tried (UTF-8 fails at byte {failed_at})")


STRAY_BYTES_MAX = 0.001  # of the bytes: more, and it is another encoding
_REPLACEMENT_UTF8 = "\ufffd".encode()


def _utf8_with_stray_bytes(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text but for a few stray bytes (a bad copy, a truncated
    download), each shown as U+FFFD: one replacement character for each
    invalid run, always the same, so offsets into the text stay stable.
    Text in another encoding fails on nearly every non-ASCII byte instead."""
    text = data.decode("utf-8", "replace")
    stray = text.count("\ufffd") - data.count(_REPLACEMENT_UTF8)
    multibyte = len(data) - len(text)  # bytes beyond one per character
    if stray <= 0 or multibyte < 20 * stray or stray > max(3, len(data) * STRAY_BYTES_MAX):
        return None
    spots = "1 undecodable byte" if stray == 1 else f"{stray} undecodable bytes"
    return text, f"UTF-8, {spots} shown as \ufffd"


def _mostly_nul(text: str) -> bool:
    """More than 1% NUL (and more than a few): data, not a text with a stray
    NUL, which is kept and shown as a placeholder."""
    sample = text[:65536]
    nuls = sample.count("\x00")
    return nuls > 4 and nuls * 100 > len(sample)


def _without_bom(data: bytes) -> tuple[str, str] | None:
    """Text that is not UTF-8 and has no byte-order mark: UTF-16 without one,
    or a legacy single-byte encoding."""
    sample = data[:65536]
    # Spaces, digits and Latin letters in UTF-16 come with a NUL byte.
    if sample.count(0) * 50 > len(sample):
        for codec, label in (
            ("utf-16-le", "UTF-16 LE (no BOM)"),
            ("utf-16-be", "UTF-16 BE (no BOM)"),
        ):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible(text[:4096]) > 0.9:
                return text, label
        return None
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    for match in from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)):
        text = str(match)
        if _plausible(text) >= 0.9:
            return text, _ENCODING_NAMES.get(match.encoding, match.encoding)
    best = from_bytes(data).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32")):
        return None
    return str(best), best.encoding


def _plausible(text: str) -> float:
    """The share of letters in words that read as words: one script, not
    starting with a combining mark, no pile of three marks. A wrong legacy
    encoding mixes scripts inside words (ISO-8859-6 read as Windows-1256
    gives Arabic letters and French accents) or stacks Hebrew points."""
    letters = good = 0
    for match in _WORD.finditer(text):
        word = match.group()
        letters += len(word)
        scripts = {_script(c) for c in word if not unicodedata.combining(c)}
        if len(scripts) <= 1 and not unicodedata.combining(word[0]) and not _piled(word):
            good += len(word)
    return good / letters if letters else 0.0


def _script(char: str) -> str:
    return unicodedata.name(char, "?").split(" ", 1)[0]


def _piled(word: str) -> bool:
    run = 0
    for char in word:
        run = run + 1 if unicodedata.combining(char) else 0
        if run >= 3:
            return True
    return False


def read_article(path: Path) -> Article:
    """Read and decode one article file (or one record of a dump, `DUMP#N`)."""

    def refuse(reason: str) -> CorpusError:
        return CorpusError(f"{path}: {reason}", reason)

    from reader.formats.dumps import split_record

    record = split_record(path)  # a name like DUMP#N: a record, unless a file has it
    if record is not None and not os.path.lexists(path):
        return _read_record(path, *record)

    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise refuse("a symbolic link to nothing") from None
        raise refuse("no such file") from None
    except OSError as error:
        raise refuse(_os_reason(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse("is a directory, expected a file")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device would block or never end.
        raise refuse("not a regular file (a pipe, socket or device)")
    if info.st_size > MAX_ARTICLE_BYTES:
        raise refuse(
            f"too large ({info.st_size / 2**20:,.0f} MB; articles up to "
            f"{MAX_ARTICLE_BYTES // 2**20} MB are opened)"
        )
    format_reader = _format_reader(path)
    if format_reader is None and _unknown_extension(path):
        raise refuse(_not_read_reason(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise refuse(_os_reason(error)) from None
    if format_reader is None:
        text, encoding = decode(data, str(path))
        return Article(path, text, encoding, info.st_size, source_sha256=_digest(data))
    from reader.formats import FormatError

    try:
        read = format_reader(data, str(path))
    except FormatError as error:
        raise refuse(str(error)) from None
    except CorpusError:
        raise
    except Exception as error:  # a third-party parser's failure on a strange file
        raise refuse(f"could not be read ({type(error).__name__}: {error})") from None
    return Article(
        path,
        read.text,
        read.encoding,
        info.st_size,
        meta=read.meta,
        format=read.format,
        source_sha256=_digest(data),
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_record(path: Path, dump: Path, number: int) -> Article:
    from reader.formats import FormatError
    from reader.formats.dumps import read_record

    try:
        read, raw = read_record(dump, number)
    except FormatError as error:
        raise CorpusError(f"{path}: {error}", str(error)) from None
    except OSError as error:
        raise CorpusError(f"{path}: {_os_reason(error)}", _os_reason(error)) from None
    return Article(
        path, read.text, read.encoding, len(raw), meta=read.meta, format=read.format,
        source_sha256=_digest(raw),
    )  # fmt: skip


_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,6}")


def _unknown_extension(path: Path) -> bool:
    """A suffix that is a file type reader does not read (".jpg", ".py");
    not the end of a name with dots in it ("Dr. Ahmed", "2025.01.03 news"),
    which is read as text."""
    suffix = path.suffix
    return bool(_EXTENSION.fullmatch(suffix)) and suffix.lower() not in TEXT_SUFFIXES


# Formats people keep articles in that reader does not read yet.
_NOT_YET = {
    ".doc": "an old Word document (.doc): save it as .docx",
    ".rtf": "a rich-text document: save it as .docx or .txt",
    ".odt": "an OpenDocument text: save it as .docx",
}


def _not_read_reason(path: Path) -> str:
    """Why a file of a suffix reader does not read is skipped: what it is."""
    suffix = path.suffix.lower()
    if suffix in _NOT_YET:
        return _NOT_YET[suffix]
    if suffix in (".jsonl", ".ndjson", ".csv"):
        return "a dump with no records in it"
    try:
        with path.open("rb") as handle:
            start = handle.read(16)
    except OSError as error:
        return _os_reason(error)
    kind = next((kind for signature, kind in _SIGNATURES if start.startswith(signature)), None)
    return f"not an article: a {kind}" if kind else f"not a format reader reads ({suffix})"


def _format_reader(path: Path):  # type: ignore[no-untyped-def]
    from reader.formats import reader_for  # the formats read text through this module

    return reader_for(path)


# Articles longer than this are shown from their beginning while the rest
# is decoded: UTF-8 decoding of 10 MB of Arabic takes ~35 ms, a third of what
# the first paint of a short article costs.
BEGINNING_BYTES = 256 * 1024


def read_beginning(path: Path, size: int | None = None) -> Article | None:
    """The first whole paragraphs of a UTF-8 article longer than ``size``
    bytes (default `BEGINNING_BYTES`), with ``complete`` False; or None: a
    shorter file, one with a byte-order mark or a binary signature, no line
    break in its first ``size`` bytes, or a beginning that is not UTF-8 text.
    None says nothing about the file: `read_article` reads it, and says what
    is wrong if anything is."""
    size = BEGINNING_BYTES if size is None else size
    if _format_reader(path) is not None:
        return None  # markup, archives: only read whole
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size <= size:
            return None
        with path.open("rb") as handle:
            data = handle.read(size)
    except OSError:
        return None
    if any(data.startswith(bom) for bom, _, _ in _BOMS) or any(
        data.startswith(signature) for signature, _ in _SIGNATURES
    ):
        return None
    # Up to the last line break: whole paragraphs, and no character cut.
    cut = data.rfind(b"\n")
    if cut < 0:
        return None
    try:
        text = data[: cut + 1].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _mostly_nul(text):
        return None
    return Article(path, text, "UTF-8", info.st_size, complete=False)


def _os_reason(error: OSError) -> str:
    if error.errno == 40:  # ELOOP
        return "a symbolic link that loops back on itself"
    if isinstance(error, PermissionError):
        return "cannot read: permission denied"
    return f"cannot read ({error.strerror or error})"


def find_articles(path: Path) -> list[Path]:
    """The files of a folder and its folders, sorted by path, or the file itself.

    Every file is listed, so that the library can say why one it cannot
    read is skipped (an image, an unknown format, no permission, a broken
    link), except what reader writes beside articles (sidecars, backups,
    temporary files) and hidden files and folders. Links to folders are
    followed once: a link back to a folder already listed is not."""
    try:
        is_folder = path.is_dir()
    except OSError as error:
        raise CorpusError(f"{path}: {_os_reason(error)}") from None
    from reader.formats.dumps import split_record

    if not is_folder:
        if not os.path.lexists(path):
            if split_record(path) is not None:
                return [path]  # one record of a dump
            raise CorpusError(f"{path}: no such file or folder")
        return _records_or_file(path)
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path, top: bool) -> None:
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                return  # a link back to a folder already listed
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            if top:
                raise CorpusError(f"{folder}: cannot list ({_os_reason(error)})") from None
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith(_NOT_ARTICLES):
                continue
            if _is_folder(entry):
                walk(Path(entry.path), False)
            else:
                found.extend(_records_or_file(Path(entry.path)))

    walk(path, True)
    return found


def _records_or_file(path: Path) -> list[Path]:
    """A dump's records (`DUMP#1`, `DUMP#2`…), or the file itself (listed
    as it is if the dump cannot be scanned: reading it says why)."""
    from reader.formats.dumps import is_dump, records_of

    if not is_dump(path):
        return [path]
    try:
        return records_of(path) or [path]
    except OSError:
        return [path]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a looping link: listed, and refused with the reason
        return False
