"""Exports in every format, checked against the article text, and imports back."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, read_text
from conftest import run_reader as run

from reader.annotations.model import Annotation, AnnotationSet
from reader.annotations.sidecar import sidecar_path
from reader.annotations.store import AnnotationStore
from reader.corpus import Article, read_article
from reader.export import brat, conll, csv_table, json_doc, jsonl, markdown, w3c
from reader.export.formats import ExportError, write_folder, write_text
from reader.export.importing import import_annotations
from reader.export.records import ArticleRecord, corrected_entity_finder, records
from reader.files import backup_path
from reader.nlp.sentences import split_sentences
from reader.nlp.tokens import tokenize

NOTE = "ملاحظة عن Nvidia H100\nوسطر ثانٍ فيه \\ و\ttab"


def annotate(path: Path) -> list[Annotation]:
    """Tags (Arabic, hyphenated, several on one passage), an Arabic multi-line
    note, a note alone, and a passage across a paragraph break."""
    text = read_text(path)
    sentences = split_sentences(text)
    third, fifth = sentences[2], sentences[4]
    across = next(s for s in sentences if s.paragraph == 2)
    store = AnnotationStore(path, text)
    made = [
        Annotation.new(text, third.start, third.end, tags=("claim",)),
        Annotation.new(
            text, fifth.start, fifth.end, tags=("evidence", "follow-up", "مهم"), note=NOTE
        ),
        Annotation.new(text, sentences[6].start, sentences[6].end, note="ملاحظة وحدها"),
        Annotation.new(text, sentences[1].start, across.end, tags=("quote",)),
    ]
    state = store.state
    for annotation in made:
        state = state.put(annotation)
    store.change(state, "test")
    store.save()
    return list(store.state.annotations)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("library")
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder / seed.name)
    annotate(folder / SEEDS[0].name)
    return folder


@pytest.fixture(scope="module")
def exported(library: Path) -> list[ArticleRecord]:
    articles = [read_article(p) for p in sorted(library.glob("*.txt"))]
    chosen = list(records(articles, corrected_entity_finder()))
    assert len(chosen[0].annotations) == 4 and chosen[0].entities
    return chosen


def fresh_copy(library: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    target.mkdir()
    for article in library.glob("*.txt"):
        shutil.copy(article, target / article.name)
    return target


def comparable(annotations: tuple[Annotation, ...] | list[Annotation]) -> list[tuple[object, ...]]:
    return sorted((a.start, a.end, a.quote, a.tags, a.note) for a in annotations)


# --- W3C -----------------------------------------------------------------------------------


def test_w3c_is_a_web_annotation_collection_whose_selectors_match_the_text(
    exported: list[ArticleRecord],
) -> None:
    document = json.loads(w3c.export(exported))
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    items = document["first"]["items"]
    assert document["total"] == len(items) == 4
    texts = {r.path.resolve().as_uri(): r.text for r in exported}
    for item in items:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
        text = texts[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        exact = text[position["start"] : position["end"]]
        assert quote["exact"] == exact
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
        for body in item.get("body", []):
            assert body["type"] == "TextualBody" and body["purpose"] in ("commenting", "tagging")
    noted = next(i for i in items if any(b["purpose"] == "commenting" for b in i.get("body", [])))
    tags = [b["value"] for b in noted["body"] if b["purpose"] == "tagging"]
    assert tags == ["evidence", "follow-up", "مهم"]
    assert next(b["value"] for b in noted["body"] if b["purpose"] == "commenting") == NOTE


def test_w3c_round_trips_without_loss(
    library: Path, exported: list[ArticleRecord], tmp_path: Path
) -> None:
    target = fresh_copy(library, tmp_path)
    found = w3c.read(w3c.export(exported))
    report = import_annotations(read_article(target / SEEDS[0].name), [a for _, a in found])
    assert (report.added, report.updated) == (4, 0)
    original = exported[0].annotations
    imported = AnnotationStore(target / SEEDS[0].name, read_text(target / SEEDS[0].name)).state
    assert imported.annotations == original  # ids, times, context, status: everything
    # Importing again changes nothing.
    again = import_annotations(read_article(target / SEEDS[0].name), [a for _, a in found])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)


def test_w3c_import_refuses_what_is_not_an_annotation_collection() -> None:
    with pytest.raises(w3c.W3CError, match="not JSON"):
        w3c.read("{")
    with pytest.raises(w3c.W3CError, match="TextQuoteSelector"):
        w3c.read(json.dumps([{"type": "Annotation", "target": {"source": "file:///a.txt"}}]))
    with pytest.raises(w3c.W3CError, match="not a file"):
        w3c.read(
            json.dumps(
                {
                    "type": "Annotation",
                    "target": {
                        "source": "https://example.com/a",
                        "selector": {"type": "TextQuoteSelector", "exact": "x"},
                    },
                }
            )
        )


# --- brat ------------------------------------------------------------------------------------

T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
NOTE_LINE = re.compile(r"^#\d+\tAnnotatorNotes (T\d+)\t(.*)$")


def test_brat_lines_parse_and_their_offsets_match_the_txt(exported: list[ArticleRecord]) -> None:
    files = brat.export(exported)
    assert set(files) >= {"annotation.conf", "visual.conf"}
    declared = set(files["annotation.conf"].split("[relations]")[0].split()[1:])
    for record in exported:
        name = Path(record.path.name).stem
        text = files[f"{name}.txt"]
        assert text == record.text
        ids = set()
        for line in files[f"{name}.ann"].splitlines():
            if line.startswith("T"):
                match = T_LINE.match(line)
                assert match, line
                ids.add(match.group(1))
                assert match.group(2) in declared
                fragments = [tuple(map(int, f.split())) for f in match.group(3).split(";")]
                assert match.group(4) == " ".join(text[s:e] for s, e in fragments)
                assert all("\n" not in text[s:e] for s, e in fragments)
            else:
                match = NOTE_LINE.match(line)
                assert match, line
                assert match.group(1) in ids
    first = files[f"{Path(exported[0].path.name).stem}.ann"]
    assert "\\n" in first and NOTE.split("\n")[0] in first  # the note, on one line


def test_brat_round_trips_without_loss(
    library: Path, exported: list[ArticleRecord], tmp_path: Path
) -> None:
    folder = tmp_path / "brat"
    write_folder(folder, brat.export(exported))
    name = Path(SEEDS[0].name).stem
    text = (folder / f"{name}.txt").read_bytes().decode("utf-8")
    passages = brat.read((folder / f"{name}.ann").read_bytes().decode("utf-8"), text)
    identities = brat.read_identities((folder / f"{name}{brat.IDS_SUFFIX}").read_text("utf-8"))
    # With the ids file brat cannot hold: the very same annotations.
    target = fresh_copy(library, tmp_path)
    incoming = [brat.annotation(text, p, identities) for p in passages]
    import_annotations(read_article(target / SEEDS[0].name), incoming)
    imported = AnnotationStore(target / SEEDS[0].name, read_text(target / SEEDS[0].name)).state
    assert imported.annotations == exported[0].annotations
    # A folder edited in brat without it: spans, quotes, tags and notes still come back.
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SEEDS[0], other / SEEDS[0].name)
    bare = [brat.annotation(text, p, {}) for p in passages]
    import_annotations(read_article(other / SEEDS[0].name), bare)
    again = AnnotationStore(other / SEEDS[0].name, read_text(other / SEEDS[0].name)).state
    assert comparable(again.annotations) == comparable(exported[0].annotations)
    assert {a.id for a in again.annotations}.isdisjoint(a.id for a in exported[0].annotations)
    assert brat.read_identities("not json") == {}


def test_brat_types_for_tags_are_legal_and_reversible() -> None:
    for tag in ("claim", "follow-up", "مهم", "PLACE", "Note", "x_41", "two words"):
        kind = brat.type_name(tag)
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", kind)
        assert brat.tag_of(kind) == tag
    with pytest.raises(brat.BratError, match="outside the text"):
        brat.read("T1\tclaim 0 99\tx\n", "short")


# --- CSV, JSON, JSONL, Markdown, CoNLL ------------------------------------------------


def test_csv_opens_with_the_csv_module_and_round_trips_arabic(
    exported: list[ArticleRecord],
) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_table.export(exported), newline="")))
    assert len(rows) == 4
    texts = {str(r.path): r.text for r in exported}
    for row in rows:
        assert row["quote"] == texts[row["article"]][int(row["start"]) : int(row["end"])]
    assert any(row["note"] == NOTE and row["tags"] == "evidence; follow-up; مهم" for row in rows)
    with_bom = csv_table.export(exported, bom=True).encode("utf-8")
    assert with_bom.startswith(b"\xef\xbb\xbf")
    decoded = with_bom.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(decoded)))[0] == "article"


def test_json_and_jsonl_carry_exact_offsets(exported: list[ArticleRecord]) -> None:
    document = json.loads(json_doc.export(exported))
    assert [a["path"] for a in document["articles"]] == [str(r.path) for r in exported]
    for article, record in zip(document["articles"], exported, strict=True):
        assert article["length"] == len(record.text)
        for entity in article["entities"]:
            for m in entity["mentions"]:
                assert record.text[m["start"] : m["end"]] == m["text"]
    lines = [json.loads(line) for line in jsonl.export(exported).splitlines()]
    assert len(lines) == 4
    for line in lines:
        assert read_text(Path(line["article"]))[line["start"] : line["end"]] == line["quote"]


def test_markdown_report_groups_passages_by_tag(exported: list[ArticleRecord]) -> None:
    report = markdown.export(exported)
    record = exported[0]
    # An Arabic title is a right-to-left block where Markdown is rendered.
    assert report.startswith(f'<div dir="rtl">\n\n# {record.title}\n\n</div>\n')
    for heading in ("## claim (1)", "## evidence (1)", "## مهم (1)", "## Notes (1)", "## Entities"):
        assert heading in report
    assert "Note: ملاحظة عن Nvidia H100" in report
    claim = next(a for a in record.annotations if a.tags == ("claim",))
    assert f"> {claim.quote}" in report
    assert report.count(f"# {exported[1].title}") == 1  # the second article's own report


def test_markdown_keeps_right_to_left_blocks_and_a_notes_line_breaks() -> None:
    from reader.annotations.model import Annotation

    text = "A title\nقالت الوزارة إن الخطة جاهزة.\nThe plan is ready."
    at = text.index("قالت")
    arabic = Annotation.new(text, at, at + 28, tags=("claim",), note="سطر أول\nsecond line")
    english = Annotation.new(text, at + 29, len(text), tags=("claim",))
    article = Article(Path("a.txt"), text, "UTF-8")
    record = ArticleRecord(article, AnnotationSet((arabic, english)))
    report = markdown.export([record])
    assert '<div dir="rtl">\n\n> قالت الوزارة إن الخطة جاهزة.\n\n</div>' in report
    assert "> The plan is ready." in report and report.count('<div dir="rtl">') == 2
    assert "Note: سطر أول\\\nsecond line" in report  # a hard break: two lines rendered
    assert report.startswith("# A title")  # a left-to-right title as it was


def test_conll_tokens_are_the_text_in_order_with_valid_bio(exported: list[ArticleRecord]) -> None:
    output = conll.export(exported)
    documents = output.split("-DOCSTART-\tO\n")[1:]
    assert len(documents) == len(exported)
    for document, record in zip(documents, exported, strict=True):
        text = record.text
        position = 0
        previous = "O"
        for line in document.splitlines():
            if not line:
                previous = "O"
                continue
            token, label = line.split("\t")
            found = text.index(token, position)
            assert not text[position:found].strip(), (token, text[position:found])
            position = found + len(token)
            assert label == "O" or re.fullmatch(r"[BI]-[A-Z]+", label)
            if label.startswith("I-"):
                assert previous[2:] == label[2:]
            previous = label
        assert not text[position:].strip()
    labelled = dict(line.split("\t") for line in documents[0].splitlines() if line)
    assert labelled["الصين"] == "B-PLACE" and labelled["H100"] == "B-PRODUCT"
    # A word an entity starts inside is labelled whole: للصين B-PLACE, no ل
    # or لصين fragment of it.
    assert "للصين" in exported[0].text
    assert labelled["للصين"] == "B-PLACE"
    words = {token.text for token in tokenize(exported[0].text)}
    assert set(labelled) <= words


def test_conll_conventional_labels(exported: list[ArticleRecord]) -> None:
    output = conll.export(exported, labels="conventional")
    labels = {line.split("\t")[1] for line in output.splitlines() if "\t" in line}
    kinds = {label[2:] for label in labels if label != "O"}
    assert kinds <= {"PER", "ORG", "LOC", "MISC"} and {"LOC", "ORG"} <= kinds


# --- writing and the command line ---------------------------------------------------


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("precious")
    with pytest.raises(ExportError, match="exists; use --force"):
        write_text(out, "new")
    assert out.read_text() == "precious"
    write_text(out, "new", force=True)
    assert out.read_text() == "new"
    assert not backup_path(out).exists()  # an export is replaced, not backed up
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left
    with pytest.raises(ExportError, match="does not exist"):
        write_text(tmp_path / "missing" / "out.csv", "x")
    (tmp_path / "brat").mkdir()
    (tmp_path / "brat" / "a.ann").write_text("mine")
    with pytest.raises(ExportError, match=r"a\.ann: exists"):
        write_folder(tmp_path / "brat", {"a.txt": "t", "a.ann": ""})
    assert not (tmp_path / "brat" / "a.txt").exists()


def test_export_and_import_commands(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes.jsonld"
    first = run("export", str(library), "--format", "w3c", "-o", str(out))
    assert first.returncode == 0, first.stderr
    assert "2 articles, 4 annotations" in first.stderr
    again = run("export", str(library), "--format", "w3c", "-o", str(out))
    assert again.returncode == 2 and "exists; use --force" in again.stderr
    brat_folder = tmp_path / "brat"
    made = run("export", str(library / SEEDS[0].name), "-f", "brat", "-o", str(brat_folder))
    assert made.returncode == 0, made.stderr
    assert run("export", str(library), "-f", "brat").returncode == 2  # no folder given
    target = fresh_copy(library, tmp_path)
    imported = run("import", "-f", "w3c", str(out), "--into", str(target))
    assert imported.returncode == 0, imported.stderr
    assert "4 added" in imported.stdout
    assert sidecar_path(target / SEEDS[0].name).exists()
    assert not sidecar_path(target / SEEDS[1].name).exists()  # nothing to import there
    from_brat = run("import", "-f", "brat", str(brat_folder), "--into", str(target))
    assert from_brat.returncode == 0, from_brat.stderr
    assert "0 added, 0 updated, 4 unchanged" in from_brat.stdout
    broken = tmp_path / "broken.jsonld"
    broken.write_text("{not json")
    refused = run("import", "-f", "w3c", str(broken))
    assert refused.returncode == 2 and "not JSON" in refused.stderr
    assert "Traceback" not in refused.stderr
