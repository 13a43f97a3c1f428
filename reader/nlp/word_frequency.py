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

from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

SNAPSHOT = "data/word_frequency_ar.npz"
MIN_ZIPF = 1.5


class ZipfTable:
    """Folded word → Zipf frequency × 10 (log10 of occurrences per billion
    words), and each word's frequency features packed in one number.

    Looked up by bisection in the sorted word list rather than through a dict:
    building a dict of 323,000 words took 0.1 s of every `reader entities`
    run, longer than all the lookups an article makes."""

    def __init__(self, words: list[str], codes: np.ndarray, packed: np.ndarray) -> None:
        self.words = words
        # Arrays, read an item at a time: a list of 323,000 ints costs 10 ms to make.
        self.codes = codes
        self.packed = packed

    def index(self, word: str) -> int:
        """Where `word` is in the list, or -1."""
        at = bisect_left(self.words, word)
        return at if at < len(self.words) and self.words[at] == word else -1

    def get(self, word: str, default: int = 0) -> int:
        at = self.index(word)
        return int(self.codes[at]) if at >= 0 else default


@lru_cache(maxsize=1)
def zipf_table() -> ZipfTable:
    path = resources.files("reader.nlp").joinpath(SNAPSHOT)
    with resources.as_file(path) as real_path, np.load(real_path, allow_pickle=False) as data:
        words = data["words"].tobytes().decode("utf-8").split("\n")
        return ZipfTable(words, data["zipf10"], data["features"])


# The features are packed into one int32 a word when the snapshot is built
# (scripts/build_word_frequency.py): the Zipf frequency, then each form's
# bucket -3…3 as a base-7 digit.
FEATURE_BASE = 7


_FORM_FEATURES = ("zart", "zinf", "zpro", "znis", "zverb")
_UNKNOWN = ("zf=0",)


@lru_cache(maxsize=4096)
def _unpacked(number: int) -> tuple[str, ...]:
    buckets = []
    for _ in _FORM_FEATURES:
        number, digit = divmod(number, FEATURE_BASE)
        buckets.append(digit - 3)
    buckets.reverse()
    named = zip(_FORM_FEATURES, buckets, strict=True)
    return (f"zf={number}", *(f"{name}={bucket}" for name, bucket in named))


def frequency_features(norm: str, stem: str) -> Sequence[str]:
    """Frequency and form-distribution features of a folded word's stem
    (nothing but its frequency, zero, when the list does not have it)."""
    table = zipf_table()
    at = table.index(stem)
    return _unpacked(int(table.packed[at])) if at >= 0 else _UNKNOWN
