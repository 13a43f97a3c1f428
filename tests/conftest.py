from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from reader.annotations.model import Annotation
from reader.annotations.store import AnnotationStore
from reader.layout import VisualLine

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TORTURE = ROOT / "tests" / "data" / "torture.txt"

# The helpers in tests/ (fribidi_ref) import as plain modules.
sys.path.insert(0, str(Path(__file__).resolve().parent))


def read_text(path: Path) -> str:
    """A file's exact text: no newline translation, as reader.corpus decodes it."""
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {path.name: read_text(path) for path in SEEDS}


@pytest.fixture(scope="session")
def shared_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def private_user_folders(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    shared_cache_folder: Path,
) -> Path:
    """Every test gets its own per-user data and config folders, so nothing a
    test saves lands in the real ones and the developer's config never leaks in.
    The cache (entities by content hash) is the suite's own, shared by its
    tests: what it holds depends only on the text, and tests of the cache
    itself give it a folder of their own."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache_folder))
    return home


async def wait_for_entities(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Until the open article's entities are in: extraction starts after the
    first paint, in a thread, so a busy machine may not have begun it yet."""
    for _ in range(400):
        if app.session is not None and app.session.mentions is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("entities never came")


def run_reader(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The `reader` command as a user runs it, its output as text."""
    env = {**os.environ, "COLUMNS": "", "PYTHONIOENCODING": ""}
    env.pop("COLUMNS")
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=60,
    )


@pytest.fixture
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Per-user folders (the per-user sidecar copies) inside the test's own folder."""
    data = tmp_path / "user-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data


def open_store(article: Path) -> AnnotationStore:
    """An article's annotations, as the reader opens them."""
    return AnnotationStore(article, read_text(article))


def tag(store: AnnotationStore, start: int, end: int, *tags: str, note: str = "") -> Annotation:
    """A new annotation on [start, end), made as a change of the store."""
    annotation = Annotation.new(store.text, start, end, tuple(tags), note)
    store.change(store.state.put(annotation), "tag")
    return annotation


def load_script(name: str) -> ModuleType:
    """One of the repository's build scripts (scripts/NAME.py), imported."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


def column_of(line: VisualLine, offset: int, width: int) -> int | None:
    """The screen column showing a source offset on `line`, None if not on it."""
    cell = line.padding(width)
    for cluster in line.clusters:
        if offset in cluster.offsets:
            return cell
        cell += cluster.width
    return None
