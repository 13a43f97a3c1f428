"""Finding article files and decoding them into the exact text offsets refer to.

Files are read as bytes and decoded without newline translation, so CRLF and
lone CR stay in the text and every stored offset is a code-point index into
what is on disk, decoded. A UTF-8 or UTF-16 byte-order mark is not part of the
text: offsets count from the first character after it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".text"})
# Sidecars and other files that live beside articles but are not articles.
_NOT_ARTICLES = (".annotations.json", ".bak")


class CorpusError(Exception):
    """A file or folder that cannot be read as articles; the message says why."""


@dataclass(frozen=True, slots=True)
class Article:
    path: Path
    text: str
    encoding: str

    @property
    def title(self) -> str:
        """The first non-empty line."""
        # Line by line from the top: a 10 MB article is not split to find it.
        start = 0
        while start < len(self.text):
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end
            line = self.text[start:end].strip()
            if line:
                return line
            start = end + 1
        return self.path.name


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """(text, encoding name) of a file's bytes; CorpusError if it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise CorpusError(
            f"{name}: not {encoding.upper()} text (undecodable byte at offset {error.start})"
        ) from None
    if encoding == "utf-8" and "\x00" in text:
        raise CorpusError(f"{name}: binary file (contains NUL bytes)")
    return text, encoding


def read_article(path: Path) -> Article:
    """Read and decode one article file."""
    if not path.exists():
        raise CorpusError(f"{path}: no such file")
    if path.is_dir():
        raise CorpusError(f"{path}: is a directory, expected a file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: cannot read ({error.strerror or error})") from None
    text, encoding = decode(data, str(path))
    return Article(path, text, encoding)


def find_articles(path: Path) -> list[Path]:
    """The article files of a folder (sorted by name), or the file itself."""
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if not path.is_dir():
        return [path]
    try:
        entries = sorted(path.iterdir())
    except OSError as error:
        raise CorpusError(f"{path}: cannot list ({error.strerror or error})") from None
    return [
        entry
        for entry in entries
        if entry.is_file()
        and entry.suffix.lower() in ARTICLE_SUFFIXES
        and not entry.name.endswith(_NOT_ARTICLES)
    ]
