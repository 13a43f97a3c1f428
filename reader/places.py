"""Where the reader was: each article's reading position and bookmarks, and
the article last open in each library folder.

Kept in `places.json` in the user data folder, never beside the articles
(opening an article never writes there). Positions are code-point offsets
into the article's text, as every stored position is, so they survive a
resize or another terminal. Two readers save into one file: each save
re-reads it under a lock and changes only the articles this one touched.
A file that cannot be read is set aside (renamed, never written over) and
the reader starts afresh, saying so.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from platformdirs import user_data_path

from reader.files import locked, write_atomic

FORMAT = "reader-places"
VERSION = 1
MOST_ARTICLES = 5_000  # the least recently read are forgotten beyond this
MAX_BYTES = 8 * 1024 * 1024
BOOKMARK_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def places_path() -> Path:
    return user_data_path("reader", appauthor=False) / "places.json"


def _key(path: Path) -> str:
    # A dump's record DUMP#N has no file of its own: its name is kept as it is.
    with contextlib.suppress(OSError):
        return str(path.resolve())
    return str(path.absolute())


@dataclass
class Place:
    """One article: where the cursor was, and the bookmarks set in it."""

    offset: int = 0
    marks: dict[str, int] = field(default_factory=dict)
    seen: float = 0.0  # when last read (seconds since the epoch)

    def to_json(self) -> dict[str, Any]:
        return {"offset": self.offset, "marks": dict(sorted(self.marks.items())), "seen": self.seen}

    @classmethod
    def from_json(cls, raw: object) -> Place | None:
        if not isinstance(raw, dict):
            return None
        offset, marks, seen = raw.get("offset"), raw.get("marks", {}), raw.get("seen", 0.0)
        if not _whole(offset) or not isinstance(marks, dict) or not isinstance(seen, int | float):
            return None
        kept = {
            letter: at
            for letter, at in marks.items()
            if isinstance(letter, str) and letter in BOOKMARK_LETTERS and _whole(at)
        }
        return cls(offset, kept, float(seen))


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class Places:
    """The places file, as read at start, plus what this session changed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or places_path()
        self.articles: dict[str, Place] = {}
        self.libraries: dict[str, str] = {}  # library folder -> article last open
        self._touched: set[str] = set()
        self._touched_libraries: set[str] = set()
        self.message = ""  # what the reader should be told about the file, if anything
        self.articles, self.libraries, self.message = self._read()

    # -- reading it ----------------------------------------------------------------

    def _read(self) -> tuple[dict[str, Place], dict[str, str], str]:
        try:
            if self.path.stat().st_size > MAX_BYTES:
                raise ValueError("too large")
            document = json.loads(self.path.read_bytes().decode("utf-8"))
            if not isinstance(document, dict) or document.get("format") != FORMAT:
                raise ValueError("not a places file")
            raw_articles = document.get("articles", {})
            raw_libraries = document.get("libraries", {})
            if not isinstance(raw_articles, dict) or not isinstance(raw_libraries, dict):
                raise ValueError("not a places file")
        except FileNotFoundError:
            return {}, {}, ""
        except (OSError, ValueError, UnicodeDecodeError, RecursionError) as error:
            return {}, {}, self._set_aside(error)
        articles = {}
        for key, raw in raw_articles.items():
            place = Place.from_json(raw)
            if isinstance(key, str) and place is not None:
                articles[key] = place
        libraries = {
            folder: article
            for folder, article in raw_libraries.items()
            if isinstance(folder, str) and isinstance(article, str)
        }
        return articles, libraries, ""

    def _set_aside(self, error: BaseException) -> str:
        """A file that cannot be read is renamed, not overwritten: it may hold
        bookmarks a newer reader wrote."""
        kept = self.path.with_name(f"{self.path.name}.unreadable-{int(time.time())}")
        try:
            self.path.rename(kept)
        except OSError:
            return f"{self.path}: cannot be read ({error}); reading positions are not kept"
        return (
            f"{self.path} could not be read ({error}): kept as {kept.name}; "
            "reading positions and bookmarks start afresh"
        )

    # -- what it says ----------------------------------------------------------------

    def position(self, article: Path) -> int | None:
        place = self.articles.get(_key(article))
        return place.offset if place is not None else None

    def marks(self, article: Path) -> dict[str, int]:
        place = self.articles.get(_key(article))
        return dict(place.marks) if place is not None else {}

    def last_article(self, library: Path) -> Path | None:
        found = self.libraries.get(_key(library))
        return Path(found) if found else None

    # -- changing it -------------------------------------------------------------

    def remember(self, article: Path, offset: int, library: Path | None = None) -> None:
        """The cursor is at `offset` in `article` (open in `library`)."""
        key = _key(article)
        place = self.articles.setdefault(key, Place())
        place.offset, place.seen = max(offset, 0), time.time()
        self._touched.add(key)
        if library is not None:
            self.libraries[_key(library)] = key
            self._touched_libraries.add(_key(library))

    def set_mark(self, article: Path, letter: str, offset: int) -> None:
        if letter not in BOOKMARK_LETTERS:
            raise ValueError(f"a bookmark is a letter a–z, not {letter!r}")
        key = _key(article)
        place = self.articles.setdefault(key, Place(offset=offset))
        place.marks[letter] = max(offset, 0)
        place.seen = time.time()
        self._touched.add(key)

    @property
    def dirty(self) -> bool:
        return bool(self._touched or self._touched_libraries)

    def save(self) -> None:
        """Write what this session changed into the file as it is on disk now
        (another reader's places stay). Raises OSError if it cannot."""
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with locked(self.path):
            articles, libraries, _ = self._read() if self.path.exists() else ({}, {}, "")
            for key in self._touched:
                articles[key] = self.articles[key]
            for folder in self._touched_libraries:
                libraries[folder] = self.libraries[folder]
            if len(articles) > MOST_ARTICLES:
                newest = sorted(articles, key=lambda k: articles[k].seen, reverse=True)
                articles = {k: articles[k] for k in newest[:MOST_ARTICLES]}
            document = {
                "format": FORMAT,
                "version": VERSION,
                "articles": {k: p.to_json() for k, p in articles.items()},
                "libraries": libraries,
            }
            try:
                data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
            except UnicodeEncodeError:
                # A file name with bytes no encoding gave (a lone surrogate):
                # escaped, it reads back as the same name.
                data = json.dumps(document, ensure_ascii=True, indent=1).encode("ascii")
            write_atomic(self.path, data, keep_backup=False, durable=False)
        self.articles.update(articles)
        self.libraries.update(libraries)
        self._touched.clear()
        self._touched_libraries.clear()
