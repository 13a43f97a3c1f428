"""Named entities of an article: who, which organisation, where, what product,
when, how much — each mention with code-point offsets, grouped into entities.

The built-in backend combines, in order of trust:
1. rules for money, percentages and dates (`rules.py`), and Latin-script runs
   with a model number (Nvidia A100, Ascend 910C) as products;
2. the sequence model for PERSON/ORG/PLACE (`crf.py`, trained on ANERcorp),
   with the curated gazetteer's type and name where it finds the same span;
3. the gazetteers (`gazetteer.py`): curated domain names and CLDR places;
4. other Latin-script names, then other numbers.
A later source never overrides a span an earlier one took.

Other backends (CAMeL Tools, Stanza) plug in through `Backend` when their
models are installed locally; nothing is downloaded.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

from reader.nlp import rules
from reader.nlp.crf_features import FeatureExtractor
from reader.nlp.gazetteer import (
    ORG,
    PERSON,
    PLACE,
    PRODUCT,
    Name,
    all_names,
    domain_spellings,
    gazetteer_lexicon,
    names_by_first_word,
    single_words,
    words_of,
)
from reader.nlp.normalise import normalise, strip_article, strip_proclitics
from reader.nlp.tokens import Token, tokenize
from reader.processes import forked_map

# numpy, the CRF and the word table are imported where entities are found,
# not with this module: the app imports it for `Entity` before its first
# paint, and finds entities after it.

DATE = rules.DATE
MONEY = rules.MONEY
PERCENT = rules.PERCENT
QUANTITY = rules.QUANTITY
TYPES = (PERSON, ORG, PLACE, PRODUCT, DATE, MONEY, PERCENT, QUANTITY)

_MODEL_TYPES = {"PERS": PERSON, "ORG": ORG, "LOC": PLACE}
_SENTENCE_END = {".", "!", "?", "؟", "…", "؛"}
_LONGEST_SENTENCE = 400  # tokens; longer runs are cut so one line cannot stall tagging
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int  # exclusive
    text: str
    type: str
    canonical: str
    # How sure the extractor is: the model's probability of the tags it gave
    # the span (the least of its tokens'); 1.0 for rules and known names.
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "canonical": self.canonical,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class Entity:
    type: str
    canonical: str
    mentions: tuple[Mention, ...]

    @property
    def variants(self) -> list[str]:
        counts = Counter(m.text for m in self.mentions)
        return [text for text, _ in counts.most_common()]


class Backend(Protocol):
    """Anything that finds mentions in a text."""

    name: str

    def extract(self, text: str) -> list[Mention]: ...


class BackendUnavailable(Exception):
    """A backend was asked for whose package or models are not installed."""


# --- the built-in backend ---------------------------------------------------


# Words that end no name: a span the model carried over one is cut before it.
_PARTICLES = frozenset(
    normalise(word)
    for word in (
        "في", "من", "على", "إلى", "عن", "مع", "بأي", "لأي", "أي", "كل", "بعد", "قبل", "حتى",
        "هذا", "هذه", "التي", "الذي", "الذين", "إن", "أن", "لا", "لم", "لن", "قد", "ثم", "أو",
        "بين", "عند", "منذ", "خلال", "ضد", "حول", "دون", "نحو", "لدى", "بل", "كما",
    )
)  # fmt: skip


# Raised whenever a change to this module changes what `extract` finds for the
# same text and data files, so that cached extractions (reader.library) of the
# older code are not used.
EXTRACTOR_VERSION = 8


def _model_dir() -> Path:
    return Path(str(resources.files("reader.nlp").joinpath("model")))


def model_files() -> list[Path]:
    """The data the built-in extractor's results depend on: model and gazetteers."""
    data = Path(str(resources.files("reader.nlp").joinpath("data")))
    return sorted(p for folder in (_model_dir(), data) for p in folder.iterdir() if p.is_file())


@lru_cache(maxsize=1)
def model_metadata() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_model_dir() / "meta.json").read_text(encoding="utf-8"))
    return data


def _learnt_names(model_dir: Path) -> dict[str, frozenset[str]]:
    raw = json.loads((model_dir / "learnt_names.json").read_text(encoding="utf-8"))
    return {word: frozenset(labels) for word, labels in raw.items()}


class BuiltinBackend:
    """Rules, gazetteers and the shipped CRF model; fully offline."""

    name = "builtin"

    def __init__(self, model_dir: Path | None = None) -> None:
        model_dir = model_dir or _model_dir()
        from reader.nlp.crf import LinearChainCRF
        from reader.nlp.word_frequency import frequency_features

        self.model = LinearChainCRF.load(model_dir / "ner.npz")
        learnt = _learnt_names(model_dir)
        lexicon: dict[str, frozenset[str]] = dict(gazetteer_lexicon())
        for word, labels in learnt.items():
            lexicon[word] = lexicon.get(word, frozenset()) | labels
        self.features = FeatureExtractor(lexicon, word_info=frequency_features)
        # Tuned on the dev split: the CRF favours precision; a small handicap
        # on "O" trades a little of it for recall.
        self.outside_bias = float(
            json.loads((model_dir / "meta.json").read_text("utf-8")).get("outside_bias", 0.0)
        )
        # Words that are names themselves, so a leading و/ب/ل/ك/ف is part of
        # them, and the first words of longer names (لوس of لوس أنجلوس keeps
        # its ل; ووادي السيليكون loses its و: وادي begins a name).
        self.known_words = single_words() | frozenset(learnt) | frozenset(names_by_first_word())

    def is_known_name(self, word: str) -> bool:
        return word in self.known_words or strip_article(word) in self.known_words

    def extract(self, text: str) -> list[Mention]:
        return self._extract(text, tokenize(text), None)

    def extract_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """`[extract(t) for t in texts]`, the model scoring them in one pass."""
        tokens = [tokenize(text) for text in texts]
        spans = self._model_spans_of(list(zip(texts, tokens, strict=True)))
        return [
            self._extract(text, text_tokens, found)
            for text, text_tokens, found in zip(texts, tokens, spans, strict=True)
        ]

    def _extract(
        self,
        text: str,
        tokens: list[Token],
        model_found: list[tuple[int, int, str, str, float]] | None,
    ) -> list[Mention]:
        taken = _Spans(text)
        for match in rules.money(text):
            taken.add(match.start, match.end, match.type, match.canonical)
        for match in rules.percentages(text):
            taken.add(match.start, match.end, match.type, match.canonical)
        for match in rules.dates(text):
            taken.add(match.start, match.end, match.type, match.canonical)
        for match in (*rules.durations(text), *rules.times(text)):
            taken.add(match.start, match.end, match.type, match.canonical)
        for match in rules.quoted_organisations(text):
            taken.add(match.start, match.end, ORG, match.canonical)
        # A Latin run with a model number is one product (Nvidia A100, Ascend
        # 910C, Grok 3), before the gazetteer can take its maker's name alone.
        latin = list(rules.latin_names(text))
        for match in latin:
            if match.type == PRODUCT:
                taken.add(match.start, match.end, PRODUCT, text[match.start : match.end])
        folded = folded_words(tokens)
        gazetteer = list(_gazetteer_spans(text, tokens, folded))
        curated = {(s, e): name for s, e, name in gazetteer if name.source == "curated"}
        if model_found is None:
            model_found = self._model_spans(text, tokens)
        found = self._plausible(text, model_found, gazetteer)
        # Keyed by the spans as cut (a particle trimmed off keeps its confidence).
        confidence = {(start, end): sure for start, end, _, _, sure in found}
        model_spans = [(start, end, display, kind) for start, end, display, kind, _ in found]
        curated_spans = sorted(curated)
        curated_starts = [s for s, _ in curated_spans]
        organisations = domain_spellings()  # folded words → as written
        # The domain's organisations of two words or more, as written (دينامو
        # كييف, ريال مدريد, قطر للبترول): before the model, which takes the
        # city alone.
        for start, end, known in _gazetteer_spans(text, tokens, folded, _long_domain_names()):
            taken.add(start, end, ORG, known.canonical)
        for start, end, display, kind in model_spans:
            name = curated.get((start, end))
            if name is not None:
                taken.add(start, end, name.type, name.canonical)
                continue
            if _within(curated_spans, curated_starts, start, end):
                continue  # part of a longer known name (بابا of علي بابا): that wins
            if kind != ORG and words_of(display) in organisations:
                kind = ORG  # غولدمان ساكس, باركليز: a company the model took for a person
            taken.add(start, end, kind, display, confidence.get((start, end), 1.0))
        for start, end, name in gazetteer:
            taken.add(start, end, name.type, name.canonical)
        # A name the model found once is the same name where it recurs, even
        # in a sentence whose context did not give it away.
        recurring = _gazetteer_spans(text, tokens, folded, _document_names(model_spans))
        # As sure as the surest of the mentions the model found it by.
        name_confidence: dict[str, float] = {}
        found_at: defaultdict[str, list[int]] = defaultdict(list)
        for start, end, display, _ in model_spans:
            sure = confidence.get((start, end), 1.0)
            name_confidence[display] = max(sure, name_confidence.get(display, 0.0))
            found_at[display].append(start)
        for start, end, name in recurring:
            if not _near(found_at[name.canonical], start, _RECURRENCE_REACH):
                continue
            taken.add(
                start, end, name.type, name.canonical, name_confidence.get(name.canonical, 1.0)
            )
        # A Latin run that reads as a person's name is one (JD Vance); then
        # its surname alone, elsewhere in the article, is the same person.
        surnames = {
            text[m.start : m.end].split(" ")[-1]
            for m in latin
            if m.type == rules.NAME and rules.latin_person(text[m.start : m.end])
        }
        people = _surname_skeletons(taken.mentions())
        for match in latin:
            phrase = text[match.start : match.end]
            if match.type == PRODUCT:
                continue  # taken above
            typed = _latin_type(phrase, surnames, people)
            if typed is not None and taken.add(match.start, match.end, *typed):
                continue
            # Part of the run is taken (Nvidia, by the gazetteer, in "Nvidia
            # A100"): the words left over may still be a name of their own.
            for start, end in _untaken_runs(text, match.start, match.end, taken):
                left = text[start:end]
                words = left.split(" ")
                if len(words) == 1 and not rules.single_name_like(words[0]):
                    continue
                if any(c.isdigit() for c in left):
                    taken.add(start, end, PRODUCT, left)
                elif (typed := _latin_type(left, surnames, people)) is not None:
                    taken.add(start, end, *typed)
        for start, end, kind in _headed_names(text, tokens, folded):
            taken.add(start, end, kind, _display_name(text[start:end]), _HEADED_CONFIDENCE)
        for match in rules.quantities(text):
            taken.add(match.start, match.end, match.type, match.canonical)
        return _acronyms_joined(text, _initials_joined(text, taken.mentions()))

    def _plausible(
        self,
        text: str,
        spans: list[tuple[int, int, str, str, float]],
        gazetteer: list[tuple[int, int, Name]],
    ) -> list[tuple[int, int, str, str, float]]:
        """The model's spans less what a reader would call a misreading: a
        trailing particle (الولايات المتحدة بأي → الولايات المتحدة), a
        "person" holding a known organisation or product (واصفا ديبسيك), and
        one common word the model was unsure of (القاعدة in بمراجعة القاعدة
        "reviewing the rule"). A frequency cut-off alone, tried on the dev
        split, lost more names than it saved; with the model's doubt as well
        it loses one there. (بروز, "emergence", taken for a person, is kept:
        no cut-off tried on persons saved more than it lost.)"""
        # Known non-person names by start, looked up by bisection: a long
        # article has tens of thousands of both.
        others = sorted((s, e) for s, e, name in gazetteer if name.type != PERSON)
        other_starts = [s for s, _ in others]
        kept = []
        for start, end, display, kind, sure in spans:
            while True:
                cut = text.rfind(" ", start, end)
                if cut <= start or normalise(text[cut + 1 : end]) not in _PARTICLES:
                    break
                end = len(text[:cut].rstrip())
                display = _display_name(text[start:end])
            if kind == PERSON and _holds_one(others, other_starts, start, end):
                continue
            if sure < _UNSURE_COMMON_WORD and _common_word(text[start:end]):
                continue  # بمراجعة القاعدة: a common word the model half took for a name
            words = text[start:end].split()
            half = len(words) // 2
            if half and len(words) % 2 == 0 and words[:half] == words[half:]:
                # A byline said twice (ليو ديان ليو ديان): the name, once.
                once = start + len(" ".join(words[:half]))
                if text[start:once].split() == words[:half]:
                    end, display = once, _display_name(text[start:once])
            kept.append((start, end, display, kind, sure))
        return kept

    def _model_spans(
        self, text: str, tokens: list[Token]
    ) -> list[tuple[int, int, str, str, float]]:
        """(start, end, name, type, confidence) of each PERSON/ORG/PLACE the
        model finds; the confidence is the least of its tokens' tag
        probabilities."""
        return self._model_spans_of([(text, tokens)])[0]

    def _model_spans_of(
        self, texts: Sequence[tuple[str, list[Token]]]
    ) -> list[list[tuple[int, int, str, str, float]]]:
        """`_model_spans` of several texts, scored in one pass: each text's
        sentences stay its own, so each result is what that text alone gives;
        the arrays' fixed costs are paid once (indexing many short articles)."""
        words: list[Token] = []
        sentence_ids: list[int] = []
        lengths: list[int] = []
        bounds: list[tuple[int, int]] = []  # each text's words
        sentence = 0
        for text, tokens in texts:
            first = len(words)
            length = 0
            previous_end = 0
            for token in tokens:
                if length and (
                    "\n" in text[previous_end : token.start] or length >= _LONGEST_SENTENCE
                ):
                    lengths.append(length)
                    sentence += 1
                    length = 0
                words.append(token)
                sentence_ids.append(sentence)
                length += 1
                previous_end = token.end
                if token.text in _SENTENCE_END:
                    lengths.append(length)
                    sentence += 1
                    length = 0
            if length:
                lengths.append(length)
                sentence += 1
            bounds.append((first, len(words)))
        if not words:
            return [[] for _ in texts]
        import numpy as np

        scores = self.model.emissions(
            [w.text for w in words], np.array(sentence_ids, dtype=np.int64), self.features
        )
        if self.outside_bias:
            scores[:, self.model.labels.index("O")] -= self.outside_bias
        by_sentence = self.model.viterbi(scores, lengths)
        labels = [label for sentence_labels in by_sentence for label in sentence_labels]
        # Each token's probability of the tag it was given, in the sentences
        # that have a name (the others need none).
        column = {label: number for number, label in enumerate(self.model.labels)}
        named = [any(label != "O" for label in sentence) for sentence in by_sentence]
        marginals = self.model.marginals(scores, lengths, named)
        sure = marginals[np.arange(len(labels)), [column[label] for label in labels]]
        return [
            self._spans(text, words[first:last], labels[first:last], sure[first:last])
            for (text, _), (first, last) in zip(texts, bounds, strict=True)
        ]

    def _spans(
        self, text: str, words: list[Token], labels: list[str], sure: Any
    ) -> list[tuple[int, int, str, str, float]]:
        from reader.nlp.crf import spans_from_bio

        found = []
        for first, end, kind in sorted(spans_from_bio(labels, _MODEL_TYPES)):
            if kind not in _MODEL_TYPES.values():  # MISC: trained on, not shown
                continue
            last = end - 1
            # Latin-script names are left to the rules and gazetteers: ANERcorp
            # has too few of them for the model to have learnt them. A span that
            # starts or ends in Latin (DeepSec الجديدة) is left to them too.
            if words[first].kind == "latin" or words[last].kind == "latin":
                continue
            confidence = round(float(sure[first:end].min()), 3)  # as the cache keeps it
            start, stop, display = _trimmed(
                text, words[first], words[last], self.is_known_name, kind == PERSON
            )
            found.append((start, stop, display, kind, confidence))
        return found


def _trimmed(
    text: str,
    first: Token,
    last: Token,
    is_known: Callable[[str], bool],
    person: bool = False,
) -> tuple[int, int, str]:
    """(start, end, name) of a span without the proclitics on its first word.

    والصين → الصين. After ل the article loses its alef (للصين): the span then
    starts at the article's lam ("لصين") and the name gets its alef back. A
    person's name after the conjunction و (ومايلز برونداج) loses the و when the
    whole word is not itself a known name (وليد، وائل stay whole).
    """
    folded = normalise(first.text)
    prefix, rest = strip_proclitics(folded, is_known)
    if person and prefix.rstrip("وف"):
        # Before a person, ب/ل/ك are far more often the name's own letters
        # (ليانغ) than prepositions; keep only a conjunction.
        prefix, rest = "", folded
        if folded[:1] in ("و", "ف") and is_known(folded[1:]):
            prefix, rest = folded[:1], folded[1:]
    if (
        person
        and not prefix
        and folded.startswith("و")
        and len(folded) >= 5
        and not is_known(folded)
    ):
        prefix, rest = "و", folded[1:]
    start = first.start
    contracted = False
    if prefix:
        contracted = rest.startswith("ال") and not folded[len(prefix) :].startswith("ال")
        # Skip as many source letters (and their marks) as the prefix has letters.
        remaining = len(prefix)
        position = start
        while remaining and position < first.end:
            if not _MARKS.match(text[position]):
                remaining -= 1
            position += 1
        while position < first.end and _MARKS.match(text[position]):
            position += 1
        if position < first.end:
            start = position
        else:
            contracted = False
    name = _display_name(text[start : last.end])
    return start, last.end, ("ا" + name if contracted else name)


def folded_words(tokens: Sequence[Token]) -> list[str]:
    """Each token's text folded by `normalise`; news repeats its words, so each
    distinct one is folded once."""
    texts = [token.text for token in tokens]
    fold = {text: normalise(text) for text in set(texts)}
    return list(map(fold.__getitem__, texts))


def _gazetteer_spans(
    text: str,
    tokens: Sequence[Token],
    folded: Sequence[str],
    index: dict[str, list[Name]] | None = None,
) -> Iterable[tuple[int, int, Name]]:
    """Longest gazetteer names found at each token, the first word's proclitics allowed.

    `folded` is `folded_words(tokens)`; `index` maps a first folded word to the
    names starting with it, longest first (`names_by_first_word`, the default).
    """
    if index is None:
        index = names_by_first_word()
    head_of = _known_heads(folded, index)
    # Only the tokens a name can start at are visited, found in one pass.
    starts = [at for at, word in enumerate(folded) if word in head_of]
    position = 0  # the first token not inside a name already found
    for at in starts:
        if at < position:
            continue
        matched: tuple[int, Name] | None = None
        for name in index[head_of[folded[at]]]:
            size = len(name.words)
            if tuple(folded[at + 1 : at + size]) == name.words[1:]:
                matched = (size, name)
                break
        if matched is None:
            continue
        size, name = matched
        start_token, end_token = tokens[at], tokens[at + size - 1]
        if "\n" in text[start_token.start : end_token.end]:
            continue
        if size == 1 and start_token.kind == "latin" and _short_not_capitals(start_token.text):
            continue  # "Us" is not the US, nor "it" IT
        start, end, _ = _trimmed(text, start_token, end_token, index.__contains__)
        yield start, end, name
        position = at + size


def _known_heads(words: Iterable[str], known: Container[str]) -> dict[str, str]:
    """Each distinct word that is one of `known`, or is one after its
    proclitics (والصين → الصين; للصين: ل + الصين) → that one; words holding
    none are left out. Only a word with a known one in it once its first
    letters are off is split at all."""
    heads: dict[str, str] = {}
    for word in set(words):
        if word in known:
            heads[word] = word
        elif any(word[cut:] in known or "ا" + word[cut:] in known for cut in (1, 2, 3)):
            prefix, rest = strip_proclitics(word, known.__contains__)
            if prefix and rest in known:
                heads[word] = rest
    return heads


def _holds_one(
    spans: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int
) -> bool:
    """Whether one of `spans` (sorted; `starts` their starts) lies within start..end."""
    at = bisect_left(starts, start)
    while at < len(spans) and spans[at][0] < end:
        if spans[at][1] <= end:
            return True
        at += 1
    return False


# A one-word model span is dropped when the model gave it less than this
# probability and the word is at least this common in Arabic (Zipf): tuned on
# the dev split, where it removes one correct name of 1,473 (and the seeds'
# القاعدة, read as al-Qaeda in بمراجعة القاعدة "reviewing the rule").
_UNSURE_COMMON_WORD = 0.6
_COMMON_WORD_ZIPF = 4.5


def _common_word(span: str) -> bool:
    """Whether `span` is one word at least _COMMON_WORD_ZIPF common in Arabic."""
    from reader.nlp.word_frequency import zipf_table

    words = words_of(span)
    if len(words) != 1:
        return False
    return zipf_table().get(strip_article(words[0]), 0) / 10 >= _COMMON_WORD_ZIPF


# How far from where the model found a name its recurrences are taken: about
# a news article's length. Further on (a book, a dump, a file of many stories)
# the same word is as often another person or no name (دين, David Dean in one
# story, "debt" in the next). On both dev splits tried, 4,000 did best.
_RECURRENCE_REACH = 4000


def _near(positions: Sequence[int], position: int, reach: int) -> bool:
    """Whether one of `positions` (sorted) is within `reach` of `position`."""
    at = bisect_left(positions, position)
    return any(
        abs(positions[i] - position) <= reach for i in (at - 1, at) if 0 <= i < len(positions)
    )


def _within(spans: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> bool:
    """Whether start..end lies inside one of `spans` (sorted, not overlapping
    each other; `starts` their starts) and is not that span itself."""
    at = bisect_right(starts, start) - 1
    if at < 0:
        return False
    span_start, span_end = spans[at]
    return span_end >= end and (span_start, span_end) != (start, end)


@lru_cache(maxsize=1)
def _long_domain_names() -> dict[str, list[Name]]:
    """The domain list's names of two words or more, indexed for
    `_gazetteer_spans`, less those the gazetteers know as something else
    (الشرق الأوسط is a newspaper and, far more often, the region)."""
    known = {name.words for name in all_names()}
    names = [
        Name(ORG, written, words, "domain")
        for words, written in domain_spellings().items()
        if len(words) > 1 and words not in known
    ]
    return _by_first_word(names)


def _short_not_capitals(word: str) -> bool:
    """A short Latin word not written in capitals: never an acronym's name."""
    return len(word) <= 3 and not word.isupper()


# A surname on its own (وينفينغ after ليانغ وينفينغ) is propagated only when
# it is rare in Arabic at large (Zipf below this): common words that end a
# name (عبد الله, حسن) would otherwise be tagged everywhere.
_RARE_SURNAME_ZIPF = 3.0


def _document_names(
    model_spans: Iterable[tuple[int, int, str, str]],
) -> dict[str, list[Name]]:
    """The names the model found in an article, indexed as the gazetteers are
    (first folded word → names, longest first), to find their other mentions."""
    from reader.nlp.word_frequency import zipf_table

    zipf = zipf_table()
    names: dict[tuple[str, ...], Name] = {}
    for _, _, display, kind in model_spans:
        words = words_of(display)
        if not words or (len(words) == 1 and len(words[0]) < 3):
            continue
        names.setdefault(words, Name(kind, display, words, "document"))
        if kind == PERSON and len(words) > 1:
            surname = words[-1]
            if len(surname) >= 3 and zipf.get(strip_article(surname), 0) / 10 < _RARE_SURNAME_ZIPF:
                names.setdefault((surname,), Name(kind, display, (surname,), "document"))
    return _by_first_word(names.values())


def _by_first_word(names: Iterable[Name]) -> dict[str, list[Name]]:
    """Names indexed for `_gazetteer_spans`: first folded word → names, longest first."""
    index: defaultdict[str, list[Name]] = defaultdict(list)
    for name in names:
        if name.words:
            index[name.words[0]].append(name)
    for bucket in index.values():
        bucket.sort(key=lambda n: -len(n.words))
    return dict(index)


# How sure the extractor is of a Latin word it knows nothing about (an
# unknown capitalised word or acronym): shown as a guess.
_UNKNOWN_LATIN_CONFIDENCE = 0.5


_INITIALS_THEN_NAME = re.compile(r"\.[ ]?([\u0621-\u064a\u064b-\u065f\u0670]{2,})")


# Nouns that begin an organisation's name (وزارة الخارجية الصينية, بلدية
# الخليل, بنك الكويت الوطني), and nouns after which a place's name follows
# (قرية الطيبة, مخيم جنين), where the model found nothing. ANERcorp leaves
# ministries unlabelled (وزارة is "O" all 33 times in its training file), so
# on its dev split وزارة costs 0.002 F1; a reader means the ministry, and
# other corpora label it. Universities, parties and cities the model knows.
_ORGANISATION_HEADS = frozenset(
    map(
        normalise,
        ["وزارة", "بلدية", "بنك", "مصرف", "منظمة", "نقابة", "جمعية", "مؤسسة"],
    )
)
_PLACE_HEADS = frozenset(map(normalise, ["قرية", "بلدة", "مخيم"]))
_HEADED_CONFIDENCE = 0.6
_NAME_WORD = re.compile(r"[\u0621-\u064a\u064b-\u065f\u0670]+")


def _headed_names(
    text: str, tokens: Sequence[Token], folded: Sequence[str]
) -> Iterator[tuple[int, int, str]]:
    """(start, end, type) of names a head noun announces where nothing else
    found one: an organisation with its noun and up to three words with the
    article (وزارة الخارجية الصينية), a place as the words after its noun
    (قرية الطيبة; بلدة بنت جبيل: one word without the article first)."""
    count = len(tokens)
    head_of = _known_heads(folded, _ORGANISATION_HEADS | _PLACE_HEADS)  # وبوزارة → وزارة
    for at in [at for at, word in enumerate(folded) if word in head_of]:
        organisation = head_of[folded[at]] in _ORGANISATION_HEADS
        last = at
        following = at + 1
        if (
            not organisation
            and following < count
            and not folded[following].startswith("ال")
            and _NAME_WORD.fullmatch(tokens[following].text)
            and folded[following] not in _PARTICLES
        ):
            last = following
            following += 1
        while following < count and following - at <= 3:
            candidate = folded[following]
            if not candidate.startswith("ال") or candidate in _PARTICLES:
                break
            if not _NAME_WORD.fullmatch(tokens[following].text):
                break
            if "\n" in text[tokens[last].end : tokens[following].start]:
                break
            last = following
            following += 1
        if last == at:
            continue
        first = tokens[at] if organisation else tokens[at + 1]
        if organisation:
            start = _trimmed(text, first, first, lambda w: w in _ORGANISATION_HEADS)[0]
        else:
            start = first.start
        yield start, tokens[last].end, ORG if organisation else PLACE


def _initials_joined(text: str, mentions: list[Mention]) -> list[Mention]:
    """A person named by dotted initials keeps the name after them: «جي.دي.
    فانس» is one person, not «جي.دي»."""
    joined: list[Mention] = []
    for index, mention in enumerate(mentions):
        after = _INITIALS_THEN_NAME.match(text, mention.end)
        following = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        if mention.type == PERSON and "." in mention.text and after and after.end() <= following:
            end = after.end()
            mention = replace(
                mention,
                end=end,
                text=text[mention.start : end],
                canonical=_display_name(text[mention.start : end]),
            )
        joined.append(mention)
    return joined


_BETWEEN_NAME_AND_ACRONYM = frozenset(" «»()“”\"'")


def _acronyms_joined(text: str, mentions: list[Mention]) -> list[Mention]:
    """An organisation's Latin acronym written beside its Arabic name
    («معهد ماساتشوستس للتكنولوجيا «MIT»», or the other way round) is the same
    organisation: the acronym's mentions, here and elsewhere, take the name."""
    names: dict[str, str] = {}
    for first, second in pairwise(mentions):
        gap = text[first.end : second.start]
        if len(gap) > 4 or not set(gap) <= _BETWEEN_NAME_AND_ACRONYM:
            continue
        if first.type != ORG or second.type != ORG:
            continue
        for name, acronym in ((first, second), (second, first)):
            if rules.is_acronym(acronym.text) and not name.canonical.isascii():
                names.setdefault(acronym.canonical, name.canonical)
    if not names:
        return mentions
    return [
        replace(m, canonical=names[m.canonical]) if m.type == ORG and m.canonical in names else m
        for m in mentions
    ]


def _latin_type(
    phrase: str, surnames: set[str], people: dict[str, str]
) -> tuple[str, str, float] | None:
    """(type, canonical name, confidence) of a Latin run, or None when it is
    no name: by its words (`rules.latin_kind`), then by the article — a
    surname of a Latin-script person found in it, or of an Arabic-script one
    (Chorzempa of مارتن تشورزما: the same consonants) — then a plural or
    possessive of a known name (Deepseeks); else an unknown name, taken for
    an organisation and marked as a guess."""
    if phrase in surnames:
        return PERSON, phrase, 1.0
    # Before the common-word test: Trump, after دونالد ترامب, is the man.
    person = _person_with_surname(phrase, people) if " " not in phrase else None
    if person is not None:
        return PERSON, person, 1.0
    kind = rules.latin_kind(phrase)
    if kind is None:
        return None
    if kind != rules.NAME:
        return kind, phrase, 1.0
    if " " not in phrase:
        # A known name the gazetteer passed over as a short word (xAI), or
        # its plural or possessive (Deepseeks).
        plural = (phrase[:-2], phrase[:-1]) if phrase[-1:] in "sS" else ()
        for stem in (phrase, *plural):
            name = _one_word_name(stem)
            if name is not None:
                return name.type, name.canonical, 1.0
    return ORG, phrase, _UNKNOWN_LATIN_CONFIDENCE


def _one_word_name(word: str) -> Name | None:
    """The gazetteer's one-word name spelled `word` (folded), if any."""
    folded = normalise(word.rstrip("'’"))
    for name in names_by_first_word().get(folded, ()):
        if len(name.words) == 1:
            return name
    return None


def _surname_skeletons(mentions: Iterable[Mention]) -> dict[str, str]:
    """Consonant skeleton of each Arabic-script person's last word → the
    person's name, for telling a Latin surname alone (Amodei) from a company."""
    found: dict[str, str] = {}
    for mention in mentions:
        if mention.type != PERSON or mention.canonical.isascii():
            continue
        words = mention.canonical.split()
        if len(words) > 1:
            found.setdefault(consonant_key(words[-1]), mention.canonical)
    return found


def _person_with_surname(word: str, people: dict[str, str]) -> str | None:
    """The Arabic-script person whose surname `word` spells, if one does: the
    same consonant skeleton, or (for five letters or more, where Arabic drops
    a consonant the Latin spelling writes: Chorzempa, تشورزما) one letter off."""
    keys = {consonant_key(word), consonant_key(word.replace("ch", "tsh").replace("Ch", "Tsh"))}
    for key in keys:
        if len(key) >= 2 and key in people:
            return people[key]
    if len(word) < 5:
        return None
    for key in keys:
        for index in range(len(key)):
            shorter = key[:index] + key[index + 1 :]
            if len(shorter) >= 4 and shorter in people:
                return people[shorter]
    return None


def _untaken_runs(text: str, start: int, end: int, taken: _Spans) -> list[tuple[int, int]]:
    """Runs of space-separated words in text[start:end] that no taken span touches."""
    runs: list[tuple[int, int]] = []
    position = start
    for word in text[start:end].split(" "):
        word_start, word_end = position, position + len(word)
        position = word_end + 1
        if not word or taken.overlaps(word_start, word_end):
            continue
        if runs and runs[-1][1] == word_start - 1:
            runs[-1] = (runs[-1][0], word_end)
        else:
            runs.append((word_start, word_end))
    return runs


def _display_name(text: str) -> str:
    """A mention as an entity's name: no harakat or tatweel, single spaces."""
    return " ".join(_MARKS.sub("", text).split())


class _Spans:
    """Mentions taken so far, kept sorted; a span overlapping a taken one is refused."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.found: list[Mention] = []

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect_right(self.starts, start)
        return (at > 0 and self.ends[at - 1] > start) or (
            at < len(self.starts) and self.starts[at] < end
        )

    def add(self, start: int, end: int, kind: str, canonical: str, confidence: float = 1.0) -> bool:
        if end <= start or self.overlaps(start, end):
            return False
        at = bisect_right(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)
        self.found.append(Mention(start, end, self.text[start:end], kind, canonical, confidence))
        return True

    def mentions(self) -> list[Mention]:
        return sorted(self.found, key=lambda m: m.start)


# --- other backends ----------------------------------------------------------


class CamelBackend:
    """CAMeL Tools' BERT NER, if camel_tools and its model are installed locally."""

    name = "camel"

    def __init__(self) -> None:
        try:
            from camel_tools.ner import NERecognizer  # type: ignore[import-not-found]
        except ImportError as error:
            raise BackendUnavailable(
                "the camel backend needs camel-tools and its NER model "
                "(pip install camel-tools; camel_data -i ner-arabert)"
            ) from error
        try:
            self._recognizer = NERecognizer.pretrained()
        except Exception as error:  # its loader raises several kinds when data is missing
            raise BackendUnavailable(f"camel-tools NER model not installed: {error}") from error

    def extract(self, text: str) -> list[Mention]:
        from reader.nlp.crf import spans_from_bio

        tokens = [t for t in tokenize(text) if t.kind != "punct"]
        labels = self._recognizer.predict_sentence([t.text for t in tokens])
        taken = _Spans(text)
        for first, end, kind in sorted(spans_from_bio([str(x) for x in labels], _MODEL_TYPES)):
            if kind in _MODEL_TYPES.values():
                start, stop = tokens[first].start, tokens[end - 1].end
                taken.add(start, stop, kind, _display_name(text[start:stop]))
        for match in [*rules.money(text), *rules.percentages(text), *rules.dates(text)]:
            taken.add(match.start, match.end, match.type, match.canonical)
        return taken.mentions()


BACKENDS: dict[str, Callable[[], Backend]] = {
    "builtin": BuiltinBackend,
    "camel": CamelBackend,
}


@lru_cache(maxsize=4)
def get_backend(name: str = "builtin") -> Backend:
    """The named backend, loaded once; BackendUnavailable says what is missing."""
    factory = BACKENDS.get(name)
    if factory is None:
        raise BackendUnavailable(
            f"unknown entity backend {name!r} (choose from {', '.join(BACKENDS)})"
        )
    return factory()


def extract(text: str, backend: str = "builtin") -> list[Mention]:
    """Mentions in document order, none overlapping, each with its canonical name."""
    return extract_in_pieces(get_backend(backend), text)


# Texts longer than this are extracted a piece at a time, cut at paragraph
# breaks: the model's features for a whole 50 MB text would take gigabytes.
# A name recurring across pieces is found by propagation within each piece.
PIECE_CHARS = 1_000_000


def extract_many(texts: Sequence[str], backend: str = "builtin") -> list[list[Mention]]:
    """`[extract(t) for t in texts]`; the built-in backend scores the short
    ones together (a text up to PIECE_CHARS, a batch up to that in all)."""
    chosen = get_backend(backend)
    if not isinstance(chosen, BuiltinBackend):
        return [extract_in_pieces(chosen, text) for text in texts]
    results: list[list[Mention] | None] = [None] * len(texts)
    batch: list[int] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if batch:
            found = chosen.extract_many([texts[i] for i in batch])
            for at, mentions in zip(batch, found, strict=True):
                results[at] = mentions
            batch.clear()
            size = 0

    for at, text in enumerate(texts):
        if len(text) > PIECE_CHARS:
            results[at] = extract_in_pieces(chosen, text)
            continue
        if size + len(text) > PIECE_CHARS:
            flush()
        batch.append(at)
        size += len(text)
    flush()
    return [mentions or [] for mentions in results]


def extract_in_pieces(backend: Backend, text: str) -> list[Mention]:
    if len(text) <= PIECE_CHARS:
        return backend.extract(text)
    found: list[Mention] = []
    start = 0
    while start < len(text):
        end = _piece_end(text, start)
        for m in backend.extract(text[start:end]):
            found.append(replace(m, start=m.start + start, end=m.end + start))
        start = end
    return found


def _piece_end(text: str, start: int) -> int:
    """The end of a piece from `start`: the last paragraph break (else space)
    before PIECE_CHARS, where no rule, gazetteer or model span can reach across."""
    reach = start + PIECE_CHARS
    if reach >= len(text):
        return len(text)
    for separator in ("\n", " "):
        found = text.rfind(separator, start + PIECE_CHARS // 2, reach)
        if found >= 0:
            return found + 1
    return reach


# Below this, forking costs more than it saves.
_SPLIT_MIN_CHARS = 100_000
# A sentence that reaches every rule, gazetteer and the model, so that what
# they load on first use is loaded once, before the fork, not in both processes.
_WARM_UP = (
    "في 27 كانون الثاني 2025 دفعت Nvidia 100 مليون دولار، أي 5% من إيراداتها، لشركة هواوي في بكين."
)


def extract_split(backend: Backend, text: str) -> list[Mention]:
    """`backend.extract(text)`, the two halves done by two forked processes.

    For the command line on long texts: extraction is CPU-bound pure Python,
    so one process per core halves the wall time. The text is cut at a
    paragraph break near its middle, where no rule, gazetteer or model span
    can reach across. The workers inherit the loaded backend, so nothing is
    loaded twice. Not for the TUI: forking a process that runs threads is
    unsafe. One process where fork or a second core is missing.
    """
    cut = _paragraph_break_near_middle(text)
    if cut is None:
        return extract_in_pieces(backend, text)
    backend.extract(_WARM_UP)

    def half(span: tuple[int, int]) -> list[Mention]:
        return extract_in_pieces(backend, text[span[0] : span[1]])

    first, second = forked_map(half, [(0, cut), (cut, len(text))])
    return first + [replace(m, start=m.start + cut, end=m.end + cut) for m in second]


def _paragraph_break_near_middle(text: str) -> int | None:
    """Where the paragraph after the middle of a long text starts, if any."""
    if len(text) < _SPLIT_MIN_CHARS:
        return None
    middle = len(text) // 2
    for separator in ("\n\n", "\n"):
        found = text.find(separator, middle)
        if found == -1:
            found = text.rfind(separator, 0, middle)
        if found > 0:
            return found + len(separator)
    return None


def find_names(text: str, names: Iterable[Name]) -> list[tuple[int, int, Name]]:
    """Where `names` occur in `text`, matched as the gazetteers are (folded
    letters, proclitics on the first word): (start, end, name), in order."""
    index = _by_first_word(names)
    if not index:
        return []
    tokens = tokenize(text)
    return list(_gazetteer_spans(text, tokens, folded_words(tokens), index))


# --- grouping ------------------------------------------------------------------


@lru_cache(maxsize=65536)  # a library overview folds the same names many times
def name_key(name: str) -> tuple[str, ...]:
    """What two spellings of one name have in common: folded words, no article."""
    return tuple(strip_article(word) for word in normalise(name).split())


def _group_key(canonical: str, kind: str) -> tuple[str, ...]:
    if kind in (PERSON, ORG, PLACE, PRODUCT):
        return name_key(canonical)
    return (canonical,)


NAME_TYPES = (PERSON, ORG, PLACE, PRODUCT)


def group(mentions: Sequence[Mention]) -> list[Entity]:
    """One entity per name however it is spelled, most mentioned first within each type.

    Mentions whose canonical names fold to the same words (case, hamza,
    harakat, article, clitics) are one entity; a name seen with different
    types takes the type most of its mentions have. A one-word person mention
    that is a word of exactly one longer person name (ليانغ, of ليانغ وينفينغ)
    joins that person.
    """
    buckets: defaultdict[tuple[str, ...], list[Mention]] = defaultdict(list)
    numeric: defaultdict[tuple[str, str], list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.type in NAME_TYPES:
            buckets[_group_key(mention.canonical, mention.type)].append(mention)
        else:
            numeric[(mention.type, mention.canonical)].append(mention)

    # Short person names join the one full name that contains them.
    person_keys = [
        key
        for key, members in buckets.items()
        if len(key) > 1 and _majority_type(members) == PERSON
    ]
    by_word: defaultdict[str, set[tuple[str, ...]]] = defaultdict(set)
    for key in person_keys:
        for word in key:
            by_word[word].add(key)
    for key in [k for k in buckets if len(k) == 1]:
        members = buckets[key]
        owners = by_word.get(key[0], set())
        if len(owners) == 1 and _majority_type(members) == PERSON:
            buckets[next(iter(owners))].extend(buckets.pop(key))

    _join_spellings_across_scripts(buckets)
    entities: list[Entity] = []
    for members in buckets.values():
        kind = _majority_type(members)
        canonical = _best_name(members)
        ordered = tuple(
            sorted(
                (m if m.type == kind else _retyped(m, kind) for m in members),
                key=lambda m: m.start,
            )
        )
        entities.append(Entity(kind, canonical, ordered))
    for (kind, canonical), members in numeric.items():
        entities.append(Entity(kind, canonical, tuple(sorted(members, key=lambda m: m.start))))
    return ordered_for_listing(entities)


# A name's consonants as a Latin reader and an Arabic writer both hear them:
# SoftBank and سوفت بنك, DeepSeek, Deep SEC and ديب سيك come out alike.
# Vowels, h-sounds and the long vowels' letters drop; p is b, v is f, g/j/q/c
# are k (Arabic writes g as غ, ج or ق), z is s.
_LATIN_SOUNDS = str.maketrans("pvgjqczx", "bfkkkksk", "aeiouyhw")
_ARABIC_SOUNDS = str.maketrans(
    "بفڤتطةثدضذظزسصشخكقغجلمنر",
    "bfftttsdddssssskkkkklmnr",
    "اأإآءؤئوىيهحع",
)
_CROSS_SCRIPT_TYPES = {
    PERSON: {PERSON},
    ORG: {ORG, PRODUCT},
    PRODUCT: {ORG, PRODUCT},
    PLACE: {PLACE},
}


def consonant_key(name: str) -> str:
    """The consonant skeleton of a name in Latin or Arabic letters ("" for
    others): what two scripts' spellings of one name share."""
    letters = "".join(normalise(name).split()).casefold()
    if letters.isascii():
        skeleton = letters.replace("ph", "f").replace("ck", "k").translate(_LATIN_SOUNDS)
    else:
        skeleton = letters.translate(_ARABIC_SOUNDS)
    skeleton = "".join(c for c in skeleton if c.isalpha() and c.isascii())
    # Doubled letters once (Deepseek's ee is gone already, SS of Massachusetts).
    return "".join(c for i, c in enumerate(skeleton) if i == 0 or c != skeleton[i - 1])


def _join_spellings_across_scripts(buckets: dict[tuple[str, ...], list[Mention]]) -> None:
    """Buckets of one name written in Latin and in Arabic letters, or in Latin
    two ways (DeepSeek, Deep SEC), are one: the same consonant skeleton, of at
    least four letters, and compatible types. Two Arabic spellings are never
    joined this way (Arabic names that share consonants are often different
    names)."""
    by_skeleton: dict[str, tuple[str, ...]] = {}
    for key in list(buckets):
        members = buckets[key]
        canonical = _best_name(members)
        skeleton = consonant_key(canonical)
        if len(skeleton) < 4:
            continue
        other = by_skeleton.get(skeleton)
        if other is None or other not in buckets:
            by_skeleton[skeleton] = key
            continue
        latin = canonical.isascii() or _best_name(buckets[other]).isascii()
        kinds = _CROSS_SCRIPT_TYPES.get(_majority_type(buckets[other]), set())
        if latin and _majority_type(members) in kinds:
            buckets[other].extend(buckets.pop(key))


def ordered_for_listing(entities: Iterable[Entity]) -> list[Entity]:
    """Entities as they are listed: by type (TYPES' order), the most mentioned
    first within a type, then by name."""
    type_order = {kind: index for index, kind in enumerate(TYPES)}
    return sorted(
        entities,
        key=lambda e: (type_order.get(e.type, len(TYPES)), -len(e.mentions), e.canonical),
    )


def _retyped(mention: Mention, kind: str) -> Mention:
    return replace(mention, type=kind)


def _majority_type(members: Sequence[Mention]) -> str:
    counts = Counter(m.type for m in members)
    return min(counts, key=lambda kind: (-counts[kind], TYPES.index(kind)))


def _best_name(members: Sequence[Mention]) -> str:
    """The canonical name most mentions give; among equals, the longest."""
    counts = Counter(m.canonical for m in members)
    return min(counts, key=lambda name: (-counts[name], -len(name), name))


def canonical_mentions(entities: Iterable[Entity]) -> list[Mention]:
    """Every mention with its entity's type and canonical name, in document order."""
    result = [
        replace(m, type=entity.type, canonical=entity.canonical)
        for entity in entities
        for m in entity.mentions
    ]
    return sorted(result, key=lambda m: m.start)
