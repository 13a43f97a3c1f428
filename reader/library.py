"""A folder of articles at scale: an index of what each holds, built in one
pass, with every article's entities cached by content so a folder is
extracted once.

Extraction is the slow part (a few hundred thousand characters a second),
so its result, the raw mentions before the reader's corrections, is kept in
the user cache folder under the SHA-256 of the article's text and a key of
the model and extractor that produced it. A second open of the same folder,
or an article renamed or copied, costs a file read; an edited article, a new
model or a new version of the extractor misses the cache and is extracted
again. The cache is only ever an optimisation: a file missing, unreadable
or malformed is a miss, and a cache that cannot be written is skipped.

Corrections (the sidecar's and the taught list) are applied after the cache,
so changing them never invalidates it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from reader import __version__
from reader.annotations.corrections import corrected_entities
from reader.annotations.model import AnnotationSet, EntityCorrection
from reader.annotations.sidecar import text_digest
from reader.annotations.store import saved_state
from reader.corpus import Article, CorpusError, read_article
from reader.files import write_atomic
from reader.nlp.entities import (
    EXTRACTOR_VERSION,
    NAME_TYPES,
    Entity,
    Mention,
    extract,
    model_files,
    name_key,
)
from reader.processes import Cancelled, ChildProcess

# How many of an article's entities an index keeps (most mentioned first).
TOP_ENTITIES = 50


def cache_folder() -> Path:
    return user_cache_path("reader", appauthor=False) / "entities"


class EntityCache:
    """Raw mentions of article texts, by content hash, in one folder per model."""

    def __init__(self, folder: Path | None = None) -> None:
        self.root = folder or cache_folder()

    @cached_property
    def folder(self) -> Path:
        """The folder for the current model and extractor."""
        digest = hashlib.sha256(f"{__version__}\0{EXTRACTOR_VERSION}".encode())
        for path in model_files():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return self.root / digest.hexdigest()[:16]

    def path_for(self, text: str) -> Path:
        return self.folder / f"{text_digest(text)}.json"

    def get(self, text: str) -> list[Mention] | None:
        """The cached mentions of this exact text, or None."""
        try:
            rows = json.loads(self.path_for(text).read_bytes())
            return [_mention(text, row) for row in rows]
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None

    def mentions(
        self, text: str, extract_text: Callable[[str], list[Mention]] | None = None
    ) -> tuple[list[Mention], bool]:
        """(the text's mentions, whether the cache had them): from the cache,
        else found by `extract_text` (`extract` by default) and cached."""
        cached = self.get(text)
        if cached is not None:
            return cached, True
        found = (extract_text or extract)(text)
        self.put(text, found)
        return found, False

    def put(self, text: str, mentions: Sequence[Mention]) -> None:
        # No fsync and no backup: a lost cache file is a miss, and indexing
        # writes a thousand of them.
        rows = [[m.start, m.end, m.type, m.canonical, round(m.confidence, 3)] for m in mentions]
        path = self.path_for(text)
        data = json.dumps(rows, ensure_ascii=False).encode("utf-8")
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data, keep_backup=False, durable=False)


def _mention(text: str, row: Any) -> Mention:
    start, end, kind, canonical, confidence = row
    if not (
        isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= len(text)
        and isinstance(kind, str)
        and isinstance(canonical, str)
        and isinstance(confidence, int | float)
        and 0 <= confidence <= 1
    ):
        raise ValueError("not a mention")
    return Mention(start, end, text[start:end], kind, canonical, float(confidence))


@dataclass(frozen=True, slots=True)
class ArticleIndex:
    """What the library knows of one article: its row in the library panel
    and its line in the overview. Filled in as the one pass over the folder
    (`index_library`) gets to it: first listed (size -1 until then), then
    indexed (entities None until then)."""

    path: Path
    title: str
    size: int  # bytes on disk; -1: not read yet
    encoding: str = ""
    skipped: str = ""  # why it cannot be read, if it cannot
    annotations: int = 0
    notes: int = 0  # annotations with a note written
    tags: Counter[str] = field(default_factory=Counter)
    # (type, canonical name, mentions), most mentioned first; None: not yet found.
    entities: tuple[tuple[str, str, int], ...] | None = None
    from_cache: bool = False

    @classmethod
    def unread(cls, path: Path) -> ArticleIndex:
        return cls(path, path.name, -1)

    @classmethod
    def unreadable(cls, path: Path, reason: str) -> ArticleIndex:
        return cls(path, path.name, 0, skipped=reason, entities=())

    @classmethod
    def listed(cls, article: Article, state: AnnotationSet) -> ArticleIndex:
        """An article read, its entities not yet found."""
        return cls(
            article.path,
            article.title,
            article.size,
            article.encoding,
            annotations=len(state.annotations),
            notes=note_count(state),
            tags=tag_counts(state),
        )

    @property
    def indexed(self) -> bool:
        return self.entities is not None

    def with_annotations(self, state: AnnotationSet) -> ArticleIndex:
        """This entry with the tags of the article's annotations as they are now."""
        return replace(
            self,
            annotations=len(state.annotations),
            notes=note_count(state),
            tags=tag_counts(state),
        )

    def with_entities(self, entities: Iterable[Entity], from_cache: bool = False) -> ArticleIndex:
        return replace(self, entities=entity_counts(entities), from_cache=from_cache)


def note_count(state: AnnotationSet) -> int:
    return sum(1 for a in state.annotations if a.note.strip())


def tag_counts(state: AnnotationSet) -> Counter[str]:
    return Counter(tag for annotation in state.annotations for tag in annotation.tags)


def entity_counts(entities: Iterable[Entity]) -> tuple[tuple[str, str, int], ...]:
    """(type, name, mentions) of the most mentioned entities, most first.

    A name is the entity's canonical name; a date, amount or number is shown
    as the article most often writes it (its canonical value, --01-27 for
    27 January of no year, is for grouping, not for reading)."""
    counted = sorted(entities, key=lambda e: (-len(e.mentions), e.type, e.canonical))
    return tuple((e.type, _shown_name(e), len(e.mentions)) for e in counted[:TOP_ENTITIES])


def _shown_name(entity: Entity) -> str:
    if entity.type in NAME_TYPES:
        return entity.canonical
    return Counter(m.text for m in entity.mentions).most_common(1)[0][0]


def read_listed(
    path: Path, article: Article | None = None, state: AnnotationSet | None = None
) -> tuple[ArticleIndex, Article | None, AnnotationSet]:
    """An article's row as listed (not yet indexed), the article (None if it
    cannot be read: the row says why) and its saved annotations; `article`
    and `state` if the caller has read them already."""
    try:
        article = article or read_article(path)
    except CorpusError as error:
        return ArticleIndex.unreadable(path, error.reason), None, AnnotationSet()
    state = saved_state(path) if state is None else state
    return ArticleIndex.listed(article, state), article, state


def indexed_row(
    article: Article,
    state: AnnotationSet,
    mentions: list[Mention],
    taught: tuple[EntityCorrection, ...],
    from_cache: bool,
) -> ArticleIndex:
    """An article's row with its entities: the mentions, corrected."""
    found = corrected_entities(article.text, mentions, state.corrections, taught)
    return ArticleIndex.listed(article, state).with_entities(found, from_cache)


def index_article(
    path: Path,
    cache: EntityCache,
    taught: Iterable[EntityCorrection] = (),
    extract_text: Callable[[str], list[Mention]] | None = None,
) -> ArticleIndex:
    """Read one article, its saved annotations and (cached) entities;
    `extract_text` finds the mentions of a text the cache does not have."""
    row, article, state = read_listed(path)
    if article is None:
        return row
    mentions, cached = cache.mentions(article.text, extract_text)
    return indexed_row(article, state, mentions, tuple(taught), cached)


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    seconds: float  # since indexing began

    @property
    def rate(self) -> float:
        """Articles a second so far."""
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far; None before there is a rate."""
        if not self.done or self.seconds <= 0:
            return None
        return (self.total - self.done) / self.rate

    def describe(self) -> str:
        eta = self.eta
        left = "" if eta is None else f" · {_duration(eta)} left"
        return f"{self.done:,}/{self.total:,} articles · {self.rate:,.0f}/s{left}"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def extract_in_child(text: str) -> list[Mention]:
    """`extract(text)` in a child process: a long article's extraction then
    holds neither this process's interpreter lock (the screen stays
    responsive) nor its memory (its peak is the child's, and goes with it)."""
    with ChildProcess() as child:
        return child.call(extract, text)


# Texts of articles waiting for extraction kept in memory, in characters, so
# that the pass does not read them again; past this they are read again.
KEPT_TEXT_CHARS = 16_000_000


def index_library(
    articles: Sequence[tuple[int, Path]],
    cache: EntityCache,
    taught: Iterable[EntityCorrection] = (),
    *,
    read: Mapping[int, tuple[Article, AnnotationSet]] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    extract_now: Callable[[], bool] = lambda: True,
    stop_extracting: Callable[[], bool] = lambda: False,
    in_process: bool = False,
) -> Iterator[tuple[int, ArticleIndex, Progress]]:
    """The one pass over a folder: (number, row, progress) as each (number,
    path) is listed, then as it is indexed, until done or `cancelled()`.

    First every article is read once, with its sidecar, and listed; one the
    entity cache has is indexed there and then. Then those left are
    extracted, in a child process (started on the first), so the caller's
    thread waits without holding the interpreter lock: indexing a folder
    must not make the reader's screen stutter (`in_process`: here). That
    second part waits until `extract_now()` and ends when `stop_extracting()`
    (both polled); what was extracted stays in the cache. `read` holds
    articles the caller has read already. Progress counts indexed articles.
    """
    taught = tuple(taught)
    read = read or {}
    began = time.perf_counter()
    done = 0
    left: list[tuple[int, Path, Article | None, AnnotationSet]] = []
    kept = 0
    for number, path in articles:
        if cancelled():
            return
        row, article, state = read_listed(path, *read.get(number, (None, None)))
        if article is not None:
            mentions = cache.get(article.text)
            if mentions is None:
                keep = kept + len(article.text) <= KEPT_TEXT_CHARS
                kept += len(article.text) if keep else 0
                left.append((number, path, article if keep else None, state))
            else:
                row = indexed_row(article, state, mentions, taught, from_cache=True)
        if row.indexed:
            done += 1
        yield number, row, Progress(done, len(articles), time.perf_counter() - began)
    with ChildProcess() as child:

        def stopped() -> bool:
            return cancelled() or stop_extracting()

        def extract_elsewhere(text: str) -> list[Mention]:
            return child.call(extract, text, cancelled=stopped)

        for number, path, kept_article, state in left:
            while not extract_now() and not stopped():
                time.sleep(0.05)
            if stopped():
                return
            try:
                again = kept_article or read_article(path)
                extract_text = None if in_process else extract_elsewhere
                mentions, _ = cache.mentions(again.text, extract_text)
                row = indexed_row(again, state, mentions, taught, from_cache=False)
            except Cancelled:
                return
            except CorpusError as error:
                row = ArticleIndex.unreadable(path, error.reason)
            except Exception as error:
                row = ArticleIndex.unreadable(path, f"could not be indexed ({error})")
            done += 1
            yield number, row, Progress(done, len(articles), time.perf_counter() - began)


@dataclass(frozen=True, slots=True)
class LibraryEntity:
    type: str
    name: str  # the spelling most of its mentions give
    mentions: int
    articles: int


def library_entities(indexes: Iterable[ArticleIndex]) -> list[LibraryEntity]:
    """Entities across articles, most mentioned first; one name however each
    article spells it (as `name_key` folds it)."""
    mentions: Counter[tuple[str, tuple[str, ...]]] = Counter()
    articles: Counter[tuple[str, tuple[str, ...]]] = Counter()
    spellings: dict[tuple[str, tuple[str, ...]], Counter[str]] = {}
    for index in indexes:
        for kind, name, count in index.entities or ():
            key = (kind, name_key(name))
            mentions[key] += count
            articles[key] += 1
            spellings.setdefault(key, Counter())[name] += count
    ranked = sorted(mentions.items(), key=lambda item: (-item[1], item[0]))
    return [
        LibraryEntity(key[0], spellings[key].most_common(1)[0][0], count, articles[key])
        for key, count in ranked
    ]
