"""Realistic edits of annotated articles, with where each annotation belongs
afterwards: the test set for re-anchoring (tests/core/test_anchoring.py).

Each case takes an article, an annotation made on it (a sentence, a word, a
name, the title) and one edit a person or a scraper makes: a typo fixed
near or far or inside the passage, harakat added, the passage's sentence
rewritten around it or without it, the sentence deleted, a name renamed
everywhere, a paragraph moved, CRLF line ends, a line added at the top, a
repeated title edited. An edit is a list of replacements of the old text, so
where any untouched offset lands is known exactly; `expected` is the span the
annotation must have in the new text, or None where its text is gone and it
must be orphaned.

`python tests/anchoring_edits.py` prints the scores by edit (for development;
tune on other seeds than the test's).
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.annotations.model import ORPHANED, Annotation  # noqa: E402
from reader.nlp.normalise import normalise  # noqa: E402

Replacement = tuple[int, int, str]  # old start, old end, new text

# Texts of my own, beside the seeds: short news items where one word recurs,
# the title is repeated in the body, and names have Latin and Arabic forms.
OWN_TEXTS = [
    "أسعار النفط ترتفع بعد قرار أوبك\n\n"
    "ارتفعت أسعار النفط في تعاملات اليوم بعد أن أعلنت منظمة أوبك عن خفض جديد للإنتاج. "
    "وقال محللون في شركة Goldman Sachs إن القرار سيدعم الأسعار حتى نهاية العام. "
    "وفي لندن، صعد خام برنت بنسبة 2.5% ليصل إلى 84 دولارا للبرميل.\n\n"
    "وأضاف المحللون أن الطلب في الصين ما زال ضعيفا، وأن الأسعار قد تتراجع إذا استمر "
    "ضعف الطلب. وقالت وكالة الطاقة الدولية إن المخزونات في الولايات المتحدة ارتفعت "
    "للأسبوع الثالث على التوالي.\n\n"
    "أسعار النفط ترتفع بعد قرار أوبك، لكن الأسواق تبقى حذرة في انتظار بيانات الأسبوع المقبل.\n",
    "الحكومة تعلن خطة جديدة للنقل العام في القاهرة\n\n"
    "أعلنت وزارة النقل المصرية اليوم خطة لتوسيع شبكة المترو في القاهرة الكبرى، تشمل خطا "
    "جديدا يربط شرق المدينة بغربها. وقال وزير النقل إن الخط الجديد سيخدم أكثر من مليون "
    "راكب يوميا عند اكتماله عام 2030.\n\n"
    "وتأتي الخطة بعد سنوات من الازدحام في شوارع المدينة. وقال سكان من حي شبرا إن الرحلة "
    "إلى وسط المدينة تستغرق أحيانا ساعتين. وأضاف الوزير أن الحكومة ستطرح مناقصات للشركات "
    "المحلية والأجنبية، ومنها شركة Siemens الألمانية وشركة Alstom الفرنسية.\n\n"
    "ويرى خبراء أن الخطة طموحة، لكن تمويلها ما زال غير واضح. وقال أحد الخبراء: «المهم "
    "أن تبدأ الأعمال في موعدها». الحكومة تعلن خطة جديدة للنقل العام في القاهرة منذ سنوات، "
    "والخطة الحالية هي الأكبر.\n",
]

_HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b"
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_WORD = re.compile(r"(?:[^\W\d_][\u064b-\u065f\u0670]*){2,}")  # letters with their marks
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]?")


@dataclass(frozen=True, slots=True)
class Case:
    kind: str
    old: str
    new: str
    annotation: Annotation
    expected: tuple[int, int] | None


def apply(text: str, replacements: list[Replacement]) -> str:
    parts, position = [], 0
    for start, end, new in sorted(replacements):
        parts += [text[position:start], new]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def mapped(replacements: list[Replacement], start: int, end: int) -> tuple[int, int] | None:
    """Where [start, end) lands; None if a replacement straddles either end.
    Text inserted at the end (a mark after the last letter) joins the span;
    text inserted at the start belongs before it."""
    shift_start = shift_end = 0
    for r_start, r_end, new in replacements:
        delta = len(new) - (r_end - r_start)
        if r_start < start < r_end or r_start < end < r_end:
            return None
        if r_end <= start and not (r_start == r_end == start and start == end):
            shift_start += delta
        if r_end <= end:
            shift_end += delta
    return start + shift_start, end + shift_end


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE.finditer(text):
        raw = match.group()
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if len(_WORD.findall(body)) >= 4:
            spans.append((match.start() + lead, match.start() + lead + len(body)))
    return spans


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _annotation(text: str, start: int, end: int) -> Annotation:
    return Annotation.new(text, start, end, ("claim",))


def _typo(word: str, chance: random.Random) -> str:
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    i = chance.choice(letters[1:-1] or letters)
    replacement = "ب" if _ARABIC_LETTER.match(word[i]) else "x"
    if word[i] == replacement:
        replacement = "ت" if replacement == "ب" else "y"
    return word[:i] + replacement + word[i + 1 :]


def _annotations(text: str, chance: random.Random) -> Iterator[tuple[str, int, int]]:
    sentences, words = _sentences(text), _words(text)
    for _ in range(3):
        yield ("sentence", *chance.choice(sentences))
    for _ in range(4):
        yield ("word", *chance.choice(words))
    latin = [w for w in words if text[w[0]].isascii()]
    if latin:
        yield ("name", *chance.choice(latin))
    first = text.split("\n", 1)[0]
    yield ("title", 0, len(first.rstrip()))


def _containing(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    return next((s for s in spans if s[0] <= start and end <= s[1]), None)


def cases_for(text: str, chance: random.Random) -> Iterator[Case]:
    words, sentences = _words(text), _sentences(text)
    for what, start, end in _annotations(text, chance):
        annotation = _annotation(text, start, end)

        def case(
            kind: str,
            replacements: list[Replacement],
            expected: object = "map",
            made: tuple[str, int, int, Annotation] = (what, start, end, annotation),
        ) -> Case:
            what_, start_, end_, annotation_ = made
            new = apply(text, replacements)
            span = mapped(replacements, start_, end_) if expected == "map" else expected
            return Case(f"{kind}/{what_}", text, new, annotation_, span)  # type: ignore[arg-type]

        far = [w for w in words if w[1] < start - 40 or w[0] > end + 40]
        near = [w for w in words if start - 32 <= w[0] < start - 1 or end + 1 <= w[0] < end + 32]
        for kind, pool in (("typo far", far), ("typo near", near)):
            if pool:
                w = chance.choice(pool)
                yield case(kind, [(w[0], w[1], _typo(text[w[0] : w[1]], chance))])
        inner = [w for w in words if start <= w[0] and w[1] <= end and w[1] - w[0] >= 4]
        if inner and what != "name":
            w = chance.choice(inner)
            typo = _typo(text[w[0] : w[1]], chance)
            yield case("typo inside", [(w[0], w[1], typo)])
        # Harakat added after a third of the letters, as a vowelled edition has them.
        marks = [
            (i + 1, i + 1, chance.choice(_HARAKAT))
            for i, c in enumerate(text)
            if _ARABIC_LETTER.match(c) and chance.random() < 0.33
        ]
        yield case("harakat added", marks)
        yield case("CRLF line ends", [(i, i + 1, "\r\n") for i, c in enumerate(text) if c == "\n"])
        yield case("line added on top", [(0, 0, "تحديث: 12 يناير 2025، 10:30\n")])
        sentence = _containing(sentences, start, end)
        if sentence is not None and what == "word":
            s0, s1 = sentence
            tagged = text[start:end]
            others = [text[a:b] for a, b in chance.sample(words, 12) if text[a:b] != tagged][:8]
            # Reworded: one to three words either side of it replaced.
            inside = [w for w in words if s0 <= w[0] and w[1] <= s1]
            at = inside.index((start, end))
            left = inside[max(0, at - chance.randint(1, 3)) : at]
            right = inside[at + 1 : at + 1 + chance.randint(1, 3)]
            replacements = []
            if left:
                replacements.append((left[0][0], left[-1][1], " ".join(others[:2])))
            if right:
                replacements.append((right[0][0], right[-1][1], " ".join(others[3:5])))
            yield case("sentence reworded around it", replacements)
            folded_word = normalise(text[start:end])
            rewritten = " ".join(o for o in others if folded_word not in normalise(o)) + "."
            yield case("sentence rewritten without it", [(s0, s1, rewritten)], None)
        if sentence is not None and what in ("sentence", "word"):
            yield case("sentence deleted", [(sentence[0], sentence[1], "")], None)
        if what == "name":
            name = text[start:end]
            renamed = name + ("k" if not name.endswith("k") else "s")
            renames = [(m.start(), m.end(), renamed) for m in re.finditer(re.escape(name), text)]
            own = next(r for r in renames if r[0] == start)
            expected = mapped([r for r in renames if r != own], start, end)
            assert expected is not None
            yield case("renamed everywhere", renames, (expected[0], expected[1] + 1))
        paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+\n*", text)]
        if len(paragraphs) > 3:
            moved = chance.choice(paragraphs[1:])
            target = chance.choice([p for p in paragraphs if p != moved])[0]
            piece = text[moved[0] : moved[1]]
            replacements = [(moved[0], moved[1], ""), (target, target, piece)]
            if moved[0] <= start and end <= moved[1]:
                # The passage moved with its paragraph.
                shift = target - moved[0] if target < moved[0] else target - moved[1]
                yield case("paragraph moved", replacements, (start + shift, end + shift))
            elif not (start < moved[0] < end or start < moved[1] < end) and target not in (
                start,
                end,
            ):
                yield case("paragraph moved", replacements)
        if what == "title":
            body = text[end:]
            repeated = text[:end] + body + "\n" + text[:end] + "\n"
            title_words = _words(repeated[:end])
            if title_words:
                w = chance.choice(title_words)
                typo = _typo(repeated[w[0] : w[1]], chance)
                edited = apply(repeated, [(w[0], w[1], typo)])
                yield Case(
                    "repeated title edited/title",
                    repeated,
                    edited,
                    _annotation(repeated, start, end),
                    (start, end + len(typo) - (w[1] - w[0])),
                )


def all_cases(texts: list[str], seed: int, rounds: int = 2) -> list[Case]:
    chance = random.Random(seed)
    return [case for _ in range(rounds) for text in texts for case in cases_for(text, chance)]


def verdict(case: Case, result: Annotation) -> str:
    """right, orphaned, boundaries (overlaps the right text) or elsewhere."""
    if case.expected is None:
        return "right" if result.status == ORPHANED else "elsewhere"
    if result.status == ORPHANED:
        return "orphaned"
    if (result.start, result.end) == case.expected:
        return "right"
    start, end = case.expected
    return "boundaries" if result.start < end and start < result.end else "elsewhere"


def main() -> None:
    from collections import Counter

    from reader.annotations.anchoring import reanchor

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in seeds] + OWN_TEXTS
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    cases = all_cases(texts, seed)
    by_kind: dict[str, Counter[str]] = {}
    total: Counter[str] = Counter()
    for case in cases:
        (result,) = reanchor(case.new, (case.annotation,))
        outcome = verdict(case, result)
        by_kind.setdefault(case.kind, Counter())[outcome] += 1
        total[outcome] += 1
        if outcome in ("elsewhere", "boundaries") and "-v" in sys.argv:
            print(case.kind, repr(case.annotation.quote[:60]), "->", repr(result.quote[:60]))
    for kind, counts in sorted(by_kind.items()):
        print(f"{kind:40} {dict(counts)}")
    print(len(cases), dict(total), f"right {total['right'] / len(cases):.1%}")


if __name__ == "__main__":
    main()
