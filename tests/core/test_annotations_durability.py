"""Killing the writer at random moments loses at most the last change; edited
articles get their annotations back."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, SEEDS, read_text

from reader.annotations.anchoring import reanchor
from reader.annotations.model import MOVED, ORPHANED, Annotation
from reader.annotations.sidecar import parse, sidecar_path
from reader.layout import ArticleLayout
from reader.nlp.sentences import paragraph_sentences

# Adds one annotation per change, saves, then reports the change as saved.
WRITER = """
import sys
from pathlib import Path
from reader.annotations.model import Annotation
from reader.annotations.store import AnnotationStore

article = Path(sys.argv[1])
text = article.read_text(encoding="utf-8")
store = AnnotationStore(article, text)
number = len(store.state.annotations)
while True:
    start = (number * 7) % (len(text) - 20)
    annotation = Annotation.new(text, start, start + 10, ("claim",), note=f"change {number}")
    store.change(store.state.put(annotation), "tag")
    store.save()
    print(number, flush=True)
    number += 1
"""


def test_kill_9_at_random_moments_loses_at_most_the_last_change(tmp_path: Path) -> None:
    article = Path(shutil.copy(SEEDS[1], tmp_path / SEEDS[1].name))
    rng = random.Random(11)
    saves = 0
    kills = 0
    while saves < 300:
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(article)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert writer.stdout is not None
        # Let it start and save a few times, then kill it mid-whatever.
        confirmed = -1
        wanted = rng.randint(1, 25)
        for line in writer.stdout:
            confirmed = int(line)
            wanted -= 1
            if wanted <= 0:
                break
        time.sleep(rng.random() * 0.004)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        kills += 1
        data = sidecar_path(article).read_bytes()
        state, _ = parse(data, sidecar_path(article))  # always a whole, valid file
        notes = {a.note for a in state.annotations}
        # Every change reported saved is there, and the file is the state
        # after some whole number of changes (the writer ran on after the
        # last report we read, so it may hold more): nothing half-done.
        assert len(state.annotations) >= confirmed + 1
        assert notes == {f"change {n}" for n in range(len(state.annotations))}
        saves = len(state.annotations)
    assert kills >= 10


def sentence_spans(text: str) -> list[tuple[int, int]]:
    layout = ArticleLayout(text)
    spans = []
    for paragraph in layout.paragraphs:
        spans.extend((s.start, s.end) for s in paragraph_sentences(text, paragraph))
    return spans


def test_reanchoring_after_inserting_and_deleting_sentences() -> None:
    """Annotations on random passages; random sentences inserted and deleted.

    Each annotation whose passage survives must be found at its new place
    (at least 95% of them); the others are orphaned or found moved; none lost.
    """
    rng = random.Random(5)
    donors = [read_text(seed) for seed in SEEDS]
    donor_sentences = [text[s:e] for text in donors for s, e in sentence_spans(text)]
    survived = found = total = 0
    for round_number in range(20):
        text = donors[round_number % len(donors)]
        spans = sentence_spans(text)
        annotations = []
        for _ in range(30):
            first = rng.randrange(len(spans))
            start, end = spans[first][0], spans[min(first + rng.randint(0, 1), len(spans) - 1)][1]
            if rng.random() < 0.4:  # a few words inside a sentence
                start = rng.randrange(start, max(start + 1, end - 10))
                end = min(end, start + rng.randint(5, 40))
            annotations.append(Annotation.new(text, start, end, ("claim",)))
        # Edit: delete and insert whole sentences; track where each old offset goes.
        edits = sorted(rng.sample(range(len(spans)), k=max(2, len(spans) // 6)))
        pieces: list[str] = []
        new_position: dict[int, int] = {}  # old offset → new offset, for kept text
        deleted: list[tuple[int, int]] = []
        cursor = 0
        length = 0
        for index in edits:
            start, end = spans[index]
            kept = text[cursor:start]
            for offset in range(cursor, start + 1):
                new_position[offset] = length + offset - cursor
            pieces.append(kept)
            length += len(kept)
            if rng.random() < 0.5:
                deleted.append((start, end))
                cursor = end
            else:
                inserted = rng.choice(donor_sentences) + " "
                pieces.append(inserted)
                length += len(inserted)
                cursor = start
        for offset in range(cursor, len(text) + 1):
            new_position[offset] = length + offset - cursor
        pieces.append(text[cursor:])
        changed = "".join(pieces)

        placed = reanchor(changed, tuple(annotations))
        assert len(placed) == len(annotations)  # none lost
        for old, new in zip(annotations, placed, strict=True):
            total += 1
            if new.status == ORPHANED:
                assert (new.start, new.end, new.quote) == (old.start, old.end, old.quote)
            else:
                assert changed[new.start : new.end] == new.quote
            intact = not any(s < old.end and old.start < e for s, e in deleted)
            if intact and old.start in new_position and old.end in new_position:
                expected = (new_position[old.start], new_position[old.end])
                if changed[expected[0] : expected[1]] != old.quote:
                    continue  # an insertion landed inside the passage
                survived += 1
                if (new.start, new.end) == expected:
                    found += 1
                    assert new.status in ("anchored", MOVED)
    assert survived > 300
    print(f"re-anchored {found}/{survived} intact passages ({total} annotations)")
    assert found / survived >= 0.95, (found, survived, total)


def test_a_repeated_quote_is_found_where_its_context_matches() -> None:
    """The same sentence twice; the annotation is on the second. After an edit
    that brings the first one to the old position, context decides."""
    sentence = "ارتفعت الأسعار بنسبة 5% هذا العام."
    before_first = "مقدمة طويلة عن الاقتصاد في المنطقة العربية. " * 3
    before_second = "وفي تقرير آخر صدر أمس عن البنك المركزي قيل: "
    text = before_first + sentence + " " + before_second + sentence + " والخاتمة."
    start = text.rindex(sentence)
    annotation = Annotation.new(text, start, start + len(sentence), ("claim",))
    changed = before_first * 3 + sentence + " " + before_second + sentence + " والخاتمة."
    assert abs(changed.index(sentence) - start) < abs(changed.rindex(sentence) - start)
    (placed,) = reanchor(changed, (annotation,))
    assert placed.status == MOVED
    assert placed.start == changed.rindex(sentence)
