"""Re-anchoring after realistic edits: right, or orphaned and shown — never
pointing at other text. The test set is made by tests/anchoring_edits.py;
its development runs used other random seeds than these."""

from __future__ import annotations

from collections import Counter

import pytest
from anchoring_edits import OWN_TEXTS, all_cases, verdict
from conftest import SEEDS

from reader.annotations.anchoring import reanchor
from reader.annotations.model import ANCHORED, MOVED, ORPHANED, Annotation

TEXTS = [p.read_text("utf-8") for p in SEEDS] + OWN_TEXTS


@pytest.mark.parametrize("seed", [201, 202])
def test_realistic_edits_are_followed_or_orphaned_never_misplaced(seed: int) -> None:
    cases = all_cases(TEXTS, seed)
    outcomes: Counter[str] = Counter()
    wrong = []
    for case in cases:
        (result,) = reanchor(case.new, (case.annotation,))
        outcome = verdict(case, result)
        outcomes[outcome] += 1
        if outcome in ("elsewhere", "boundaries"):
            wrong.append((case.kind, case.annotation.quote[:40], result.quote[:40]))
    assert len(cases) > 1000
    assert {k.split("/")[0] for k in (c.kind for c in cases)} >= {
        "typo far", "typo near", "typo inside", "harakat added", "CRLF line ends",
        "line added on top", "sentence reworded around it", "sentence rewritten without it",
        "sentence deleted", "renamed everywhere", "paragraph moved", "repeated title edited",
    }  # fmt: skip
    assert outcomes["right"] / len(cases) >= 0.97, outcomes
    assert wrong == []


def place(text: str, quote: str, occurrence: int = 0) -> Annotation:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return Annotation.new(text, start, start + len(quote), ("claim",))


def test_harakat_added_keep_a_word_on_its_own_vowelled_place() -> None:
    old = "قالت الشرطة إن الطرق مغلقة اليوم بسبب الثلوج، وستبقى المدارس مغلقة حتى الغد."
    tagged = place(old, "مغلقة")
    new = old.replace("الطرق مغلقة", "الطُّرُقَ مُغْلَقَةٌ")
    (result,) = reanchor(new, (tagged,))
    assert result.status == MOVED and result.quote == "مُغْلَقَةٌ"
    assert result.start == new.index("مُغْلَقَةٌ")


def test_a_title_tag_stays_on_the_title_when_the_title_is_edited() -> None:
    old = "الصين تطلق نموذجا جديدا\n\nنص المقال هنا. وفي الختام: الصين تطلق نموذجا جديدا\n"
    tagged = place(old, "الصين تطلق نموذجا جديدا")
    new = old.replace("الصين تطلق نموذجا جديدا\n\n", "الصين تطلق نموذجاً جديداً\n\n", 1)
    (result,) = reanchor(new, (tagged,))
    assert (result.start, result.quote) == (0, "الصين تطلق نموذجاً جديداً")


def test_boundaries_stay_at_word_ends() -> None:
    old = "يجب أن وتكون الخطة واضحة للجميع في هذا العام، وأن تبدأ الأعمال قريبا."
    tagged = place(old, "وتكون")
    new = old.replace("أن وتكون", "أن تكون")
    (result,) = reanchor(new, (tagged,))
    assert result.quote == "تكون"


def test_a_name_renamed_everywhere_is_not_cut_short() -> None:
    old = "أطلقت شركة DeepSec نموذجها. وقالت DeepSec إن النموذج مفتوح. ويرى خبراء أن DeepSec تنافس."
    tags = (place(old, "DeepSec", 0), place(old, "DeepSec", 2))
    new = old.replace("DeepSec", "DeepSeek")
    results = reanchor(new, tags)
    assert [r.quote for r in results] == ["DeepSeek", "DeepSeek"]
    assert results[0].start < results[1].start


def test_a_word_whose_sentence_is_gone_is_orphaned_not_moved_to_another() -> None:
    old = (
        "بدأت المحادثات في الصباح. وقال الوزير إن الاتفاق قريب جدا من الاكتمال. "
        "ثم عاد الوفد إلى الفندق. وفي المساء قال الوزير إن الاتفاق تأجل."
    )
    tagged = place(old, "الاتفاق")
    new = old.replace("وقال الوزير إن الاتفاق قريب جدا من الاكتمال. ", "")
    (result,) = reanchor(new, (tagged,))
    assert result.status == ORPHANED and result.start == tagged.start


def test_an_unchanged_passage_is_anchored_and_a_word_in_a_longer_word_is_not_found() -> None:
    old = "قد يكون القرار صعبا على الجميع في المدينة."
    tagged = place(old, "قد")
    assert reanchor(old, (tagged,))[0].status == ANCHORED
    new = old.replace("قد يكون", "قدرة تكون")
    assert reanchor(new, (tagged,))[0].status == ORPHANED
