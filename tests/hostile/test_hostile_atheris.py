"""The atheris fuzz targets, each run for a few seconds (marked slow).

A run that finds a failure exits non-zero and leaves crash-<sha1> in its
folder; the test shows the traceback libFuzzer printed. Longer runs: see
fuzz_targets.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is Linux-only and needs Python < 3.13")

TARGETS = Path(__file__).with_name("fuzz_targets.py")
SECONDS = 6


@pytest.mark.slow
@pytest.mark.parametrize("target", ["sidecar", "layout", "loader"])
def test_fuzz_target_runs_clean(target: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            str(TARGETS),
            target,
            f"-max_total_time={SECONDS}",
            "-rss_limit_mb=1024",
            "-timeout=10",  # seconds for one input: a hang is a failure too
            str(corpus),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
        check=False,
    )
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    found = done.stderr.find("Uncaught Python exception")
    report = done.stderr[found : found + 3000] if found >= 0 else done.stderr[-3000:]
    assert done.returncode == 0 and not crashes, report
    runs = re.search(r"Done (\d+) runs", done.stderr)
    assert runs is not None and int(runs.group(1)) > 1000, done.stderr[-2000:]
    assert any(corpus.iterdir()), "libFuzzer found no input worth keeping: is it instrumented?"
