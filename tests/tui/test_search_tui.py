"""Searching in the TUI through Pilot: the article, n/N, Esc, and every article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, read_text
from textual.widgets import OptionList

from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.search import LibraryHit, SearchResultsScreen, SearchScreen


@pytest.fixture
def library(tmp_path: Path) -> list[Path]:
    return [Path(shutil.copy(seed, tmp_path / seed.name)) for seed in SEEDS]


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        await pilot.press("space" if char == " " else char)


async def test_search_the_article_then_move_between_hits(library: list[Path]) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(150, 40)) as pilot:
        view = app.query_one(ArticleView)
        text = view.article_text
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "الصين")
        await pilot.press("enter")
        await pilot.pause()
        hits = app.searching.hits
        assert hits and len(hits) >= 10
        # Every hit is the word without its proclitics, in the exact text.
        assert {text[h.start : h.end] for h in hits} <= {"الصين", "لصين"}
        assert view.mentions is not None and view.mentions.component == "article-view--search"

        def cursor_hits() -> list[int]:
            cursor = view.cursor
            assert cursor is not None
            return [h.start for h in hits if cursor.start <= h.start < cursor.end]

        first = cursor_hits()
        assert first
        await pilot.press("n")
        second = cursor_hits()
        assert second and min(second) > max(first)
        await pilot.press("N")
        assert cursor_hits() == first
        await pilot.press("escape")
        assert app.searching.hits is None and view.mentions is None


async def test_whole_words_or_substrings(library: list[Path]) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "امريكا")
        await pilot.press("enter")
        await pilot.pause()
        assert app.searching.hits is None  # no whole word أمريكا in this article
        await pilot.press("slash")  # Enter alone searches the last query again,
        await pilot.press("ctrl+t", "enter")  # here inside words
        await pilot.pause()
        assert app.searching.hits
        text = app.query_one(ArticleView).article_text
        found = {text[h.start : h.end] for h in app.searching.hits}
        assert found == {"أمريك", "أميرك"}  # both spellings of the name
        subtitle = str(app.query_one(ArticleView).border_subtitle)
        assert "inside words" in subtitle and f"of {len(app.searching.hits)}" in subtitle


async def search_every_article(app: ReaderApp, pilot, query: str) -> SearchResultsScreen:  # type: ignore[no-untyped-def]
    """Type `query`, press ctrl+l, and wait for the results."""
    await pilot.press("slash")
    await type_text(pilot, query)
    await pilot.press("ctrl+l")
    for _ in range(100):
        await pilot.pause(0.05)
        if isinstance(app.screen, SearchResultsScreen):
            break
    screen = app.screen
    assert isinstance(screen, SearchResultsScreen)
    return screen


async def test_search_every_article_and_open_one_at_its_hit(library: list[Path]) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=(150, 40)) as pilot:
        screen = await search_every_article(app, pilot, "الولايات المتحدة")
        found: list[LibraryHit] = screen.hits
        assert len({hit.article for hit in found}) >= 2
        for hit in found:
            text = read_text(library[hit.article])
            assert text[hit.hit.start : hit.hit.end].endswith("المتحدة")
            assert hit.snippet in text.splitlines()[hit.line - 1]
        target = next(n for n, hit in enumerate(found) if hit.article != 0)
        results = screen.query_one("#results", OptionList)
        results.highlighted = results.get_option_index(str(target))
        # Each article's title and file name once, above its hits.
        headings = [o for o in results.options if o.disabled]
        assert len(headings) == len({hit.article for hit in found})
        assert any(
            library[target_hit.article].name in str(h.prompt)
            for h in headings
            for target_hit in found[:1]
        )
        await pilot.press("enter")
        await pilot.pause(0.3)
        chosen = found[target]
        assert app.current == chosen.article
        cursor = app.query_one(ArticleView).cursor
        assert cursor is not None and cursor.start <= chosen.hit.start < cursor.end
        assert app.searching.hits


async def library_hits(library: list[Path], query: str) -> list[tuple[int, int, int]]:
    app = ReaderApp(library)
    async with app.run_test(size=(150, 40)) as pilot:
        screen = await search_every_article(app, pilot, query)
        return [(hit.article, hit.hit.start, hit.hit.end) for hit in screen.hits]


async def test_every_article_is_searched_through_the_librarys_index(
    library: list[Path],
) -> None:
    from reader.index import LibraryIndex, update_index

    root = library[0].parent
    scanned = await library_hits(library, "بكين")
    with LibraryIndex.for_root(root) as index:
        update_index(index, root)
        assert len(index.candidates("بكين")) < len(library)  # the index narrows it
    assert await library_hits(library, "بكين") == scanned
    # An article changed since the index was built is still searched.
    edited = library[0]
    edited.write_text(read_text(edited) + "\nوصل الوفد إلى بكين.\n", encoding="utf-8")
    again = await library_hits(library, "بكين")
    assert {article for article, _, _ in again} == {article for article, _, _ in scanned} | {0}


async def test_an_indexed_librarys_rows_show_their_titles_before_they_are_read(
    tmp_path: Path,
) -> None:
    from reader.index import LibraryIndex, update_index
    from reader.tui.library import EAGER_ROWS

    root = tmp_path / "archive"
    root.mkdir()
    count = EAGER_ROWS + 30
    paths = []
    for number in range(count):
        path = root / f"{number:04d}.txt"
        path.write_text(f"عنوان الخبر رقم {number}\n\nنص قصير عن بيروت.\n", encoding="utf-8")
        paths.append(path)
    with LibraryIndex.for_root(root) as index:
        update_index(index, root)
    app = ReaderApp(paths)
    first = app.library.list_first()  # what the app does before its first paint
    assert first is not None
    app.workers.cancel_all()
    last = app.library.rows[-1]
    assert last.title == f"عنوان الخبر رقم {count - 1}" and last.size > 0
