"""Hostile sidecars: each is made here, opened by the store and by the TUI,
and must be refused or repaired with a message, never crash, never run, and
never be written over."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS, read_text

from reader.annotations.model import ANCHORED, MOVED, ORPHANED, Annotation, AnnotationSet
from reader.annotations.sidecar import MAX_BYTES, ArticleStamp, serialise, sidecar_path
from reader.annotations.store import AnnotationStore
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView

TEXT = read_text(SEEDS[1])


def good_document(article: Path) -> dict[str, Any]:
    """A valid sidecar with two annotations, as a dict to spoil."""
    first = Annotation.new(TEXT, 0, 10, tags=("person",), note="ملاحظة")
    second = Annotation.new(TEXT, 20, 40, note="second")
    state = AnnotationSet().with_annotations([first, second])
    document: dict[str, Any] = json.loads(serialise(state, ArticleStamp.of(article.name, TEXT)))
    return document


def spoiled(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], bytes]:
    def make(article: Path) -> bytes:
        document = good_document(article)
        change(document)
        return json.dumps(document, ensure_ascii=False).encode()

    return make


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *keys, last = path.split(".")
        target: Any = document
        for key in keys:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return change


def _duplicate_ids(document: dict[str, Any]) -> None:
    document["annotations"][1]["id"] = document["annotations"][0]["id"]


REFUSED: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "deeply nested": (lambda _: b'{"a":' * 200_000 + b"1" + b"}" * 200_000, "nested too deeply"),
    "not JSON": (lambda _: b'{"format": "reader-annotations", "versi', "not valid JSON"),
    "not UTF-8": (lambda _: b'{"format": "\xff\xfe"}', "not UTF-8"),
    "a number too long for Python": (lambda _: b'{"a": ' + b"9" * 5000 + b"}", "not valid JSON"),
    "wrong type: start is a string": (spoiled(_set("annotations.0.start", "0")), "wrong type"),
    "wrong type: tags is a dict": (spoiled(_set("annotations.0.tags", {"a": 1})), "wrong type"),
    "wrong type: note is a number": (spoiled(_set("annotations.0.note", 7)), "wrong type"),
    "wrong type: annotations is a dict": (spoiled(_set("annotations", {})), "not a list"),
    "negative offset": (spoiled(_set("annotations.0.start", -5)), "negative"),
    "ends before it starts": (spoiled(_set("annotations.0.start", 11)), "ends before"),
    "duplicate ids": (spoiled(_duplicate_ids), "share an id"),
    "unknown annotation field": (
        spoiled(_set("annotations.0.eval", "__import__('os')")),
        "unknown",
    ),
    "a newer version": (spoiled(_set("version", 99)), "newer reader"),
    "someone else's JSON": (lambda _: b'{"hello": "world"}', "not a reader annotations file"),
    "a list, not an object": (lambda _: b"[1, 2, 3]", "not a reader annotations file"),
}


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _tag_and_save(store: AnnotationStore) -> None:
    added = Annotation.new(TEXT, 50, 60, tags=("new",))
    store.change(store.state.with_annotations([*store.state.annotations, added]), "tag")
    store.save()


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_bad_sidecar_is_refused_with_a_message_and_never_written_over(
    article: Path, case: str
) -> None:
    make, reason = REFUSED[case]
    sidecar = sidecar_path(article)
    data = make(article)
    sidecar.write_bytes(data)
    store = AnnotationStore(article, TEXT)
    assert store.blocked is not None and reason in store.blocked.reason
    assert any(reason in message and "left untouched" in message for message in store.messages)
    _tag_and_save(store)
    assert sidecar.read_bytes() == data, "the refused sidecar is left byte for byte"
    assert store.path == store.fallback and store.fallback.exists(), "the work went elsewhere"
    again = AnnotationStore(article, TEXT)
    assert [a.tags for a in again.state.annotations] == [("new",)]


def test_a_sidecar_too_large_is_refused_without_reading_it(article: Path) -> None:
    sidecar = sidecar_path(article)
    with open(sidecar, "wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    assert sidecar.stat().st_size > MAX_BYTES
    store = AnnotationStore(article, TEXT)
    assert store.blocked is not None and "too large" in store.blocked.reason
    _tag_and_save(store)
    assert sidecar.stat().st_size == 100 * 1024 * 1024


def test_a_sidecar_that_is_a_fifo_does_not_hang_the_reader(article: Path) -> None:
    os.mkfifo(sidecar_path(article))
    store = AnnotationStore(article, TEXT)  # a read would block forever
    assert store.blocked is not None and "not a regular file" in store.blocked.reason


def test_offsets_past_the_end_are_repaired_from_the_quote(article: Path) -> None:
    """The sidecar matches the article (same digest) but an annotation's
    offsets have been pushed past the end: it is found again by its quote."""
    document = good_document(article)
    document["annotations"][0]["start"] += 10**9
    document["annotations"][0]["end"] += 10**9
    document["annotations"][1]["quote"] = "نص ليس في المقال أبدا ولا يشبهه"
    document["annotations"][1]["start"] = len(TEXT) + 5
    document["annotations"][1]["end"] = len(TEXT) + 40
    data = json.dumps(document, ensure_ascii=False).encode()
    sidecar_path(article).write_bytes(data)
    store = AnnotationStore(article, TEXT)
    first, second = store.state.annotations
    assert first.status == MOVED and (first.start, first.end) == (0, 10)
    assert second.status == ORPHANED, "kept, never dropped"
    assert any("do not match their quotes" in m for m in store.messages)
    assert sidecar_path(article).read_bytes() == data, "opening never writes"


def test_unknown_top_level_fields_are_kept_through_a_save(article: Path) -> None:
    document = good_document(article)
    document["written_by"] = {"tool": "another", "nested": [1, 2, 3]}
    sidecar_path(article).write_text(json.dumps(document), encoding="utf-8")
    store = AnnotationStore(article, TEXT)
    assert store.blocked is None
    assert all(a.status == ANCHORED for a in store.state.annotations)
    _tag_and_save(store)
    saved = json.loads(sidecar_path(article).read_text(encoding="utf-8"))
    assert saved["written_by"] == document["written_by"]
    assert len(saved["annotations"]) == 3


async def test_the_tui_says_why_and_keeps_working(article: Path) -> None:
    """A corrupt sidecar: the reader is told, tags a passage, quits; the
    sidecar is as it was and the tag is in the per-user copy."""
    make, _ = REFUSED["duplicate ids"]
    data = make(article)
    sidecar_path(article).write_bytes(data)
    app = ReaderApp([article])
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("share an id" in m for m in messages), messages
        app.query_one(ArticleView).focus()
        await pilot.press("1")
        await pilot.pause()
        assert app.store is not None and len(app.store.state.annotations) == 1
    assert sidecar_path(article).read_bytes() == data
    assert len(AnnotationStore(article, TEXT).state.annotations) == 1
