"""`conll`: tokens with BIO entity labels, for training NER models.

One token per line, `TOKEN<TAB>LABEL` (B-PERSON, I-PERSON, …, O), a blank line
after each sentence, and a `-DOCSTART-` line before each article, as CoNLL-2003
files have. Labels come from the extracted entities with the reader's
corrections applied. A token that an entity starts or ends inside (the ب of
بالصين: the entity is الصين) is split there, so that each label covers exactly
its entity; every token is the text at its offsets, tokens in text order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

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


def labelled_tokens(record: ArticleRecord) -> Iterator[list[LabelledToken]]:
    """Each sentence's tokens with their labels."""
    text = record.text
    spans = sorted(
        (m.start, m.end, entity.type) for entity in record.entities for m in entity.mentions
    )
    cuts = sorted({offset for start, end, _ in spans for offset in (start, end)})
    span_index = 0
    for sentence in split_sentences(text):
        tokens: list[LabelledToken] = []
        for token in tokenize(text, sentence.start, sentence.end):
            inner = cuts[bisect_right(cuts, token.start) : bisect_left(cuts, token.end)]
            bounds = [token.start, *inner, token.end]
            for start, end in pairwise(bounds):
                while span_index < len(spans) and spans[span_index][1] <= start:
                    span_index += 1
                label = "O"
                if span_index < len(spans):
                    span_start, span_end, kind = spans[span_index]
                    if span_start <= start and end <= span_end:
                        label = ("B-" if start == span_start else "I-") + kind
                tokens.append(LabelledToken(start, end, text[start:end], label))
        if tokens:
            yield tokens


def export(records: Iterable[ArticleRecord]) -> str:
    lines: list[str] = []
    for record in records:
        lines += [DOCSTART, ""]
        for sentence in labelled_tokens(record):
            lines += [f"{token.text}\t{token.label}" for token in sentence]
            lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")
