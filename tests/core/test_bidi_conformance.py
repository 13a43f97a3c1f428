"""The resolver against Unicode's own conformance data (BidiCharacterTest.txt).

Debian's unicode-data package ships the file; .ci/run installs it. Cases with
explicit embeddings, overrides or isolates are left out: reader neutralises
those characters before bidi (see reader.layout.chars), so its resolver never
sees them. Cases with characters Python's Unicode version does not know are
left out too.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from reader.layout.bidi import paragraph_level, resolve_levels, visual_order

TEST_FILE = Path("/usr/share/unicode/BidiCharacterTest.txt")
EXPLICIT = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


@pytest.mark.skipif(
    not TEST_FILE.exists(),
    reason="BidiCharacterTest.txt not found: apt-get install unicode-data",
)
def test_bidi_character_test_file() -> None:
    checked = 0
    failures = []
    for number, raw in enumerate(TEST_FILE.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split(";")
        text = "".join(chr(int(code, 16)) for code in fields[0].split())
        classes = [unicodedata.bidirectional(c) for c in text]
        if EXPLICIT.intersection(classes) or any(unicodedata.category(c) == "Cn" for c in text):
            continue
        direction = int(fields[1])
        base = direction if direction < 2 else (paragraph_level(classes) or 0)
        expected_levels = fields[3].split()
        levels = resolve_levels(text, classes, base)
        got_levels = [
            "x" if expected == "x" else str(level)
            for level, expected in zip(levels, expected_levels, strict=True)
        ]
        # The file's visual order applies L2 only (no L3), without removed characters.
        order = [
            i
            for i in visual_order(levels, classes, base, marks_after_base=False)
            if expected_levels[i] != "x"
        ]
        expected_order = [int(i) for i in fields[4].split()]
        if base != int(fields[2]) or got_levels != expected_levels or order != expected_order:
            failures.append((number, line))
        checked += 1
    assert checked > 90_000, f"only {checked} cases checked: is the file complete?"
    assert not failures, f"{len(failures)} failures, first: {failures[:3]}"
