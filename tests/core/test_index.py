"""The library index (reader/index.py, `reader index`): built, kept up to
date, interrupted and resumed, searched, and run on a Dask cluster."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS, read_text, tag
from conftest import open_store as store_of
from conftest import run_reader as run

from reader.index import (
    LibraryIndex,
    database_path,
    in_worker_processes,
    index_key,
    update_index,
    word_forms,
)
from reader.nlp.search import find

# Short stories written for these tests: names, places and clitics.
STORIES = [
    "التقى وزير الخارجية المصري سامح شكري نظيره الأردني في عمّان لبحث الأوضاع في غزة.",
    "وقالت شركة أرامكو السعودية إن أرباحها ارتفعت، وأضافت أن الإنتاج في الظهران مستقر.",
    "فاز نادي الأهلي على الزمالك في القاهرة، وقال المدرب إن اللاعبين قدموا أداء رائعا.",
    "أعلنت بلدية الخليل عن مشروع جديد للمياه بالتعاون مع منظمة الصحة العالمية.",
    "وصل الرئيس الفرنسي إلى بيروت، والتقى رئيس الحكومة اللبنانية في السراي الحكومي.",
    # Names only with their clitics: بالصين, ولليابان (و + ل + اليابان, the alef gone).
    "وقال الوزير إن علاقات بلاده بالصين قوية ولليابان أيضا.",
]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    (root / "2025" / "01").mkdir(parents=True)
    for seed in SEEDS[:3]:
        (root / seed.name).write_bytes(seed.read_bytes())
    for number, story in enumerate(STORIES):
        (root / "2025" / "01" / f"{number:03d}.txt").write_text(story + "\n", encoding="utf-8")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return root


def build(root: Path) -> LibraryIndex:
    index = LibraryIndex.for_root(root)
    update_index(index, root)
    return index


def table(index: LibraryIndex, sql: str) -> list[tuple[object, ...]]:
    return sorted(index.db.execute(sql).fetchall(), key=repr)


def test_the_index_lists_every_article_with_its_entities_tags_and_words(library: Path) -> None:
    store = store_of(library / SEEDS[0].name)
    tag(store, 0, 10, "claim")
    store.save()
    with build(library) as index:
        rows = {Path(row.path).name: row for row in index.rows()}
        assert len(rows) == 10  # three seeds, six stories, one picture
        assert rows["picture.png"].skipped  # listed with the reason, as the library does
        assert rows[SEEDS[0].name].title == read_text(SEEDS[0]).splitlines()[0].strip()
        assert rows[SEEDS[0].name].annotations == 1
        assert ("claim", 1) in index.tag_counts()
        top = {(kind, name) for kind, name, _, _ in index.top_entities(200)}
        assert ("PLACE", "الصين") in top and ("ORG", "DeepSeek") in top
        assert ("PERSON", "سامح شكري") in top
        # Which articles could hold a word, however it is written.
        seed = str(library / SEEDS[0].name)
        assert seed in index.candidates("الصين")
        holding = {path for path, _, _ in scan(library, "والصين")}  # as written, with و
        assert holding and holding <= index.candidates("والصين")
        assert str(library / "2025/01/001.txt") in index.candidates("ارامكو")


def test_a_words_forms_are_those_the_search_allows() -> None:
    assert {"والصين", "الصين"} <= word_forms("والصين")
    assert "الصين" in word_forms("للصين")  # ل + الصين, the alef gone
    assert "الصين" in word_forms("وبالصين")


def test_the_index_follows_edits_additions_removals_and_sidecars(library: Path) -> None:
    with build(library) as index:
        before = index.count()
        story = library / "2025/01/002.txt"
        time.sleep(0.01)
        story.write_text("سافر الوفد إلى طوكيو للقاء شركة سوني.\n", encoding="utf-8")
        (library / "2025/01/new.txt").write_text("زار الوفد مدينة فاس.\n", encoding="utf-8")
        (library / "2025/01/004.txt").unlink()
        store = store_of(library / SEEDS[1].name)
        tag(store, 0, 5, "check")
        store.save()
        result = update_index(index, library)
        assert (result.indexed, result.removed) == (3, 1)  # edited, added, re-tagged; removed
        assert result.unchanged == before - 3
        assert index.count() == before
        assert str(story) in index.candidates("طوكيو")
        assert str(story) not in index.candidates("الزمالك")
        assert str(library / "2025/01/004.txt") not in {row.path for row in index.rows()}
        assert ("check", 1) in index.tag_counts()
        # The kept totals are what counting every mention again gives.
        counted = table(
            index,
            "SELECT type, key, count(*), count(DISTINCT article) FROM mentions GROUP BY type, key",
        )
        assert table(index, "SELECT type, key, mentions, articles FROM totals") == counted
        again = update_index(index, library)
        assert again.indexed == 0 and again.unchanged == index.count()


def test_deleting_the_index_loses_nothing_but_time(library: Path) -> None:
    with build(library) as index:
        first = table(index, "SELECT path, text_sha256, title FROM articles")
        mentions = table(index, "SELECT type, canonical, start, end FROM mentions")
        path = index.path
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with build(library) as index:
        assert table(index, "SELECT path, text_sha256, title FROM articles") == first
        assert table(index, "SELECT type, canonical, start, end FROM mentions") == mentions


QUERIES = [
    "الصين",
    "اليابان",
    "الولايات المتحدة",
    "أمريكا",
    "ديبسيك",
    "Nvidia",
    "للصين",
    "بيروت",
    "زمالك",
]


def scan(root: Path, query: str) -> list[tuple[str, int, int]]:
    from reader.corpus import CorpusError, find_articles, read_article

    hits = []
    for path in find_articles(root):
        try:
            text = read_article(path).text
        except CorpusError:
            continue
        hits.extend((str(path), h.start, h.end) for h in find(text, query))
    return hits


def test_search_through_the_index_finds_what_the_scan_finds(library: Path) -> None:
    build(library).close()
    # Changed after indexing, and not indexed again: still searched.
    late = library / "2025/01/000.txt"
    time.sleep(0.01)
    late.write_text(late.read_text(encoding="utf-8") + "وزار الوفد الزمالك.\n", encoding="utf-8")
    for query in QUERIES:
        result = run("search", query, str(library))
        found = sorted(line.split(": ", 1)[0] for line in result.stdout.splitlines())
        expected = []
        for path, start, _ in scan(library, query):
            text = read_text(Path(path)) if Path(path).suffix == ".txt" else ""
            expected.append(f"{path}:{text.count(chr(10), 0, start) + 1}")
        assert found == sorted(expected), query
    assert str(late) in run("search", "الزمالك", str(library)).stdout


def test_a_killed_index_run_leaves_a_consistent_database_that_the_next_continues(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    text = read_text(SEEDS[3])
    for number in range(40):
        # Distinct texts, so that the entity cache cannot answer for them.
        (root / f"{number:03d}.txt").write_text(f"{text}\nالعدد {number}\n", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cold-cache")}
    command = [sys.executable, "-m", "reader", "index", str(root), "--workers", "1"]
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    database = Path(env["XDG_CACHE_HOME"]) / "reader" / "index" / database_path(root).name
    written = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if database.exists():
            with sqlite3.connect(database, timeout=5) as peek:
                try:
                    written = peek.execute("SELECT count(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:
                    written = 0  # the tables are not made yet
            if written >= 3:
                break
        time.sleep(0.05)
    assert child.poll() is None, "the run ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        paths = [p for (p,) in db.execute("SELECT path FROM articles")]
        # Every article written is whole: its words are in with it.
        with_words = db.execute(
            "SELECT count(*) FROM articles JOIN bodies ON bodies.article = articles.id"
        ).fetchone()[0]
    assert 3 <= len(paths) < 40 and with_words == len(paths)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"{len(paths):,} unchanged" in result.stdout and "40 articles" in result.stdout


# Run in a process of its own: a Dask cluster leaves threads behind, and a
# process with threads must not fork (as later tests' workers do).
_ON_A_CLUSTER = """
import sys
from pathlib import Path

from distributed import LocalCluster

from reader.index import LibraryIndex, index_key, on_dask, update_index

if __name__ == "__main__":
    root, database = Path(sys.argv[1]), Path(sys.argv[2])
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as cluster, LibraryIndex(database) as index:
        update_index(index, root, on_dask(cluster.scheduler_address, index_key()))
"""


def test_local_workers_and_a_dask_cluster_give_the_same_database(
    library: Path, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")

    def content(index: LibraryIndex) -> tuple[list[tuple[object, ...]], ...]:
        return (
            table(index, "SELECT path, size, text_sha256, title, skipped, chars FROM articles"),
            table(
                index,
                "SELECT a.path, m.start, m.end, m.type, m.canonical, m.confidence"
                " FROM mentions m JOIN articles a ON a.id = m.article",
            ),
            table(index, "SELECT a.path, b.body FROM bodies b JOIN articles a ON a.id = b.article"),
        )

    with LibraryIndex(tmp_path / "local.sqlite3") as local:
        update_index(local, library, in_worker_processes(2, index_key()))
        expected = content(local)
    script = tmp_path / "on_a_cluster.py"
    script.write_text(_ON_A_CLUSTER, encoding="utf-8")
    database = tmp_path / "dask.sqlite3"
    done = subprocess.run(
        [sys.executable, str(script), str(library), str(database)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with LibraryIndex(database) as on_cluster:
        assert content(on_cluster) == expected


def test_index_commands_say_what_is_wrong(tmp_path: Path, library: Path) -> None:
    missing = run("index", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    assert "Traceback" not in missing.stderr
    zero = run("index", str(library), "--workers", "0")
    assert zero.returncode == 2 and "--workers" in zero.stderr
    unreachable = run("index", str(library), "--scheduler", "tcp://127.0.0.1:9")
    assert unreachable.returncode == 2 and "Traceback" not in unreachable.stderr
    assert "127.0.0.1:9" in unreachable.stderr
    no_index = run("entities", "--library", str(library))
    assert no_index.returncode == 2 and "reader index" in no_index.stderr


def test_which_articles_mention_a_name_and_with_whom(library: Path) -> None:
    done = run("index", str(library))
    assert done.returncode == 0, done.stderr
    assert "10 articles" in done.stdout
    # Asked for in Arabic letters, found where the entity is DeepSeek.
    answer = run("entities", "--library", str(library), "--name", "ديب سيك", "--json")
    assert answer.returncode == 0, answer.stderr
    import json

    document = json.loads(answer.stdout)
    paths = {Path(a["path"]).name for a in document["articles"]}
    assert paths == {seed.name for seed in SEEDS[:3]}
    company = {(c["type"], c["name"]) for c in document["mentioned_with"]}
    assert ("PLACE", "الصين") in company
    top = run("entities", "--library", str(library), "--top", "5")
    assert top.returncode == 0 and len(top.stdout.splitlines()) == 5


def test_the_librarys_rows_can_come_from_the_index_before_the_files_are_read(
    library: Path,
) -> None:
    from reader.index import listed

    assert listed(library) == {}  # no index: the library reads every file itself
    store = store_of(library / SEEDS[0].name)
    tag(store, 0, 10, "claim")
    store.save()
    build(library).close()
    rows = listed(library / "2025")  # a folder below the indexed one is served too
    seed = rows[str(library / SEEDS[0].name)]
    assert seed.title == read_text(SEEDS[0]).splitlines()[0].strip()
    assert (seed.annotations, seed.tags) == (1, {"claim": 1})
    assert rows[str(library / "picture.png")].skipped


def test_the_bulk_export_is_the_bulk_format_with_exact_texts(library: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "bulk.ndjson"
    result = run("index", str(library), "--bulk", str(out), "--bulk-index", "news")
    assert result.returncode == 0, result.stderr
    data = out.read_text(encoding="utf-8")
    assert data.endswith("\n")  # the bulk API wants the last line ended too
    lines = data.splitlines()
    assert len(lines) == 2 * 9  # nine readable articles: an action and a document each
    for action_line, document_line in zip(lines[::2], lines[1::2], strict=True):
        action = json.loads(action_line)
        document = json.loads(document_line)
        assert list(action) == ["index"] and action["index"]["_index"] == "news"
        path = Path(document["path"])
        assert document["text"] == read_text(path)  # the text every offset counts in
        assert len(action["index"]["_id"]) == 64
        for mention in document["mentions"]:
            assert document["text"][mention["start"] : mention["end"]].strip()
    again = run("index", str(library), "--bulk", str(out))
    assert again.returncode == 2 and "already there" in again.stderr  # never overwritten


def test_what_is_taught_in_the_reader_reaches_every_indexed_article(library: Path) -> None:
    from reader.annotations import taught
    from reader.annotations.model import REJECT_ENTITY, EntityCorrection

    with build(library) as index:
        assert any(
            kind == "PLACE" and name == "الصين" for kind, name, _, _ in index.top_entities(50)
        )
        taught.teach(EntityCorrection(id="t1", action=REJECT_ENTITY, name="الصين", created="t"))
        result = update_index(index, library)
        assert result.indexed == index.count() and result.unchanged == 0  # all read again
        assert not any(name == "الصين" for _, name, _, _ in index.top_entities(200))
        assert update_index(index, library).unchanged == index.count()  # and then not again
