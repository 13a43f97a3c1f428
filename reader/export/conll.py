"""`conll`: tokens with BIO entity labels, for training NER models.

One token per line, `TOKEN<TAB>LABEL` (B-PERSON, I-PERSON, …, O), a blank line
after each sentence, and a `-DOCSTART-` line before each article, as CoNLL-2003
files have. Labels come from the extracted entities with the reader's
corrections applied. Tokens are the article's own words, never a piece of
one: a word an entity starts inside (بالصين, whose entity is الصين) is
labelled as a whole, as Arabic NER corpora label it. With
`labels="conventional"` the labels are CoNLL-2003's PER, ORG, LOC and MISC
(products; dates, money and numbers are O there).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reader.export.records import ArticleRecord
from reader.nlp.sentences import split_sentences
from reader.nlp.tokens import tokenize

DOCSTART = "-DOCSTART-\tO"


@dataclass(frozen=True, slots=True)
class LabelledToken:
    start: int
    end: int
    text: str
    label: str


CONVENTIONAL = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC", "PRODUCT": "MISC"}


def labelled_tokens(record: ArticleRecord, labels: str = "reader") -> Iterator[list[LabelledToken]]:
    """Each sentence's tokens with their labels: B- on the word where an
    entity starts, I- on the words it goes on over."""
    text = record.text
    spans = sorted(
        (m.start, m.end, entity.type) for entity in record.entities for m in entity.mentions
    )
    starts = [start for start, _, _ in spans]
    for sentence in split_sentences(text):
        tokens: list[LabelledToken] = []
        for token in tokenize(text, sentence.start, sentence.end):
            label = "O"
            # The last entity that starts before this token ends, if it reaches into it.
            at = bisect_right(starts, token.end - 1) - 1
            if at >= 0 and spans[at][1] > token.start:
                span_start, _, kind = spans[at]
                kind = CONVENTIONAL.get(kind, "") if labels == "conventional" else kind
                if kind:
                    label = ("B-" if span_start >= token.start else "I-") + kind
            tokens.append(LabelledToken(token.start, token.end, token.text, label))
        if tokens:
            yield tokens


def export(records: Iterable[ArticleRecord], labels: str = "reader") -> str:
    lines: list[str] = []
    for record in records:
        lines += [DOCSTART, ""]
        for sentence in labelled_tokens(record, labels):
            lines += [f"{token.text}\t{token.label}" for token in sentence]
            lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")
