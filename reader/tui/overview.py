"""The library overview: what the folder is about before choosing what to read.

On the left, the whole library and then each article with its tag counts; on
the right, for the one highlighted, the most mentioned entities and the tags
as horizontal bars. It fills in as the background indexing goes, and asks
for the rest of the folder to be indexed when opened. Enter opens the article.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.index import library_totals
from reader.layout import LayoutOptions
from reader.library import ArticleIndex, library_entities
from reader.tui.labels import options_of, shaped_inline, shaped_line, shown

if TYPE_CHECKING:
    from reader.tui.library import Library

TYPE_COLOURS = {
    "PERSON": "#61afef",
    "ORG": "#e5c07b",
    "PLACE": "#98c379",
    "PRODUCT": "#c678dd",
}
OTHER_COLOUR = "#56b6c2"  # dates, money, percentages, quantities
TOP = 15  # bars per chart
LIBRARY = "library"  # the option id of the whole library
RELIST_EVERY = 1.0  # seconds: relisting 1,000 articles is not free
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, largest: int, width: int) -> str:
    """`value` as a bar of up to `width` cells, in eighths of a cell."""
    eighths = round(value / largest * width * 8) if largest else 0
    eighths = max(eighths, 1) if value else 0
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def bar_chart(
    rows: Sequence[tuple[str, int, str]],
    width: int,
    note: Sequence[str] = (),
    options: LayoutOptions | None = None,
) -> Text:
    """One line per (label, value, colour): shaped label, bar, value (and a note)."""
    if not rows:
        return Text("—", style="dim")
    label_width = min(max(width // 3, 10), 28)
    notes = [*note, *[""] * (len(rows) - len(note))]
    values = [f"{v:,}" + (f" {n}" if n else "") for (_, v, _), n in zip(rows, notes, strict=True)]
    value_width = max(len(v) for v in values)
    bar_width = max(width - label_width - value_width - 3, 4)
    largest = max(value for _, value, _ in rows)
    chart = Text()
    for (label, value, colour), value_text in zip(rows, values, strict=True):
        # Right-to-left names come right-aligned, others not: pad both to
        # one width so that every bar starts in the same column.
        shaped = shaped_line(label, label_width, options)
        chart.append_text(shaped)
        chart.append(" " * (label_width - shaped.cell_len + 1))
        drawn = bar(value, largest, bar_width)
        chart.append(drawn, style=colour)
        chart.append(" " * (bar_width - len(drawn) + 1))
        chart.append(value_text + "\n", style="dim")
    chart.rstrip()
    return chart


class OverviewScreen(Screen[int | None]):
    """The library at a glance; dismisses with the article to open, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o", "close", "Back to reading", id="overview.close"),
        Binding("x", "app.stop_indexing", "Stop indexing", id="overview.stop_indexing"),
    ]

    def __init__(self, reader: Library) -> None:
        super().__init__()
        self.reader = reader
        self._titles: dict[int, Text] = {}  # shaped at _titles_width
        self._titles_width = 0
        self._names: dict[int, Text] = {}  # file names shown until indexed
        self._listed_at = 0.0
        self._listed: tuple[int, int] | None = None  # (index version, width) listed
        self._library_chart_for: tuple[int, int] | None = None
        self._library_chart_shown: Group | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="overview-heading")
        with Horizontal():
            yield OptionList(id="overview-articles")
            with VerticalScroll(id="overview-detail"):
                yield Static(id="overview-chart")
        yield Footer()

    AUTO_FOCUS = "#overview-articles"

    def on_mount(self) -> None:
        self.call_after_refresh(self.update, force=True)

    def action_close(self) -> None:
        self.dismiss(None)

    # -- what is shown ---------------------------------------------------------

    def update(self, force: bool = False) -> None:
        """Redraw from the reader's index (called as indexing goes on)."""
        index = self.reader.entries
        total = len(self.reader.paths)
        indexing = self.reader.progress
        heading = Text(f"Library overview — {len(index):,} of {total:,} articles indexed")
        if indexing is not None:
            heading.append(f"  (indexing: {indexing.describe()}; x stops)", style="dim")
        heading.append("  ·  Enter opens an article, Esc goes back", style="dim")
        self.query_one("#overview-heading", Static).update(heading)
        articles = self.query_one(OptionList)
        width = max(articles.scrollable_content_region.width - 2, 12)
        listed = (self.reader.version, width)
        now = time.monotonic()
        # Relisting 1,000 articles takes a moment: only when something changed,
        # and while indexing goes on, once a second at most.
        if listed != self._listed and (
            force or indexing is None or now - self._listed_at >= RELIST_EVERY
        ):
            self._list_articles(width)
            self._listed_at, self._listed = now, listed
        self._show_detail()

    def _list_articles(self, width: int) -> None:
        articles = self.query_one(OptionList)
        highlighted = articles.highlighted
        index = self.reader.entries
        if width != self._titles_width:
            self._titles.clear()
            self._titles_width = width
        options = [Option(Text("Whole library", style="bold"), id=LIBRARY)]
        for number, path in enumerate(self.reader.paths):
            entry = index.get(number)
            title = self._titles.get(number)
            if title is None and entry is not None:
                title = self._titles[number] = shaped_line(entry.title, width, options_of(self))
            if title is None:
                # Until indexed, thousands of names are relisted each second:
                # each is shaped once.
                title = self._names.get(number)
                if title is None:
                    name = shown(path.name, options_of(self))
                    title = self._names[number] = Text(name, no_wrap=True, overflow="ellipsis")
            summary = _summary(entry, options_of(self))
            options.append(Option(Text.assemble(title, "\n", summary), id=str(number)))
        articles.clear_options()
        articles.add_options(options)
        articles.highlighted = highlighted if highlighted is not None else 0

    def _selected(self) -> str | None:
        articles = self.query_one(OptionList)
        if articles.highlighted is None or not articles.option_count:
            return None
        return articles.get_option_at_index(articles.highlighted).id

    def _show_detail(self) -> None:
        width = max(self.query_one("#overview-detail").scrollable_content_region.width - 1, 30)
        selected = self._selected()
        index = self.reader.entries
        chart: Group | Text
        if selected is None or selected == LIBRARY:
            # Summing a thousand articles' entities is not free: once per change.
            key = (self.reader.version, width)
            if key != self._library_chart_for or self._library_chart_shown is None:
                self._library_chart_shown = self._library_chart(list(index.values()), width)
                self._library_chart_for = key
            chart = self._library_chart_shown
        else:
            chart = self._article_chart(index.get(int(selected)), width)
        self.query_one("#overview-chart", Static).update(chart)

    def _library_chart(self, entries: list[ArticleIndex], width: int) -> Group:
        rows = [(e.type, e.name, e.mentions, e.articles) for e in library_entities(entries)[:TOP]]
        heading = "Most mentioned across the library"
        root = self.reader.root
        if len(entries) < len(self.reader.paths) and root is not None:
            # Not every article is read yet: the library's index (reader
            # index), if it has one, knows the whole archive already.
            totals = library_totals(root, TOP)
            if totals:
                rows, heading = totals, heading + " (from its index)"
        tags: Counter[str] = Counter()
        for entry in entries:
            tags.update(entry.tags)
        return Group(
            Text(heading, style="bold underline"),
            bar_chart(
                [(name, mentions, _colour(kind)) for kind, name, mentions, _ in rows],
                width,
                [f"in {articles:,}" for _, _, _, articles in rows],
                options_of(self),
            ),
            Text("\nTags across the library", style="bold underline"),
            self._tag_chart(tags, width),
            Text("\n") + _legend(),
        )

    def _article_chart(self, entry: ArticleIndex | None, width: int) -> Group | Text:
        if entry is None:
            return Text("Not indexed yet.", style="dim")
        if entry.skipped:
            return Text(f"Skipped: {shown(entry.skipped, options_of(self))}", style="dim")
        return Group(
            shaped_line(entry.title, width, options_of(self)),
            Text.assemble(
                shaped_inline(entry.path.name, options_of(self)),
                f" · {entry.size / 1024:.1f} KB · {entry.encoding}",
                style="dim",
            ),
            Text("\nMost mentioned", style="bold underline"),
            bar_chart(
                [
                    (name, count, _colour(kind))
                    for kind, name, count in (entry.entities or ())[:TOP]
                ],
                width,
                options=options_of(self),
            ),
            Text("\nTags", style="bold underline"),
            self._tag_chart(entry.tags, width),
            Text("\n") + _legend(),
        )

    def _tag_chart(self, tags: Counter[str], width: int) -> Text:
        colours = {tag.name: tag.colour for tag in self.reader.tags}
        rows = [(name, count, colours.get(name, "#9aa5b1")) for name, count in tags.most_common()]
        return bar_chart(rows, width, options=options_of(self))

    @on(OptionList.OptionHighlighted, "#overview-articles")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#overview-articles")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id not in (None, LIBRARY):
            self.dismiss(int(str(event.option.id)))

    def on_resize(self) -> None:
        self.call_after_refresh(self.update, force=True)


def _colour(kind: str) -> str:
    return TYPE_COLOURS.get(kind, OTHER_COLOUR)


def _legend() -> Text:
    legend = Text("", style="dim")
    for kind, colour in [*TYPE_COLOURS.items(), ("dates, money, numbers", OTHER_COLOUR)]:
        legend.append("█ ", style=colour)
        legend.append(kind.lower() + "  ", style="dim")
    return legend


def _summary(entry: ArticleIndex | None, options: LayoutOptions | None) -> Text:
    if entry is None:
        return Text("not indexed yet", style="dim")
    if entry.skipped:
        return Text(f"skipped: {shown(entry.skipped, options)}", style="dim")
    most = " · ".join(f"{name} {count}" for name, count in entry.tags.most_common(3))
    tags = shown(most, options)
    return Text(tags or "no tags", style="dim")
