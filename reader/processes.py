"""Work done in other processes: the one place reader starts them.

Two kinds, for two situations:

- `forked_map`, for the command line: a task over items by forked workers,
  which inherit everything already loaded (the article, its layout, the
  entity model), so that only the items and the results are pickled.
  Forking is safe there because nothing else runs threads.
- `ChildProcess`, for the TUI: one *spawned* worker (never a fork of an app
  that runs threads), which a caller can wait for without holding the
  interpreter lock, and which is terminated, not waited for, when the work
  is no longer wanted (a 50 MB article takes minutes to extract).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# The task forked workers run: set in the parent just before they are
# forked, so that they inherit it (a closure needs no pickling that way).
_TASK: Callable[[Any], Any] | None = None


def _run_task(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def forked_map(
    task: Callable[[Item], Result], items: Iterable[Item], workers: int | None = None
) -> Iterator[Result]:
    """`task(item)` for each item, in order, by `workers` forked processes
    (default: one per core); here, one by one, where fork or a second core
    is missing. Results come back as they are ready, in order. If a worker
    dies (killed, out of memory), the items not yet returned are done here."""
    global _TASK
    items = list(items)
    workers = min(workers or cores(), len(items))
    if workers < 2 or not can_fork() or _TASK is not None:
        yield from map(task, items)
        return
    _TASK = task
    done = 0
    try:
        # Workers are forked when the executor starts, before its own thread.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            try:
                for result in pool.map(_run_task, items):
                    done += 1
                    yield result
            except BrokenProcessPool:
                pass
    finally:
        _TASK = None
    yield from map(task, items[done:])


# Child processes at work, so that quitting can stop them (see stop_children).
_LIVE: set[ChildProcess] = set()


class ChildProcess:
    """One spawned worker process, started on first use.

        with ChildProcess() as child:
            found = child.call(extract, text, cancelled=lambda: stopping)

    Left early (cancelled, an error, the app quitting) it is terminated;
    left normally, waited for."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._abandoned = False  # a call given up on may still be running

    def __enter__(self) -> ChildProcess:
        _LIVE.add(self)
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        _LIVE.discard(self)
        if self._pool is None:
            return
        finished = kind is None and not self._abandoned
        if not finished:
            self.terminate()
        self._pool.shutdown(wait=finished, cancel_futures=True)

    def call(
        self,
        function: Callable[..., Result],
        *args: Any,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Result:
        """`function(*args)` in the child, waited for in steps of 0.1 s;
        `Cancelled` as soon as `cancelled()` says so, BrokenProcessPool if
        the child was stopped (`stop_children`) or died."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        future = self._pool.submit(function, *args)
        while True:
            if cancelled():
                self._abandoned = not future.cancel()
                raise Cancelled
            try:
                return future.result(timeout=0.1)
            except TimeoutError:
                continue

    def terminate(self) -> None:
        if self._pool is None:
            return
        stop = getattr(self._pool, "terminate_workers", None)  # Python 3.14
        if stop is not None:
            stop()
            return
        # Before 3.14 the executor has no public way to stop a running task;
        # its processes are multiprocessing.Process objects.
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            process.terminate()


class Cancelled(Exception):
    """The caller no longer wants the child's work."""


def stop_children() -> None:
    """Terminate every child process still at work; a thread waiting for one
    gets BrokenProcessPool. For quitting: nothing they would produce is
    needed, and waiting could take minutes."""
    for child in list(_LIVE):
        child.terminate()


def prepare_child_processes() -> None:
    """Start multiprocessing's resource tracker now, while sys.stderr is the
    process's own: a full-screen app replaces it with an object whose file
    descriptor is not real, and starting the tracker later, from a worker
    thread, then fails ("bad value(s) in fds_to_keep")."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
