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
    # Called once per distinct word of every article: plain lookups, no helpers.
    get = zipf_table().get
    z = get(stem, 0) / 10
    features = [f"zf={round(z)}"]
    if z > 0:
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
        features += [
            f"zart={_bucket(with_article - z)}",
            f"zinf={_bucket(inflected - z)}",
            f"zpro={_bucket(with_pronoun - z)}",
            f"znis={_bucket(nisba - z)}",
            f"zverb={_bucket(as_verb - z)}",
        ]
    return features
