"""The one helper for work in other processes (reader/processes.py)."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from reader.processes import Cancelled, ChildProcess, can_fork, forked_map, stop_children

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this system")


@needs_fork
def test_forked_map_keeps_order_and_runs_elsewhere() -> None:
    here = os.getpid()
    table = {n: n * n for n in range(12)}  # a closure's data: inherited, not pickled

    def task(n: int) -> tuple[int, int]:
        return table[n], os.getpid()

    results = list(forked_map(task, range(12), workers=2))
    assert [value for value, _ in results] == [n * n for n in range(12)]
    assert here not in {pid for _, pid in results}


@needs_fork
def test_forked_map_finishes_here_what_a_dead_worker_left() -> None:
    here = os.getpid()

    def task(n: int) -> int:
        if n == 3 and os.getpid() != here:
            os._exit(9)  # killed, out of memory: the pool breaks
        return n + 100

    assert list(forked_map(task, range(6), workers=2)) == [n + 100 for n in range(6)]


def test_a_cancelled_call_is_terminated_not_waited_for() -> None:
    began = time.monotonic()
    with pytest.raises(Cancelled), ChildProcess() as child:
        child.call(time.sleep, 60, cancelled=lambda: time.monotonic() - began > 1.0)
    assert time.monotonic() - began < 20  # spawning costs a second or two; sleeping 60


def test_a_call_returns_the_childs_result() -> None:
    with ChildProcess() as child:
        assert child.call(os.getpid) != os.getpid()


def test_stop_children_breaks_a_waiting_call() -> None:
    began = time.monotonic()
    stopper = threading.Timer(3.0, stop_children)
    stopper.start()
    try:
        with pytest.raises(BrokenProcessPool), ChildProcess() as child:
            child.call(time.sleep, 60)
    finally:
        stopper.cancel()
    assert time.monotonic() - began < 20
