"""The sidecar: saving safely, refusing what is not ours, read-only folders, two readers."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import jsonschema
import pytest
from conftest import SEEDS, open_store, read_text, tag

from reader.annotations.model import AnnotationSet
from reader.annotations.sidecar import SidecarError, parse, schema, sidecar_path
from reader.files import backup_path


@pytest.fixture
def article(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return Path(shutil.copy(SEEDS[0], folder / SEEDS[0].name))


pytestmark = pytest.mark.usefixtures("user_data")


def test_saved_sidecar_validates_and_quotes_match_the_article(article: Path) -> None:
    store = open_store(article)
    tag(store, 10, 40, "claim")
    tag(store, 50, 90, "evidence", "quote", note="ملاحظة: Nvidia H100")
    report = store.save()
    assert report is not None and report.path == sidecar_path(article)
    document = json.loads(sidecar_path(article).read_text("utf-8"))
    jsonschema.validate(document, schema())
    text = read_text(article)
    for item in document["annotations"]:
        assert text[item["start"] : item["end"]] == item["quote"]
        assert text[max(0, item["start"] - 32) : item["start"]] == item["prefix"]
    reopened = open_store(article)
    assert reopened.state == store.state
    assert not reopened.dirty


def test_opening_and_reading_never_writes(article: Path) -> None:
    store = open_store(article)
    tag(store, 0, 20, "claim")
    store.save()
    sidecar = sidecar_path(article)
    before = (sidecar.read_bytes(), sidecar.stat().st_mtime_ns)
    reopened = open_store(article)
    assert reopened.save() is None  # nothing changed, nothing written
    assert (sidecar.read_bytes(), sidecar.stat().st_mtime_ns) == before
    assert not backup_path(sidecar).exists()  # only one version was ever written


def test_the_previous_version_is_kept_as_bak(article: Path) -> None:
    store = open_store(article)
    tag(store, 0, 20, "claim")
    store.save()
    first = sidecar_path(article).read_bytes()
    tag(store, 30, 40, "quote")
    store.save()
    assert backup_path(sidecar_path(article)).read_bytes() == first


def test_undo_and_redo_every_change(article: Path) -> None:
    store = open_store(article)
    empty = store.state
    first = tag(store, 0, 20, "claim")
    after_first = store.state
    store.change(store.state.put(first.edited(note="note")), "note")
    assert store.undo() == "note" and store.state == after_first
    assert store.undo() == "tag" and store.state == empty
    assert store.undo() is None
    assert store.redo() == "tag" and store.state == after_first


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b'{"format": "reader-annotations", "version": 1, "annot', "corrupt"),
        (b"\xff\xfe garbage", "corrupt"),
        (b'{"format": "reader-annotations", "version": 7, "annotations": []}', "newer"),
        (b'{"name": "some other tool", "items": [1, 2, 3]}', "foreign"),
        (b"[1, 2, 3]", "foreign"),
        (
            b'{"format": "reader-annotations", "version": 1, "article": '
            b'{"name": "a", "sha256": "0", "length": 1}, "annotations": [{"id": 5}]}',
            "corrupt",
        ),
    ],
)
def test_a_sidecar_that_is_not_ours_is_left_byte_for_byte(
    article: Path, content: bytes, kind: str, user_data: Path
) -> None:
    sidecar = sidecar_path(article)
    sidecar.write_bytes(content)
    store = open_store(article)
    assert store.blocked is not None and store.blocked.kind == kind
    assert any(str(sidecar) in message for message in store.messages)
    tag(store, 0, 10, "claim")
    report = store.save()
    assert report is not None and report.path != sidecar
    assert user_data in report.path.parents
    assert sidecar.read_bytes() == content
    assert not backup_path(sidecar).exists()
    # The work is there next time, and the bad file is still left alone.
    again = open_store(article)
    assert [a.tags for a in again.state.annotations] == [("claim",)]
    assert sidecar.read_bytes() == content


def refuse_writes_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `folder` read-only the way the kernel would for a normal user.

    The suite may run as root, whom permissions do not stop; then the refusal
    is made at the calls the store uses (os.access and the rename).
    """
    if os.geteuid() != 0:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        return
    real_access, real_replace = os.access, os.replace

    def access(path: str | Path, mode: int, **kwargs: object) -> bool:
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode)

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target).parent == folder:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "replace", replace)


def test_a_read_only_folder_saves_to_the_user_data_folder(
    article: Path, user_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = article.parent
    refuse_writes_in(folder, monkeypatch)
    try:
        store = open_store(article)
        assert any("not writable" in m and str(store.fallback) in m for m in store.messages)
        tag(store, 0, 10, "claim")
        report = store.save()
        assert report is not None and user_data in report.path.parents
        assert not sidecar_path(article).exists()
        assert [a.tags for a in open_store(article).state.annotations] == [("claim",)]
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_folder_that_turns_read_only_while_saving(
    article: Path, user_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root cannot be refused by permissions, the refusal is simulated at the rename."""
    store = open_store(article)
    tag(store, 0, 10, "claim")
    real_replace = os.replace

    def refuse_in_article_folder(source: str | Path, target: str | Path) -> None:
        if Path(target).parent == article.parent:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_in_article_folder)
    report = store.save()
    assert report is not None and report.moved_to_fallback
    assert user_data in report.path.parents
    assert any("saved to" in m for m in store.messages)
    assert not sidecar_path(article).exists()


def test_two_readers_on_one_article_merge_instead_of_overwriting(article: Path) -> None:
    first = open_store(article)
    second = open_store(article)
    shared = tag(first, 0, 10, "claim")
    first.save()
    tag(second, 100, 120, "quote")
    report = second.save()
    assert report is not None and report.merged
    assert any("merged" in m for m in second.messages)
    on_disk = open_store(article).state
    assert {a.tags for a in on_disk.annotations} == {("claim",), ("quote",)}
    # The first reader deletes its annotation; the second, unaware, saves again.
    first.change(first.state.remove(shared.id), "delete")
    first.save()
    tag(second, 200, 210, "question")
    second.save()
    final = {a.tags for a in open_store(article).state.annotations}
    assert final == {("quote",), ("question",)}


def test_disk_full_keeps_the_work_and_the_previous_file(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(article)
    tag(store, 0, 10, "claim")
    store.save()
    before = sidecar_path(article).read_bytes()
    tag(store, 20, 30, "quote")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        store.save()
    assert sidecar_path(article).read_bytes() == before
    assert store.dirty and len(store.state.annotations) == 2
    monkeypatch.undo()
    assert store.save() is not None
    assert len(open_store(article).state.annotations) == 2
    assert not list(article.parent.glob(".*.tmp"))  # no temp file left behind


def test_parse_refuses_what_the_schema_refuses(article: Path) -> None:
    """The loader's own checks and the shipped JSON Schema agree on these."""
    store = open_store(article)
    tag(store, 0, 10, "claim")
    store.save()
    good = json.loads(sidecar_path(article).read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema())
    breakages = {
        "negative offset": lambda d: d["annotations"][0].update(start=-1),
        "string offset": lambda d: d["annotations"][0].update(end="10"),
        "tags not a list": lambda d: d["annotations"][0].update(tags="claim"),
        "unknown status": lambda d: d["annotations"][0].update(status="lost"),
        "unknown field": lambda d: d["annotations"][0].update(colour="red"),
        "missing id": lambda d: d["annotations"][0].pop("id"),
        "no article": lambda d: d.pop("article"),
    }
    for name, breaking in breakages.items():
        document = json.loads(json.dumps(good))
        breaking(document)
        assert not validator.is_valid(document), name
        with pytest.raises(SidecarError) as caught:
            parse(json.dumps(document).encode(), sidecar_path(article))
        assert caught.value.kind == "corrupt", name
    assert validator.is_valid(good)
    assert parse(json.dumps(good).encode(), sidecar_path(article))[0].annotations


def test_orphans_stay_in_the_file(article: Path) -> None:
    store = open_store(article)
    text = store.text
    gone = tag(store, 100, 160, "claim")
    kept = tag(store, 300, 340, "quote")
    store.save()
    article.write_text(text[:90] + text[170:], encoding="utf-8")
    changed = open_store(article)
    by_id = {a.id: a for a in changed.state.annotations}
    assert by_id[gone.id].status == "orphaned" and by_id[gone.id].quote == gone.quote
    assert by_id[kept.id].status == "moved"
    assert changed.text[by_id[kept.id].start : by_id[kept.id].end] == kept.quote
    tag(changed, 0, 5, "question")
    changed.save()
    document = json.loads(sidecar_path(article).read_text("utf-8"))
    assert {a["id"] for a in document["annotations"]} >= {gone.id, kept.id}


def test_an_empty_annotation_set_round_trips() -> None:
    assert AnnotationSet() == AnnotationSet().with_annotations([])
