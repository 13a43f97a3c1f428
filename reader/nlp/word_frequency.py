"""How common a word is in Arabic at large, and in which forms: features that
tell names from ordinary words when the training data has never seen either.

A person's or a foreign place's name rarely takes the article (الكافو), a
plural or feminine ending, or a pronoun suffix, and rarely forms a verb;
ordinary nouns, adjectives and verbs do all of these. Comparing a word's
frequency with that of its inflected forms, in a large frequency list,
measures this without any labelled data.

The list is a snapshot of wordfreq's Arabic list (Robyn Speer et al.; data
CC BY-SA 4.0), folded with `normalise`, keeping words with a Zipf frequency
of at least 1.5, written by scripts/build_word_frequency.py to
data/word_frequency_ar.npz.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

SNAPSHOT = "data/word_frequency_ar.npz"
MIN_ZIPF = 1.5


@lru_cache(maxsize=1)
def zipf_table() -> dict[str, int]:
    """Folded word → Zipf frequency × 10 (log10 of occurrences per billion words)."""
    path = resources.files("reader.nlp").joinpath(SNAPSHOT)
    with resources.as_file(path) as real_path, np.load(real_path, allow_pickle=False) as data:
        words = data["words"].tobytes().decode("utf-8").split("\n")
        codes = data["zipf10"].tolist()
    return dict(zip(words, codes, strict=True))


def _bucket(difference: float) -> int:
    return max(-3, min(3, round(difference)))


def frequency_features(norm: str, stem: str) -> list[str]:
    """Frequency and form-distribution features of a folded word's stem."""
    table = zipf_table()

    def zipf(word: str) -> float:
        return table.get(word, 0) / 10

    z = zipf(stem)
    features = [f"zf={round(z)}"]
    if z > 0:
        features.append(f"zart={_bucket(zipf('ال' + stem) - z)}")
        inflected = max(zipf(stem + s) for s in ("ات", "ه", "ين", "ون", "يه"))
        features.append(f"zinf={_bucket(inflected - z)}")
        with_pronoun = max(zipf(stem + s) for s in ("ها", "هم", "نا"))
        features.append(f"zpro={_bucket(with_pronoun - z)}")
        features.append(f"znis={_bucket(zipf(stem + 'ي') - z)}")
        as_verb = max(zipf(p + stem) for p in ("ي", "ت", "سي"))
        features.append(f"zverb={_bucket(as_verb - z)}")
    return features
