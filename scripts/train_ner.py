"""Train the PERSON/ORG/PLACE sequence model that ships in reader/nlp/model/.

    python scripts/train_ner.py                 # dev split: train on 5/6, score on the last 1/6
    python scripts/train_ner.py --final         # train on the whole file and write the model

Data: ANERcorp, CAMeL Lab train split (CC BY-SA 4.0), in ../shared/data/anercorp/.
The dev split is carved from that file only — its last sixth, as the CAMeL split
itself puts its test set after its train set — and nothing else of ANERcorp is
ever used here. The model is a linear-chain CRF (python-crfsuite) over word,
stem, affix, context, gazetteer and learnt-name features (reader/nlp/crf_features.py).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate_ner import (  # noqa: E402
    CONLL_TYPES,
    SCORED_TYPES,
    evaluate_file,
    format_scores,
    read_conll,
    score,
)

from reader.nlp.crf import LinearChainCRF, spans_from_bio  # noqa: E402
from reader.nlp.crf_features import FeatureExtractor, Lexicon, stem_of  # noqa: E402
from reader.nlp.gazetteer import gazetteer_lexicon  # noqa: E402
from reader.nlp.normalise import normalise  # noqa: E402
from reader.nlp.tokens import tokenize  # noqa: E402
from reader.nlp.word_frequency import frequency_features  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "anercorp" / "ANERCorp_CamelLab_train.txt"
MODEL_DIR = ROOT / "reader" / "nlp" / "model"

Sentence = list[tuple[str, str]]


def crf_from_crfsuite(model_path: Path) -> LinearChainCRF:
    """The NumPy decoder's model from a python-crfsuite model file."""
    import numpy as np
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    info = tagger.info()
    labels = sorted(info.labels, key=lambda name: info.labels[name])
    label_index = {name: i for i, name in enumerate(labels)}
    attributes = sorted({attribute for attribute, _ in info.state_features})
    attribute_index = {name: i for i, name in enumerate(attributes)}
    weights = np.zeros((len(attributes), len(labels)), dtype=np.float32)
    for (attribute, label), weight in info.state_features.items():
        weights[attribute_index[attribute], label_index[label]] = weight
    transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (source, target), weight in info.transitions.items():
        transitions[label_index[source], label_index[target]] = weight
    return LinearChainCRF(labels, attributes, weights, transitions)


def retokenize(sentence: Sentence) -> tuple[list[str], list[str], list[int]]:
    """Our tokens for an ANERcorp sentence, their labels, and the source token of each.

    ANERcorp leaves some punctuation on words ("(د", "أ)"); the extractor splits
    it off, so training must see the same tokens the extractor will.
    """
    words: list[str] = []
    labels: list[str] = []
    origin: list[int] = []
    for index, (token, label) in enumerate(sentence):
        pieces = tokenize(token) or []
        first = True
        for piece in pieces:
            if piece.kind == "punct":
                piece_label = "O"
            elif first:
                piece_label = label
                first = False
            else:
                piece_label = "I-" + label[2:] if label != "O" else "O"
            words.append(piece.text)
            labels.append(piece_label)
            origin.append(index)
    return words, labels, origin


def learnt_lexicon(sentences: list[Sentence]) -> dict[str, set[str]]:
    """Words the training labels mostly put inside names, by role.

    "first" is the first word of a person, "pers" any word of one, "org"/"loc"
    words inside organisations and places, "orghead" an organisation's first
    word. A word gets a role when at least half of its occurrences have it.
    """
    totals: Counter[str] = Counter()
    roles: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        for token, label in sentence:
            key = stem_of(normalise(token))
            totals[key] += 1
            if label == "O":
                continue
            prefix, kind = label.split("-", 1)
            role = {"PERS": "pers", "ORG": "org", "LOC": "loc", "MISC": "misc"}[kind]
            roles[key][role] += 1
            if prefix == "B" and kind == "PERS":
                roles[key]["first"] += 1
            if prefix == "B" and kind == "ORG":
                roles[key]["orghead"] += 1
    lexicon: dict[str, set[str]] = {}
    for key, counts in roles.items():
        kept = {role for role, n in counts.items() if n * 2 >= totals[key]}
        if kept:
            lexicon[key] = {"learnt_" + role for role in kept}
    return lexicon


def merge(*lexicons: Lexicon | dict[str, set[str]]) -> dict[str, frozenset[str]]:
    merged: defaultdict[str, set[str]] = defaultdict(set)
    for lexicon in lexicons:
        for key, labels in lexicon.items():
            merged[key].update(labels)
    return {key: frozenset(labels) for key, labels in merged.items()}


def split_dev(sentences: list[Sentence], sixth: int = 6) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev): dev is the `sixth`-th sixth of the file by words (the
    last by default), train the rest."""
    total = sum(len(s) for s in sentences)
    bounds = (total * (sixth - 1) / 6, total * sixth / 6)
    train: list[Sentence] = []
    dev: list[Sentence] = []
    seen = 0
    for sentence in sentences:
        (dev if bounds[0] <= seen < bounds[1] else train).append(sentence)
        seen += len(sentence)
    return train, dev


def train(
    sentences: list[Sentence], gazetteer: Lexicon, model_path: Path, args: argparse.Namespace
) -> None:
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    folds = args.folds
    order = list(range(len(sentences)))
    random.Random(7).shuffle(order)
    fold_of = {index: position % folds for position, index in enumerate(order)}
    # Each fold's learnt names come from the other folds, so the model learns
    # how far to trust a name it has seen elsewhere, as it will at run time.
    extractors = []
    for fold in range(folds):
        others = [s for i, s in enumerate(sentences) if fold_of[i] != fold]
        extractors.append(
            FeatureExtractor(merge(gazetteer, learnt_lexicon(others)), word_info=frequency_features)
        )
    for index, sentence in enumerate(sentences):
        words, labels, _ = retokenize(sentence)
        if words:
            trainer.append(extractors[fold_of[index]].sentence(words), labels)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(model_path))


def tag_sentences(
    sentences: list[Sentence], extractor: FeatureExtractor, model_path: Path
) -> list[list[str]]:
    """Predicted labels per source token (the label of its first word piece)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    result = []
    for sentence in sentences:
        words, _, origin = retokenize(sentence)
        predicted = tagger.tag(extractor.sentence(words)) if words else []
        labels = ["O"] * len(sentence)
        seen: set[int] = set()
        for piece, label in zip(origin, predicted, strict=True):
            if piece not in seen and (label != "O" or words):
                labels[piece] = label
                seen.add(piece)
        result.append(labels)
    return result


def write_model(
    crfsuite_path: Path,
    lexicon: dict[str, set[str]],
    out_dir: Path,
    args: argparse.Namespace,
    dev_scores: dict[str, dict[str, float]] | None,
) -> None:
    """The model as reader loads it: NumPy weights, learnt names, metadata."""
    crf_from_crfsuite(crfsuite_path).save(out_dir / "ner.npz")
    (out_dir / "learnt_names.json").write_text(
        json.dumps({k: sorted(v) for k, v in sorted(lexicon.items())}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    meta = {
        "model": "linear-chain CRF (python-crfsuite L-BFGS), decoded by reader.nlp.crf",
        "labels": ["PERS", "ORG", "LOC", "MISC"],
        "training_data": {
            "name": "ANERcorp, CAMeL Lab train split",
            "file": args.data.name,
            "license": "CC BY-SA 4.0",
            "credit": (
                "Benajiba, Rosso and Benedí Ruiz, ANERsys (CICLing 2007); train/test split "
                "by CAMeL Lab (Obeid et al., CAMeL Tools, LREC 2020)"
            ),
            "url": "https://camel.abudhabi.nyu.edu/anercorp/",
        },
        "gazetteers": "CLDR via babel, ISO 3166 via pycountry, reader/nlp/data/curated.json; "
        "given and family names from Wikidata (CC0) and DziriNames (CC0/MIT) via UNICEF's "
        "arabic_name_romanizer (reader/nlp/data/person_names.json)",
        "word_frequencies": "wordfreq (Robyn Speer et al.), Arabic list, data CC BY-SA 4.0",
        "parameters": {
            "c1": args.c1,
            "c2": args.c2,
            "iterations": args.iterations,
            "folds": args.folds,
        },
        "outside_bias": args.outside_bias,
        "dev_split": "last sixth (by words) of the training file; scores of the whole "
        "extractor, exact span and type on whole whitespace tokens",
        "dev_scores": dev_scores,
    }
    (out_dir / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def dev_run(
    sentences: list[Sentence], gazetteer: Lexicon, args: argparse.Namespace
) -> dict[str, dict[str, float]]:
    """Train on the first 5/6, score the whole extractor on the last 1/6; print it."""
    train_part, dev = split_dev(sentences, args.dev_sixth)
    out_dir = args.dev_model_dir or Path(tempfile.mkdtemp(prefix="reader-ner-dev-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    dev_file = out_dir / "dev.conll"
    dev_file.write_text(
        "\n\n".join("\n".join(f"{t} {lab}" for t, lab in s) for s in dev) + "\n",
        encoding="utf-8",
    )
    model_path = out_dir / "ner.crfsuite"
    train(train_part, gazetteer, model_path, args)
    write_model(model_path, learnt_lexicon(train_part), out_dir, args, dev_scores=None)
    extractor = FeatureExtractor(
        merge(gazetteer, learnt_lexicon(train_part)), word_info=frequency_features
    )
    predicted = tag_sentences(dev, extractor, model_path)
    gold = [spans_from_bio([lab for _, lab in s], CONLL_TYPES) for s in dev]
    tagger_scores = score(gold, [spans_from_bio(p, CONLL_TYPES) for p in predicted], SCORED_TYPES)
    print("dev split, sequence model alone (tokens as in the file):")
    print(format_scores(tagger_scores))
    pipeline_scores = evaluate_file(dev_file, out_dir)
    print("dev split, whole extractor on the text (as `python scripts/evaluate_ner.py`):")
    print(format_scores(pipeline_scores))
    return {
        name: {
            "precision": round(v.precision, 4),
            "recall": round(v.recall, 4),
            "f1": round(v.f1, 4),
            "gold": v.gold,
        }
        for name, v in pipeline_scores.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--final",
        action="store_true",
        help="after the dev run, train on everything and write the model into the package",
    )
    parser.add_argument("--c1", type=float, default=0.02)
    parser.add_argument("--c2", type=float, default=0.3)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--outside-bias", type=float, default=0.25)
    parser.add_argument("--dev-model-dir", type=Path, help="where the dev-split model goes")
    parser.add_argument(
        "--dev-sixth",
        type=int,
        choices=range(1, 7),
        default=6,
        help="which sixth of the file is the dev split (default: the last); another "
        "sixth checks a change on text its author never looked at",
    )
    args = parser.parse_args()

    sentences = read_conll(args.data)
    gazetteer = gazetteer_lexicon()
    began = time.perf_counter()
    dev_scores = dev_run(sentences, gazetteer, args)
    print(f"dev run: {time.perf_counter() - began:.0f} s")
    if not args.final:
        return 0
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        model_path = Path(scratch) / "ner.crfsuite"
        train(sentences, gazetteer, model_path, args)
        write_model(model_path, learnt_lexicon(sentences), MODEL_DIR, args, dev_scores)
    print(f"wrote {MODEL_DIR} in {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
