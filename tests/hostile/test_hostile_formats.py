"""Hostile files of the formats reader reads: archives that unpack to gigabytes,
XML that points outside the file, pages too large or too deep, damaged files.
Each is refused with its reason, or read without what it points to; nothing
is fetched, nothing hangs, nothing escapes as a traceback."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from documents import make_epub
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.corpus import CorpusError, read_article


def test_an_e_book_with_an_external_entity_is_not_read_through_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    doctype = f'<!DOCTYPE package [<!ENTITY x SYSTEM "file://{secret}">]>'
    path = tmp_path / "book.epub"
    make_epub(path, "&x;", [("فصل", ["نص الفصل الأول من الكتاب"])], opf_extra=doctype)
    try:
        article = read_article(path)
    except CorpusError as error:
        assert "SECRET" not in str(error)
    else:
        assert "SECRET-VALUE" not in article.text and "SECRET" not in article.title


def test_a_zip_bomb_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "bomb.epub"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("OEBPS/big.xhtml", b"\0" * (64 * 1024 * 1024))
    with pytest.raises(CorpusError, match="unpacks to"):
        read_article(path)


def test_damaged_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    for name, data in [
        ("a.docx", b"PK\x03\x04 not really a zip"),
        ("b.epub", b"not a zip at all"),
        ("c.html", b""),
    ]:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(CorpusError) as caught:
            read_article(tmp_path / name)
        assert caught.value.reason


def test_a_huge_web_page_is_refused_without_parsing_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(70 * 1024 * 1024)
    with pytest.raises(CorpusError, match="too large a web page"):
        read_article(path)


def test_an_e_book_chapter_pointing_outside_the_archive_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.xhtml"
    outside.write_text("<html><body><p>OUTSIDE-TEXT</p></body></html>", encoding="utf-8")
    make_epub(tmp_path / "book.epub", "كتاب", [("فصل", ["نص الفصل"])])
    path = tmp_path / "escape.epub"
    with zipfile.ZipFile(tmp_path / "book.epub") as good, zipfile.ZipFile(path, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename.endswith(".opf"):
                data = data.replace(b"text/c0.xhtml", b"../../outside.xhtml")
            bad.writestr(item, data)
    try:
        article = read_article(path)
    except CorpusError as error:
        assert error.reason
    else:
        assert "OUTSIDE-TEXT" not in article.text


def test_a_word_document_with_an_external_entity_is_not_read_through_it(tmp_path: Path) -> None:
    import docx

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("نص عادي MARKER")
    document.save(str(plain))
    path = tmp_path / "entity.docx"
    doctype = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()
    with zipfile.ZipFile(plain) as good, zipfile.ZipFile(path, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = head + b"?>" + doctype + rest.replace(b"MARKER", b"&x;")
            bad.writestr(item, data)
    try:
        article = read_article(path)
    except CorpusError as error:
        assert "SECRET" not in str(error)
    else:
        assert "SECRET-VALUE" not in article.text


def test_a_page_nested_a_hundred_thousand_deep_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 100_000 + "<p>نص عميق جدا في الصفحة</p>" + "</div>" * 100_000
        + "</body></html>",
        encoding="utf-8",
    )  # fmt: skip
    began = time.monotonic()
    try:
        read_article(path)
    except CorpusError as error:
        assert error.reason
    assert time.monotonic() - began < 60


MARKUP = st.lists(
    st.sampled_from(
        ["<p>", "</p>", "<div dir='rtl'>", "</div>", "<script>", "</script>", "<h1>", "</h1>",
         "&amp;", "&#0;", "&#xD800;", "<!--", "-->", "<![CDATA[", "]]>", "\x1b[31m", "\x00",
         "نص عربي ", "Latin ", "<meta charset='cp1256'>", "<table><tr><td>", "\ufeff"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page=MARKUP | st.text(max_size=300), raw=st.binary(max_size=200))
def test_any_page_is_read_or_refused_with_a_reason(tmp_path: Path, page: str, raw: bytes) -> None:
    from reader.layout import visible

    for suffix, data in (
        (".html", page.encode("utf-8", "surrogatepass")),
        (".epub", raw),
        (".docx", raw),
        (".pdf", b"%PDF-1.4\n" + raw),
    ):
        path = tmp_path / f"fuzzed{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except CorpusError as error:
            assert error.reason
            continue
        assert "<script>" not in article.text
        assert visible(article.text, keep_lines=True)  # what reaches a widget is made safe
