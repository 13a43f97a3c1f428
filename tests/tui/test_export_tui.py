"""The export dialog (e) through Pilot."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SEEDS, read_text

from reader.tui.app import ReaderApp
from reader.tui.export_dialog import PathScreen


async def export_via_dialog(app: ReaderApp, pilot, keys: tuple[str, ...], target: Path) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("e")
    for key in keys:
        await pilot.pause()
        await pilot.press(key)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, PathScreen)
    assert screen.default.endswith((".jsonld", ".csv", ".md", ".json", ".conll", ".jsonl"))
    screen.query_one("Input").value = str(target)  # type: ignore[attr-defined]
    await pilot.press("enter")


async def test_export_the_article_then_refuse_to_overwrite_unasked(tmp_path: Path) -> None:
    article = Path(shutil.copy(SEEDS[0], tmp_path / SEEDS[0].name))
    target = tmp_path / "out" / "notes.jsonld"
    app = ReaderApp([article])
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.press("j", "j", "1")  # tag the third sentence; not yet saved
        await export_via_dialog(app, pilot, ("5", "1"), target)  # w3c, this article
        for _ in range(100):
            await pilot.pause(0.05)
            if target.exists():
                break
        document = json.loads(target.read_text("utf-8"))
        (item,) = document["first"]["items"]
        quote, position = item["target"]["selector"]
        text = read_text(article)
        assert quote["exact"] == text[position["start"] : position["end"]]
        assert item["body"] == [{"type": "TextualBody", "value": "claim", "purpose": "tagging"}]
        before = target.read_bytes()
        await export_via_dialog(app, pilot, ("5", "1"), target)
        await pilot.pause()
        await pilot.press("2")  # exists: cancel
        await pilot.pause(0.3)
        assert target.read_bytes() == before
        await pilot.press("q")
