"""An archive's index: one SQLite database per library root, in the user
cache folder, that lists every article, its entities and tags, and finds the
articles a query can be in without reading them.

The index is derived data. Sidecars stay the truth and the articles the
source: deleting the database loses nothing but the time to build it again.
It is kept in WAL mode, each article written in its own transaction, so a
run killed at any point leaves a consistent database that the next run
continues (what was written is up to date and is not read again), and
readers (the TUI, `reader search`) read while a batch writes.

What an article is indexed by:
- `articles`: path, format, size, modification time, the digests of its
  bytes and of its text, title, metadata, encoding, why it was skipped, the
  key of the extractor that found its entities, and the sidecar's time;
- `mentions`: its entity mentions as the reader's corrections leave them
  (type, canonical name, the name's folded key, span, confidence);
- `tags`: how many of its annotations carry each tag;
- `words`: an FTS5 table of the distinct words of its text in the search's
  own folding (`normalise`: hamza forms, ta marbuta, alef maqsura, harakat,
  tatweel, digits, case), each word also without its proclitics (والصين
  gives الصين; للصين gives الصين too). A whole-word query asks it which
  articles hold every word of the query (in any of its spellings); the hits
  themselves are then found by `reader.nlp.search.find` in those articles'
  real text, so offsets stay exact and the results are the scan's.

Reading an article and finding its entities is the slow part; it is done by
`index_records`, a plain function of paths, so that local worker processes
or a Dask cluster can run it; only the caller writes the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from reader.annotations.corrections import corrected_entities
from reader.annotations.model import EntityCorrection
from reader.annotations.sidecar import sidecar_path, text_digest
from reader.annotations.store import saved_state
from reader.corpus import Article, CorpusError, find_articles, read_article
from reader.nlp.entities import Mention, canonical_mentions, name_key
from reader.nlp.normalise import normalise, proclitic_splits
from reader.nlp.search import QueryError, spellings

SCHEMA_VERSION = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,
    format TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sidecar_mtime_ns INTEGER NOT NULL,
    source_sha256 TEXT NOT NULL DEFAULT '',
    text_sha256 TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    meta TEXT NOT NULL DEFAULT '{}',
    encoding TEXT NOT NULL DEFAULT '',
    skipped TEXT NOT NULL DEFAULT '',
    extractor TEXT NOT NULL DEFAULT '',
    chars INTEGER NOT NULL DEFAULT 0,
    annotations INTEGER NOT NULL DEFAULT 0,
    notes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mentions (
    article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    type TEXT NOT NULL,
    canonical TEXT NOT NULL,
    key TEXT NOT NULL,
    written_key TEXT NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_by_article ON mentions(article);
CREATE INDEX IF NOT EXISTS mentions_by_key ON mentions(key);
CREATE INDEX IF NOT EXISTS mentions_by_written_key ON mentions(written_key);
CREATE TABLE IF NOT EXISTS totals (
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (type, key)
);
CREATE INDEX IF NOT EXISTS totals_by_mentions ON totals(mentions DESC);
CREATE TABLE IF NOT EXISTS tags (
    article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tags_by_article ON tags(article);
CREATE VIRTUAL TABLE IF NOT EXISTS words
    USING fts5(body, content = '', detail = none, columnsize = 0,
               tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS bodies (article INTEGER PRIMARY KEY, body BLOB NOT NULL);
"""


def index_folder() -> Path:
    return user_cache_path("reader", appauthor=False) / "index"


def database_path(root: Path) -> Path:
    """The index database of the library at `root` (one per root)."""
    resolved = str(root.expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return index_folder() / f"{root.resolve().name or 'root'}-{digest}.sqlite3"


# -- what a worker finds out about one article ------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    """One article as the index keeps it; what `index_records` returns."""

    path: str
    size: int
    mtime_ns: int
    sidecar_mtime_ns: int
    format: str = ""
    source_sha256: str = ""
    text_sha256: str = ""
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    encoding: str = ""
    skipped: str = ""
    extractor: str = ""
    chars: int = 0
    annotations: int = 0
    notes: int = 0
    # (start, end, type, canonical, text as written, confidence), as corrected
    mentions: tuple[tuple[int, int, str, str, str, float], ...] = ()
    tags: tuple[tuple[str, int], ...] = ()
    words: str = ""


@dataclass(frozen=True, slots=True)
class FileState:
    """What tells whether an article changed since it was indexed."""

    size: int
    mtime_ns: int
    sidecar_mtime_ns: int


def file_state(path: Path) -> FileState | None:
    """The article's size and time (a dump's record: the dump's) and its
    sidecar's time (0 if none); None if the file cannot be looked at."""
    from reader.formats.dumps import split_record

    record = split_record(path)
    source = record[0] if record is not None and not path.exists() else path
    try:
        info = source.stat()
    except OSError:
        return None
    try:
        sidecar = sidecar_path(path).stat().st_mtime_ns
    except OSError:
        sidecar = 0
    return FileState(info.st_size, info.st_mtime_ns, sidecar)


def extractor_key() -> str:
    """Which extractor and model found an index's entities: an index built by
    another is brought up to date as if every article had changed."""
    from reader.library import EntityCache

    return EntityCache().folder.name


def index_key() -> str:
    """What an article's indexed entities depend on beyond the article: the
    extractor and model (`extractor_key`), and what was taught in the reader,
    which corrects every article — a change to either re-reads them all."""
    taught = hashlib.sha256(repr(_taught()).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{extractor_key()}-{taught}"


def index_records(
    paths: Sequence[str],
    taught: Sequence[EntityCorrection] = (),
    use_cache: bool = True,
    extractor: str = "",
) -> list[Record]:
    """Read some articles and find all the index keeps of each: a plain
    function of its arguments, for a worker process or a Dask worker (a few
    articles a call: the entity model scores them together, which for short
    articles nearly halves its time). `use_cache`: this machine's entity
    cache (a cluster's workers may not share it)."""
    from reader.library import EntityCache
    from reader.nlp.entities import extract_many

    cache = _entity_cache(EntityCache) if use_cache else None
    read: list[tuple[tuple[str, int, int, int], Article | str]] = []
    for path in paths:
        state = file_state(Path(path)) or FileState(0, 0, 0)
        where = (path, state.size, state.mtime_ns, state.sidecar_mtime_ns)
        try:
            read.append((where, read_article(Path(path))))
        except CorpusError as error:
            read.append((where, error.reason))
        except Exception as error:  # a reader's bug: the article is listed, not lost
            read.append((where, f"could not be read ({error})"))
    found: dict[int, list[Mention]] = {}
    missing: list[int] = []
    for at, (_, article) in enumerate(read):
        if isinstance(article, str):
            continue
        cached = cache.get(article.text) if cache is not None else None
        if cached is None:
            missing.append(at)
        else:
            found[at] = cached
    texts = [_text_of(read[at][1]) for at in missing]
    for at, mentions in zip(missing, extract_many(texts), strict=True):
        found[at] = mentions
        if cache is not None:
            cache.put(_text_of(read[at][1]), mentions)
    records = []
    for at, (where, article) in enumerate(read):
        if isinstance(article, str):
            records.append(Record(*where, skipped=article, extractor=extractor))
        else:
            records.append(_record(where, article, found[at], taught, extractor))
    return records


def _text_of(article: Article | str) -> str:
    return article.text if isinstance(article, Article) else ""


def _record(
    where: tuple[str, int, int, int],
    article: Article,
    mentions: list[Mention],
    taught: Sequence[EntityCorrection],
    extractor: str,
) -> Record:
    from reader.library import note_count, tag_counts

    text = article.text
    annotations = saved_state(article.path)
    entities = corrected_entities(text, mentions, annotations.corrections, taught)
    rows = tuple(
        (m.start, m.end, m.type, m.canonical, m.text, round(m.confidence, 3))
        for m in canonical_mentions(entities)
    )
    return Record(
        *where,
        format=article.format,
        source_sha256=article.source_sha256,
        text_sha256=text_digest(text),
        title=article.title,
        meta=dict(article.meta),
        encoding=article.encoding,
        extractor=extractor,
        chars=len(text),
        annotations=len(annotations.annotations),
        notes=note_count(annotations),
        mentions=rows,
        tags=tuple(sorted(tag_counts(annotations).items())),
        words=indexed_words(text),
    )


def _key(name: str) -> str:
    return " ".join(name_key(name))


_CACHES: dict[str, Any] = {}


def _entity_cache(make: Callable[[], Any]) -> Any:
    """One entity cache a process (its folder's name hashes the model files)."""
    folder = str(index_folder())
    if folder not in _CACHES:
        _CACHES[folder] = make()
    return _CACHES[folder]


# -- words, as the search folds them ------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def word_forms(word: str) -> set[str]:
    """A folded word and what it is without the proclitics the search allows
    before a whole word (و/ف, then ب/ك/ل; after ل the article's alef may be
    gone: للصين is ل + الصين): `proclitic_splits`' readings, down to one
    letter, so the forms are never fewer than the search's."""
    return {rest for _, rest in proclitic_splits(word, min_stem=1)}


def indexed_words(text: str) -> str:
    """The distinct words of `text`, folded, with their forms without
    proclitics: what the `words` table holds of an article."""
    distinct = set(_WORD.findall(normalise(text)))
    forms: set[str] = set()
    for word in distinct:
        forms |= word_forms(word)
    return " ".join(sorted(forms))


def fts_query(query: str) -> str:
    """The FTS5 query for the articles that may hold `query` as whole words:
    every word of one of its spellings. QueryError if nothing is left."""
    folded = " ".join(normalise(query).split())
    if not folded:
        raise QueryError("the search is empty")
    alternatives = []
    for form in spellings(folded):
        words = _WORD.findall(form)
        if words:
            alternatives.append("(" + " AND ".join(f'"{w}"' for w in words) + ")")
    if not alternatives:
        raise QueryError("the search has no letters or digits to look for")
    return " OR ".join(alternatives)


# -- the database -------------------------------------------------------------


class IndexUnavailable(Exception):
    """The index cannot be opened or written; the message says why."""


@dataclass(frozen=True, slots=True)
class Row:
    """An article as the index lists it."""

    id: int
    path: str
    title: str
    size: int
    format: str
    skipped: str
    chars: int
    annotations: int
    notes: int
    meta: dict[str, str]


@dataclass(frozen=True, slots=True)
class Update:
    """What bringing an index up to date did."""

    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    seconds: float = 0.0


class LibraryIndex:
    """The index database of one library root."""

    def __init__(self, path: Path, reading: bool = False) -> None:
        """Open (or make) the database at `path`; `reading`: only to read it,
        as searches and the reader do — it must exist and be of this layout."""
        self.path = path
        try:
            if reading:
                self.db = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=30)
                if self._schema_version() != SCHEMA_VERSION:
                    self.db.close()
                    raise IndexUnavailable(f"{path}: an index of another version")
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            version = self._schema_version()
            if version not in (None, SCHEMA_VERSION):
                self._drop_all()
            self.db.executescript(_SCHEMA)
            self.db.execute(
                "INSERT OR REPLACE INTO settings VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
            )
        except sqlite3.Error as error:
            raise IndexUnavailable(f"{path}: cannot open the index ({error})") from None

    @classmethod
    def for_root(cls, root: Path) -> LibraryIndex:
        return cls(database_path(root))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> LibraryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _schema_version(self) -> int | None:
        try:
            row = self.db.execute("SELECT value FROM settings WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError:
            return None
        return int(row[0]) if row else None

    def _drop_all(self) -> None:
        # An index of another layout is rebuilt: it is derived data.
        for table in ("words", "bodies", "tags", "totals", "mentions", "articles", "settings"):
            self.db.execute(f"DROP TABLE IF EXISTS {table}")

    # -- writing --

    def states(self) -> dict[str, tuple[int, FileState, str]]:
        """path → (id, the file's state when indexed, extractor key)."""
        rows = self.db.execute(
            "SELECT id, path, size, mtime_ns, sidecar_mtime_ns, extractor FROM articles"
        )
        return {
            path: (id_, FileState(size, mtime, sidecar), extractor)
            for id_, path, size, mtime, sidecar, extractor in rows
        }

    def write(self, record: Record) -> None:
        """Put one article's record in, replacing what was there, in one transaction."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            old = db.execute("SELECT id FROM articles WHERE path = ?", (record.path,)).fetchone()
            if old is not None:
                self._delete_id(old[0])
            cursor = db.execute(
                "INSERT INTO articles (path, format, size, mtime_ns, sidecar_mtime_ns,"
                " source_sha256, text_sha256, title, meta, encoding, skipped, extractor,"
                " chars, annotations, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    record.path,
                    record.format,
                    record.size,
                    record.mtime_ns,
                    record.sidecar_mtime_ns,
                    record.source_sha256,
                    record.text_sha256,
                    record.title,
                    json.dumps(record.meta, ensure_ascii=False),
                    record.encoding,
                    record.skipped,
                    record.extractor,
                    record.chars,
                    record.annotations,
                    record.notes,
                ),
            )
            article = cursor.lastrowid
            db.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?)",
                [
                    (article, s, e, kind, name, _key(name), _key(written), sure)
                    for s, e, kind, name, written, sure in record.mentions
                ],
            )
            db.executemany(
                "INSERT INTO tags VALUES (?,?,?)", [(article, t, n) for t, n in record.tags]
            )
            # The library's totals, kept as articles come and go: the
            # overview's "most mentioned" is then one indexed read, not a
            # GROUP BY over millions of mentions.
            db.executemany(
                "INSERT INTO totals VALUES (?, ?, ?, ?, 1) ON CONFLICT (type, key) DO UPDATE"
                " SET mentions = mentions + excluded.mentions, articles = articles + 1",
                db.execute(
                    "SELECT type, key, min(canonical), count(*) FROM mentions WHERE article = ?"
                    " GROUP BY type, key",
                    (article,),
                ).fetchall(),
            )
            if record.words:
                db.execute("INSERT INTO words (rowid, body) VALUES (?, ?)", (article, record.words))
                # The FTS table keeps no copy of what it indexed (half the
                # database otherwise), but removing a row needs it: kept here,
                # compressed.
                db.execute(
                    "INSERT INTO bodies VALUES (?, ?)",
                    (article, zlib.compress(record.words.encode("utf-8"), 6)),
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _delete_id(self, article: int) -> None:
        row = self.db.execute("SELECT body FROM bodies WHERE article = ?", (article,)).fetchone()
        if row is not None:
            body = zlib.decompress(row[0]).decode("utf-8")
            self.db.execute(
                "INSERT INTO words (words, rowid, body) VALUES ('delete', ?, ?)", (article, body)
            )
            self.db.execute("DELETE FROM bodies WHERE article = ?", (article,))
        self.db.executemany(
            "UPDATE totals SET mentions = mentions - ?, articles = articles - 1"
            " WHERE type = ? AND key = ?",
            self.db.execute(
                "SELECT count(*), type, key FROM mentions WHERE article = ? GROUP BY type, key",
                (article,),
            ).fetchall(),
        )
        self.db.execute("DELETE FROM totals WHERE articles <= 0")
        self.db.execute("DELETE FROM mentions WHERE article = ?", (article,))
        self.db.execute("DELETE FROM tags WHERE article = ?", (article,))
        self.db.execute("DELETE FROM articles WHERE id = ?", (article,))

    def remove(self, paths: Iterable[str]) -> int:
        removed = 0
        for path in paths:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                row = self.db.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
                if row is not None:
                    self._delete_id(row[0])
                    removed += 1
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return removed

    # -- reading --

    def rows(self) -> list[Row]:
        """Every article the index lists, by path."""
        found = self.db.execute(
            "SELECT id, path, title, size, format, skipped, chars, annotations, notes, meta"
            " FROM articles ORDER BY path"
        )
        return [
            Row(id_, path, title, size, kind, skipped, chars, annotations, notes, json.loads(meta))
            for id_, path, title, size, kind, skipped, chars, annotations, notes, meta in found
        ]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def candidates(self, query: str) -> set[str]:
        """Paths of the indexed articles that may hold `query` as whole words
        (a superset of those that do); QueryError for an empty query."""
        match = fts_query(query)
        rows = self.db.execute(
            "SELECT articles.path FROM words JOIN articles ON articles.id = words.rowid"
            " WHERE words MATCH ?",
            (match,),
        )
        return {path for (path,) in rows}

    def top_entities(
        self, limit: int = 50, kind: str | None = None
    ) -> list[tuple[str, str, int, int]]:
        """(type, name, mentions, articles) of the most mentioned entities of
        the library, one row per folded name (named as the first article
        that mentioned it spelled it); `kind` keeps one type."""
        where = "WHERE type = ?" if kind else ""
        parameters: tuple[Any, ...] = (kind,) if kind else ()
        rows = self.db.execute(
            f"SELECT type, name, mentions, articles FROM totals {where}"
            " ORDER BY mentions DESC, type, key LIMIT ?",
            (*parameters, limit),
        ).fetchall()
        return [(kind_, name, n, a) for kind_, name, n, a in rows]

    def _spelling(self, kind: str, key: str) -> str:
        row = self.db.execute(
            "SELECT canonical FROM mentions WHERE type = ? AND key = ?"
            " GROUP BY canonical ORDER BY count(*) DESC, canonical LIMIT 1",
            (kind, key),
        ).fetchone()
        return str(row[0]) if row else key

    def keys_of(self, name: str) -> list[str]:
        """The folded names of the entities `name` is: its own, and that of
        every entity one of whose mentions is written so (ديب سيك → DeepSeek)."""
        key = _key(name)
        found = {key} | {
            k
            for (k,) in self.db.execute(
                "SELECT DISTINCT key FROM mentions WHERE written_key = ?", (key,)
            )
        }
        return sorted(found)

    def articles_mentioning(self, name: str) -> list[tuple[str, str, str, int]]:
        """(path, title, type, mentions) of the articles that mention `name`
        (however spelled: `keys_of`), most mentions first."""
        keys = self.keys_of(name)
        marks = ",".join("?" * len(keys))
        return [
            (path, title, kind, count)
            for path, title, kind, count in self.db.execute(
                "SELECT articles.path, articles.title, mentions.type, count(*) FROM mentions"
                f" JOIN articles ON articles.id = mentions.article WHERE mentions.key IN ({marks})"
                " GROUP BY mentions.article, mentions.type ORDER BY count(*) DESC, articles.path",
                keys,
            )
        ]

    def mentioned_with(self, name: str, limit: int = 20) -> list[tuple[str, str, int]]:
        """(type, name, articles) of the entities most often in the same
        articles as `name`."""
        keys = self.keys_of(name)
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT m.type, m.key, count(DISTINCT m.article) FROM mentions m WHERE m.article IN"
            f" (SELECT article FROM mentions WHERE key IN ({marks})) AND m.key NOT IN ({marks})"
            " GROUP BY m.type, m.key ORDER BY count(DISTINCT m.article) DESC, m.type, m.key"
            " LIMIT ?",
            (*keys, *keys, limit),
        ).fetchall()
        return [(kind, self._spelling(kind, k), n) for kind, k, n in rows]

    def tag_counts(self) -> list[tuple[str, int]]:
        return list(
            self.db.execute(
                "SELECT tag, sum(count) FROM tags GROUP BY tag ORDER BY sum(count) DESC, tag"
            )
        )


def nearest_index(root: Path) -> Path | None:
    """The database of `root`'s index, or of the nearest folder above it that
    has one; None if none has."""
    try:
        folder = root.expanduser().resolve()
    except OSError:
        return None
    for candidate in (folder, *folder.parents):
        location = database_path(candidate)
        if location.exists():
            return location
    return None


@dataclass(frozen=True, slots=True)
class Listed:
    """An article's library row as its index last saw it."""

    title: str
    size: int
    encoding: str
    skipped: str
    annotations: int
    notes: int
    tags: dict[str, int]


def listed(root: Path) -> dict[str, Listed]:
    """Path → row of every article the index nearest `root` holds (empty if
    none): what the library shows before it has read the files itself."""
    location = nearest_index(root)
    if location is None:
        return {}
    try:
        with LibraryIndex(location, reading=True) as index:
            tags: dict[int, dict[str, int]] = {}
            for article, tag, count in index.db.execute("SELECT article, tag, count FROM tags"):
                tags.setdefault(article, {})[tag] = count
            rows = index.db.execute(
                "SELECT id, path, title, size, encoding, skipped, annotations, notes FROM articles"
            )
            found = {}
            for id_, path, title, size, encoding, skipped, annotations, notes in rows:
                row_tags = tags.get(id_, {})
                found[path] = Listed(title, size, encoding, skipped, annotations, notes, row_tags)
            return found
    except (IndexUnavailable, sqlite3.Error):
        return {}


def library_totals(root: Path, limit: int) -> list[tuple[str, str, int, int]] | None:
    """(type, name, mentions, articles) of the most mentioned entities of the
    library at (or below) an index's root; None without an index."""
    location = nearest_index(root)
    if location is None:
        return None
    try:
        with LibraryIndex(location, reading=True) as index:
            return index.top_entities(limit)
    except (IndexUnavailable, sqlite3.Error):
        return None


def worth_searching(root: Path, query: str, paths: Sequence[Path]) -> list[Path] | None:
    """Of `paths` (the articles under `root`, in order), those a whole-word
    search for `query` must read: the index's candidates, and every article
    the index does not have as it is now (new, or changed since). None when
    `root` has no index yet (then every article is read). The index of a
    folder above `root` serves too (`reader lib/` indexed, `lib/2025` read):
    what it does not hold is read."""
    location = nearest_index(root)
    if location is None:
        return None
    try:
        with LibraryIndex(location, reading=True) as index:
            candidates = index.candidates(query)
            known = index.states()
    except (IndexUnavailable, sqlite3.Error):
        return None
    chosen = []
    for path in paths:
        name = str(path)
        if name in candidates:
            chosen.append(path)
            continue
        entry = known.get(name)
        if entry is None or _size_and_time(path) != (entry[1].size, entry[1].mtime_ns):
            chosen.append(path)  # not indexed as it is now: read it
    return chosen


def _size_and_time(path: Path) -> tuple[int, int] | None:
    """The file's size and time (a dump record's: its dump's), one stat; its
    sidecar does not change its words."""
    try:
        info = os.stat(path)
    except OSError:
        state = file_state(path)  # a dump's record is not a file of its own
        return None if state is None else (state.size, state.mtime_ns)
    return info.st_size, info.st_mtime_ns


def bulk_lines(index: LibraryIndex, name: str = "reader") -> Iterator[str]:
    """The index as the bulk API of OpenSearch and Elasticsearch takes it
    (newline-delimited JSON, an action line then a document line): one
    document per article that reads as indexed, with its exact text (the text
    every offset counts in), title, metadata and entity mentions; its id is
    the text's SHA-256. Articles changed since indexing are left out."""
    for row in index.rows():
        if row.skipped:
            continue
        try:
            article = read_article(Path(row.path))
        except CorpusError:
            continue
        digest = text_digest(article.text)
        indexed = index.db.execute(
            "SELECT text_sha256 FROM articles WHERE id = ?", (row.id,)
        ).fetchone()
        if indexed is None or indexed[0] != digest:
            continue
        mentions = [
            {"start": s, "end": e, "type": t, "name": c, "confidence": f}
            for s, e, t, c, f in index.db.execute(
                "SELECT start, end, type, canonical, confidence FROM mentions"
                " WHERE article = ? ORDER BY start",
                (row.id,),
            )
        ]
        yield json.dumps({"index": {"_index": name, "_id": digest}})
        document = {
            "path": row.path,
            "title": row.title,
            "format": row.format,
            "meta": row.meta,
            "text": article.text,
            "mentions": mentions,
        }
        yield json.dumps(document, ensure_ascii=False)


# -- bringing an index up to date ---------------------------------------------

Runner = Callable[[list[str]], Iterator[Record]]


def changed_paths(
    index: LibraryIndex, paths: Sequence[Path], extractor: str
) -> tuple[list[str], list[str], int]:
    """(paths to index, indexed paths no longer there, unchanged count)."""
    known = index.states()
    todo: list[str] = []
    unchanged = 0
    listed = set()
    for path in paths:
        name = str(path)
        listed.add(name)
        entry = known.get(name)
        if entry is not None and entry[2] == extractor and file_state(path) == entry[1]:
            unchanged += 1
        else:
            todo.append(name)
    gone = [name for name in known if name not in listed]
    return todo, gone, unchanged


def update_index(
    index: LibraryIndex,
    root: Path,
    run: Runner | None = None,
    progress: Callable[[int, int, float], None] = lambda done, total, seconds: None,
) -> Update:
    """Bring `index` up to date with the articles under `root`: articles
    whose size, time and sidecar are as indexed are not read again; those
    removed leave the index; the rest are read by `run` (in this process by
    default) and written as each arrives."""
    began = time.perf_counter()
    extractor = index_key()
    paths = find_articles(root)
    todo, gone, unchanged = changed_paths(index, paths, extractor)
    removed = index.remove(gone)
    if run is None:
        run = in_this_process(extractor)
    skipped = 0
    done = 0
    for record in run(todo):
        index.write(record)
        done += 1
        skipped += bool(record.skipped)
        progress(done, len(todo), time.perf_counter() - began)
    return Update(done, unchanged, removed, skipped, time.perf_counter() - began)


def _taught() -> tuple[EntityCorrection, ...]:
    from reader.annotations import taught

    try:
        return taught.load()
    except taught.TaughtError:
        return ()


def in_this_process(extractor: str) -> Runner:
    taught = _taught()

    def run(paths: list[str]) -> Iterator[Record]:
        for chunk in chunks(paths):
            yield from index_records(chunk, taught, True, extractor)

    return run


def in_worker_processes(workers: int, extractor: str) -> Runner:
    """Records made by `workers` local processes, as each is done."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from functools import partial

    taught = _taught()

    def run(paths: list[str]) -> Iterator[Record]:
        if not paths:
            return
        work = partial(index_records, taught=taught, use_cache=True, extractor=extractor)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(work, chunk) for chunk in chunks(paths)]
            try:
                for future in as_completed(futures):
                    yield from future.result()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    return run


def on_dask(address: str, extractor: str) -> Runner:
    """Records made on the Dask distributed cluster whose scheduler is at
    `address`. Its workers read the articles from the paths given, which they
    must share with this machine; this process alone writes the database."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise IndexUnavailable(
            "a cluster needs Dask distributed: pip install 'reader[cluster]'"
        ) from None
    taught = _taught()

    def run(paths: list[str]) -> Iterator[Record]:
        if not paths:
            return
        try:
            client = Client(address, timeout="5s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as error:
            raise IndexUnavailable(
                f"cannot reach the Dask scheduler at {address} ({error})"
            ) from None
        with client:
            futures = client.map(
                index_records,
                chunks(paths),
                taught=taught,
                use_cache=False,
                extractor=extractor,
                pure=False,
            )
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                yield from future.result()

    return run


# Articles a worker reads and scores together: enough to pay the model's
# fixed costs once for many short articles, few enough that progress moves.
CHUNK = 16


def chunks(paths: list[str]) -> list[list[str]]:
    return [paths[at : at + CHUNK] for at in range(0, len(paths), CHUNK)]


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
