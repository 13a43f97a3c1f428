"""Write reader/nlp/data/english_common.txt: the English words common enough
that a run of them in Latin letters inside Arabic is a phrase, not a name.

    pip install wordfreq        # only to build this file
    python scripts/build_english_words.py

From wordfreq's English list (Robyn Speer et al.; data CC BY-SA 4.0): every
alphabetic word with a Zipf frequency of at least MIN_ZIPF (3.0: about once
in a million words), lowercased, one a line. "Chips", "Ratchet Up" and
"High Wire" are all common words; "Chorzempa", "Netscape" and "Palantir" are
not. Names that are also common words (Apple, Meta, Amazon) are in the
curated gazetteer, which is matched first.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "reader" / "nlp" / "data" / "english_common.txt"
MIN_ZIPF = 3.0


def common_words() -> list[str]:
    from wordfreq import top_n_list, zipf_frequency

    words = {
        word
        for word in top_n_list("en", 60_000)
        if word.isascii() and word.isalpha() and zipf_frequency(word, "en") >= MIN_ZIPF
    }
    return sorted(words)


def snapshot_text() -> str:
    header = (
        f"# English words with Zipf frequency >= {MIN_ZIPF}, from wordfreq {version('wordfreq')}\n"
        "# (Robyn Speer et al.; data CC BY-SA 4.0). Built by scripts/build_english_words.py.\n"
    )
    return header + "\n".join(common_words()) + "\n"


def main() -> int:
    TARGET.write_text(snapshot_text(), encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
