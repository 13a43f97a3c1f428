"""Features of a word in its sentence for the PERSON/ORG/PLACE sequence model.

One function is used for training (scripts/train_ner.py) and for tagging,
so the two can never drift apart. Everything about a word that does not
depend on its neighbours is computed once per distinct word and cached:
news text repeats its words, and this keeps feature extraction fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reader.nlp.normalise import ARTICLE, normalise, proclitic_splits

# A lexicon maps a normalised word (or its stem) to short labels such as
# "PLACE" or "first" that become features; gazetteers and names learnt from
# the training file both come in this shape.
Lexicon = Mapping[str, frozenset[str]]

WINDOW = (-2, -1, 1, 2)


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if not any(map(str.isalnum, word)):
        return "punct"
    if word.isascii():
        if word.isupper():
            return "LATIN"
        if word[:1].isupper():
            return "Latin"
        return "latin"
    if any(map(str.isdigit, word)):
        return "mixed"
    return "arabic"


def stem_of(word: str) -> str:
    """The normalised word without proclitics or article: a crude stem for features."""
    return _stem_after(word, *next(proclitic_splits(word)))


def _stem_after(word: str, prefix: str, rest: str) -> str:
    """`stem_of(word)` given the word's first (longest) proclitic reading."""
    best = rest if prefix else word
    if best.startswith(ARTICLE) and len(best) > 3:
        best = best[2:]
    return best


class FeatureExtractor:
    """Turns sentences (lists of token strings) into crfsuite feature lists."""

    def __init__(
        self,
        lexicon: Lexicon,
        word_info: Callable[[str, str], Sequence[str]] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.word_info = word_info
        self._own: dict[str, tuple[list[str], list[str]]] = {}

    def _lookup(self, norm: str, stem: str, article_stem: str) -> set[str]:
        found: set[str] = set()
        for key in (norm, article_stem, stem, ARTICLE + stem):
            found.update(self.lexicon.get(key, ()))
        return found

    def word_features(self, word: str) -> tuple[list[str], list[str]]:
        """The word's own features, and what it tells a neighbour.

        A neighbour's copy is prefixed with where the word stands relative to
        it ("-1w=…"); the prefix is left to the caller so that tagging can
        look the unprefixed names up in one table per offset instead of
        building four strings per feature.
        """
        cached = self._own.get(word)
        if cached is not None:
            return cached
        norm = normalise(word)
        prefix, rest = next(proclitic_splits(norm))
        stem = _stem_after(norm, prefix, rest)
        # The word without conjunction/preposition but with its article.
        article_stem = rest if prefix and rest.startswith(ARTICLE) else norm
        shape = _shape(word)
        own = [
            "bias",
            "w=" + norm,
            "s=" + stem,
            "shape=" + shape,
            "len=" + str(min(len(stem), 8)),
        ]
        if norm != stem:
            own.append("pre=" + norm[: len(norm) - len(stem)])
        for n in (1, 2, 3):
            if len(stem) > n:
                own.append(f"p{n}={stem[:n]}")
        for n in (1, 2, 3, 4):
            if len(stem) > n:
                own.append(f"x{n}={stem[-n:]}")
        if norm.startswith(ARTICLE) or article_stem.startswith(ARTICLE):
            own.append("article")
        labels = self._lookup(norm, stem, article_stem)
        own.extend("lex=" + label for label in sorted(labels))
        info = self.word_info(norm, stem) if self.word_info else []
        own.extend(info)
        # What this word tells its neighbours, prefixed by where it stands.
        context_base = ["w=" + norm, "s=" + stem, "shape=" + shape]
        if len(stem) > 2:
            context_base.append("x2=" + stem[-2:])
        context_base.extend("lex=" + label for label in sorted(labels))
        context_base.extend(info)
        result = (own, context_base)
        self._own[word] = result
        return result

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """The feature list of each word of one sentence."""
        infos = [self.word_features(word) for word in words]
        count = len(words)
        features: list[list[str]] = []
        for index, (own, _) in enumerate(infos):
            row = list(own)
            for offset in WINDOW:
                other = index + offset
                if 0 <= other < count:
                    row.extend(f"{offset:+d}{feature}" for feature in infos[other][1])
                else:
                    row.append(f"{offset:+d}edge")
            previous = infos[index - 1][0][1] if index else "w=^"
            following = infos[index + 1][0][1] if index + 1 < count else "w=$"
            row.append("bi-=" + previous + "|" + own[1])
            row.append("bi+=" + own[1] + "|" + following)
            features.append(row)
        return features
