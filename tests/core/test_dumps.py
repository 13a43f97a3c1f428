"""Dumps of articles (JSON lines, CSV): a record each, listed without reading
the dump whole, each opened at once, annotated in a sidecar of its own."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest
from conftest import SEEDS, read_text

from reader.annotations.model import Annotation
from reader.annotations.sidecar import sidecar_path
from reader.annotations.store import AnnotationStore
from reader.corpus import CorpusError, find_articles, read_article

LINES = [line for line in read_text(SEEDS[0]).splitlines() if len(line) > 80]


def jsonl(path: Path, count: int) -> list[dict[str, str]]:
    records = [
        {
            "headline": f"خبر رقم {n}",
            "content": LINES[n % len(LINES)] + "\n\n" + LINES[(n + 1) % len(LINES)],
            "link": f"https://example.com/{n}",
            "published": f"2025-01-{1 + n % 28:02d}",
        }
        for n in range(count)
    ]
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.write("\n" if len(record["headline"]) % 3 == 0 else "")  # blank lines between
    return records


def tag_second_record(dump: Path, length: int) -> tuple[Path, str, int]:
    """Tag `length` characters of the dump's second record and save: (its
    path, its text, where the tag starts)."""
    path = find_articles(dump)[1]
    article = read_article(path)
    store = AnnotationStore.of(article)
    start = article.text.index(LINES[2][:length])
    tagged = Annotation.new(article.text, start, start + length, ("claim",))
    store.change(store.state.put(tagged), "tag")
    assert store.save() is not None
    return path, article.text, start


def test_each_record_of_a_jsonl_dump_is_an_article(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    records = jsonl(dump, 7)
    paths = find_articles(tmp_path)
    assert [p.name for p in paths] == [f"dump.jsonl#{n}" for n in range(1, 8)]
    for n, path in enumerate(paths):
        article = read_article(path)
        assert article.title == records[n]["headline"]
        assert article.text.startswith(records[n]["headline"] + "\n\n")
        assert LINES[n % len(LINES)] in article.text
        assert article.meta["url"] == records[n]["link"]
        assert article.meta["date"] == records[n]["published"]
    assert find_articles(dump) == paths  # the dump named alone: its records


def test_a_csv_record_may_span_lines_and_the_header_is_not_one(tmp_path: Path) -> None:
    table = tmp_path / "news.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "text", "url"])
        writer.writerow(["الأول", 'سطر أول\nسطر "ثان" فيه علامات', "https://a"])
        writer.writerow(["الثاني", LINES[0], "https://b"])
    paths = find_articles(table)
    assert [p.name for p in paths] == ["news.csv#1", "news.csv#2"]
    first = read_article(paths[0])
    assert first.title == "الأول" and 'سطر "ثان" فيه علامات' in first.text
    assert read_article(paths[1]).meta["url"] == "https://b"


def test_bad_records_are_refused_with_a_reason(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"text": "نص"}\nnot json\n[1, 2]\n{"title": "بلا نص"}\n', encoding="utf-8")
    reasons = []
    for path in find_articles(dump):
        try:
            read_article(path)
            reasons.append("")
        except CorpusError as error:
            reasons.append(error.reason)
    assert reasons[0] == ""
    assert "not JSON" in reasons[1] and "not a JSON object" in reasons[2]
    assert "no text" in reasons[3]
    with pytest.raises(CorpusError, match="no record 9"):
        read_article(tmp_path / "dump.jsonl#9")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match="no records"):
        read_article(find_articles(tmp_path / "empty.jsonl")[0])


@pytest.mark.usefixtures("user_data")
def test_a_record_has_its_own_sidecar_and_its_tags_come_back(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    jsonl(dump, 3)
    path, text, start = tag_second_record(dump, 30)
    assert sidecar_path(path) == tmp_path / "dump.jsonl.annotations" / "2.annotations.json"
    assert sidecar_path(path).exists() and not sidecar_path(find_articles(dump)[0]).exists()
    again = AnnotationStore.of(read_article(path))
    assert [a.quote for a in again.state.annotations] == [text[start : start + 30]]
    # The sidecars' folder is not listed as articles.
    assert [p.name for p in find_articles(tmp_path)] == [
        "dump.jsonl#1",
        "dump.jsonl#2",
        "dump.jsonl#3",
    ]


def test_a_large_dump_is_listed_without_reading_it_and_a_record_opens_at_once(
    tmp_path: Path,
) -> None:
    dump = tmp_path / "big.jsonl"
    row = json.dumps({"title": "عنوان", "text": LINES[0]}, ensure_ascii=False) + "\n"
    dump.write_text(row * 20_000, encoding="utf-8")
    paths = find_articles(dump)
    assert len(paths) == 20_000
    began = time.perf_counter()
    article = read_article(paths[-1])  # the last: one seek, not a read of the rest
    assert article.title == "عنوان" and time.perf_counter() - began < 1.0


def test_the_config_names_a_dumps_own_fields(tmp_path: Path) -> None:
    from reader.config import ConfigError, load_config
    from reader.formats import dumps

    config_file = tmp_path / "config.toml"
    config_file.write_text('[dumps]\ntext = ["story"]\ntitle = "heading"\n', encoding="utf-8")
    config = load_config(config_file)
    assert config.dump_fields == {"text": ("story",), "title": ("heading",)}
    dump = tmp_path / "odd.jsonl"
    dump.write_text(
        json.dumps(
            {"heading": "عنوان خاص", "story": LINES[0], "text": "ليس هذا"}, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    try:
        dumps.use_fields(config.dump_fields)
        article = read_article(find_articles(dump)[0])
        assert article.title == "عنوان خاص" and LINES[0] in article.text
        assert "ليس هذا" not in article.text
    finally:
        dumps.use_fields({})
    bad = tmp_path / "bad.toml"
    bad.write_text('[dumps]\nbody = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="dumps has no 'body'"):
        load_config(bad)


@pytest.mark.usefixtures("user_data")
def test_a_records_tags_go_through_brat_and_back_to_the_same_record(tmp_path: Path) -> None:
    import shutil

    from conftest import run_reader

    folder = tmp_path / "news"
    folder.mkdir()
    dump = folder / "dump.jsonl"
    jsonl(dump, 3)
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    _, text, start = tag_second_record(dump, 20)
    out = tmp_path / "brat"
    made = run_reader("export", str(folder), "-f", "brat", "-o", str(out))
    assert made.returncode == 0, made.stderr
    assert (out / "dump-2.txt").read_text(encoding="utf-8") == text
    back = run_reader("import", "-f", "brat", str(out), "--into", str(copy))
    assert back.returncode == 0, back.stderr
    imported = AnnotationStore.of(read_article(copy / "dump.jsonl#2"))
    assert [a.quote for a in imported.state.annotations] == [text[start : start + 20]]
    assert not sidecar_path(copy / "dump.jsonl#1").exists()


def test_a_csv_saved_in_windows_1256_reads_as_arabic(tmp_path: Path) -> None:
    table = tmp_path / "old.csv"
    rows = ["title,text", f'"خبر قديم","{LINES[1]}"']
    table.write_bytes("\r\n".join(rows).encode("cp1256", "replace") + b"\r\n")
    (record,) = find_articles(table)
    article = read_article(record)
    assert article.title == "خبر قديم"
    assert LINES[1].encode("cp1256", "replace").decode("cp1256") in article.text
