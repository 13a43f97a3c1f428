"""Writing files without losing them, and one writer at a time.

Every file reader writes in place (sidecars, the taught list, exports, the
entity cache) goes through `write_atomic`: a temp file in the same folder,
then a rename over the old one, so that a crash at any moment leaves the old
file or the new one, never a mixture. `locked` keeps two processes from
reading, merging and writing one file at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

try:  # POSIX; elsewhere two writers are still caught by the sidecar's digest check
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


def backup_path(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name + ".bak")


def write_atomic(
    path: Path, data: bytes, *, keep_backup: bool = True, durable: bool = True
) -> None:
    """Replace `path` with `data` so that a crash at any moment leaves the old
    file or the new one, never a mixture; the old one is kept as `.bak`
    unless `keep_backup` is False (an export the reader asked to replace).
    `durable` False skips the fsyncs, for a cache (a lost file is a miss).

    A `path` that is a symbolic link is written through: its target is
    replaced, and the link stays a link. The new file keeps the old one's
    permissions (a shared folder's 0644 stays 0644), or gets the umask's."""
    path = through_links(path)
    folder = path.parent
    mode = _mode_for(path)
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            with contextlib.suppress(OSError):  # a file system without modes
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if durable:
        _fsync_folder(folder)


def through_links(path: Path) -> Path:
    """The file a path names once symbolic links are followed (itself if none)."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def temp_files(path: Path) -> list[Path]:
    """Temp files `write_atomic` leaves for `path` if the process is killed
    mid-write, and the lock file older readers kept beside it."""
    path = through_links(path)
    prefix, lock = f".{path.name}.", f".{path.name}.lock"
    try:
        with os.scandir(path.parent) as entries:
            return [
                Path(entry.path)
                for entry in entries
                if entry.name.startswith(prefix)
                and (entry.name.endswith(".tmp") or entry.name == lock)
            ]
    except OSError:
        return []


def remove_temp_files(path: Path) -> int:
    """Remove what `temp_files` finds, under the lock that every save of
    `path` holds (so none of them is being written); how many went."""
    found = temp_files(path)
    if not found:
        return 0
    removed = 0
    with locked(path):
        for temp in temp_files(path):
            with contextlib.suppress(OSError):
                temp.unlink()
                removed += 1
    return removed


def _keep_backup(path: Path) -> None:
    """Make `path.bak` the current version, atomically, without a window in
    which `path` itself is missing."""
    backup = backup_path(path)
    staging = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    try:
        os.link(path, staging)
    except OSError:  # no hard links here (some network and FAT file systems)
        shutil.copyfile(path, staging)
    os.replace(staging, backup)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock for writing `path`: two readers never read-merge-write
    it at once. The lock is taken on `path`'s folder itself, so no lock file
    is left beside the article; a file system that cannot lock a folder
    (some network ones) gets a hidden lock file instead."""
    path = through_links(path)
    if fcntl is None:  # Windows: no folder locks; a lock file out of sight instead
        with _user_lock(path):
            yield
        return
    handle = _folder_lock(path.parent)
    if handle is None:
        lock = path.with_name(f".{path.name}.lock")
        with open(lock, "a+b") as file:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(file.fileno(), fcntl.LOCK_UN)
        return
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def _user_lock(path: Path) -> contextlib.AbstractContextManager[object]:
    """A lock for `path` where `fcntl` is missing (Windows): a lock file in
    the user's cache folder, named by the path, held with the maintained
    filelock package. It keeps this user's readers apart; two users of a
    shared folder are still caught by the sidecar's digest check."""
    import hashlib

    from filelock import FileLock
    from platformdirs import user_cache_path

    key = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    folder = user_cache_path("reader", appauthor=False) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return FileLock(str(folder / f"{key[:32]}.lock"))


def _folder_lock(folder: Path) -> int | None:
    """A descriptor of `folder` holding its exclusive lock, or None if it cannot be locked."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
    except OSError:
        os.close(handle)
        return None
    return handle
