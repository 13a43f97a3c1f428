"""Web pages, Word documents and e-books read as their article's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS, read_text
from documents import make_epub
from news_pages import BOILERPLATE, PAGES, Page

from reader.corpus import Article, CorpusError, find_articles, read_article, read_beginning

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
    assert article.meta["direction"] == "rtl"  # its paragraphs are marked right-to-left


def test_an_e_book_is_one_article_its_chapters_in_reading_order(tmp_path: Path) -> None:
    lines = [line for line in read_text(SEEDS[1]).splitlines() if len(line) > 80]
    chapters = [("الفصل الأول", lines[:3]), ("الفصل الثاني", lines[3:6])]
    path = tmp_path / "book.epub"
    make_epub(path, "كتاب الرقائق", list(reversed(chapters)))  # the spine reverses them back
    article = read_article(path)
    expected = "\n".join(f"{heading}\n" + "\n".join(ps) for heading, ps in chapters)
    assert words_in_order(expected, article.text) >= 0.98
    assert article.title == "كتاب الرقائق" and article.meta["author"] == "كاتب"
    assert article.text.index("الفصل الأول") < article.text.index("الفصل الثاني")
    assert "margin" not in article.text
    assert article.meta["direction"] == "rtl"  # the chapters say dir="rtl"


def test_folders_are_read_recursively_and_nothing_is_silently_absent(tmp_path: Path) -> None:
    (tmp_path / "sub" / "2025-01").mkdir(parents=True)
    (tmp_path / "sub" / "2025-01" / "001.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "page.html").write_bytes(PAGES[0]().html)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    (tmp_path / "dump.jsonl").write_text('{"text": "نص"}\n', encoding="utf-8")
    (tmp_path / "notes.odt").write_bytes(b"PK\x03\x04 odt")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "a.txt.annotations.json").write_text("{}", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = [path.relative_to(tmp_path).as_posix() for path in find_articles(tmp_path)]
    assert found == [
        "a.txt",
        "dump.jsonl#1",  # a dump: its records
        "notes.odt",
        "page.html",
        "photo.jpg",
        "sub/2025-01/001.txt",
    ]
    reasons = {}
    for name in ("photo.jpg", "notes.odt"):
        with pytest.raises(CorpusError) as caught:
            read_article(tmp_path / name)
        reasons[name] = caught.value.reason
    assert "JPEG" in reasons["photo.jpg"] and "save it as .docx" in reasons["notes.odt"]


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
    as_json = tmp_path / "export.json"
    assert run_reader("export", str(path), "-f", "json", "-o", str(as_json)).returncode == 0
    exported_article = json.loads(as_json.read_text(encoding="utf-8"))["articles"][0]
    assert exported_article["source"]["format"] == "html"
    assert exported_article["source"]["title"] == page.title


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
@pytest.mark.parametrize("seed", [0, 1, 3, 4])
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


def test_a_paragraph_laid_out_left_to_right_is_read_as_drawn() -> None:
    from reader.formats.pdf import paragraphs

    # "DeepSeek لا تتحدى القواعد، بل أحدثته «DeepSeek» في عالم الذكاء." as a
    # producer lays out a paragraph whose first letter is Latin: left to right,
    # its bracketed name drawn «…», not mirrored.
    drawn = [["DeepSeek ", "لا تتحدى القواعد، بل"], [" أحدثته", "«DeepSeek» ", "في عالم الذكاء."]]
    assert paragraphs(drawn) == ["DeepSeek لا تتحدى القواعد، بل أحدثته «DeepSeek» في عالم الذكاء."]
    # The same words in a right-to-left paragraph: runs drawn the other way round.
    mirrored = [["في عالم الذكاء", "»DeepSeek« ", "أحدثته"], [".", "قال الخبير"]]
    assert paragraphs(mirrored) == ["أحدثته «DeepSeek» في عالم الذكاء قال الخبير."]


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


def test_a_page_saved_as_one_file_reads_as_the_page(tmp_path: Path) -> None:
    import quopri

    page = PAGES[4]()
    body = quopri.encodestring(page.html).decode("ascii")
    mhtml = (
        "From: <Saved by Blink>\r\nSubject: page\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: https://example.com/story\r\n\r\n"
        f"{body}\r\n------B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "iVBORw0KGgo=\r\n------B--\r\n"
    )
    path = tmp_path / "story.mhtml"
    path.write_text(mhtml, encoding="ascii")
    article = read_article(path)
    assert words_in_order("\n".join(page.paragraphs), article.text) >= 0.98
    assert article.title == page.title
    assert not [b for b in BOILERPLATE if b in article.text]


def test_a_pages_declared_direction_lays_out_a_paragraph_that_starts_in_latin(
    tmp_path: Path,
) -> None:
    import json

    from conftest import run_reader

    story = "<p>DeepSeek لا تتحدى القواعد، بل تعيد كتابة اللعبة بالكامل في عالم الذكاء.</p>"
    body = (
        '<html lang="en"><head><title>World News</title></head><body><nav>Home</nav>'
        f'<div class="story" dir="rtl"><h1>عنوان الخبر هنا</h1>{story * 3}</div></body></html>'
    )
    path = tmp_path / "page.html"
    path.write_text(body, encoding="utf-8")
    assert read_article(path).meta["direction"] == "rtl"
    rendered = run_reader("render", str(path), "--format", "jsonl", "--width", "60")
    assert rendered.returncode == 0, rendered.stderr
    lines = [json.loads(line) for line in rendered.stdout.splitlines()]
    latin_first = [line for line in lines if line["visual"].rstrip().endswith("DeepSeek")]
    assert latin_first and all(line["direction"] == "rtl" for line in lines)
    plain = run_reader("render", str(path), "--format", "jsonl", "--direction", "ltr")
    assert all(json.loads(line)["direction"] == "ltr" for line in plain.stdout.splitlines())


def test_a_name_with_dots_is_text_and_an_unknown_type_says_what_it_is(tmp_path: Path) -> None:
    named = tmp_path / "Dr. Ahmed interview"  # its "suffix" is not a file type
    named.write_text("حوار مع الدكتور أحمد\n\nنص الحوار.", encoding="utf-8")
    assert read_article(named).title == "حوار مع الدكتور أحمد"
    script = tmp_path / "tool.py"
    script.write_text("print('x')", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"not a format reader reads \(\.py\)"):
        read_article(script)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Contact Us\nHome\nالرئيسية\n2025-01-02\nوزير الخارجية يزور القاهرة\nنص",
            "وزير الخارجية يزور القاهرة",
        ),
        ("| Menu |\nhttps://example.com/news/1\nخبر قصير\nنص", "خبر قصير"),
        ("كورونا\nنص الخبر", "كورونا"),  # a one-word headline is a headline
        ("Home\nMenu", "Home"),  # nothing better: the first line, as before
    ],
)
def test_a_texts_title_passes_over_scraped_boilerplate(text: str, title: str) -> None:
    assert Article(Path("a.txt"), text, "UTF-8").title == title
