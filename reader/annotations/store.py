"""One article's annotations during a session: load, change, undo, save, merge.

Where the annotations live: the sidecar next to the article, unless that
folder cannot be written to or the sidecar there must be left alone (corrupt,
newer, not ours); then a per-user copy in the data folder, and `messages`
says so. Opening never writes anything.

Two readers on one article: each remembers the digest of the sidecar bytes it
last read or wrote. When saving finds other bytes on disk, it merges, under a
file lock, three ways (what it last saw, its own state, what is on disk now)
by annotation id, so neither reader's work is silently lost.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from platformdirs import user_data_path

from reader.annotations.anchoring import reanchor
from reader.annotations.history import Applied, Change, History, merge
from reader.annotations.model import MOVED, ORPHANED, Annotation, AnnotationSet
from reader.annotations.sidecar import (
    ArticleStamp,
    EncodedRows,
    SidecarError,
    SourceStamp,
    bytes_digest,
    parse,
    read_bytes,
    serialise,
    sidecar_path,
)
from reader.corpus import Article
from reader.files import backup_path, locked, remove_temp_files, write_atomic
from reader.formats.dumps import split_record

LOST_ACCESS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def data_folder() -> Path:
    """Where sidecars go when the article's folder cannot take them."""
    return user_data_path("reader", appauthor=False) / "sidecars"


def fallback_path(article: Path, folder: Path | None = None) -> Path:
    digest = hashlib.sha256(str(article.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return (folder or data_folder()) / f"{digest[:16]}-{article.name}.annotations.json"


@dataclass(slots=True)
class SaveReport:
    path: Path
    merged: bool = False  # another reader's changes were merged in
    moved_to_fallback: bool = False


@dataclass(slots=True)
class _Disk:
    """What this session knows of the file it saves to."""

    path: Path
    digest: str | None = None  # of the bytes last read or written; None: no file
    state: AnnotationSet = field(default_factory=AnnotationSet)  # their meaning
    usable: bool = True  # False: a file there that must not be written over


class AnnotationStore:
    """The annotations of one article, with undo/redo and safe saving."""

    def __init__(
        self,
        article: Path,
        text: str,
        *,
        data_dir: Path | None = None,
        source: SourceStamp | None = None,
    ) -> None:
        self.article = article
        self.text = text
        self.source = source  # the file the text was read from, written on save
        self._data_dir = data_dir
        self.primary = sidecar_path(article)
        self.fallback = fallback_path(article, data_dir)
        self.messages: list[str] = []
        self._told = 0  # messages already given to whoever shows them
        self.blocked: SidecarError | None = None  # the primary sidecar is left alone
        self.state = AnnotationSet()
        self.copied: AnnotationSet | None = None  # what save_copy last wrote
        self._copies: set[Path] = set()  # the files save_copy wrote
        self._disk = _Disk(self.primary)
        self._rows: EncodedRows = {}  # annotations as last saved, encoded
        self.history = History()
        self.stray: AnnotationSet | None = None  # work in the per-user copy, not in the sidecar
        self._retire_fallback = False
        self._gone_reported = False
        self._identity = _identity(article)
        self._load()

    @classmethod
    def of(cls, article: Article, *, data_dir: Path | None = None) -> AnnotationStore:
        """The store of an article as reader read it: its saves record the
        file the text came from, and what read it."""
        source = SourceStamp.of(article.format, article.source_sha256)
        return cls(article.path, article.text, data_dir=data_dir, source=source)

    def untold_messages(self) -> list[str]:
        """The messages not given out before: a store kept for an article the
        reader left and comes back to does not repeat what it said."""
        new = self.messages[self._told :]
        self._told = len(self.messages)
        return new

    @cached_property
    def stamp(self) -> ArticleStamp:
        """The article's name, digest and length, as saved in the sidecar.
        Found when first needed (a sidecar to compare with, or a save): the
        digest of a 10 MB article would otherwise delay its first paint."""
        return ArticleStamp.of(self.article.name, self.text)

    # -- loading ---------------------------------------------------------------

    @property
    def path(self) -> Path:
        """Where this article's annotations are saved."""
        return self._disk.path

    def _load(self) -> None:
        folder = self.primary.parent
        if split_record(self.article) is not None and not folder.exists():
            folder = folder.parent  # a dump's records' sidecars: made on the first save
        writable = _folder_writable(folder)
        try:
            data = read_bytes(self.primary)
            if data is not None:
                state, stamp = parse(data, self.primary)
        except SidecarError as error:
            self.blocked = error
            self.messages.append(
                f"{error} — left untouched; annotations are kept in {self.fallback}"
            )
            self._load_fallback()
            return
        if not writable:
            self.messages.append(
                f"{self.primary.parent} is not writable; annotations are saved to {self.fallback}"
            )
            if self._load_fallback(quiet=True):
                return
        if writable:
            self._disk = _Disk(self.primary, bytes_digest(data) if data is not None else None)
            # A kill -9 in the middle of a save leaves its temp file behind.
            remove_temp_files(self.primary)
        else:
            self._disk = _Disk(self.fallback)  # nothing there yet: the first save makes it
        if data is not None:
            self._adopt(state, stamp)
        if writable:
            self._find_stray_work()

    def _find_stray_work(self) -> None:
        """Work saved to the per-user copy while the sidecar could not be
        used (corrupt, a read-only folder) and not in the sidecar now."""
        try:
            data = read_bytes(self.fallback)
            if data is None:
                return
            state, stamp = parse(data, self.fallback)
        except SidecarError:
            return
        state = self._placed(state, stamp)
        here = set(self.state.annotations)
        new = [a for a in state.annotations if a not in here]
        if not new:
            return
        self.stray = state
        self.messages.append(
            f"{len(new)} annotation(s) made while {self.primary.name} could not be used are "
            f"in {self.fallback}, not in the sidecar; merge them to see them here"
        )

    def merge_stray(self) -> int:
        """Merge the per-user copy's work (`stray`) into the annotations, as one
        change; the copy is renamed `.merged` after the next save. How many
        annotations came in or changed."""
        if self.stray is None:
            return 0
        result = merge(AnnotationSet(), self.state, self.stray)
        before = set(self.state.annotations)
        changed = sum(a not in before for a in result.state.annotations)
        self.change(result.state, "merge the per-user copy")
        self.stray = None
        self._retire_fallback = True
        return changed

    def _retire_stray_copy(self) -> None:
        if not self._retire_fallback or self._disk.path == self.fallback:
            return
        self._retire_fallback = False
        retired = self.fallback.with_name(self.fallback.name + ".merged")
        try:
            os.replace(self.fallback, retired)
        except OSError:
            return
        self.messages.append(f"the per-user copy is merged; it is kept as {retired}")

    def _load_fallback(self, quiet: bool = False) -> bool:
        """Use the per-user copy; True if one was there and read."""
        self._disk = _Disk(self.fallback)
        try:
            data = read_bytes(self.fallback)
            if data is None:
                return False
            state, stamp = parse(data, self.fallback)
        except SidecarError as error:
            # Both copies unusable: keep work in memory, say where it cannot go.
            self.messages.append(f"{error} — left untouched; new annotations cannot be saved")
            self._disk = _Disk(self.fallback, usable=False)
            return False
        self._disk.digest = bytes_digest(data)
        self._adopt(state, stamp)
        if not quiet:
            self.messages.append(f"annotations loaded from {self.fallback}")
        return True

    def _adopt(self, state: AnnotationSet, stamp: ArticleStamp) -> None:
        state = self._placed(state, stamp)
        self._disk.state = state
        self.state = state

    def _placed(self, state: AnnotationSet, stamp: ArticleStamp) -> AnnotationSet:
        """The annotations placed in the current text, if it is not the one they were made on."""
        if stamp.sha256 == self.stamp.sha256:
            if all(_holds(self.text, a) for a in state.annotations):
                return state
            # The right article, yet offsets that do not hold its quotes (past
            # the end, edited by hand): placed again by their quotes.
            why = "some annotations' offsets do not match their quotes"
        else:
            why = "the article changed since its annotations were saved"
        placed = reanchor(self.text, state.annotations)
        moved = sum(a.status == MOVED for a in placed)
        orphaned = sum(a.status == ORPHANED for a in placed)
        check = " — check the moved ones in the Notes panel (y confirms)" if moved else ""
        self.messages.append(
            f"{why}: {len(placed) - moved - orphaned} in place, {moved} moved, "
            f"{orphaned} not found (kept){check}"
        )
        return state.with_annotations(placed)

    # -- changing --------------------------------------------------------------

    def change(self, new_state: AnnotationSet, description: str) -> None:
        """Make `new_state` current; undo takes back just this change."""
        if new_state == self.state:
            return
        self.history.record(self.state, new_state, description)
        self.state = new_state

    def undo(self) -> str | None:
        """Take back this reader's last change, in the annotations as they are
        now (another reader's work merged since stays); what was undone, or
        None if nothing was."""
        return self._step(self.history.undo)

    def redo(self) -> str | None:
        return self._step(self.history.redo)

    def _step(self, step: Callable[[AnnotationSet], tuple[Change, Applied] | None]) -> str | None:
        done = step(self.state)
        if done is None:
            return None
        change, applied = done
        self.state = applied.state
        if applied.kept_for_others:
            self.messages.append(
                f"{change.description}: {applied.kept_for_others} annotation(s) were changed "
                "by another reader since; only your part was taken back"
            )
        return change.description

    @property
    def dirty(self) -> bool:
        """Changed since last loaded or saved."""
        return self.state != self._disk.state

    # -- saving ------------------------------------------------------------------

    def save(self) -> SaveReport | None:
        """Write the annotations if they changed; None if there was nothing to do.

        Raises OSError if the file cannot be written anywhere: the state stays
        in memory and saving can be tried again.
        """
        if not self.dirty:
            return None
        self._follow_rename()
        if not self._disk.usable:
            raise OSError(f"{self._disk.path} is unusable; annotations stay in memory")
        try:
            return self._save_to(self._disk.path)
        except SidecarError as error:
            # The file turned into something we must not overwrite.
            if self._disk.path == self.fallback:
                raise OSError(str(error)) from None
            self.blocked = error
            reason = f"{error} — left untouched"
        except OSError as error:
            # Permission lost, or the disk remounted read-only: the per-user
            # copy can still take the work. Anything else (a full disk) is the
            # caller's to report; the state stays in memory.
            if error.errno not in LOST_ACCESS or self._disk.path == self.fallback:
                raise
            reason = f"cannot write {self._disk.path} ({error.strerror})"
        self.messages.append(f"{reason}; annotations are saved to {self.fallback} instead")
        # An older per-user copy already there differs from "no file" (digest
        # None), so saving merges with it rather than overwriting it.
        self._disk = _Disk(self.fallback, None, self._disk.state)
        report = self._save_to(self.fallback)
        report.moved_to_fallback = True
        return report

    @property
    def safe(self) -> bool:
        """Nothing would be lost if the program ended now: saved, or the
        current state copied somewhere by `save_copy`."""
        return not self.dirty or self.state == self.copied

    def save_copy(self, path: Path) -> None:
        """Write the current annotations to `path`, a file the reader chose
        when saving in place failed; the sidecar to save to stays the same.
        Replaces only a copy it wrote itself (another file there may be
        another article's annotations)."""
        if (path.exists() or path.is_symlink()) and path not in self._copies:
            raise FileExistsError(errno.EEXIST, "already exists; not replaced", str(path))
        write_atomic(
            path, serialise(self.state, self.stamp, self._rows, self.source), keep_backup=False
        )
        self._copies.add(path)
        self.copied = self.state

    def _save_to(self, path: Path) -> SaveReport:
        path.parent.mkdir(parents=True, exist_ok=True)
        merged = False
        with locked(path):
            on_disk = read_bytes(path)
            digest = bytes_digest(on_disk) if on_disk is not None else None
            if digest != self._disk.digest and on_disk is not None:
                # Someone else saved since we last looked: merge their work in.
                theirs, stamp = parse(on_disk, path)
                theirs = self._placed(theirs, stamp)
                result = merge(self._disk.state, self.state, theirs)
                merged = result.state != self.state
                if merged:
                    self.messages.append(f"merged changes another reader saved to {path}")
                for conflict in result.conflicts:
                    self.messages.append(
                        f"another reader also edited the note on «{_short(conflict.quote)}»: "
                        "both versions are kept in the note"
                    )
                self.history.aliases.update(result.folded)
                self.state = result.state
            data = serialise(self.state, self.stamp, self._rows, self.source)
            write_atomic(path, data)
        self._disk = _Disk(path, bytes_digest(data), self.state)
        self._retire_stray_copy()
        return SaveReport(path, merged)

    # -- an article renamed while open ----------------------------------------------

    def _follow_rename(self) -> None:
        """If the article was renamed in its folder since it was opened, its
        annotations follow it: the sidecar is renamed with it (unless one is
        there already) and later saves go there. If it is gone, say so."""
        if self._identity is None or _identity(self.article) == self._identity:
            return
        renamed = _named_now(self.article.parent, self._identity)
        if renamed is None:
            if not self._gone_reported:
                self._gone_reported = True
                self.messages.append(
                    f"{self.article} is no longer there (renamed, moved or deleted); "
                    f"annotations are still saved to {self.path}"
                )
            return
        old = self.article
        moved = {
            self.primary: sidecar_path(renamed),
            self.fallback: fallback_path(renamed, self._data_dir),
        }
        self.article = renamed
        self.primary, self.fallback = moved[self.primary], moved[self.fallback]
        self.__dict__.pop("stamp", None)  # the name is part of it
        # The file saved to (the sidecar, or the per-user copy) is renamed with
        # the article, unless one is there under the new name already.
        was, now = self._disk.path, moved.get(self._disk.path, self._disk.path)
        if now != was:
            with locked(was):
                if not now.exists() and was.exists():
                    os.replace(was, now)
                    if backup_path(was).exists():
                        os.replace(backup_path(was), backup_path(now))
            self._disk.path = now
            if read_bytes(now) is None:
                self._disk.digest = None
        self.messages.append(
            f"{old.name} was renamed to {renamed.name}: its annotations follow it "
            f"({self._disk.path.name})"
        )


def _short(quote: str, limit: int = 40) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file the article is (device, inode), to notice it being renamed."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _named_now(folder: Path, identity: tuple[int, int]) -> Path | None:
    """The name the file `identity` has in `folder` now, if it is there."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.inode() == identity[1] and not entry.name.endswith(".json"):
                    info = entry.stat(follow_symlinks=False)
                    if (info.st_dev, info.st_ino) == identity:
                        return Path(entry.path)
    except OSError:
        return None
    return None


def _holds(text: str, a: Annotation) -> bool:
    return a.status == ORPHANED or (
        0 <= a.start <= a.end <= len(text) and text[a.start : a.end] == a.quote
    )


def _folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def saved_state(article: Path) -> AnnotationSet:
    """An article's annotations and corrections as saved (the sidecar, else the
    per-user copy; empty if neither is there or readable); never writes."""
    for path in (sidecar_path(article), fallback_path(article)):
        try:
            data = read_bytes(path)
            if data is not None:
                return parse(data, path)[0]
        except SidecarError:
            continue
    return AnnotationSet()


def saved_count(article: Path) -> int:
    """How many annotations an article has on disk (0 if none or unreadable); never writes."""
    return len(saved_state(article).annotations)
