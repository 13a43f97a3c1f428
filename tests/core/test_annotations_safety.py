"""Nothing a reader did is lost: undo after another reader's merge, conflicting
notes, the same span tagged twice, links, modes, temp files, the per-user
copy, and an article renamed while open. (Two real processes: test_two_readers.py.)"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import SEEDS, open_store, tag

from reader.annotations.history import CONFLICT_MARKER
from reader.annotations.sidecar import sidecar_path
from reader.annotations.store import fallback_path
from reader.files import temp_files


@pytest.fixture
def article(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return Path(shutil.copy(SEEDS[0], folder / "a.txt"))


pytestmark = pytest.mark.usefixtures("user_data")


def on_disk(article: Path) -> list[dict[str, object]]:
    return json.loads(sidecar_path(article).read_text("utf-8"))["annotations"]  # type: ignore[no-any-return]


def test_undo_after_a_merge_takes_back_only_this_readers_change(article: Path) -> None:
    a, b = open_store(article), open_store(article)
    tag(a, 0, 10, "claim")
    a.save()
    tag(b, 20, 30, "quote")
    report = b.save()
    assert report is not None and report.merged
    assert {x["quote"] for x in on_disk(article)} == {a.text[0:10], a.text[20:30]}
    assert b.undo() is not None
    b.save()
    # B's own tag is gone; A's, merged in, stays on disk and on B's screen.
    assert [x["quote"] for x in on_disk(article)] == [a.text[0:10]]
    assert [x.quote for x in b.state.annotations] == [a.text[0:10]]
    assert b.redo() is not None
    b.save()
    assert len(on_disk(article)) == 2


def test_undo_keeps_what_another_reader_added_to_the_same_passage(article: Path) -> None:
    a = open_store(article)
    mine = tag(a, 0, 10, "claim")
    a.save()
    b = open_store(article)
    b.change(b.state.put(b.state.annotations[0].with_tag_toggled("evidence")), "tag evidence")
    b.save()
    a.change(a.state.put(a.state.get(mine.id).edited(note="mine")), "note")  # type: ignore[union-attr]
    a.save()  # merges B's tag in
    assert a.state.annotations[0].tags == ("claim", "evidence")
    a.undo()  # the note
    a.undo()  # the claim tag: B's evidence tag stays, so does the passage
    a.save()
    (saved,) = on_disk(article)
    assert saved["tags"] == ["evidence"] and saved["note"] == ""
    assert any("another reader" in m for m in a.messages)


def test_two_readers_editing_one_note_keep_both_texts_and_say_so(article: Path) -> None:
    first = open_store(article)
    tag(first, 0, 10, "claim")
    first.save()
    a, b = open_store(article), open_store(article)
    (shared,) = a.state.annotations
    a.change(a.state.put(shared.edited(note="نص القارئ الأول")), "note")
    b.change(b.state.put(shared.edited(note="second reader's text")), "note")
    a.save()
    b.save()
    (saved,) = on_disk(article)
    assert "نص القارئ الأول" in saved["note"] and "second reader's text" in saved["note"]
    assert CONFLICT_MARKER in saved["note"]
    assert any("also edited the note" in m for m in b.messages)
    # A, saving again after another change, sees both too and adds nothing twice.
    tag(a, 40, 50, "quote")
    a.save()
    notes = [x["note"] for x in on_disk(article) if x["start"] == 0]
    assert notes == [saved["note"]]


def test_two_readers_tagging_the_same_new_span_make_one_annotation(article: Path) -> None:
    a, b = open_store(article), open_store(article)
    tag(a, 0, 10, "claim")
    a.save()
    mine = tag(b, 0, 10, "quote", note="why")
    b.save()
    (saved,) = on_disk(article)
    assert saved["tags"] == ["claim", "quote"] and saved["note"] == "why"
    # B's undo of its tag, now folded into A's annotation, takes back only B's part.
    assert mine.id not in {x.id for x in b.state.annotations}
    b.undo()
    b.save()
    (saved,) = on_disk(article)
    assert saved["tags"] == ["claim"] and saved["note"] == ""


def test_a_sidecar_that_is_a_link_stays_a_link(article: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "synced"
    elsewhere.mkdir()
    target = elsewhere / "a.annotations.json"
    store = open_store(article)
    tag(store, 0, 10, "claim")
    store.save()
    shutil.move(sidecar_path(article), target)
    sidecar_path(article).symlink_to(target)
    store = open_store(article)
    tag(store, 20, 30, "quote")
    store.save()
    assert sidecar_path(article).is_symlink()
    assert len(json.loads(target.read_text("utf-8"))["annotations"]) == 2


def test_saving_keeps_the_sidecars_mode_and_a_new_one_follows_the_umask(article: Path) -> None:
    store = open_store(article)
    tag(store, 0, 10, "claim")
    old = os.umask(0o022)
    try:
        store.save()
    finally:
        os.umask(old)
    assert stat.S_IMODE(sidecar_path(article).stat().st_mode) == 0o644
    sidecar_path(article).chmod(0o664)
    tag(store, 20, 30, "quote")
    store.save()
    assert stat.S_IMODE(sidecar_path(article).stat().st_mode) == 0o664


def test_no_lock_file_is_left_and_stale_temp_files_go_at_the_next_open(article: Path) -> None:
    store = open_store(article)
    tag(store, 0, 10, "claim")
    store.save()
    assert sorted(p.name for p in article.parent.iterdir()) == [
        "a.txt",
        "a.txt.annotations.json",
    ]
    # What a kill -9 in the middle of a save leaves, and an older reader's lock file.
    stale = article.parent / ".a.txt.annotations.json.x1y2z3.tmp"
    stale.write_bytes(b'{"format": "reader-ann')
    (article.parent / ".a.txt.annotations.json.lock").write_bytes(b"")
    assert len(temp_files(sidecar_path(article))) == 2
    open_store(article)
    assert temp_files(sidecar_path(article)) == []
    assert sidecar_path(article).exists()


def test_work_in_the_per_user_copy_is_offered_once_the_sidecar_is_repaired(
    article: Path,
) -> None:
    good = open_store(article)
    tag(good, 0, 10, "claim")
    good.save()
    saved = sidecar_path(article).read_bytes()
    sidecar_path(article).write_bytes(b"{ broken")
    blocked = open_store(article)
    assert blocked.path == fallback_path(article)
    tag(blocked, 20, 30, "quote")
    blocked.save()
    sidecar_path(article).write_bytes(saved)  # the user repairs it
    repaired = open_store(article)
    assert repaired.path == sidecar_path(article)
    assert repaired.stray is not None
    assert any(str(fallback_path(article)) in m for m in repaired.messages)
    assert repaired.merge_stray() == 1
    repaired.save()
    assert {x["quote"] for x in on_disk(article)} == {good.text[0:10], good.text[20:30]}
    assert not fallback_path(article).exists()
    assert fallback_path(article).with_name(fallback_path(article).name + ".merged").exists()
    assert open_store(article).stray is None


def test_an_article_renamed_while_open_takes_its_annotations_along(article: Path) -> None:
    store = open_store(article)
    tag(store, 0, 10, "claim")
    store.save()
    renamed = article.with_name("b.txt")
    article.rename(renamed)
    tag(store, 20, 30, "quote")
    store.save()
    assert store.article == renamed
    assert not sidecar_path(article).exists()
    assert len(on_disk(renamed)) == 2
    assert any("renamed to b.txt" in m for m in store.messages)
    assert len(open_store(renamed).state.annotations) == 2


def test_an_article_deleted_while_open_still_saves_and_says_so(article: Path) -> None:
    store = open_store(article)
    tag(store, 0, 10, "claim")
    store.save()
    article.unlink()
    tag(store, 20, 30, "quote")
    store.save()
    assert len(on_disk(article)) == 2
    assert any("no longer there" in m for m in store.messages)


def test_an_article_renamed_while_its_work_is_in_the_per_user_copy(article: Path) -> None:
    sidecar_path(article).write_bytes(b"{ broken")
    store = open_store(article)
    assert store.path == fallback_path(article)
    tag(store, 0, 10, "claim")
    store.save()
    renamed = article.with_name("b.txt")
    article.rename(renamed)
    tag(store, 20, 30, "quote")
    store.save()
    assert store.path == fallback_path(renamed) and not fallback_path(article).exists()
    # Reopened under its new name (the broken sidecar stayed with the old one):
    # the work is found in the per-user copy and offered.
    reopened = open_store(renamed)
    assert reopened.stray is not None and len(reopened.stray.annotations) == 2


def test_where_folders_cannot_be_locked_a_lock_out_of_sight_keeps_saves_apart(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no fcntl: the lock is then a file in the user's cache
    folder (filelock), never beside the article, and it holds."""
    import threading
    import time

    import reader.files

    monkeypatch.setattr(reader.files, "fcntl", None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    target = sidecar_path(article)
    waited: list[float] = []

    def second_writer() -> None:
        started = time.monotonic()
        with reader.files.locked(target):
            waited.append(time.monotonic() - started)

    with reader.files.locked(target):
        other = threading.Thread(target=second_writer)
        other.start()
        time.sleep(0.3)
        assert waited == []  # still waiting for the first
    other.join(5)
    assert waited and waited[0] >= 0.25
    assert list((tmp_path / "cache").rglob("*.lock"))
    assert sorted(p.name for p in article.parent.iterdir()) == ["a.txt"]
    store = open_store(article)  # and saving goes through it
    tag(store, 0, 10, "claim")
    store.save()
    assert len(json.loads(target.read_text("utf-8"))["annotations"]) == 1
