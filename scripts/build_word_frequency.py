"""Write reader/nlp/data/word_frequency_ar.npz from wordfreq's Arabic list.

    python scripts/build_word_frequency.py

Words are folded with reader's `normalise` (frequencies of spellings that fold
together are added) and kept when their Zipf frequency is at least 1.5.
Retrain the entity model afterwards: its features read this table.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import wordfreq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.nlp.normalise import normalise  # noqa: E402
from reader.nlp.word_frequency import MIN_ZIPF, SNAPSHOT  # noqa: E402


def main() -> int:
    folded: defaultdict[str, float] = defaultdict(float)
    for word, frequency in wordfreq.get_frequency_dict("ar", wordlist="best").items():
        key = normalise(word)
        if key and "\n" not in key:
            folded[key] += frequency
    kept = sorted(
        (word, round(math.log10(frequency * 1e9) * 10))
        for word, frequency in folded.items()
        if frequency > 0 and math.log10(frequency * 1e9) >= MIN_ZIPF
    )
    target = ROOT / "reader" / "nlp" / SNAPSHOT
    np.savez_compressed(
        target,
        words=np.frombuffer("\n".join(word for word, _ in kept).encode("utf-8"), dtype=np.uint8),
        zipf10=np.array([code for _, code in kept], dtype=np.uint8),
    )
    print(f"wrote {target}: {len(kept)} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
