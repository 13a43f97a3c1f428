"""The folder index: entities cached by content, progress, cancelling, the
overview screen and the indexing bar in the app."""

from __future__ import annotations

import io
import json
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEEDS, read_text
from rich.console import Console
from textual.widgets import Static

from reader.annotations.model import Annotation, AnnotationSet
from reader.annotations.sidecar import ArticleStamp, serialise, sidecar_path
from reader.corpus import Article
from reader.library import (
    ArticleIndex,
    EntityCache,
    Progress,
    index_article,
    index_library,
    library_entities,
)
from reader.nlp import entities as entities_module
from reader.nlp.entities import extract, group
from reader.tui.app import ReaderApp
from reader.tui.library import IndexBar
from reader.tui.overview import OverviewScreen, bar


def make_folder(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """`count` distinct articles made of seed paragraphs, one in three tagged."""
    paragraphs = [p for s in SEEDS for p in read_text(s).split("\n") if p.strip()]
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        text = "\n".join(rng.sample(paragraphs, 3))
        path = folder / f"article_{number:03d}.txt"
        path.write_text(text, encoding="utf-8")
        if number % 3 == 0:
            tagged = [
                Annotation.new(text, 0, 20, ("claim",)),
                Annotation.new(text, 30, 50, ("quote", "claim")),
            ]
            state = AnnotationSet().with_annotations(tagged)
            sidecar_path(path).write_bytes(serialise(state, ArticleStamp.of(path.name, text)))
        paths.append(path)
    return paths


def counting_extract(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count calls of the extractor the index uses in this process."""
    calls: list[int] = []

    def extract_counted(text: str) -> list:  # type: ignore[type-arg]
        calls.append(len(text))
        return extract(text)

    monkeypatch.setattr("reader.library.extract", extract_counted)
    return calls


def test_an_article_is_extracted_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = make_folder(tmp_path, 1)
    cache = EntityCache(tmp_path / "cache")
    calls = counting_extract(monkeypatch)
    first = index_article(path, cache)
    second = index_article(path, cache)
    assert len(calls) == 1 and not first.from_cache and second.from_cache
    assert first.entities == second.entities and first.entities
    # The cached mentions are exactly the extractor's, offsets and all.
    text = read_text(path)
    assert cache.get(text) == extract(text)
    # A copy under another name is the same content: no new extraction.
    copy = tmp_path / "copy.txt"
    shutil.copy(path, copy)
    assert index_article(copy, cache).from_cache and len(calls) == 1
    # An edited article is extracted again.
    path.write_text(text + "\nوقالت شركة هواوي إنها ستطلق رقاقة جديدة.", encoding="utf-8")
    edited = index_article(path, cache)
    assert not edited.from_cache and len(calls) == 2
    assert ("ORG", "Huawei") in {(kind, name) for kind, name, _ in edited.entities}


def test_a_broken_cache_file_is_a_miss_not_an_error(tmp_path: Path) -> None:
    (path,) = make_folder(tmp_path, 1)
    cache = EntityCache(tmp_path / "cache")
    text = read_text(path)
    index_article(path, cache)
    for junk in (b"{not json", b'[[0, 99999999, "ORG", "x"]]', b'[["a", 1, "ORG", "x"]]', b""):
        cache.path_for(text).write_bytes(junk)
        assert cache.get(text) is None
        entry = index_article(path, cache)
        assert not entry.from_cache and entry.entities
        assert cache.get(text) == extract(text)  # and the cache is good again


def test_a_new_extractor_or_model_does_not_use_the_old_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = make_folder(tmp_path, 1)
    index_article(path, EntityCache(tmp_path / "cache"))
    monkeypatch.setattr("reader.library.EXTRACTOR_VERSION", entities_module.EXTRACTOR_VERSION + 1)
    assert not index_article(path, EntityCache(tmp_path / "cache")).from_cache


def test_the_index_counts_tags_and_applies_the_sidecar_corrections(tmp_path: Path) -> None:
    (path,) = make_folder(tmp_path, 1)
    entry = index_article(path, EntityCache(tmp_path / "cache"))
    assert entry.annotations == 2 and entry.tags == Counter({"claim": 2, "quote": 1})
    text = read_text(path)
    expected = group(extract(text))
    most = max(expected, key=lambda e: len(e.mentions))
    assert entry.entities[0][2] == len(most.mentions)
    assert entry.title == text.split("\n")[0].strip()


def test_unreadable_and_binary_files_are_listed_as_skipped(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x7fDATA\x00\x00\x01\x00\x00\x00\x02\x00" * 40)
    entry = index_article(binary, EntityCache(tmp_path / "cache"))
    assert entry.skipped == "not text: binary data (NUL bytes)"
    image = tmp_path / "old.txt"
    image.write_bytes(b"\x89PNG")
    assert index_article(image, EntityCache(tmp_path / "cache")).skipped == "not text: a PNG image"
    gone = index_article(tmp_path / "gone.txt", EntityCache(tmp_path / "cache"))
    assert gone.skipped == "no such file"


def test_one_pass_lists_every_article_then_indexes_and_can_be_cancelled(
    tmp_path: Path,
) -> None:
    paths = make_folder(tmp_path, 6)
    cache = EntityCache(tmp_path / "cache")
    seen: list[tuple[int, ArticleIndex, Progress]] = []

    def cancel_after_two() -> bool:
        return sum(row.indexed for _, row, _ in seen) >= 2

    for event in index_library(list(enumerate(paths)), cache, cancelled=cancel_after_two):
        seen.append(event)
    # Every article is listed first (title, size, tags), before any extraction.
    assert [number for number, _, _ in seen[:6]] == list(range(6))
    assert all(row.size > 0 and row.title and not row.indexed for _, row, _ in seen[:6])
    assert [p.done for _, _, p in seen[6:]] == [1, 2] and all(p.total == 6 for _, _, p in seen)
    # What was indexed before the cancel is cached, and indexed as it is
    # listed; the rest is extracted next time.
    results = list(index_library(list(enumerate(paths)), cache))
    assert [number for number, _, _ in results] == [0, 1, 2, 3, 4, 5, 2, 3, 4, 5]
    indexed = {number: row for number, row, _ in results if row.indexed}
    assert [indexed[n].from_cache for n in range(6)] == [True, True, False, False, False, False]
    assert results[-1][2].done == 6 and results[-1][2].eta == 0
    # Cancelling stops between cached articles too.
    seen.clear()
    for event in index_library(list(enumerate(paths)), cache, cancelled=cancel_after_two):
        seen.append(event)
    assert [p.done for _, _, p in seen] == [1, 2]
    in_process = list(index_library(list(enumerate(paths)), cache, in_process=True))
    assert [r.entities for _, r, _ in in_process] == [indexed[n].entities for n in range(6)]


def test_extraction_waits_until_wanted_and_stops_when_told(tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 3)
    cache = EntityCache(tmp_path / "cache")
    listed: list[ArticleIndex] = []
    stop = False

    def extract_now() -> bool:
        nonlocal stop
        stop = len(listed) == 3  # listing is done: say stop instead of go
        return False

    for _, row, _ in index_library(
        list(enumerate(paths)), cache, extract_now=extract_now, stop_extracting=lambda: stop
    ):
        listed.append(row)
    assert len(listed) == 3 and not any(row.indexed for row in listed)
    assert not list(cache.root.rglob("*.json"))  # nothing was extracted


def test_a_second_pass_reads_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One read of each article and of each sidecar per pass (the listing and
    the index are one pass), when the entity cache has them."""
    import reader.library as library_module

    paths = make_folder(tmp_path, 4)
    cache = EntityCache(tmp_path / "cache")
    list(index_library(list(enumerate(paths)), cache, in_process=True))
    articles: list[str] = []
    sidecars: list[str] = []
    real_read, real_state = library_module.read_article, library_module.saved_state

    def read_article(path: Path) -> Article:
        articles.append(path.name)
        return real_read(path)

    def saved_state(path: Path) -> AnnotationSet:
        sidecars.append(path.name)
        return real_state(path)

    monkeypatch.setattr(library_module, "read_article", read_article)
    monkeypatch.setattr(library_module, "saved_state", saved_state)
    rows = [row for _, row, _ in index_library(list(enumerate(paths)), cache)]
    assert len(rows) == 4 and all(row.indexed and row.from_cache for row in rows)
    assert sorted(articles) == sorted(sidecars) == sorted(p.name for p in paths)


def test_progress_rate_and_time_left() -> None:
    progress = Progress(250, 1000, 5.0)
    assert progress.rate == 50 and progress.eta == 15
    assert progress.describe() == "250/1,000 articles · 50/s · 15 s left"
    assert Progress(0, 10, 0.0).eta is None
    assert Progress(10, 4000, 2.0).describe().endswith("13 min 18 s left")


def test_library_entities_fold_spellings_across_articles() -> None:
    from reader.library import ArticleIndex

    one = ArticleIndex(Path("a"), "a", 1, entities=(("ORG", "DeepSeek", 5), ("PLACE", "الصين", 2)))
    two = ArticleIndex(Path("b"), "b", 1, entities=(("ORG", "Deepseek", 1), ("PLACE", "الصين", 4)))
    ranked = library_entities([one, two])
    assert [(e.type, e.name, e.mentions, e.articles) for e in ranked] == [
        ("ORG", "DeepSeek", 6, 2),
        ("PLACE", "الصين", 6, 2),
    ]


def test_bars_are_proportional_in_eighths_of_a_cell() -> None:
    assert bar(10, 10, 8) == "█" * 8
    assert bar(5, 10, 8) == "█" * 4
    assert bar(1, 16, 8) == "▌"
    assert bar(1, 1000, 8) == "▏"  # never invisible
    assert bar(0, 10, 8) == ""


# -- in the app ------------------------------------------------------------------


def shown(screen: OverviewScreen) -> str:
    """The chart as text, as the terminal would show it."""
    console = Console(width=120, file=io.StringIO(), record=True)
    console.print(screen.query_one("#overview-chart", Static).content)
    return console.export_text()


async def settle(app: ReaderApp, pilot) -> None:  # type: ignore[no-untyped-def]
    while app.entities_pending or app.library.progress is not None:
        await pilot.pause(0.05)


async def test_the_app_indexes_the_folder_and_the_overview_shows_it(tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 4)
    app = ReaderApp(paths, cache_folder=tmp_path / "cache")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        assert sorted(app.library.entries) == [0, 1, 2, 3]
        assert not app.query_one(IndexBar).display
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        articles = screen.query_one("#overview-articles")
        assert articles.option_count == 5  # the whole library, then each article
        chart = shown(screen)
        top = library_entities(app.library.entries.values())[0]
        assert "Most mentioned across the library" in chart and f"{top.mentions:,} in" in chart
        assert "claim" in chart  # the tags across the library
        await pilot.press("down", "down")  # the second article
        chart = shown(screen)
        assert "Most mentioned" in chart and "across" not in chart
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, OverviewScreen) and app.current == 1


async def test_tagging_updates_the_overview_counts(tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 2)
    app = ReaderApp(paths, cache_folder=tmp_path / "cache")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        before = app.library.entries[0].tags["evidence"]
        await pilot.press("2")  # tag the sentence under the cursor "evidence"
        assert app.library.entries[0].tags["evidence"] == before + 1


async def test_a_second_open_of_the_folder_is_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_folder(tmp_path, 3)
    cache = tmp_path / "cache"
    app = ReaderApp(paths, cache_folder=cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
    files = sorted(p.name for p in cache.rglob("*.json"))
    assert len(files) == 3
    calls = counting_extract(monkeypatch)
    monkeypatch.setattr(
        "reader.tui.entity_finding.extract", lambda text: calls.append(len(text)) or []
    )
    app = ReaderApp(paths, cache_folder=cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        assert all(entry.from_cache for n, entry in app.library.entries.items() if n)
        assert app.entities  # the open article's, from the cache too
    assert calls == []
    assert json.loads(next(cache.rglob("*.json")).read_text())  # rows of mentions


async def test_x_stops_indexing_and_says_what_was_kept(tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 12, seed=5)
    app = ReaderApp(paths, cache_folder=tmp_path / "cache")
    async with app.run_test(size=(140, 40)) as pilot:
        while app.library.progress is None:
            await pilot.pause(0.02)
        assert app.query_one(IndexBar).display
        await pilot.press("x")
        while app.library.progress is not None:
            await pilot.pause(0.05)
        assert len(app.library.entries) < 12
        assert not app.query_one(IndexBar).display
        assert any("Indexing stopped" in n.message for n in app._notifications)
        await pilot.press("o")  # the overview goes on with the rest
        while len(app.library.entries) < 12:
            await pilot.pause(0.05)


async def test_the_overview_of_an_indexed_archive_counts_from_its_index(tmp_path: Path) -> None:
    from reader.index import LibraryIndex, update_index

    root = tmp_path / "archive"
    root.mkdir()
    text = SEEDS[0].read_text(encoding="utf-8")
    paths = []
    for number in range(40):  # distinct texts: nothing in the app's fresh cache
        path = root / f"{number:03d}.txt"
        path.write_text(f"{text}\nالعدد {number}\n", encoding="utf-8")
        paths.append(path)
    with LibraryIndex.for_root(root) as index:
        update_index(index, root)
        top_mentions = index.top_entities(1)[0][2]
    app = ReaderApp(paths, cache_folder=tmp_path / "fresh-cache")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("o", "x")  # the overview, and stop reading the archive
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert len(app.library.entries) < len(paths)
        chart = shown(screen)
        assert "Most mentioned across the library (from its index)" in chart
        assert f"{top_mentions:,} in 40" in chart
