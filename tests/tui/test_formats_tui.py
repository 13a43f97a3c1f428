"""The library of a folder people really have: pages, documents, subfolders."""

from __future__ import annotations

from pathlib import Path

from news_pages import PAGES

from reader.corpus import find_articles, read_article
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.labels import shaped_inline
from reader.tui.panels import LibraryPanel


async def test_a_mixed_folder_lists_everything_and_opens_a_page_as_its_story(
    tmp_path: Path,
) -> None:
    page = PAGES[0]()
    (tmp_path / "page.html").write_bytes(page.html)
    (tmp_path / "sub" / "2025-01").mkdir(parents=True)
    (tmp_path / "sub" / "2025-01" / "001.txt").write_text("خبر قصير\n\nنص الخبر.", "utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    paths = find_articles(tmp_path)
    app = ReaderApp(paths, cache_folder=tmp_path / "cache")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        # Every row read (on a busy machine the first screenful may not be).
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "listing"])
        panel = app.query_one(LibraryPanel)
        rows = {path.name: panel.row_text(n) for n, path in enumerate(paths)}
        assert "page.html" in rows["page.html"]  # the file beside the page's title
        assert "skipped: not an article: a JPEG image" in rows["photo.jpg"]
        assert "sub/2025-01/" in rows["001.txt"]  # where it sits
        assert app.current == 0 and paths[0].name == "page.html"
        view = app.query_one(ArticleView)
        assert view.article_text == read_article(tmp_path / "page.html").text
        assert "<" not in view.article_text and view.article_text.startswith(page.title)
        # What the page states of itself, shaped like every Arabic label.
        stated = shaped_inline("2025-01-27T10:00:00+03:00 · سارة أحمد", app.options).plain
        assert view.border_subtitle is not None and str(view.border_subtitle) == stated


async def test_s_sorts_the_library_by_date_then_size_and_keeps_the_open_article(
    tmp_path: Path,
) -> None:
    import os

    texts = {
        "a.txt": "خبر أول\n\nنص قصير.",
        "b.txt": "خبر ثان\n\n" + "نص أطول. " * 50,
        "c.txt": "خبر ثالث\n\nنص.",
    }
    for age, (name, text) in enumerate(texts.items()):
        path = tmp_path / name
        path.write_text(text, "utf-8")
        os.utime(path, (1_700_000_000 + age * 100, 1_700_000_000 + age * 100))  # c newest
    paths = find_articles(tmp_path)
    app = ReaderApp(paths, cache_folder=tmp_path / "cache")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("]")  # b.txt is open
        opened = app.paths[app.current]
        await pilot.press("s")
        assert [p.name for p in app.paths] == ["c.txt", "b.txt", "a.txt"]
        assert app.paths[app.current] == opened and app.library.sorted_by == "date"
        assert [row.path.name for row in app.library.rows] == ["c.txt", "b.txt", "a.txt"]
        await pilot.press("s")
        assert app.paths[0].name == "b.txt" and app.library.sorted_by == "size"
        assert app.paths[app.current] == opened
        await pilot.press("s")
        assert [p.name for p in app.paths] == ["a.txt", "b.txt", "c.txt"]
        while app.entities_pending or app.library.progress is not None:
            await pilot.pause(0.05)
        assert all(row.path == path for row, path in zip(app.library.rows, app.paths, strict=True))


async def test_a_dump_lists_its_records_and_a_tag_goes_to_the_records_sidecar(
    tmp_path: Path,
) -> None:
    import json

    from reader.annotations.sidecar import sidecar_path

    lines = [
        "قالت الحكومة إن الاجتماع انتهى بعد مفاوضات طويلة بين الوفدين في العاصمة.",
        "وأضاف المتحدث أن الاتفاق سيعلن خلال الأسبوع المقبل بعد موافقة البرلمان.",
    ]
    dump = tmp_path / "news.jsonl"
    dump.write_text(
        "".join(
            json.dumps({"title": f"خبر {n}", "text": lines[n % 2]}, ensure_ascii=False) + "\n"
            for n in range(4)
        ),
        encoding="utf-8",
    )
    paths = find_articles(tmp_path)
    app = ReaderApp(paths, cache_folder=tmp_path / "cache")
    async with app.run_test(size=(160, 40)) as pilot:
        while any(row.size < 0 for row in app.library.rows):
            await pilot.pause(0.05)
        panel = app.query_one(LibraryPanel)
        assert "news.jsonl#3" in panel.row_text(2)
        assert [row.title for row in app.library.rows] == [f"خبر {n}" for n in range(4)]
        await pilot.press("]", "]")  # the third record
        assert app.paths[app.current].name == "news.jsonl#3"
        await pilot.press("1")  # tag its first sentence
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
    saved = sidecar_path(paths[2])
    assert saved == tmp_path / "news.jsonl.annotations" / "3.annotations.json"
    assert json.loads(saved.read_text("utf-8"))["annotations"][0]["quote"] == "خبر 2"
