"""Weigh a small neural tagger against the shipped CRF on the dev split.

    pip install jax optax            # only for this script
    python scripts/weigh_neural_ner.py [--epochs 12]

Issue 25 asks whether a neural sequence model would pay for itself before
one is shipped. This trains a BiLSTM-CRF over the same inputs the CRF sees
that are not bare word identities — a word embedding learnt here, a
character CNN over the word, and the CRF's dictionary, shape and frequency
features as a multi-hot vector — on the same five sixths of ANERcorp's
training file, and scores it alone on the same dev sixth, exact span and
type, next to the CRF alone. It reports tokens a second for both, tagging on
this machine's CPU. Nothing it trains is shipped; reader stays NumPy-only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate_ner import CONLL_TYPES, SCORED_TYPES, format_scores, read_conll, score  # noqa: E402
from train_ner import DEFAULT_DATA, learnt_lexicon, merge, retokenize, split_dev  # noqa: E402

from reader.nlp.crf import spans_from_bio  # noqa: E402
from reader.nlp.crf_features import FeatureExtractor  # noqa: E402
from reader.nlp.gazetteer import gazetteer_lexicon  # noqa: E402
from reader.nlp.normalise import normalise  # noqa: E402
from reader.nlp.word_frequency import frequency_features  # noqa: E402

MAX_WORD = 16
# One encoded sentence: word ids, character ids, dense feature ids, label
# ids, the source token of each word, and the sentence as the file gave it.
Encoded = tuple[list[int], list[list[int]], list[list[int]], list[int], list[int], Any]


def _dense(features: list[str]) -> list[str]:
    """The CRF's features that say something about a word beyond its identity."""
    return [f for f in features if not f.startswith(("w=", "s=", "p", "x", "bias"))]


def encode(
    sentences: list[Any],
    extractor: FeatureExtractor,
    vocab: dict[str, int],
    chars: dict[str, int],
    dense: dict[str, int],
    labels: dict[str, int],
    grow: bool,
) -> list[Encoded]:
    out: list[Encoded] = []
    for sentence in sentences:
        words, tags, origin = retokenize(sentence)
        if not words:
            continue
        w_ids: list[int] = []
        c_ids: list[list[int]] = []
        d_ids: list[list[int]] = []
        for word in words:
            norm = normalise(word)
            if grow and norm not in vocab:
                vocab[norm] = len(vocab)
            w_ids.append(vocab.get(norm, 1))
            cs = []
            for c in norm[:MAX_WORD]:
                if grow and c not in chars:
                    chars[c] = len(chars)
                cs.append(chars.get(c, 1))
            c_ids.append(cs + [0] * (MAX_WORD - len(cs)))
            own, _ = extractor.word_features(word)
            ds = []
            for f in _dense(own):
                if grow and f not in dense:
                    dense[f] = len(dense)
                if f in dense:
                    ds.append(dense[f])
            d_ids.append(ds)
        for t in tags:
            if t not in labels:
                labels[t] = len(labels)
        out.append((w_ids, c_ids, d_ids, [labels[t] for t in tags], origin, sentence))
    return out


def batches(
    data: list[Encoded], size: int, dense_count: int, shuffle_rng: Any = None
) -> Iterator[tuple[list[Encoded], Any, Any, Any, Any, Any]]:
    order = list(range(len(data)))
    if shuffle_rng is not None:
        shuffle_rng.shuffle(order)
    # Bucket by length so padding stays small.
    order.sort(key=lambda i: len(data[i][0]) // 8 + (shuffle_rng.random() if shuffle_rng else 0))
    for at in range(0, len(order), size):
        chunk = [data[i] for i in order[at : at + size]]
        length = max(len(c[0]) for c in chunk)
        n = len(chunk)
        w = np.zeros((n, length), np.int32)
        ch = np.zeros((n, length, MAX_WORD), np.int32)
        d = np.zeros((n, length, dense_count), np.float32)
        y = np.zeros((n, length), np.int32)
        mask = np.zeros((n, length), np.float32)
        for row, (wi, ci, di, yi, _, _) in enumerate(chunk):
            k = len(wi)
            w[row, :k] = wi
            ch[row, :k] = ci
            for t, ids in enumerate(di):
                d[row, t, ids] = 1.0
            y[row, :k] = yi
            mask[row, :k] = 1.0
        yield chunk, w, ch, d, y, mask


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--hidden", type=int, default=96)
    args = parser.parse_args()

    import jax
    import jax.numpy as jnp
    import optax

    sentences = read_conll(args.data)
    train_part, dev = split_dev(sentences)
    extractor = FeatureExtractor(
        merge(gazetteer_lexicon(), learnt_lexicon(train_part)), word_info=frequency_features
    )
    vocab = {"<pad>": 0, "<unk>": 1}
    chars = {"<pad>": 0, "<unk>": 1}
    dense: dict[str, int] = {}
    labels: dict[str, int] = {"O": 0}
    train_data = encode(train_part, extractor, vocab, chars, dense, labels, grow=True)
    # Words seen once become unknown half the time in training (below), so the
    # model learns what to do with a word it has never seen.
    dev_data = encode(dev, extractor, vocab, chars, dense, labels, grow=False)
    n_labels, n_dense = len(labels), len(dense)
    print(
        f"{len(train_data)} train / {len(dev_data)} dev sentences; vocab {len(vocab)}, "
        f"chars {len(chars)}, dense features {n_dense}, labels {n_labels}"
    )

    key = jax.random.PRNGKey(7)
    E, C, F, H, D = 64, 24, 64, args.hidden, 48

    def init(shape: tuple[int, ...], k: Any, scale: float | None = None) -> Any:
        scale = scale or (1.0 / np.sqrt(shape[0]))
        return jax.random.normal(k, shape) * scale

    keys = jax.random.split(key, 16)
    inp = E + F + D
    params = {
        "emb": init((len(vocab), E), keys[0], 0.1),
        "cemb": init((len(chars), C), keys[1], 0.1),
        "conv": init((3 * C, F), keys[2]),
        "dense": init((n_dense, D), keys[3], 0.1),
        "fw": init((inp + H, 4 * H), keys[4]),
        "fb": jnp.zeros(4 * H),
        "bw": init((inp + H, 4 * H), keys[5]),
        "bb": jnp.zeros(4 * H),
        "out": init((2 * H, n_labels), keys[6]),
        "ob": jnp.zeros(n_labels),
        "trans": jnp.zeros((n_labels, n_labels)),
    }

    def features(p: Any, w: Any, ch: Any, d: Any, train_key: Any = None) -> Any:
        e = p["emb"][w]
        c = p["cemb"][ch]  # n, L, MAX_WORD, C
        padded = jnp.pad(c, ((0, 0), (0, 0), (1, 1), (0, 0)))
        windows = jnp.concatenate(
            [padded[:, :, :-2], padded[:, :, 1:-1], padded[:, :, 2:]], axis=-1
        )
        conv = jnp.max(jnp.tanh(windows @ p["conv"]), axis=2)
        x = jnp.concatenate([e, conv, jnp.tanh(d @ p["dense"])], axis=-1)
        if train_key is not None:
            x = x * jax.random.bernoulli(train_key, 0.75, x.shape) / 0.75
        return x

    def lstm(wm: Any, b: Any, x: Any, mask: Any, reverse: bool) -> Any:
        n = x.shape[0]

        def step(carry: Any, inputs: Any) -> Any:
            h, c = carry
            xt, mt = inputs
            z = jnp.concatenate([xt, h], -1) @ wm + b
            i, f, g, o = jnp.split(z, 4, -1)
            c2 = jax.nn.sigmoid(f + 1.0) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h2 = jax.nn.sigmoid(o) * jnp.tanh(c2)
            m = mt[:, None]
            h2 = m * h2 + (1 - m) * h
            c2 = m * c2 + (1 - m) * c
            return (h2, c2), h2

        xs = (jnp.swapaxes(x, 0, 1), jnp.swapaxes(mask, 0, 1))
        init_state = (jnp.zeros((n, H)), jnp.zeros((n, H)))
        _, hs = jax.lax.scan(step, init_state, xs, reverse=reverse)
        return jnp.swapaxes(hs, 0, 1)

    def emissions(p: Any, w: Any, ch: Any, d: Any, mask: Any, train_key: Any = None) -> Any:
        x = features(p, w, ch, d, train_key)
        h = jnp.concatenate(
            [lstm(p["fw"], p["fb"], x, mask, False), lstm(p["bw"], p["bb"], x, mask, True)], -1
        )
        return h @ p["out"] + p["ob"]

    def crf_nll(p: Any, em: Any, y: Any, mask: Any) -> Any:
        trans = p["trans"]
        gold = jnp.take_along_axis(em, y[..., None], -1)[..., 0]
        gold_score = jnp.sum(gold * mask, 1)
        pair = trans[y[:, :-1], y[:, 1:]] * mask[:, 1:]
        gold_score = gold_score + jnp.sum(pair, 1)

        def step(alpha: Any, inputs: Any) -> Any:
            e_t, m_t = inputs
            nxt = jax.nn.logsumexp(alpha[:, :, None] + trans[None], axis=1) + e_t
            m = m_t[:, None]
            return m * nxt + (1 - m) * alpha, None

        alpha0 = em[:, 0]
        alpha, _ = jax.lax.scan(
            step, alpha0, (jnp.swapaxes(em[:, 1:], 0, 1), jnp.swapaxes(mask[:, 1:], 0, 1))
        )
        return jnp.mean(jax.nn.logsumexp(alpha, -1) - gold_score)

    def loss(p: Any, w: Any, ch: Any, d: Any, y: Any, mask: Any, k: Any) -> Any:
        return crf_nll(p, emissions(p, w, ch, d, mask, k), y, mask)

    optimiser = optax.chain(optax.clip_by_global_norm(5.0), optax.adam(2e-3))
    state = optimiser.init(params)

    def step_once(p: Any, s: Any, w: Any, ch: Any, d: Any, y: Any, mask: Any, k: Any) -> Any:
        value, grads = jax.value_and_grad(loss)(p, w, ch, d, y, mask, k)
        updates, s = optimiser.update(grads, s, p)
        return optax.apply_updates(p, updates), s, value

    update = jax.jit(step_once)

    emit = jax.jit(emissions)
    counts = np.bincount([i for s in train_data for i in s[0]], minlength=len(vocab))
    rng = np.random.default_rng(7)
    inverse = {v: k for k, v in labels.items()}

    def viterbi(em: Any, trans: Any) -> list[int]:
        length, k = em.shape
        score_ = em[0].copy()
        back = np.zeros((length, k), np.int32)
        for t in range(1, length):
            total = score_[:, None] + trans
            back[t] = total.argmax(0)
            score_ = total.max(0) + em[t]
        path = [int(score_.argmax())]
        for t in range(length - 1, 0, -1):
            path.append(int(back[t, path[-1]]))
        return path[::-1]

    def evaluate(p: Any) -> tuple[Any, float]:
        began = time.perf_counter()
        predicted: list[Any] = []
        gold: list[Any] = []
        tokens = 0
        trans = np.asarray(p["trans"])
        for chunk, w, ch, d, _, mask in batches(dev_data, 64, n_dense):
            em = np.asarray(emit(p, w, ch, d, mask))
            for row, item in enumerate(chunk):
                k = len(item[0])
                tokens += k
                tags = [inverse[i] for i in viterbi(em[row, :k], trans)]
                origin, sentence = item[4], item[5]
                per_token = ["O"] * len(sentence)
                seen: set[int] = set()
                for piece, tag in zip(origin, tags, strict=True):
                    if piece not in seen:
                        per_token[piece] = tag
                        seen.add(piece)
                predicted.append(spans_from_bio(per_token, CONLL_TYPES))
                gold.append(spans_from_bio([lab for _, lab in sentence], CONLL_TYPES))
        elapsed = time.perf_counter() - began
        return score(gold, predicted, SCORED_TYPES), tokens / elapsed

    began = time.perf_counter()
    for epoch in range(args.epochs):
        total, steps = 0.0, 0
        for _, w, ch, d, y, mask in batches(train_data, 32, n_dense, rng):
            rare = (counts[w] <= 1) & (rng.random(w.shape) < 0.5)
            w = np.where(rare, 1, w)
            key, sub = jax.random.split(key)
            params, state, value = update(params, state, w, ch, d, y, mask, sub)
            total += float(value)
            steps += 1
        scores, _ = evaluate(params)
        print(
            f"epoch {epoch + 1}: loss {total / steps:.3f}, dev F1 {scores['ALL'].f1:.3f} "
            f"({time.perf_counter() - began:.0f} s)",
            flush=True,
        )
    scores, rate = evaluate(params)
    print("BiLSTM-CRF alone, dev split:")
    print(format_scores(scores))
    print(f"tagging: {rate:,.0f} tokens/s (JAX on CPU, after compiling)")
    parameter_count = sum(int(np.prod(v.shape)) for v in params.values())
    print(f"parameters: {parameter_count:,} ({parameter_count * 4 / 1e6:.1f} MB as float32)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
