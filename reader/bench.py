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
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


async def _tui_figures(path: Path, presses: int) -> tuple[float, list[float]]:
    """(seconds to the first painted screen, milliseconds per page-down)."""
    from textual.strip import Strip

    from reader.tui.app import ReaderApp  # Textual only for these figures
    from reader.tui.article_view import ArticleView

    # First paint: when the last row of the article's first screen is drawn,
    # not when background work (entity extraction) has finished.
    painted: list[float] = []
    draw = ArticleView.render_line

    def render_line(view: ArticleView, y: int) -> Strip:
        strip = draw(view, y)
        if not painted and y == view.size.height - 1 and view.line_index.known_lines:
            painted.append(time.perf_counter())
        return strip

    start = time.perf_counter()
    app = ReaderApp([path])
    ArticleView.render_line = render_line  # type: ignore[method-assign,assignment]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            while not painted:
                await pilot.pause(0.01)
            first_paint = painted[0] - start
            await app.workers.wait_for_complete()
            view = app.query_one(ArticleView)
            times = []
            for _ in range(presses):
                start = time.perf_counter()
                view.action_page_down()
                for y in range(view.size.height):  # paint the new screen
                    view.render_line(y)
                times.append((time.perf_counter() - start) * 1000)
    finally:
        ArticleView.render_line = draw  # type: ignore[method-assign]
    return first_paint, times


def tui_figures(small: str, large: str, presses: int = 40) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        figures: dict[str, float] = {}
        for name, text in (("10kb", small), ("10mb", large)):
            path = Path(folder) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            paint, pages = asyncio.run(_tui_figures(path, presses))
            figures[f"first_paint_{name}_s"] = paint
            if name == "10mb":
                ordered = sorted(pages)
                figures["pagedown_10mb_median_ms"] = statistics.median(ordered)
                figures["pagedown_10mb_p95_ms"] = ordered[int(0.95 * (len(ordered) - 1))]
    return figures


def entity_figures(text: str, runs: int) -> dict[str, float]:
    """`reader entities FILE --json` on about 1 MB of Arabic, as a whole process
    (start-up, model load, extraction, output), median of `runs`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one_mb.txt"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "reader", "entities", str(path), "--json"]

        def run() -> None:
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

        seconds = median_seconds(run, runs)
    return {
        "entities_1mb_s": seconds,
        "entities_chars_per_s": len(text) / seconds,
    }


def measure(runs: int = 5) -> dict[str, float]:
    base = seed_text()
    small = article_of_size(10 * 1024, base)
    large = article_of_size(10 * 1024 * 1024, base)
    corpus = article_of_size(1024 * 1024, base)

    first_screen(small)  # warm the per-character tables
    small_s = median_seconds(lambda: first_screen(small), runs)
    large_s = median_seconds(lambda: first_screen(large), runs)
    corpus_s = median_seconds(lambda: layout_everything(corpus), max(runs // 2, 1))
    corpus_mb = len(corpus.encode("utf-8")) / 1e6
    return {
        **tui_figures(small, large),
        "layout_mb_per_s": corpus_mb / corpus_s,
        "layout_chars_per_s": len(corpus) / corpus_s,
        "first_screen_10kb_ms": small_s * 1000,
        "first_screen_10mb_ms": large_s * 1000,
        "first_screen_ratio_10mb_to_10kb": large_s / small_s,
        **entity_figures(corpus, max(runs // 2, 1)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.bench", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median)")
    args = parser.parse_args(argv)
    figures = measure(max(args.runs, 1))
    if args.json:
        print(json.dumps({k: round(v, 4) for k, v in figures.items()}))
        return 0
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
