"""The library of a folder people really have: pages, documents, subfolders."""

from __future__ import annotations

from pathlib import Path

from news_pages import PAGES

from reader.corpus import find_articles, read_article
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
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
        panel = app.query_one(LibraryPanel)
        rows = {path.name: panel.row_text(n) for n, path in enumerate(paths)}
        assert "page.html" in rows["page.html"]  # the file beside the page's title
        assert "skipped: not an article: a JPEG image" in rows["photo.jpg"]
        assert "sub/2025-01/" in rows["001.txt"]  # where it sits
        assert app.current == 0 and paths[0].name == "page.html"
        view = app.query_one(ArticleView)
        assert view.article_text == read_article(tmp_path / "page.html").text
        assert "<" not in view.article_text and view.article_text.startswith(page.title)
