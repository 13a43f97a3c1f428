"""Run GNU FriBidi, the independent reference, over many lines at once."""

from __future__ import annotations

import shutil
import subprocess

FRIBIDI = shutil.which("fribidi")
FILLER = "\ufeff"  # FriBidi keeps lam-alef ligatures the length of their source


def fribidi_visual(lines: list[str], direction: str) -> list[str]:
    """FriBidi's visual string of each logical line, with the given base direction."""
    assert FRIBIDI is not None
    for line in lines:
        assert "\n" not in line and "\r" not in line, "fribidi reads one line per paragraph"
    if not lines:
        return []
    result = subprocess.run(
        [FRIBIDI, "--nopad", "--nobreak", "--reordernsm", f"--{direction}"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    out = result.stdout.split("\n")
    assert out[-1] == ""
    out = out[:-1]
    assert len(out) == len(lines), (len(out), len(lines))
    return [visual.replace(FILLER, "") for visual in out]
