"""`reader index`: build or bring up to date a library's index database."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import UsageError

if TYPE_CHECKING:
    from reader.cli import Subparsers
    from reader.index import LibraryIndex


def add_index(commands: Subparsers) -> None:
    index = commands.add_parser(
        "index",
        help="index a library for fast search and entity queries (SQLite)",
        description="Build, or bring up to date, the index of the articles under PATH: "
        "one SQLite database in the user cache folder, with every article's title, "
        "entities, tags and words, so that `reader search`, `reader entities --library` "
        "and the reader's library search answer from it. Articles whose size, time and "
        "sidecar did not change are not read again; removed ones leave it; an "
        "interrupted run is continued by the next. The index is derived data: deleting "
        "it loses nothing but time.",
    )
    index.add_argument("path", type=Path, metavar="PATH")
    index.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="local worker processes that read articles and find their entities "
        "(default: one per core)",
    )
    index.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the reading on an existing Dask distributed cluster "
        "(tcp://host:port); its workers must see PATH at the same place. "
        "Needs pip install 'reader[cluster]'",
    )
    index.add_argument("--db", type=Path, help="the database file (default: in the cache folder)")
    index.add_argument(
        "--bulk",
        type=Path,
        metavar="FILE",
        help="then write the index as OpenSearch/Elasticsearch bulk NDJSON (each article's "
        "exact text, title, metadata and mentions) to FILE ('-': standard output)",
    )
    index.add_argument(
        "--bulk-index", default="reader", metavar="NAME", help="the index name in --bulk actions"
    )


def open_index(root: Path, db: Path | None = None, reading: bool = False) -> LibraryIndex:
    from reader.index import IndexUnavailable, LibraryIndex, database_path

    try:
        return LibraryIndex(db or database_path(root), reading)
    except IndexUnavailable as error:
        raise UsageError(str(error)) from None


class ProgressBar:
    """count, rate and time left on one line of standard error, at most ten
    times a second; nothing when standard error is not a terminal."""

    WIDTH = 24

    def __init__(self) -> None:
        self.shown = 0.0
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int, seconds: float) -> None:
        from reader.library import Progress

        now = time.monotonic()
        if not self.live or (now - self.shown < 0.1 and done < total):
            return
        self.shown = now
        filled = round(self.WIDTH * done / total) if total else self.WIDTH
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        sys.stderr.write(f"\r{bar} {Progress(done, total, seconds).describe()} ")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _write_bulk(index: LibraryIndex, target: Path, name: str) -> None:
    from reader.files import write_atomic
    from reader.index import bulk_lines

    lines = "".join(line + "\n" for line in bulk_lines(index, name))
    if str(target) == "-":
        sys.stdout.write(lines)
        return
    if target.exists():
        raise UsageError(f"{target}: already there; choose another file")
    try:
        write_atomic(target, lines.encode("utf-8"), keep_backup=False)
    except OSError as error:
        raise UsageError(f"{target}: cannot write ({error.strerror or error})") from None


def cmd_index(args: argparse.Namespace) -> int:
    from reader.index import (
        IndexUnavailable,
        in_this_process,
        in_worker_processes,
        index_key,
        on_dask,
        update_index,
    )

    root: Path = args.path
    if not root.exists():
        raise UsageError(f"{root}: no such file or folder")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers takes a number of processes, 1 or more")
    if args.scheduler and args.workers is not None:
        raise UsageError("--workers and --scheduler: choose one (a cluster has its own workers)")
    if args.bulk is not None and str(args.bulk) != "-" and args.bulk.exists():
        raise UsageError(f"{args.bulk}: already there; choose another file")
    extractor = index_key()
    try:
        if args.scheduler:
            run = on_dask(args.scheduler, extractor)
        elif args.workers == 1:
            run = in_this_process(extractor)
        else:
            from reader.index import default_workers

            run = in_worker_processes(args.workers or default_workers(), extractor)
        with open_index(root, args.db) as index:
            result = update_index(index, root, run, ProgressBar())
            total = index.count()
            where = index.path
            if args.bulk is not None:
                _write_bulk(index, args.bulk, args.bulk_index)
    except IndexUnavailable as error:
        raise UsageError(str(error)) from None
    except sqlite3.Error as error:
        raise UsageError(
            f"the index could not be written ({error}); run reader index again"
        ) from None
    out = sys.stderr if args.bulk is not None and str(args.bulk) == "-" else sys.stdout
    print(
        f"{total:,} articles in {where}: {result.indexed:,} read"
        f" ({result.skipped:,} skipped), {result.unchanged:,} unchanged,"
        f" {result.removed:,} removed, in {result.seconds:.1f} s",
        file=out,
    )
    return 0
