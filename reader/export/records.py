"""What every exporter works from: one article with its annotations and entities."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reader.annotations.model import Annotation, AnnotationSet
from reader.annotations.sidecar import text_digest
from reader.annotations.store import AnnotationStore
from reader.corpus import Article
from reader.nlp.entities import Entity

EntityFinder = Callable[[Article, AnnotationSet], list[Entity]]


@dataclass
class ArticleRecord:
    article: Article
    state: AnnotationSet
    find_entities: EntityFinder | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.article.path

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        return self.state.annotations

    @cached_property
    def sha256(self) -> str:
        return text_digest(self.text)

    @cached_property
    def entities(self) -> list[Entity]:
        """Extracted only when a format asks for them (it takes a while)."""
        if self.find_entities is None:
            return []
        return self.find_entities(self.article, self.state)


def corrected_entity_finder() -> EntityFinder:
    """Entities as the reader sees them: extracted, then the sidecar's and the
    taught corrections applied."""
    from reader.annotations import taught as taught_list
    from reader.annotations.corrections import corrected_entities
    from reader.nlp.entities import extract

    try:
        taught = taught_list.load()
    except taught_list.TaughtError:
        taught = ()

    def find(article: Article, state: AnnotationSet) -> list[Entity]:
        return corrected_entities(article.text, extract(article.text), state.corrections, taught)

    return find


def records(
    articles: Iterable[Article],
    find_entities: EntityFinder | None = None,
    report: Callable[[str], None] | None = None,
) -> Iterator[ArticleRecord]:
    """Each article with its saved annotations; the store's messages (a sidecar
    refused, an article changed) go to `report`."""
    for article in articles:
        store = AnnotationStore(article.path, article.text)  # reading never writes
        if report is not None:
            for message in store.messages:
                report(message)
        yield ArticleRecord(article, store.state, find_entities)
