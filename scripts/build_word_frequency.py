"""Write reader/nlp/data/word_frequency_ar.npz from wordfreq's Arabic list.

    python scripts/build_word_frequency.py            # from wordfreq (pip install wordfreq)
    python scripts/build_word_frequency.py --repack   # the packed features only, from the snapshot

Words are folded with reader's `normalise` (frequencies of spellings that fold
together are added) and kept when their Zipf frequency is at least 1.5.
Retrain the entity model afterwards: its features read this table.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.nlp.normalise import normalise  # noqa: E402
from reader.nlp.word_frequency import MIN_ZIPF, SNAPSHOT, pack_features  # noqa: E402

TARGET = ROOT / "reader" / "nlp" / SNAPSHOT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repack",
        action="store_true",
        help="recompute the packed features of the snapshot's words",
    )
    if parser.parse_args().repack:
        with np.load(TARGET, allow_pickle=False) as data:
            words = data["words"].tobytes().decode("utf-8").split("\n")
            kept = list(zip(words, data["zipf10"].tolist(), strict=True))
            built_from = json.loads(data["built_from"].tobytes()) if "built_from" in data else {}
    else:
        kept = _from_wordfreq()
        built_from = {"wordfreq": version("wordfreq")}
    words = [word for word, _ in kept]
    codes = [code for _, code in kept]
    np.savez_compressed(
        TARGET,
        words=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        zipf10=np.array(codes, dtype=np.uint8),
        features=pack_features(words, codes),
        # The release the list came from: a test compares it with that release only.
        built_from=np.frombuffer(json.dumps(built_from).encode("utf-8"), dtype=np.uint8),
    )
    print(f"wrote {TARGET}: {len(kept)} words")
    return 0


def _from_wordfreq() -> list[tuple[str, int]]:
    """(folded word, Zipf × 10), sorted, for the words at or above MIN_ZIPF."""
    import wordfreq

    folded: defaultdict[str, float] = defaultdict(float)
    for word, frequency in wordfreq.get_frequency_dict("ar", wordlist="best").items():
        key = normalise(word)
        if key and "\n" not in key:
            folded[key] += frequency
    return sorted(
        (word, round(math.log10(frequency * 1e9) * 10))
        for word, frequency in folded.items()
        if frequency > 0 and math.log10(frequency * 1e9) >= MIN_ZIPF
    )


if __name__ == "__main__":
    raise SystemExit(main())
