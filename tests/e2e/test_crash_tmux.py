"""Killed in the middle of a burst of tagging, in a real terminal: kill -9,
SIGHUP, SIGTERM, SIGINT and a closed window at random moments. Afterwards the
sidecar is whole, and every tag typed more than a second before the end is
in it (for the signals, every tag typed before them: they save first)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEEDS
from terminal import Pane, needs_tmux, wait_gone

from reader.annotations.sidecar import parse, read_bytes, sidecar_path
from reader.annotations.store import AnnotationStore
from reader.corpus import read_article

pytestmark = needs_tmux

KEY_INTERVAL = 0.3  # a quick reader: a tag every 0.3 s


@pytest.fixture
def article(tmp_path: Path) -> Iterator[Path]:
    # The seed with the most sentences, so that every `j 1` tags a new one.
    yield Path(shutil.copy(max(SEEDS, key=lambda p: p.stat().st_size), tmp_path / "a.txt"))


def saved_count(article: Path) -> int:
    data = read_bytes(sidecar_path(article))
    if data is None:
        return 0
    state, _ = parse(data, sidecar_path(article))  # raises if the file is not whole
    return len(state.annotations)


def burst_then_end(article: Path, how: str, seed: int) -> tuple[list[float], float]:
    """Tag in a burst, end the process `how` at a random moment; the times
    each tag was typed and the time of the end."""
    chance = random.Random(seed)
    pane = Pane(how, article.parent, "a.txt")
    try:
        pane.wait_for("a.txt")
        time.sleep(1.0)
        pid = pane.reader_pid()
        typed: list[float] = []
        for _ in range(chance.randint(6, 14)):
            pane.keys("j", "1")
            typed.append(time.monotonic())
            time.sleep(KEY_INTERVAL)
        time.sleep(chance.uniform(0.0, 0.25))  # mid-burst or just after a key
        pane.keys("j", "1")
        typed.append(time.monotonic())
        time.sleep(chance.uniform(0.05, 0.2))
        ended = time.monotonic()
        if how == "window":
            pane.close_window()
        else:
            os.kill(pid, getattr(signal, how))
        wait_gone(pid)
        return typed, ended
    finally:
        pane.close()


@pytest.mark.parametrize("how", ["SIGKILL", "SIGHUP", "SIGTERM", "SIGINT", "window"])
def test_a_kill_during_a_burst_loses_nothing_older_than_a_second(article: Path, how: str) -> None:
    seed = random.randrange(1 << 30)
    typed, ended = burst_then_end(article, how, seed)
    count = saved_count(article)
    if how == "SIGKILL":
        # Nothing can run at a kill -9: what had been saved is what there is.
        expected = sum(1 for t in typed if ended - t > 1.0)
    else:
        # The signals save first: every tag the program had read.
        expected = sum(1 for t in typed if ended - t > 0.05)
    assert count >= expected, f"seed {seed}: {count} saved of {expected} ({len(typed)} typed)"
    if how == "SIGKILL":
        # A kill in the middle of a write may leave its temp file: the next open removes it.
        AnnotationStore(article, read_article(article).text)
    assert not [p for p in article.parent.iterdir() if p.name.endswith((".tmp", ".lock"))]


@pytest.mark.parametrize("how", ["SIGTERM", "window"])
def test_a_note_being_typed_is_kept_when_the_program_is_ended(article: Path, how: str) -> None:
    pane = Pane(f"note-{how}", article.parent, "a.txt")
    try:
        pane.wait_for("a.txt")
        time.sleep(1.0)
        pid = pane.reader_pid()
        pane.keys("j", "a", pause=0.5)
        pane.keys("-l", "ملاحظة لم تحفظ بعد", pause=0.5)  # typed, ctrl+s never pressed
        if how == "window":
            pane.close_window()
        else:
            os.kill(pid, signal.SIGTERM)
        wait_gone(pid)
    finally:
        pane.close()
    data = read_bytes(sidecar_path(article))
    assert data is not None
    state, _ = parse(data, sidecar_path(article))
    assert [a.note for a in state.annotations] == ["ملاحظة لم تحفظ بعد"]
