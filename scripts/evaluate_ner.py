"""Scoring named-entity spans the CoNLL way: exact span and type, micro-averaged.

`python scripts/evaluate_ner.py FILE` reads a CoNLL file (one "token label"
per line, BIO labels PERS/ORG/LOC/MISC, blank line between sentences), runs
the built-in extractor on the sentences joined by spaces, snaps each mention
to the whole whitespace tokens it covers, and prints precision, recall and F1
for PERSON, ORG and PLACE.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.nlp.crf import Span, spans_from_bio

# ANERcorp's label names and ours.
CONLL_TYPES = {"PERS": "PERSON", "ORG": "ORG", "LOC": "PLACE", "MISC": "MISC"}
SCORED_TYPES = ("PERSON", "ORG", "PLACE")


@dataclass(frozen=True)
class Score:
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, label); labels as in the file."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
                current = []
            continue
        token, label = (parts[0], parts[-1]) if len(parts) > 1 else (parts[0], "O")
        current.append((token, label))
    if current:
        sentences.append(current)
    return sentences


def score(
    gold: Iterable[set[Span]], predicted: Iterable[set[Span]], types: Sequence[str]
) -> dict[str, Score]:
    """Per-type and micro ("ALL") scores over parallel lists of span sets."""
    true_positives: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter()
    gold_count: Counter[str] = Counter()
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        gold_spans = {s for s in gold_spans if s[2] in types}
        predicted_spans = {s for s in predicted_spans if s[2] in types}
        for span in gold_spans:
            gold_count[span[2]] += 1
        for span in predicted_spans:
            predicted_count[span[2]] += 1
            if span in gold_spans:
                true_positives[span[2]] += 1
    result = {t: Score(true_positives[t], predicted_count[t], gold_count[t]) for t in types}
    result["ALL"] = Score(
        sum(true_positives.values()), sum(predicted_count.values()), sum(gold_count.values())
    )
    return result


def format_scores(scores: dict[str, Score]) -> str:
    lines = [f"{'type':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for name, value in scores.items():
        lines.append(
            f"{name:8} {value.precision:6.3f} {value.recall:6.3f} {value.f1:6.3f}"
            f" {value.gold:6d} {value.predicted:6d}"
        )
    return "\n".join(lines)


def mention_token_spans(
    tokens: Sequence[str], mentions: Iterable[tuple[int, int, str]]
) -> set[Span]:
    """Mentions (char start, end, type) over `" ".join(tokens)` as whole-token spans."""
    starts: list[int] = []
    position = 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    spans: set[Span] = set()
    for start, end, kind in mentions:
        first = next((i for i, s in enumerate(starts) if s + len(tokens[i]) > start), None)
        last = next((i for i in range(len(tokens) - 1, -1, -1) if starts[i] < end), None)
        if first is not None and last is not None and first <= last:
            spans.add((first, last + 1, kind))
    return spans


def evaluate_file(path: Path, model_dir: Path | None = None) -> dict[str, Score]:
    """Score the built-in extractor on a CoNLL file, as a user's text would be read."""
    from reader.nlp.entities import BuiltinBackend

    extract = BuiltinBackend(model_dir).extract

    sentences = read_conll(path)
    gold = [spans_from_bio([label for _, label in s], CONLL_TYPES) for s in sentences]
    tokens = [[token for token, _ in s] for s in sentences]
    # One text, a sentence per line, as an article would be; offsets per sentence.
    text = "\n".join(" ".join(sentence) for sentence in tokens)
    mentions = extract(text)
    predicted: list[set[Span]] = []
    line_start = 0
    cursor = 0
    for sentence in tokens:
        line = " ".join(sentence)
        line_end = line_start + len(line)
        local: list[tuple[int, int, str]] = []
        while cursor < len(mentions) and mentions[cursor].start < line_end:
            m = mentions[cursor]
            local.append((m.start - line_start, min(m.end, line_end) - line_start, m.type))
            cursor += 1
        predicted.append(mention_token_spans(sentence, local))
        line_start = line_end + 1
    return score(gold, predicted, SCORED_TYPES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/evaluate_ner.py",
        description="Score the built-in entity extractor on a CoNLL (BIO) file.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--model-dir", type=Path, help="a model trained by scripts/train_ner.py")
    args = parser.parse_args(argv)
    try:
        scores = evaluate_file(args.file, args.model_dir)
    except (OSError, UnicodeDecodeError) as error:
        print(f"reader: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    print(format_scores(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
