"""Hostile files: encodings, binary data, line endings, sizes and odd file
kinds, each made here at run time, through the decoder, the library and the
TUI."""

from __future__ import annotations

import codecs
import os
import random
import time
from pathlib import Path

import pytest
from conftest import SEEDS, read_text

from reader.corpus import MAX_ARTICLE_BYTES, CorpusError, decode, find_articles, read_article
from reader.layout import ArticleLayout
from reader.paragraphs import MAX_PARAGRAPH_CHARS
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.panels import LibraryPanel

SEED = read_text(SEEDS[0])


def _legacy(codec: str) -> bytes:
    return SEED.encode(codec, errors="replace")


ENCODINGS = {
    # label reported: (bytes, the codec that wrote them)
    "UTF-8": (SEED.encode("utf-8"), "utf-8"),
    "UTF-8 (BOM)": (codecs.BOM_UTF8 + SEED.encode("utf-8"), "utf-8-sig"),
    "UTF-16 LE": (codecs.BOM_UTF16_LE + SEED.encode("utf-16-le"), "utf-16"),
    "UTF-16 BE": (codecs.BOM_UTF16_BE + SEED.encode("utf-16-be"), "utf-16"),
    "UTF-32 LE": (codecs.BOM_UTF32_LE + SEED.encode("utf-32-le"), "utf-32"),
    "UTF-16 LE (no BOM)": (SEED.encode("utf-16-le"), "utf-16-le"),
    "Windows-1256": (_legacy("cp1256"), "cp1256"),
    "ISO-8859-6": (_legacy("iso8859_6"), "iso8859_6"),
}


@pytest.mark.parametrize("label", list(ENCODINGS))
def test_each_encoding_decodes_to_the_text_that_was_written(label: str) -> None:
    data, codec = ENCODINGS[label]
    text, encoding = decode(data)
    assert encoding == label
    assert text == data.decode(codec)
    assert "ديب سيك" in text


def test_short_legacy_texts_are_told_apart() -> None:
    """A sentence is little to go on: the chosen encoding must still give
    words of one script (not Arabic letters mixed with French accents, not
    Hebrew piled with points)."""
    arabic = "مرحبا بكم في المدينة القديمة، قال الوزير."
    for codec, label in (("cp1256", "Windows-1256"), ("iso8859_6", "ISO-8859-6")):
        assert decode(arabic.encode(codec)) == (arabic, label)
    hebrew = "שלום עולם, מה שלומך היום?"
    assert decode(hebrew.encode("cp1255"))[0] == hebrew


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not text: a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100), "not text: a JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "not text: a PDF document"),
        (b"PK\x03\x04" + bytes(60), "not text: a ZIP archive or Office document"),
        (bytes(1000), "not text: binary data (NUL bytes)"),
        (random.Random(8).randbytes(4096), "not text"),
    ],
    ids=["png", "jpeg", "pdf", "zip", "nul", "random"],
)
def test_binary_data_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(CorpusError) as refused:
        decode(data, "x.txt")
    assert refused.value.reason.startswith(reason)


def test_utf8_with_a_few_stray_bytes_opens_with_them_shown_and_offsets_stable(
    tmp_path: Path,
) -> None:
    good = SEED.encode("utf-8")
    # A byte lost from a letter, and a stray 0xFF, as a bad copy leaves them.
    broken = good[:701] + good[702:2000] + b"\xff" + good[2000:]
    text, encoding = decode(broken, "x.txt")
    assert encoding == "UTF-8, 2 undecodable bytes shown as \ufffd"
    assert (
        text.count("\ufffd") == 2 and len(text) == len(SEED) + 1
    )  # one letter lost, one byte added
    assert text == decode(broken, "x.txt")[0]  # the same text every time: offsets hold
    path = tmp_path / "a.txt"
    path.write_bytes(broken)
    assert read_article(path).encoding == encoding
    # Another encoding fails on nearly every Arabic byte: still detected as it.
    assert decode(_legacy("cp1256"), "x.txt")[1] == "Windows-1256"


def test_a_stray_nul_in_text_is_kept_and_shown_as_a_placeholder() -> None:
    text, _ = decode("كلمة\x00كلمة أخرى".encode())
    assert text == "كلمة\x00كلمة أخرى"
    shown = "".join(line.visual for line in ArticleLayout(text).lines(40))
    assert "\u2400" in shown and "\x00" not in shown


def test_crlf_and_lone_cr_keep_offsets_into_the_text_on_disk() -> None:
    """Offsets count code points of the decoded bytes, line endings included:
    CRLF stays two characters, so what is stored points at the same words
    whichever editor wrote the file."""
    lines = ["السطر الأول", "السطر الثاني", "السطر الثالث", "Nvidia H100"]
    text, _ = decode(("\r\n".join(lines[:2]) + "\r" + "\n".join(lines[2:])).encode())
    assert text.count("\r") == 2
    layout = ArticleLayout(text)
    assert [text[p.start : p.end] for p in layout.paragraphs] == lines
    shown = [line.visual for line in layout.lines(60)]
    assert not any("\u240d" in v or "\u240a" in v for v in shown), "no ␍ or ␊ on screen"
    start = text.index("H100")
    assert text[start : start + 4] == "H100"  # the offset a sidecar would store


def test_size_extremes_are_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes("  \r\n\t\n \u3000".encode())
    assert read_article(empty).text == "" and read_article(empty).title == "empty.txt"
    assert read_article(blank).text.isspace() and read_article(blank).title == "blank.txt"
    for path in (empty, blank):
        assert list(ArticleLayout(read_article(path).text).lines(40))


def odd_files(folder: Path) -> dict[str, str]:
    """A folder of everything that is not a readable article; returns each
    file's name and the start of the reason the library must give."""
    folder.mkdir()
    (folder / "good.txt").write_bytes(_legacy("cp1256"))
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "loop-a.txt").symlink_to("loop-b.txt")
    (folder / "loop-b.txt").symlink_to("loop-a.txt")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "folder.txt").mkdir()  # a folder with an article's name: not listed
    (folder / "locked.txt").write_text("نص", encoding="utf-8")
    return {
        "image.txt": "not text: a PNG image",
        "loop-a.txt": "a symbolic link that loops",
        "loop-b.txt": "a symbolic link that loops",
        "dangling.txt": "a symbolic link to nothing",
        "pipe.txt": "not a regular file",
        "locked.txt": "cannot read: permission denied",
    }


def _deny(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading `path` fails with EACCES. chmod 000 would not do: the suite
    may run as root, whom permissions do not stop."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_every_odd_file_is_refused_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = odd_files(tmp_path / "odd")
    _deny(tmp_path / "odd" / "locked.txt", monkeypatch)
    found = {path.name: path for path in find_articles(tmp_path / "odd")}
    assert set(found) == {*expected, "good.txt"}
    for name, reason in expected.items():
        with pytest.raises(CorpusError) as refused:
            read_article(found[name])
        assert refused.value.reason.startswith(reason), (name, refused.value.reason)
    assert read_article(found["good.txt"]).encoding == "Windows-1256"
    with pytest.raises(CorpusError, match="is a directory"):
        read_article(tmp_path / "odd" / "folder.txt")
    # Given by name on the command line, a looping link is still one clear error.
    assert find_articles(tmp_path / "odd" / "loop-a.txt") == [tmp_path / "odd" / "loop-a.txt"]


async def test_the_library_lists_odd_files_as_skipped_and_opens_what_it_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = odd_files(tmp_path / "odd")
    _deny(tmp_path / "odd" / "locked.txt", monkeypatch)
    (tmp_path / "odd" / "empty.txt").write_bytes(b"")
    paths = find_articles(tmp_path / "odd")
    app = ReaderApp(paths)
    async with app.run_test(size=(160, 60)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.query_one(LibraryPanel)
        listed = {path.name: " ".join(panel.row_text(i).split()) for i, path in enumerate(paths)}
        for name, reason in expected.items():
            assert f"skipped: {reason}" in listed[name], listed[name]
        assert "Windows-1256" in listed["good.txt"]
        # The first article that can be opened is open; every other one can be
        # asked for without a crash.
        for number in range(len(paths)):
            app.open_article(number)
            await pilot.pause()
        assert app.is_running
        app.open_article(paths.index(tmp_path / "odd" / "empty.txt"))
        await pilot.pause()
        assert "empty file" in (app.view.border_subtitle or "")
        app.open_article(paths.index(tmp_path / "odd" / "good.txt"))
        await pilot.pause()
        assert app.query_one(ArticleView).article_text == _legacy("cp1256").decode("cp1256")


async def test_a_folder_of_10000_files_lists_at_once_and_stays_usable(tmp_path: Path) -> None:
    """10,000 files, a tenth of them binary: the library shows every one
    before it has read them, fills in titles and skip reasons in the
    background, and the keys work meanwhile."""
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [read_text(seed) for seed in SEEDS]
    for number in range(10_000):
        path = folder / f"{number:05d}.txt"
        if number % 10 == 7:
            path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
        else:
            text = texts[number % len(texts)]
            path.write_text(text[: 200 + number % 800], encoding="utf-8")
    paths = find_articles(folder)
    assert len(paths) == 10_000
    app = ReaderApp(paths)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        panel = app.query_one(LibraryPanel)
        assert panel.option_count == 10_000  # all listed, whether read yet or not
        panel.focus()
        await pilot.press("end")  # the last article, read or not
        assert panel.highlighted == 9_999
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == 9_999
        assert app.view.article_text == read_text(paths[-1])
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "listing"])
        assert "skipped: not text: a PNG image" in panel.row_text(7)
        assert panel.row_text(9_998).splitlines()[1].endswith(paths[9_998].name)
        assert sum(bool(entry.skipped) for entry in panel.entries) == 1_000
        await pilot.press("q")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as sparse:  # no disk used: a hole
        sparse.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(CorpusError) as refused:
        read_article(huge)
    assert refused.value.reason is not None and refused.value.reason.startswith("too large")


async def test_a_50_mb_file_of_one_line_opens_and_scrolls(tmp_path: Path) -> None:
    """One 50 MB paragraph: laid out a piece at a time, shown at once, and
    quitting does not wait for the entities of 50 MB."""
    words = " ".join(SEED.split())
    text = (words + " ") * (50_000_000 // len(words.encode()) + 1)
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 50_000_000 and "\n" not in text
    first = ArticleLayout(text).paragraph(0)
    assert first is not None and first.end - first.start <= MAX_PARAGRAPH_CHARS
    app = ReaderApp([path])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        shown = [view.render_line(y).text for y in range(view.size.height)]
        assert sum(bool(line.strip()) for line in shown) > view.size.height // 2
        await pilot.press("pagedown", "pagedown")
        assert view.scroll_offset.y > 0
        assert view.cursor is not None and view.cursor.start > 0
        await pilot.press("q")
    assert app.return_code == 0


async def test_g_in_a_long_one_line_article_keeps_the_keys_answering(tmp_path: Path) -> None:
    """G on 3 MB of one line (a 50 MB one took half a minute of frozen
    screen): laid out a slice at a time with the progress in the border;
    keys are handled meanwhile, and the view then reaches the end."""
    words = " ".join(SEED.split())
    text = (words + " ") * (3_000_000 // len(words) + 1)
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    app = ReaderApp([path])
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(ArticleView)
        while len(view.article_text) < len(text):  # shown from its beginning first
            await pilot.pause(0.05)
        started = time.monotonic()
        view.action_bottom()  # what G does: back to the keyboard at once
        assert time.monotonic() - started < 0.2
        assert "going to the end" in str(view.border_subtitle)
        while "going to the end" in str(view.border_subtitle):
            await pilot.pause(0.2)
        assert view.cursor is not None and view.cursor.end >= len(text) - 2 * len(words)
        assert view.scroll_offset.y > 0
