"""What the parts of the reader app share: its state and the hooks they call.

`ReaderApp` is assembled from parts kept in their own modules (searching,
correcting entities); each derives from this class, which names what they
may use, so that the app module stays about the app.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.notifications import SeverityLevel

from reader.annotations.model import EntityCorrection
from reader.annotations.store import AnnotationStore
from reader.config import Config
from reader.corpus import Article
from reader.layout import LayoutOptions, visible
from reader.nlp.entities import Entity
from reader.session import ArticleSession, Outcome
from reader.tui.article_view import ArticleView


class ReaderBase(App[None]):
    paths: list[Path]
    config: Config
    options: LayoutOptions
    current: int
    session: ArticleSession | None
    selected_entity: Entity | None
    taught: tuple[EntityCorrection, ...] = ()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every message, whoever sends it, is plain text with its controls
        shown as placeholders: messages quote file names, notes and entity
        names, and a name like "[@click=app.quit]" must not become markup
        (an action on click), nor an ESC in it reach the terminal."""
        super().notify(
            visible(message, keep_lines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def open_article(self, number: int, article: Article | None = None) -> None:
        raise NotImplementedError

    def _fill_panels(self) -> None:
        raise NotImplementedError

    @property
    def store(self) -> AnnotationStore | None:
        raise NotImplementedError

    @property
    def entities(self) -> list[Entity]:
        raise NotImplementedError

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what an operation on the session changed."""
        raise NotImplementedError

    def annotations_changed(self, save: bool = True) -> None:
        """Repaint tagged passages and the notes; save soon."""
        raise NotImplementedError

    def save_annotations(self) -> bool:
        """Save the open article's annotations now, if they changed; False if that failed."""
        raise NotImplementedError

    def article_renamed(self, path: Path) -> None:
        """The open article was renamed while open; its store follows it."""
        raise NotImplementedError

    def entities_shown(self, entities: list[Entity]) -> None:
        """The open article's entities, as now shown (corrections applied)."""

    def taught_loaded(self) -> None:
        """The taught list was (re)read: entities of every article may differ."""
