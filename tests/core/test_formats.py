"""Web pages, Word documents and e-books read as their article's text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import SEEDS, read_text
from news_pages import BOILERPLATE, PAGES, Page

from reader.corpus import CorpusError, find_articles, read_article, read_beginning

WORD = re.compile(r"\w+")


def words_in_order(expected: str, got: str) -> float:
    """The share of `expected`'s words found in `got`, in the same order."""
    found, at, hits = WORD.findall(got), 0, 0
    for word in WORD.findall(expected):
        try:
            at = found.index(word, at) + 1
            hits += 1
        except ValueError:
            pass
    return hits / max(len(WORD.findall(expected)), 1)


@pytest.mark.parametrize("make", PAGES, ids=lambda make: make.__name__)
def test_a_news_page_gives_its_story_and_nothing_else(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    page: Page = make()
    path = tmp_path / page.name
    path.write_bytes(page.html)
    article = read_article(path)
    assert words_in_order("\n".join(page.paragraphs), article.text) >= 0.98
    assert not [b for b in BOILERPLATE if b in article.text]
    assert article.title == page.title
    assert article.text.startswith(page.title)  # the headline opens the text
    assert "<" not in article.text and "&quot;" not in article.text
    assert article.format == "html"
    if page.encoding == "cp1256":
        assert article.encoding == "Windows-1256"


def test_a_page_states_its_date_and_author_and_none_are_guessed(tmp_path: Path) -> None:
    semantic, boxes = PAGES[0](), PAGES[2]()
    (tmp_path / "a.html").write_bytes(semantic.html)
    (tmp_path / "b.html").write_bytes(boxes.html)
    meta = read_article(tmp_path / "a.html").meta
    assert meta["date"].startswith("2025-01-27") and meta["author"] == "سارة أحمد"
    assert "date" not in read_article(tmp_path / "b.html").meta  # only a © 2025 in the footer


def test_a_page_is_read_the_same_every_time_and_never_from_its_beginning(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGES[0]().html * 200)  # over the size read from its beginning
    assert read_beginning(path, size=1024) is None
    assert read_article(path).text == read_article(path).text


def test_character_references_and_an_xml_declaration(tmp_path: Path) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>عنوان &amp; خبر</title></head><body><article><h1>عنوان &amp; خبر</h1>"
        + "<p>قال &quot;المتحدث&quot; إن الاجتماع انتهى &#1605;&#1587;&#1575;&#1569; أمس "
        "بعد مفاوضات طويلة استمرت ساعات بين الوفدين في العاصمة.</p>"
        * 3
        + "</article></body></html>"
    )
    path = tmp_path / "page.xhtml"
    path.write_text(body, encoding="utf-8")
    article = read_article(path)
    assert '"المتحدث"' in article.text and "مساء" in article.text
    assert article.title == "عنوان & خبر"


def _docx(path: Path, title: str, paragraphs: list[str]) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for text in paragraphs[:-1]:
        paragraph = document.add_paragraph(text)
        # A right-to-left paragraph, as Word writes it.
        paragraph._p.get_or_add_pPr().append(paragraph._p.makeelement(qn("w:bidi"), {}))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "الدولة", "النمو"
    table.cell(1, 0).text, table.cell(1, 1).text = "مصر", "4.2%"
    document.add_paragraph(paragraphs[-1])
    document.save(str(path))


def test_a_word_document_gives_its_paragraphs_headings_and_tables(tmp_path: Path) -> None:
    paragraphs = [line for line in read_text(SEEDS[0]).splitlines() if len(line) > 80][:5]
    path = tmp_path / "report.docx"
    _docx(path, "تقرير عن الذكاء الاصطناعي", paragraphs)
    article = read_article(path)
    assert words_in_order("\n".join(paragraphs), article.text) >= 0.98
    assert article.title == "تقرير عن الذكاء الاصطناعي"
    assert "الدولة | النمو" in article.text and "مصر | 4.2%" in article.text
    assert article.format == "docx"


def _epub(
    path: Path, title: str, chapters: list[tuple[str, list[str]]], opf_extra: str = ""
) -> None:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        items = "".join(
            f'<item id="c{n}" href="text/c{n}.xhtml" media-type="application/xhtml+xml"/>'
            for n in range(len(chapters))
        )
        # The spine reads the chapters last to first: reading order is the spine's.
        spine = "".join(f'<itemref idref="c{n}"/>' for n in reversed(range(len(chapters))))
        book.writestr(
            "OEBPS/content.opf",
            f'<?xml version="1.0"?>{opf_extra}<package xmlns="http://www.idpf.org/2007/opf" '
            'version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{title}</dc:title><dc:creator>كاتب</dc:creator>"
            f"<dc:language>ar</dc:language></metadata><manifest>{items}</manifest>"
            f"<spine>{spine}</spine></package>",
        )
        for n, (heading, paragraphs) in enumerate(chapters):
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            book.writestr(
                f"OEBPS/text/c{n}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
                f'dir="rtl"><head><title>{heading}</title><style>p {{ margin: 0 }}</style></head>'
                f"<body><section><h2>{heading}</h2>{body}</section></body></html>",
            )


def test_an_e_book_is_one_article_its_chapters_in_reading_order(tmp_path: Path) -> None:
    lines = [line for line in read_text(SEEDS[1]).splitlines() if len(line) > 80]
    chapters = [("الفصل الأول", lines[:3]), ("الفصل الثاني", lines[3:6])]
    path = tmp_path / "book.epub"
    _epub(path, "كتاب الرقائق", list(reversed(chapters)))  # the spine reverses them back
    article = read_article(path)
    expected = "\n".join(f"{heading}\n" + "\n".join(ps) for heading, ps in chapters)
    assert words_in_order(expected, article.text) >= 0.98
    assert article.title == "كتاب الرقائق" and article.meta["author"] == "كاتب"
    assert article.text.index("الفصل الأول") < article.text.index("الفصل الثاني")
    assert "margin" not in article.text


def test_an_e_book_with_an_external_entity_is_not_read_through_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    doctype = f'<!DOCTYPE package [<!ENTITY x SYSTEM "file://{secret}">]>'
    path = tmp_path / "book.epub"
    _epub(path, "&x;", [("فصل", ["نص الفصل الأول من الكتاب"])], opf_extra=doctype)
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


def test_folders_are_read_recursively_and_nothing_is_silently_absent(tmp_path: Path) -> None:
    (tmp_path / "sub" / "2025-01").mkdir(parents=True)
    (tmp_path / "sub" / "2025-01" / "001.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "page.html").write_bytes(PAGES[0]().html)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    (tmp_path / "dump.jsonl").write_text('{"text": "نص"}\n', encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "a.txt.annotations.json").write_text("{}", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = [path.relative_to(tmp_path).as_posix() for path in find_articles(tmp_path)]
    assert found == ["a.txt", "dump.jsonl", "page.html", "photo.jpg", "sub/2025-01/001.txt"]
    reasons = {}
    for name in ("photo.jpg", "dump.jsonl"):
        with pytest.raises(CorpusError) as caught:
            read_article(tmp_path / name)
        reasons[name] = caught.value.reason
    assert "JPEG" in reasons["photo.jpg"] and "not read yet" in reasons["dump.jsonl"]


@pytest.mark.usefixtures("user_data")
def test_a_web_page_tagged_reopens_with_its_quotes_and_exports_against_its_text(
    tmp_path: Path,
) -> None:
    import json

    from conftest import run_reader

    from reader.annotations.model import Annotation
    from reader.annotations.store import AnnotationStore

    page = PAGES[2]()
    path = tmp_path / "page.html"
    path.write_bytes(page.html)
    text = read_article(path).text
    store = AnnotationStore(path, text)
    start = text.index(page.paragraphs[1])
    end = start + len(page.paragraphs[1].split(".")[0])
    store.change(store.state.put(Annotation.new(text, start, end, ("claim",), "ملاحظة")), "tag")
    assert store.save() is not None
    reopened = AnnotationStore(path, read_article(path).text)
    assert [(a.start, a.end, a.quote) for a in reopened.state.annotations] == [
        (start, end, text[start:end])
    ]
    brat = tmp_path / "brat"
    made = run_reader("export", str(path), "-f", "brat", "-o", str(brat))
    assert made.returncode == 0, made.stderr
    exported = (brat / "page.txt").read_text(encoding="utf-8")
    assert exported == text  # the extracted text, not the markup
    spans = [
        line.split("\t")
        for line in (brat / "page.ann").read_text(encoding="utf-8").splitlines()
        if line.startswith("T")
    ]
    for _, span, quote in spans:  # every span, entities too, is the text's
        _, begin, finish = span.split()
        assert exported[int(begin) : int(finish)] == quote
    assert text[start:end] in [quote for _, _, quote in spans]
    w3c = tmp_path / "notes.jsonld"
    assert run_reader("export", str(path), "-f", "w3c", "-o", str(w3c)).returncode == 0
    item = json.loads(w3c.read_text(encoding="utf-8"))["first"]["items"][0]
    selectors = {s["type"]: s for s in item["target"]["selector"]}
    position = selectors["TextPositionSelector"]
    assert text[position["start"] : position["end"]] == selectors["TextQuoteSelector"]["exact"]
    listed = run_reader("text", str(path))
    assert listed.stdout == text


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="no DejaVu Sans (fonts-dejavu-core)")


def _pdf(path: Path, paragraphs: list[str], title: str = "") -> None:
    """Printed by fpdf2 with HarfBuzz shaping, right-aligned, as a browser would."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.add_page()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=12)
    pdf.set_text_shaping(True)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 8, paragraph, align="R")
        pdf.ln(4)
    path.write_bytes(bytes(pdf.output()))


@needs_font
@pytest.mark.parametrize("seed", [0, 1, 4])
def test_a_pdf_gives_its_arabic_words_in_logical_order(tmp_path: Path, seed: int) -> None:
    paragraphs = [line for line in read_text(SEEDS[seed]).splitlines() if len(line) > 80][:6]
    path = tmp_path / "paper.pdf"
    _pdf(path, paragraphs, "ورقة بحثية")
    article = read_article(path)
    assert words_in_order("\n".join(paragraphs), article.text) >= 0.98
    assert article.title == "ورقة بحثية" and article.format == "pdf"
    assert not any("\ufb50" <= c <= "\ufeff" for c in article.text)  # letters, not glyphs


def test_a_pdf_without_text_is_a_scan(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100)  # a drawing, no text: as a scanned page has an image
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(CorpusError, match="a scanned PDF: no text to read"):
        read_article(path)


def test_presentation_forms_drawn_as_runs_fold_back_to_letters() -> None:
    from reader.formats.pdf import logical_line

    # "قالت شركة Nvidia" as an old producer draws it: shaped glyphs, runs left to right.
    assert logical_line(["Nvidia ", "ﻗﺎﻟﺖ ﺷﺮﻛﺔ"]) == "قالت شركة Nvidia"
    assert logical_line(["The ", "report"]) == "The report"


@pytest.mark.usefixtures("user_data")
def test_a_sidecar_records_the_file_and_the_reader_that_read_its_text(tmp_path: Path) -> None:
    import hashlib
    import json

    from reader import __version__
    from reader.annotations.model import Annotation
    from reader.annotations.sidecar import sidecar_path
    from reader.annotations.store import AnnotationStore
    from reader.session import ArticleSession

    page = PAGES[0]()
    path = tmp_path / "page.html"
    path.write_bytes(page.html)
    article = read_article(path)
    session = ArticleSession(article)
    start = article.text.index(page.paragraphs[0])
    note = Annotation.new(article.text, start, start + 30, ("claim",))
    session.store.change(session.store.state.put(note), "tag")
    assert session.save()[0] is not None
    saved = json.loads(sidecar_path(path).read_text("utf-8"))
    assert saved["source"] == {
        "format": "html",
        "reader": __version__,
        "sha256": hashlib.sha256(page.html).hexdigest(),
    }
    # A store that does not know the file (the command line's) keeps the stamp.
    plain = AnnotationStore(path, article.text)
    plain.change(plain.state.put(Annotation.new(article.text, 0, 5, ("x",))), "tag")
    plain.save()
    assert json.loads(sidecar_path(path).read_text("utf-8"))["source"] == saved["source"]
    # The page saved again with other markup gives another text: the tag follows it.
    first_line = "<p>سطر جديد في أول الخبر، أضافه المحرر بعد نشره بساعة.</p>"
    path.write_bytes(page.html.replace(b"</h1>", b"</h1>" + first_line.encode()))
    again = read_article(path)
    assert again.text != article.text
    reopened = AnnotationStore.of(again)
    quotes = {a.quote for a in reopened.state.annotations}
    assert article.text[start : start + 30] in quotes
