"""Linear-chain CRF decoding in NumPy, for the model trained with python-crfsuite.

Training needs crfsuite's optimiser; tagging does not. A CRF's score of a
label at a word is the sum of the weights of that word's features, and most
features belong to a word whatever its neighbours are, so the sums are made
once per distinct word and per neighbour position, then added up for the
whole text with array operations. Viterbi then runs over a batch of
sentences at once. The result equals crfsuite's own tagger (a test checks),
at a fraction of the per-word cost of passing feature strings to it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt

from reader.nlp.crf_features import WINDOW, FeatureExtractor

Span = tuple[int, int, str]  # first token, end token (exclusive), type
FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


class LinearChainCRF:
    """State weights per (attribute, label) and label-to-label transition weights."""

    def __init__(
        self,
        labels: Sequence[str],
        attributes: Sequence[str],
        weights: FloatArray,
        transitions: FloatArray,
    ) -> None:
        self.labels = list(labels)
        self.attributes = list(attributes)
        self.index = dict(zip(self.attributes, range(len(self.attributes)), strict=True))
        # The same rows by unprefixed name, one table per neighbour offset, so
        # tagging never has to build "-1w=…" strings (see `emissions`). The
        # attributes are sorted (scripts/train_ner.py), so each offset's are one run.
        ordered = all(a <= b for a, b in pairwise(self.attributes))
        self.context_index: dict[int, dict[str, int]] = {}
        for offset in WINDOW:
            prefix = f"{offset:+d}"
            if ordered:
                first = bisect_left(self.attributes, prefix)
                end = bisect_left(self.attributes, prefix[0] + chr(ord(prefix[1]) + 1))
                rows: Iterable[int] = range(first, end)
            else:
                rows = [r for name, r in self.index.items() if name.startswith(prefix)]
            self.context_index[offset] = {self.attributes[row][2:]: row for row in rows}
        self.weights = weights
        self.transitions = transitions

    # --- files --------------------------------------------------------------

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            labels=np.array("\n".join(self.labels)),
            # UTF-8 bytes: a NumPy string holds four bytes a character, slow to load.
            attributes=np.frombuffer("\n".join(self.attributes).encode("utf-8"), np.uint8),
            weights=self.weights,
            transitions=self.transitions,
        )

    @classmethod
    def load(cls, path: Path) -> LinearChainCRF:
        with np.load(path, allow_pickle=False) as data:
            attributes = data["attributes"]
            text = (
                attributes.tobytes().decode("utf-8")
                if attributes.dtype == np.uint8
                else str(attributes)  # models saved before the UTF-8 form
            )
            return cls(
                str(data["labels"]).split("\n"),
                text.split("\n"),
                data["weights"].astype(np.float32),
                data["transitions"].astype(np.float32),
            )

    # --- scoring ------------------------------------------------------------

    def _sum(self, features: Sequence[str]) -> FloatArray:
        row: FloatArray = self._sum_rows([[self.index[f] for f in features if f in self.index]])[0]
        return row

    def _sum_rows(self, row_lists: Sequence[list[int]]) -> FloatArray:
        """The summed weight rows of each list, with one gather and one segmented sum."""
        rows: list[int] = []
        segment_starts: list[int] = []
        for row_list in row_lists:
            segment_starts.append(len(rows))
            rows.extend(row_list)
        labels = len(self.labels)
        if not rows:
            return np.zeros((len(row_lists), labels), dtype=np.float32)
        gathered = np.vstack([self.weights[np.array(rows)], np.zeros((1, labels), np.float32)])
        starts = np.array(segment_starts, dtype=np.int64)
        sums: FloatArray = np.add.reduceat(gathered, starts, axis=0)
        # reduceat gives the row at `start` for an empty segment; empty means zero.
        empty = np.diff(np.append(starts, len(rows))) == 0
        sums[empty] = 0.0
        return sums

    def emissions(
        self, words: Sequence[str], sentence_ids: IntArray, extractor: FeatureExtractor
    ) -> FloatArray:
        """The state score of every label at every word of a text.

        `sentence_ids` gives each word's sentence; neighbours are only looked
        at within a sentence, as in training.
        """
        count = len(words)
        types: dict[str, int] = {}
        type_ids = np.fromiter(
            (types.setdefault(w, len(types)) for w in words), dtype=np.int64, count=count
        )
        distinct = list(types)
        described = [extractor.word_features(w) for w in distinct]
        index = self.index
        own = self._sum_rows([[index[f] for f in d[0] if f in index] for d in described])
        scores: FloatArray = own[type_ids]
        positions = np.arange(count)
        for offset in WINDOW:
            table = self.context_index[offset]
            context = self._sum_rows([[table[f] for f in d[1] if f in table] for d in described])
            edge = self._sum([f"{offset:+d}edge"])
            other = positions + offset
            inside = (other >= 0) & (other < count)
            clipped = np.clip(other, 0, count - 1)
            inside &= sentence_ids[clipped] == sentence_ids
            scores += np.where(inside[:, None], context[type_ids[clipped]], edge[None, :])
        # Word-pair features: each distinct pair of neighbouring words is
        # looked up once (news repeats its phrases), then the rows are added
        # in one go. A sentence edge is the pseudo-word "w=^" before the first
        # word and "w=$" after the last, numbered after the real words.
        keys = [d[0][1] for d in described]
        start_id, end_id = len(keys), len(keys) + 1
        keys += ["w=^", "w=$"]
        first_of_sentence = np.ones(count, dtype=bool)
        first_of_sentence[1:] = sentence_ids[1:] != sentence_ids[:-1]
        before_ids = np.where(first_of_sentence, start_id, np.roll(type_ids, 1))
        last_of_sentence = np.ones(count, dtype=bool)
        last_of_sentence[:-1] = first_of_sentence[1:]
        after_ids = np.where(last_of_sentence, end_id, np.roll(type_ids, -1))
        width = len(keys)
        for prefix, left, right in (("bi-=", before_ids, type_ids), ("bi+=", type_ids, after_ids)):
            pairs, where = np.unique(left * width + right, return_inverse=True)
            rows = [
                index.get(prefix + keys[pair // width] + "|" + keys[pair % width], -1)
                for pair in pairs.tolist()
            ]
            row_of_pair = np.array(rows, dtype=np.int64)[where]
            hit = row_of_pair >= 0
            if hit.any():
                scores[hit] += self.weights[row_of_pair[hit]]
        return scores

    def viterbi(self, scores: FloatArray, lengths: Sequence[int]) -> list[list[str]]:
        """The best label sequence of each sentence; `scores` holds them one after another."""
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        order = np.argsort(lengths, kind="stable")
        results: list[list[str]] = [[] for _ in lengths]
        batch = 512
        for first in range(0, len(order), batch):
            members = order[first : first + batch]
            self._viterbi_batch(
                scores, starts[members], np.asarray(lengths)[members], members, results
            )
        return results

    def _viterbi_batch(
        self,
        scores: FloatArray,
        starts: IntArray,
        lengths: IntArray,
        members: IntArray,
        results: list[list[str]],
    ) -> None:
        size = len(members)
        longest = int(np.max(lengths)) if size else 0
        if longest == 0:
            return
        labels = len(self.labels)
        steps = np.arange(longest)
        alive = steps[None, :] < lengths[:, None]  # sentence × step
        gather = np.where(alive, starts[:, None] + steps[None, :], 0)
        local = scores[gather]  # sentence × step × label
        best = local[:, 0, :].copy()
        back = np.zeros((size, longest, labels), dtype=np.int64)
        transitions = self.transitions
        for step in range(1, longest):
            candidates = best[:, :, None] + transitions[None, :, :]
            back[:, step, :] = candidates.argmax(axis=1)
            moved = candidates.max(axis=1) + local[:, step, :]
            best = np.where(alive[:, step, None], moved, best)
        last = best.argmax(axis=1)
        names = self.labels
        for row in range(size):
            length = int(lengths[row])
            path = [int(last[row])]
            for step in range(length - 1, 0, -1):
                path.append(int(back[row, step, path[-1]]))
            path.reverse()
            results[int(members[row])] = [names[i] for i in path]

    def marginals(
        self, scores: FloatArray, lengths: Sequence[int], wanted: Sequence[bool] | None = None
    ) -> FloatArray:
        """P(label | sentence) of every token and label (forward-backward, in
        log space), rows as in `scores`: how sure the model is of each tag.
        Only the `wanted` sentences (all by default) are worked out; the rows
        of the others stay 0. Sentences go in batches of like lengths, as in
        `viterbi`."""
        result = np.zeros_like(scores)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        order = np.argsort(lengths, kind="stable")
        if wanted is not None:
            order = order[np.asarray(wanted, dtype=bool)[order]]
        for first in range(0, len(order), 512):
            members = order[first : first + 512]
            self._marginals_batch(scores, starts[members], np.asarray(lengths)[members], result)
        return result

    def _marginals_batch(
        self, scores: FloatArray, starts: IntArray, lengths: IntArray, result: FloatArray
    ) -> None:
        longest = int(np.max(lengths)) if len(lengths) else 0
        if longest == 0:
            return
        steps = np.arange(longest)
        alive = steps[None, :] < lengths[:, None]  # sentence × step
        gather = np.where(alive, starts[:, None] + steps[None, :], 0)
        local = scores[gather]  # sentence × step × label
        transitions = self.transitions[None, :, :]
        alpha = np.zeros_like(local)
        beta = np.zeros_like(local)
        alpha[:, 0] = local[:, 0]
        for step in range(1, longest):
            moved = _logsumexp(alpha[:, step - 1, :, None] + transitions, axis=1)
            alpha[:, step] = moved + local[:, step]
        for step in range(longest - 2, -1, -1):
            # Past a sentence's end its beta stays 0 (its last token's).
            after = _logsumexp(
                transitions + (local[:, step + 1] + beta[:, step + 1])[:, None, :], 2
            )
            beta[:, step] = np.where(alive[:, step + 1, None], after, 0.0)
        last = np.take_along_axis(alpha, (lengths - 1)[:, None, None], axis=1)[:, 0]
        total = _logsumexp(last, axis=1)
        # Only the steps of each sentence: past its end the sums are meaningless.
        result[gather[alive]] = np.exp((alpha + beta - total[:, None, None])[alive])


def _logsumexp(values: FloatArray, axis: int) -> FloatArray:
    top = values.max(axis=axis, keepdims=True)
    total: FloatArray = np.squeeze(top, axis=axis) + np.log(np.exp(values - top).sum(axis=axis))
    return total


def spans_from_bio(labels: Sequence[str], types: dict[str, str] | None = None) -> set[Span]:
    """Entity spans of a BIO label sequence; an I- after O or another type starts a span."""
    spans: set[Span] = set()
    start, kind = -1, ""
    for index, label in enumerate([*labels, "O"]):
        prefix, _, name = label.partition("-")
        if types is not None and name:
            name = types.get(name, name)
        if kind and (prefix != "I" or name != kind):
            spans.add((start, index, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = index, name
    return spans
