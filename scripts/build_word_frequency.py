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
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.nlp.normalise import normalise  # noqa: E402
from reader.nlp.word_frequency import FEATURE_BASE, MIN_ZIPF, SNAPSHOT  # noqa: E402

TARGET = ROOT / "reader" / "nlp" / SNAPSHOT


def _bucket(difference: float) -> int:
    return max(-3, min(3, round(difference)))


def features_from_frequencies(get: Callable[[str, int], int], stem: str) -> list[int]:
    """The frequency features of `stem` as numbers: its own Zipf frequency
    (rounded), then how much more or less often (in Zipf, -3…3) it is seen
    with the article, inflected, with a pronoun suffix, as a nisba adjective,
    as a verb. `get` is a folded word's Zipf × 10, 0 when unknown. Computed
    for every word when the snapshot is written (`pack_features`); reader
    reads them back with `reader.nlp.word_frequency.frequency_features`."""
    z = get(stem, 0) / 10
    with_article = get("ال" + stem, 0) / 10
    inflected = (
        max(
            get(stem + "ات", 0),
            get(stem + "ه", 0),
            get(stem + "ين", 0),
            get(stem + "ون", 0),
            get(stem + "يه", 0),
        )
        / 10
    )
    with_pronoun = max(get(stem + "ها", 0), get(stem + "هم", 0), get(stem + "نا", 0)) / 10
    nisba = get(stem + "ي", 0) / 10
    as_verb = max(get("ي" + stem, 0), get("ت" + stem, 0), get("سي" + stem, 0)) / 10
    return [
        round(z),
        *(_bucket(form - z) for form in (with_article, inflected, with_pronoun, nisba, as_verb)),
    ]


def pack_features(words: list[str], codes: list[int]) -> np.ndarray:
    """Every word's `features_from_frequencies`, one int32 each, for the snapshot."""
    table = dict(zip(words, codes, strict=True))
    packed = []
    for word in words:
        zipf, *buckets = features_from_frequencies(table.get, word)
        number = zipf
        for bucket in buckets:
            number = number * FEATURE_BASE + bucket + 3
        packed.append(number)
    return np.array(packed, dtype=np.int32)


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
