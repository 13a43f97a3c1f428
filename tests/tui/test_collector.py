"""The cycle collector's full passes come while the reader reads (see
reader.tui.collector): what is frozen stays out of automatic passes, yet
nothing frozen is kept for good."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from conftest import SEEDS

from reader.tui import collector
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_frozen_garbage_waits_for_the_idle_collection() -> None:
    node = Node()
    alive = weakref.ref(node)
    collector.settle()
    assert gc.get_freeze_count() > 0
    del node
    gc.collect()  # an automatic pass does not look at frozen objects
    assert alive() is not None
    collector.collect_while_idle()
    assert alive() is None
    assert gc.get_freeze_count() > 0  # frozen again after collecting


async def test_paging_freezes_and_idling_collects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "IDLE_COLLECTION_DELAY", 0.3)
    app = ReaderApp(SEEDS[:1])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        node = Node()
        alive = weakref.ref(node)
        view = app.query_one(ArticleView)
        view.action_page_down()
        await pilot.pause(0.15)  # the view reads ahead, then freezes
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert alive() is not None
        await pilot.pause(0.5)  # no scrolling for longer than the idle delay
        assert alive() is None
    assert gc.get_freeze_count() == 0  # the app gave everything back
