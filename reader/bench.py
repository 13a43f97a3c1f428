"""Speed figures for reader, measured on data generated at run time.

    python -m reader.bench            a table
    python -m reader.bench --json     one JSON object

Articles are the seeds repeated to the size wanted, so the text is real Arabic
news with its numbers, Latin names and harakat. Times are medians of several
runs on fresh layouts (nothing cached between runs but per-character tables).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from reader.corpus import decode
from reader.layout import ArticleLayout

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SCREEN_LINES = 30
WIDTH = 80


def seed_text() -> str:
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no seeds in {SEEDS}: run from a checkout of reader")
    return "\n".join(decode(p.read_bytes(), str(p))[0] for p in paths)


def article_of_size(size_bytes: int, base: str) -> str:
    """Seeds repeated (whole paragraphs) until the UTF-8 size reaches size_bytes."""
    base_bytes = len(base.encode("utf-8"))
    text = base * (size_bytes // base_bytes + 1)
    # Cut at a paragraph boundary near the size asked for.
    cut = int(len(text) * size_bytes / len(text.encode("utf-8")))
    newline = text.find("\n", cut)
    return text[: newline if newline > 0 else cut]


def varied_text(size_bytes: int, seed: int = 7) -> str:
    """Arabic text of distinct sentences, about `size_bytes` of UTF-8: words
    drawn by their frequency from the shipped word table (323,000 words),
    with names of people, places and organisations from the gazetteers,
    numbers, dates and Latin names among them. Unlike the seeds repeated,
    almost no sentence or rare word recurs, so nothing is cached by recurrence
    (what news the reader has not seen is like)."""
    from reader.nlp.gazetteer import all_names, person_names
    from reader.nlp.word_frequency import zipf_table

    table = zipf_table()
    chooser = random.Random(seed)
    # Zipf 7 (the commonest words) weighs 10,000 times Zipf 3.
    weights = [10 ** (int(code) / 10) for code in table.codes]
    words = chooser.choices(table.words, weights=weights, k=size_bytes // 5)
    # Places and organisations of the gazetteers, and people's given names.
    names = sorted({name.canonical for name in all_names()} | set(person_names()))
    latin = ["Nvidia", "OpenAI", "Reuters", "Goldman Sachs", "JD Vance", "SoftBank", "MIT"]
    out: list[str] = []
    size = 0
    at = 0
    while size < size_bytes and at < len(words):
        length = chooser.randint(6, 28)
        sentence = words[at : at + length]
        at += length
        for _ in range(chooser.randint(0, 3)):
            sentence.insert(chooser.randrange(len(sentence) + 1), chooser.choice(names))
        if chooser.random() < 0.3:
            sentence.insert(chooser.randrange(len(sentence) + 1), chooser.choice(latin))
        if chooser.random() < 0.3:
            number = (
                f"{chooser.randint(1, 2025)}"
                if chooser.random() < 0.5
                else f"{chooser.randint(1, 99)}%"
            )
            sentence.insert(chooser.randrange(len(sentence) + 1), number)
        text = " ".join(sentence) + chooser.choice([".", ".", "،", "؟"])
        out.append(text + ("\n\n" if chooser.random() < 0.2 else " "))
        size += len(text.encode("utf-8")) + 1
    return "".join(out)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_screen(text: str) -> None:
    """What the reader does before its first paint: lay out one screenful."""
    layout = ArticleLayout(text)
    lines = layout.lines(WIDTH)
    for _ in range(SCREEN_LINES):
        if next(lines, None) is None:
            break


def layout_everything(text: str) -> int:
    return sum(1 for _ in ArticleLayout(text).lines(WIDTH))


# Widths the terminal is narrowed to one after another (each new to the
# layout's caches), from the 120 columns the app starts at.
RESIZE_WIDTHS = (100, 96, 92, 88, 84)


async def _tui_figures(
    path: Path, presses: int, pause: float = 0.0
) -> tuple[float, dict[str, list[float]], list[float]]:
    """(seconds to the first painted screen, milliseconds per key by kind of
    key, milliseconds to re-wrap and repaint after each resize); with no
    `presses`, the first paint alone."""
    from textual.geometry import Region
    from textual.strip import Strip

    from reader.tui.app import ReaderApp  # Textual only for these figures
    from reader.tui.article_view import ArticleView

    # First paint: when the last row of the article's first screen is drawn,
    # not when background work (entity extraction) has finished.
    painted: list[float] = []
    # After a resize: when the last row is drawn again at another width.
    rewrapped: list[float] = []
    rewrap_width: list[int] = []  # the width before the resize being timed
    draw = ArticleView.render_line

    def render_line(view: ArticleView, y: int) -> Strip:
        strip = draw(view, y)
        if y == view.size.height - 1 and view.line_index.known_lines:
            if not painted:
                painted.append(time.perf_counter())
            elif rewrap_width and not rewrapped and view.wrap_width != rewrap_width[-1]:
                rewrapped.append(time.perf_counter())
        return strip

    start = time.perf_counter()
    # An empty entity cache: what opening a new article costs.
    app = ReaderApp([path], cache_folder=path.parent / "entity-cache")
    ArticleView.render_line = render_line  # type: ignore[method-assign,assignment]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            while not painted:
                await pilot.pause(0.01)
            first_paint = painted[0] - start
            await app.workers.wait_for_complete()
            if not presses:
                return first_paint, {}, []
            view = app.query_one(ArticleView)
            screen = Region(0, 0, view.size.width, view.size.height)

            async def press(action: Callable[[], None], pause: float) -> list[float]:
                """ms per key: the action and painting the screen it leaves, as the
                compositor asks for it; `pause` seconds of reading between keys
                (0: keys back to back, the app never idle)."""
                times = []
                for _ in range(presses):
                    if pause:
                        await asyncio.sleep(pause)
                    start = time.perf_counter()
                    action()
                    view.render_lines(screen)
                    times.append((time.perf_counter() - start) * 1000)
                return times

            # A fast reader: a key every `pause` s (the view reads ahead when idle).
            pages = await press(view.action_page_down, pause)
            sentences = await press(view.action_next_sentence, pause)
            # Keys held down: no idle time to read ahead in.
            burst = await press(view.action_page_down, 0)
            # Re-wrap at the position the page-downs reached: the terminal
            # narrows by 20 columns; until the app has drawn the article's
            # last row at the new width (Pilot.resize_terminal, run as a task,
            # resizes at once; awaited, it would also wait for every other
            # widget to settle and for the process to go idle).
            # The page-downs above ran back to back; let the app catch up on
            # the scroll messages they queued, so they are not counted here.
            await pilot.pause()
            resizes = []
            for columns in RESIZE_WIDTHS:
                rewrapped.clear()
                rewrap_width.append(view.wrap_width)
                start = time.perf_counter()
                resizing = asyncio.create_task(pilot.resize_terminal(columns, 40))
                while not rewrapped and time.perf_counter() - start < 30:
                    await asyncio.sleep(0.001)
                await resizing
                done = rewrapped[0] if rewrapped else time.perf_counter()
                resizes.append((done - start) * 1000)
                await asyncio.sleep(pause)  # reading, as a reader would, before the next
    finally:
        ArticleView.render_line = draw  # type: ignore[method-assign]
    return first_paint, {"pagedown": pages, "j": sentences, "pagedown_burst": burst}, resizes


# Seconds between keys when paging like a (fast) reader.
READING_PAUSE = 0.3


def tui_figures(small: str, large: str, presses: int = 40, paint_runs: int = 3) -> dict[str, float]:
    """First paints (median of `paint_runs` fresh apps per size, the sizes
    taken in turn, so that a slow spell of the machine weighs on both), then
    keys and resizes in the large article."""
    with tempfile.TemporaryDirectory() as folder:
        figures: dict[str, float] = {}
        paths = {}
        for name, text in (("10kb", small), ("10mb", large)):
            paths[name] = Path(folder) / f"{name}.txt"
            paths[name].write_text(text, encoding="utf-8")
        paints: dict[str, list[float]] = {"10kb": [], "10mb": []}
        for _ in range(max(paint_runs - 1, 0)):
            for name, path in paths.items():
                paints[name].append(asyncio.run(_tui_figures(path, 0))[0])
        paints["10kb"].append(asyncio.run(_tui_figures(paths["10kb"], 0))[0])
        paint, keys, resizes = asyncio.run(_tui_figures(paths["10mb"], presses, READING_PAUSE))
        paints["10mb"].append(paint)
        for name, times in paints.items():
            figures[f"first_paint_{name}_s"] = statistics.median(times)
        for key, times in keys.items():
            ordered = sorted(times)
            figures[f"{key}_10mb_median_ms"] = statistics.median(ordered)
            figures[f"{key}_10mb_p95_ms"] = ordered[int(0.95 * (len(ordered) - 1))]
        figures["resize_10mb_ms"] = statistics.median(resizes)
        figures["resize_10mb_max_ms"] = max(resizes)
    return figures


def entity_figures(text: str, runs: int, varied: str | None = None) -> dict[str, float]:
    """`reader entities FILE --json` on about 1 MB of Arabic, as a whole process
    (start-up, model load, extraction, output), median of `runs`: the seeds
    repeated, and varied text (`varied_text`), the figure that counts."""
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, sample in (("", text), ("_varied", varied)):
            if sample is None:
                continue
            path = Path(folder) / f"one_mb{name}.txt"
            path.write_text(sample, encoding="utf-8")
            command = [sys.executable, "-m", "reader", "entities", str(path), "--json"]
            seconds = median_seconds(partial(_quietly, command), runs)
            figures[f"entities{name}_1mb_s"] = seconds
            figures[f"entities{name}_chars_per_s"] = len(sample) / seconds
    return figures


def render_figures(text: str, runs: int) -> dict[str, float]:
    """`reader render` and GNU FriBidi's `fribidi` on the same file and width,
    whole processes, median of `runs` (fribidi only if installed)."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten_mb.txt"
        path.write_text(text, encoding="utf-8")
        ours = [sys.executable, "-m", "reader", "render", str(path), "--width", str(WIDTH)]
        figures["render_10mb_s"] = median_seconds(lambda: _quietly(ours), runs)
        fribidi = shutil.which("fribidi")
        if fribidi:
            theirs = [fribidi, "--rtl", "--width", str(WIDTH), str(path)]
            figures["fribidi_10mb_s"] = median_seconds(lambda: _quietly(theirs), runs)
            figures["render_to_fribidi_ratio"] = (
                figures["render_10mb_s"] / figures["fribidi_10mb_s"]
            )
    return figures


def _quietly(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def rss_figures(text: str) -> dict[str, float]:
    """Peak resident memory of a process that opens a 10 MB article in the
    TUI (headless), pages through it and resizes: the whole app, Python included."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ten_mb.txt"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "reader.bench", "--rss-of", str(path)]
        result = subprocess.run(command, check=True, capture_output=True, text=True)
    app, child = (float(value) for value in result.stdout.split())
    # The app's own peak; the entity extraction of a long article runs in a
    # child process, whose peak is reported beside it.
    return {"rss_10mb_mb": app, "rss_10mb_extraction_child_mb": child}


def _peak_rss_mb(path: Path) -> tuple[float, float]:
    asyncio.run(_tui_figures(path, 40))
    # ru_maxrss is in kilobytes on Linux; RUSAGE_CHILDREN: the largest child.
    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    )


def sidecar_figures(text: str, count: int, runs: int) -> dict[str, float]:
    """Loading and saving an article's annotations when it has `count` of them."""
    from reader.annotations.model import Annotation
    from reader.annotations.store import AnnotationStore

    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "annotated.txt"
        article.write_text(text, encoding="utf-8")
        data = Path(folder) / "user-data"
        store = AnnotationStore(article, text, data_dir=data)
        step = max(len(text) // count, 2)
        rng = random.Random(3)
        tags = ("claim", "evidence", "quote", "statistic")
        annotations = [
            Annotation.new(
                text,
                start,
                start + step // 2,
                (rng.choice(tags),),
                "ملاحظة قصيرة على هذا المقطع" if start % 3 == 0 else "",
            )
            for start in range(0, step * count, step)
        ]
        store.change(store.state.with_annotations(annotations), "bench")
        store.save()
        saves = []
        for run in range(runs):
            # What a save after one tag costs: toggle a tag, save.
            first = store.state.annotations[run]
            store.change(store.state.put(first.with_tag_toggled("important")), "tag")
            start = time.perf_counter()
            store.save()
            saves.append(time.perf_counter() - start)
        load = median_seconds(lambda: AnnotationStore(article, text, data_dir=data), runs)
        assert len(AnnotationStore(article, text, data_dir=data).state.annotations) == count
    return {
        "sidecar_load_10k_ms": load * 1000,
        "sidecar_save_10k_ms": statistics.median(saves) * 1000,
    }


def make_library(folder: Path, count: int, base: str) -> list[Path]:
    """`count` distinct articles of 3-6 seed paragraphs; one in ten annotated."""
    from reader.annotations.model import Annotation, AnnotationSet
    from reader.annotations.sidecar import ArticleStamp, serialise, sidecar_path

    paragraphs = [p for p in base.split("\n") if p.strip()]
    rng = random.Random(11)
    paths = []
    for number in range(count):
        text = "\n".join(rng.sample(paragraphs, rng.randint(3, 6)))
        path = folder / f"article_{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        if number % 10 == 0:
            tagged = [Annotation.new(text, k * 40, k * 40 + 25, ("claim",)) for k in range(5)]
            state = AnnotationSet().with_annotations(tagged)
            sidecar_path(path).write_bytes(serialise(state, ArticleStamp.of(path.name, text)))
        paths.append(path)
    return paths


async def _library_shown(paths: list[Path], cache: Path) -> tuple[float, float]:
    """(seconds until every article is listed, until every entry is read:
    title, size, notes; the listing fills in after the first paint)."""
    from reader.tui.app import ReaderApp
    from reader.tui.panels import LibraryPanel

    start = time.perf_counter()
    app = ReaderApp(paths, cache_folder=cache)
    async with app.run_test(size=(160, 45)) as pilot:
        library = app.query_one(LibraryPanel)
        while library.option_count < len(paths):
            await pilot.pause(0.01)
        shown = time.perf_counter() - start
        while any(row.size < 0 for row in app.library.rows):  # listed, not yet read
            await pilot.pause(0.01)
        read = time.perf_counter() - start
        app.workers.cancel_group(app, "library")
    return shown, read


async def _key_latencies(paths: list[Path], cache: Path, presses: int) -> list[float]:
    """Milliseconds from a `j` reaching the app to the cursor having moved,
    pressed as soon as the app is up: while the library is still being
    listed and its entities extracted in the background."""
    from textual import events

    from reader.tui.app import ReaderApp
    from reader.tui.article_view import ArticleView

    app = ReaderApp(paths, cache_folder=cache)
    times = []
    async with app.run_test(size=(160, 45)) as pilot:
        view = app.query_one(ArticleView)
        for _ in range(presses):
            before = view.cursor
            start = time.perf_counter()
            app.post_message(events.Key("j", "j"))
            while view.cursor == before:
                await asyncio.sleep(0.0005)
            times.append((time.perf_counter() - start) * 1000)
            if view.cursor is not None and view.cursor.end >= len(view.article_text) - 2:
                await pilot.press("g")
            await asyncio.sleep(0.05)  # a reader's pace, not a key repeat
        app.workers.cancel_group(app, "library")
    return times


def busy_library_figures(base: str, count: int, presses: int = 60) -> dict[str, float]:
    """A folder of `count` (10,000) articles: how soon it is listed and read,
    and how fast keys answer while that and the indexing go on."""
    with tempfile.TemporaryDirectory() as folder:
        paths = make_library(Path(folder), count, base)
        shown, read = asyncio.run(_library_shown(paths, Path(folder) / "cache"))
        times = asyncio.run(_key_latencies(paths, Path(folder) / "cache2", presses))
    return {
        "library_10000_shown_s": shown,
        "library_10000_read_s": read,
        "key_busy_10000_median_ms": statistics.median(times),
        "key_busy_10000_p95_ms": sorted(times)[int(0.95 * (len(times) - 1))],
    }


def dump_figures(base: str, count: int) -> dict[str, float]:
    """A JSONL dump of `count` distinct records: seconds to list it (its
    records found, the dump never read whole), and milliseconds to open a
    record anywhere in it (median over records spread through it)."""
    from reader.corpus import find_articles, read_article
    from reader.formats import dumps

    paragraphs = [p for p in base.split("\n") if p.strip()]
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dump.jsonl"
        with dump.open("w", encoding="utf-8") as handle:
            for number in range(count):
                text = "\n\n".join(rng.sample(paragraphs, rng.randint(2, 4)))
                record = {"title": f"{number}: {paragraphs[number % len(paragraphs)][:60]}"}
                handle.write(json.dumps({**record, "text": text}, ensure_ascii=False) + "\n")
        dumps._OFFSETS.clear()  # listed cold
        start = time.perf_counter()
        records = find_articles(dump)
        listed = time.perf_counter() - start
        opens = []
        for number in range(0, count, max(count // 25, 1)):
            start = time.perf_counter()
            read_article(records[number])
            opens.append((time.perf_counter() - start) * 1000)
        size = dump.stat().st_size
    return {
        "dump_100k_listed_s": listed,
        "dump_100k_record_open_ms": statistics.median(opens),
        "dump_100k_mb": size / 2**20,
    }


def library_figures(base: str, count: int) -> dict[str, float]:
    """A folder of `count` articles: the library listed in the app, then the
    whole folder indexed (entities extracted in a child process) with an empty
    cache, and again with the cache that run filled."""
    from reader.library import EntityCache, index_library

    with tempfile.TemporaryDirectory() as folder:
        paths = make_library(Path(folder), count, base)
        cache = Path(folder) / "cache"
        shown, read = asyncio.run(_library_shown(paths, cache))
        chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        numbered = list(enumerate(paths))

        def index() -> None:
            for _ in index_library(numbered, EntityCache(cache / "entities")):
                pass

        cold = median_seconds(index, 1)
        warm = median_seconds(index, 3)
    return {
        "library_1000_s": shown,
        "library_1000_read_s": read,
        "library_index_1000_s": cold,
        "library_index_chars_per_s": chars / cold,
        "library_index_cached_1000_s": warm,
    }


def make_archive(folder: Path, count: int) -> list[Path]:
    """`count` articles of varied news (`varied_text`), 1–6 KB each, in
    folders of a hundred, as an archive is kept."""
    text = varied_text(count * 3500)
    sentences = text.split(". ")
    chooser = random.Random(11)
    paths: list[Path] = []
    at = 0
    for number in range(count):
        take = chooser.randint(8, 45)
        body = ". ".join(sentences[at : at + take]) or "خبر قصير."
        at = (at + take) % max(len(sentences) - 50, 1)
        path = folder / f"{number // 100:04d}" / f"{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"عنوان الخبر {number}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def index_figures(count: int, dask: bool = True) -> dict[str, float]:
    """An archive of `count` varied articles indexed (reader.index) with one
    and two local worker processes and on a two-worker Dask cluster on this
    machine, each from nothing (a fresh database and entity cache); then
    whole-word searches through the index (candidates, then the exact hits in
    those articles' text) against today's scan of every article, p50/p95 of
    each; listing every article from the index; the database's size."""
    import os

    from reader.corpus import read_article
    from reader.index import (
        LibraryIndex,
        in_this_process,
        in_worker_processes,
        index_key,
        on_dask,
        update_index,
        worth_searching,
    )
    from reader.nlp.search import find

    figures: dict[str, float] = {}
    saved_cache = os.environ.get("XDG_CACHE_HOME")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "archive"
        paths = make_archive(root, count)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        runs: list[tuple[str, Callable[[str], object]]] = [
            ("1_worker", in_this_process),
            ("2_workers", lambda key: in_worker_processes(2, key)),
        ]
        cluster = None
        if dask:
            try:
                from distributed import LocalCluster

                cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=2,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
                address = cluster.scheduler_address
                runs.append(("dask_2_workers", lambda key: on_dask(address, key)))
            except ImportError:
                pass
        try:
            for name, runner in runs:
                os.environ["XDG_CACHE_HOME"] = str(Path(folder) / f"cache-{name}")
                database = Path(folder) / f"{name}.sqlite3"
                with LibraryIndex(database) as index:
                    began = time.perf_counter()
                    update_index(index, root, runner(index_key()))  # type: ignore[arg-type]
                    seconds = time.perf_counter() - began
                figures[f"index_{name}_articles_per_s"] = count / seconds
                figures[f"index_{name}_chars_per_s"] = chars / seconds
        finally:
            if cluster is not None:
                cluster.close()
        # The searches go through the index where `reader search` looks for it.
        os.environ["XDG_CACHE_HOME"] = str(Path(folder) / "cache-1_worker")
        from reader.index import database_path

        database_path(root).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(folder) / "1_worker.sqlite3", database_path(root))
        # Names the news repeats, and words drawn from the articles
        # themselves (most of them rare: what a researcher looks for).
        queries = ["الصين", "بيروت", "الأمم المتحدة", "مصر", "Nvidia", "الحكومة", "OpenAI"]
        chooser = random.Random(5)
        for path in chooser.sample(paths, min(13, len(paths))):
            words = [w for w in path.read_text(encoding="utf-8").split() if len(w) >= 5]
            if words:
                queries.append(chooser.choice(words).strip("،.؛:«»()"))

        def search(query: str, chosen: list[Path]) -> int:
            return sum(len(find(read_article(p).text, query)) for p in chosen)

        asked: list[float] = []
        through: list[float] = []
        scanned: list[float] = []
        share: list[float] = []
        with LibraryIndex(database_path(root)) as index:
            for query in queries:
                began = time.perf_counter()
                share.append(len(index.candidates(query)) / count)
                asked.append(time.perf_counter() - began)
        for query in queries:
            began = time.perf_counter()
            hits = search(query, worth_searching(root, query, paths) or [])
            through.append(time.perf_counter() - began)
            began = time.perf_counter()
            assert search(query, paths) == hits  # the same hits either way
            scanned.append(time.perf_counter() - began)
        figures["search_index_candidates_p50_ms"] = statistics.median(asked) * 1000
        figures["search_index_candidates_p95_ms"] = _p95(asked) * 1000
        figures["search_index_candidates_share"] = statistics.mean(share)
        figures["search_index_p50_ms"] = statistics.median(through) * 1000
        figures["search_index_p95_ms"] = _p95(through) * 1000
        figures["search_scan_p50_ms"] = statistics.median(scanned) * 1000
        figures["search_scan_p95_ms"] = _p95(scanned) * 1000
        with LibraryIndex(database_path(root)) as index:
            began = time.perf_counter()
            rows = index.rows()
            figures["index_list_s"] = time.perf_counter() - began
            assert len(rows) == count
        figures["index_db_mb"] = database_path(root).stat().st_size / 1e6
        figures["index_articles"] = count
    if saved_cache is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved_cache
    return figures


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# A bare Textual app with a footer: what start-up is measured against.
_BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static
class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self):
        yield Static("bare-app-painted")
        yield Footer()
Bare().run()
"""


def _seconds_to_paint(command: list[str], marker: bytes, env: dict[str, str]) -> float:
    """From starting `command` in a 100×30 pseudo-terminal until `marker`
    is written to it (the first paint), then the process is ended."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True
    )
    os.close(follower)
    seen = b""
    try:
        while marker not in seen:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                raise RuntimeError(f"{command[:3]}: nothing painted in 30 s")
            try:
                seen = seen[-4096:] + os.read(leader, 65536)
            except OSError:  # the process ended before painting
                raise RuntimeError(f"{command[:3]}: ended before painting") from None
        return time.perf_counter() - start
    finally:
        process.kill()
        process.wait()
        os.close(leader)


def startup_figures(runs: int) -> dict[str, float]:
    """`reader FILE` to its first painted article, against a bare Textual
    app to its first paint, in the same run (medians, alternated)."""
    if sys.platform == "win32":
        return {}
    import os

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        article = home / "startup-article.txt"
        shutil.copy(sorted(SEEDS.glob("*.txt"))[0], article)
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
        }
        # As a user's second start: bytecode compiled and cached (a first
        # start also compiles every module, ours and Textual's).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ours, bare = [], []
        for run in range(max(runs, 3) + 1):
            bare_s = _seconds_to_paint([sys.executable, "-c", _BARE_APP], b"bare-app-painted", env)
            ours_s = _seconds_to_paint(
                [sys.executable, "-m", "reader", str(article)], b"startup-article.txt", env
            )
            if run:  # the first is the warm-up
                bare.append(bare_s)
                ours.append(ours_s)
    return {
        "startup_s": statistics.median(ours),
        "startup_bare_textual_s": statistics.median(bare),
        "startup_ratio_to_bare_textual": statistics.median(ours) / statistics.median(bare),
    }


def measure(runs: int = 5, scale: float = 1.0, archive: int | None = None) -> dict[str, float]:
    """Every figure; `scale` shrinks the data (the 10 MB article, the 1 MB
    corpus, 1,000 articles, 10,000 annotations) to check the bench itself
    quickly. The figures' names keep their full-size labels."""
    base = seed_text()
    small = article_of_size(10 * 1024, base)
    large = article_of_size(int(10 * 1024 * 1024 * scale), base)
    corpus = article_of_size(int(1024 * 1024 * scale), base)

    first_screen(small)  # warm the per-character tables
    small_s = median_seconds(lambda: first_screen(small), runs)
    large_s = median_seconds(lambda: first_screen(large), runs)
    corpus_s = median_seconds(lambda: layout_everything(corpus), max(runs // 2, 1))
    corpus_mb = len(corpus.encode("utf-8")) / 1e6
    figures = {
        **startup_figures(runs),
        **tui_figures(
            small, large, presses=40 if scale == 1.0 else 5, paint_runs=3 if scale == 1.0 else 1
        ),
        "layout_mb_per_s": corpus_mb / corpus_s,
        "layout_chars_per_s": len(corpus) / corpus_s,
        "first_screen_10kb_ms": small_s * 1000,
        "first_screen_10mb_ms": large_s * 1000,
        "first_screen_ratio_10mb_to_10kb": large_s / small_s,
        **render_figures(large, max(runs // 2, 1)),
        **rss_figures(large),
        **sidecar_figures(corpus, max(int(10_000 * scale), 10), runs),
        **library_figures(base, max(int(1000 * scale), 3)),
        **dump_figures(base, max(int(100_000 * scale), 1000)),
        **busy_library_figures(base, max(int(10_000 * scale), 3)),
        **entity_figures(corpus, runs, varied_text(int(1024 * 1024 * scale))),
        **index_figures(archive if archive is not None else max(int(10_000 * scale), 20)),
    }
    figures["first_paint_ratio_10mb_to_10kb"] = (
        figures["first_paint_10mb_s"] / figures["first_paint_10kb_s"]
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.bench", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="shrink the data (0.01: a quick check)"
    )
    parser.add_argument(
        "--archive",
        type=int,
        metavar="N",
        help="articles in the generated archive the index is measured on "
        "(default 10,000; 100,000 for the slow run)",
    )
    parser.add_argument(
        "--index-only", action="store_true", help="only the index figures (reader index)"
    )
    parser.add_argument("--rss-of", type=Path, help=argparse.SUPPRESS)  # rss_figures' child
    args = parser.parse_args(argv)
    if args.rss_of:
        print(*(f"{mb:.1f}" for mb in _peak_rss_mb(args.rss_of)))
        return 0
    if args.index_only:
        figures = index_figures(args.archive or max(int(10_000 * args.scale), 20))
    else:
        figures = measure(max(args.runs, 1), args.scale, args.archive)
    if args.scale != 1.0:
        figures["scale"] = args.scale
    if args.json:
        print(json.dumps({k: round(v, 4) for k, v in figures.items()}))
        return 0
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
