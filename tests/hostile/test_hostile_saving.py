"""A full disk, and write access lost, while the reader is annotating.

Where the machine allows it (root, mount permitted) the disk is real: a small
tmpfs filled to the last byte, or remounted read-only. Elsewhere the full
disk is simulated by making fsync fail with ENOSPC, as a full disk does.
Either way: the error is shown, the work stays in memory, the previous
sidecar is intact, and saving can be retried or sent to another folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import SEEDS
from msgspec import structs
from textual.pilot import Pilot

from reader.annotations.model import Annotation
from reader.annotations.sidecar import parse, sidecar_path
from reader.annotations.store import AnnotationStore, fallback_path
from reader.corpus import read_article
from reader.files import backup_path
from reader.tui.app import ReaderApp
from reader.tui.article_view import ArticleView
from reader.tui.choice import ChoiceScreen
from reader.tui.export_dialog import PathScreen


class Disk:
    """A folder whose disk can be filled up and freed again."""

    def __init__(self, folder: Path, real: bool) -> None:
        self.folder = folder
        self.real = real
        self._simulated = pytest.MonkeyPatch()

    def fill(self) -> None:
        if not self.real:
            real_fsync = os.fsync

            def full(fd: int) -> None:
                # Only this disk is full: a copy saved elsewhere must work.
                if Path(os.readlink(f"/proc/self/fd/{fd}")).is_relative_to(self.folder):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                real_fsync(fd)

            self._simulated.setattr(os, "fsync", full)
            return
        with open(self.folder / "filler", "wb") as filler:
            try:
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            except OSError as error:
                assert error.errno == errno.ENOSPC
                # What the failed flush still holds would be written on close.
                filler.truncate(filler.tell())

    def free(self) -> None:
        self._simulated.undo()
        (self.folder / "filler").unlink(missing_ok=True)


def mount_small_disk(folder: Path) -> bool:
    if shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def real_disk(tmp_path: Path) -> Iterator[Disk]:
    folder = tmp_path / "disk"
    folder.mkdir()
    if not mount_small_disk(folder):
        pytest.skip("cannot mount a small file system here (needs root and mount permission)")
    try:
        yield Disk(folder, real=True)
    finally:
        unmount(folder)


@pytest.fixture(params=["real", "simulated"])
def disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Disk]:
    if request.param == "real":
        yield request.getfixturevalue("real_disk")
        return
    folder = tmp_path / "disk"
    folder.mkdir()
    simulated = Disk(folder, real=False)
    yield simulated
    simulated.free()


def put_articles(folder: Path) -> list[Path]:
    return [Path(shutil.copy(seed, folder / seed.name)) for seed in SEEDS[:2]]


def add_tag(store: AnnotationStore, name: str) -> None:
    existing = store.state.exactly(0, 20)
    if existing is None:
        annotation = Annotation.new(store.text, 0, 20, tags=(name,))
    else:
        annotation = structs.replace(existing, tags=(*existing.tags, name))
    store.change(store.state.put(annotation), f"tag {name}")


def tag_count(store: AnnotationStore) -> int:
    return sum(len(a.tags) for a in store.state.annotations)


def saved_tags(path: Path) -> int:
    state, _ = parse(path.read_bytes(), path)
    return sum(len(a.tags) for a in state.annotations)


def test_a_full_disk_keeps_the_work_and_the_previous_sidecar(disk: Disk) -> None:
    (article, _) = put_articles(disk.folder)
    store = AnnotationStore(article, read_article(article).text)
    add_tag(store, "claim")
    store.save()
    add_tag(store, "evidence")
    store.save()  # now there is a .bak as well
    before = sidecar_path(article).read_bytes()
    backup = backup_path(sidecar_path(article)).read_bytes()
    add_tag(store, "quote")
    disk.fill()
    with pytest.raises(OSError) as raised:
        store.save()
    assert raised.value.errno == errno.ENOSPC
    assert sidecar_path(article).read_bytes() == before
    assert backup_path(sidecar_path(article)).read_bytes() == backup
    assert tag_count(store) == 3 and store.dirty and not store.safe
    assert not [p for p in disk.folder.iterdir() if p.name.endswith(".tmp")]
    disk.free()
    assert store.save() is not None and saved_tags(sidecar_path(article)) == 3


def test_a_disk_remounted_read_only_sends_the_work_to_the_user_folder(
    real_disk: Disk, tmp_path: Path
) -> None:
    (article, _) = put_articles(real_disk.folder)
    store = AnnotationStore(article, read_article(article).text)
    add_tag(store, "claim")
    store.save()
    before = sidecar_path(article).read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(real_disk.folder)], check=True)
    add_tag(store, "quote")
    report = store.save()
    assert report is not None and report.moved_to_fallback
    assert "Read-only file system" in store.messages[-1]
    assert sidecar_path(article).read_bytes() == before
    assert saved_tags(fallback_path(article)) == 2


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_tui_shows_the_error_keeps_the_work_and_retries_or_redirects(
    disk: Disk, tmp_path: Path
) -> None:
    first, second = put_articles(disk.folder)
    elsewhere = tmp_path / "usb-stick"
    app = ReaderApp([first, second])
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await pilot.pause()
        app.query_one(ArticleView).focus()
        await pilot.press("1")
        await wait_for(pilot, lambda: sidecar_path(first).exists(), "the first save")
        before = sidecar_path(first).read_bytes()

        disk.fill()
        await pilot.press("2")
        await wait_for(
            pilot, lambda: any("NOT saved" in m for m in messages(app)), "the error shown"
        )
        assert any("No space left on device" in m for m in messages(app))
        assert sidecar_path(first).read_bytes() == before
        assert app.store is not None and tag_count(app.store) == 2

        # Reading another article and coming back: the work is still there.
        app.open_article(1)
        await pilot.pause()
        app.open_article(0)
        await pilot.pause()
        assert app.store is not None and tag_count(app.store) == 2

        # ctrl+s: it fails again, and a copy goes to another folder.
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the save menu")
        assert "No space left on device" in str(app.screen.heading)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, PathScreen), "the folder prompt")
        path_input = app.screen.query_one("#path")
        path_input.value = str(elsewhere)  # type: ignore[attr-defined]
        await pilot.press("enter")
        copy = elsewhere / sidecar_path(first).name
        await wait_for(pilot, copy.exists, "the copy")
        assert saved_tags(copy) == 2
        assert sidecar_path(first).read_bytes() == before

        # Another change, then quit: reader asks rather than lose it.
        await pilot.press("3")
        await pilot.pause(0.7)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the quit question")
        assert "could not be saved" in str(app.screen.heading)
        assert app.return_code is None
        disk.free()
        await pilot.press("1")  # try again
        await wait_for(pilot, lambda: app.return_code is not None, "quitting")
    assert saved_tags(sidecar_path(first)) == 3


def test_a_copy_replaces_only_its_own_earlier_copy(tmp_path: Path) -> None:
    (article, _) = put_articles(tmp_path)
    store = AnnotationStore(article, read_article(article).text)
    add_tag(store, "claim")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / sidecar_path(article).name
    store.save_copy(target)
    assert store.safe and saved_tags(target) == 1
    add_tag(store, "quote")
    assert not store.safe
    store.save_copy(target)  # its own copy: brought up to date
    assert store.safe and saved_tags(target) == 2
    someone_elses = elsewhere / "other.annotations.json"
    someone_elses.write_bytes(b"theirs")
    with pytest.raises(FileExistsError):
        store.save_copy(someone_elses)
    assert someone_elses.read_bytes() == b"theirs"
