"""SVG snapshots of the reader screen, grouped by feature (layout, help).

Update after an intended change with: pytest tests/tui/snapshots --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
import textual

from reader.tui.app import ReaderApp

# The pictures are Textual's rendering, which changes between its releases:
# they are compared under the release they were recorded with (the one
# constraints.txt pins), and regenerated when that pin moves.
RECORDED_WITH_TEXTUAL = "8.2.8"
pytestmark = pytest.mark.skipif(
    textual.__version__ != RECORDED_WITH_TEXTUAL,
    reason=f"snapshots recorded with Textual {RECORDED_WITH_TEXTUAL}, installed "
    f"{textual.__version__}: pip install -c constraints.txt, or regenerate with "
    "pytest tests/tui/snapshots --snapshot-update",
)

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def make_app() -> ReaderApp:
    return ReaderApp(SEEDS)


async def entities_found(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the entity worker and the folder's indexing it starts, so the
    panel is the same in every run and no progress bar is left showing."""
    app = pilot.app
    while (
        app.entities_pending
        or app.library.progress is not None
        or not all(w.is_finished for w in app.workers)
    ):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", [(100, 30), (160, 45)], ids=["100x30", "160x45"])
def test_reader_screen(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=entities_found)


def test_reader_after_moving_the_cursor(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(), press=["j", "j", "J"], terminal_size=(100, 30), run_before=entities_found
    )


def test_narrow_screen_with_panels_toggled(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), press=["p"], terminal_size=(80, 24), run_before=entities_found)


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(), press=["question_mark"], terminal_size=(100, 30), run_before=entities_found
    )


def test_tagged_passages_in_their_colours(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One tag, then two on one passage (their colours word by word), the
    cursor moved off them. On a copy: tagging saves a sidecar."""
    copy = tmp_path / SEEDS[0].name
    copy.write_bytes(SEEDS[0].read_bytes())
    assert snap_compare(
        ReaderApp([copy]),
        press=["1", "j", "2", "3", "J"],
        terminal_size=(100, 30),
        run_before=entities_found,
    )


def test_a_wide_screen_keeps_the_reading_measure(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(220, 60), run_before=entities_found)
