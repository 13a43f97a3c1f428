"""Coverage-guided fuzz targets (atheris, i.e. libFuzzer) for the doors hostile
input comes through: the sidecar parser, the layout engine, the loader.

Run one by hand, for as long as you like, with a corpus folder it grows:

    python tests/hostile/fuzz_targets.py sidecar -max_total_time=600 fuzz-corpus/sidecar
    python tests/hostile/fuzz_targets.py layout -max_total_time=600 fuzz-corpus/layout
    python tests/hostile/fuzz_targets.py loader -max_total_time=600 fuzz-corpus/loader

Everything after the target's name goes to libFuzzer (-help=1 lists it).
A failure prints the traceback, writes the input as crash-<sha1> in the
working folder and exits non-zero; replay it with the crash file as the only
argument. The suite runs each target for a few seconds (test_hostile_atheris.py,
marked slow).

What counts as a failure: the parser raising anything but SidecarError, the
loader anything but CorpusError, the layout engine any exception at all, or
a character a terminal obeys in its output.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import atheris

sys.path.insert(0, str(Path(__file__).parent))

with atheris.instrument_imports(include=["reader"]):
    from hostile_cases import UNSAFE

    from reader.annotations.model import Annotation, AnnotationSet
    from reader.annotations.sidecar import ArticleStamp, SidecarError, parse, serialise
    from reader.corpus import CorpusError, decode
    from reader.layout import ArticleLayout, LayoutOptions

SIDECAR = Path("fuzzed.annotations.json")
ARTICLE = "قال الرئيس إن «Nvidia H100» وصلت. وفي الجملة الثانية رقم ٣٠٪."
# Bytes that are not JSON stop in the json module's C parser, where libFuzzer
# sees nothing; half the inputs are therefore a valid sidecar with one value
# replaced by a fuzzed one, which reaches the checks after parsing.
TEMPLATE: dict[str, Any] = json.loads(
    serialise(
        AnnotationSet().with_annotations(
            [
                Annotation.new(ARTICLE, 0, 10, tags=("claim",), note="ملاحظة"),
                Annotation.new(ARTICLE, 12, 28),
            ]
        ),
        ArticleStamp.of("article.txt", ARTICLE),
    )
)
ANNOTATION_KEYS = [*TEMPLATE["annotations"][0], "unknown"]
TOP_KEYS = [*TEMPLATE, "unknown"]


def _value(given: atheris.FuzzedDataProvider, depth: int = 0) -> Any:
    kind = given.ConsumeIntInRange(0, 6 if depth < 3 else 4)
    if kind == 0:
        return None
    if kind == 1:
        return given.ConsumeBool()
    if kind == 2:
        return given.ConsumeInt(given.ConsumeIntInRange(1, 16))
    if kind == 3:
        return given.ConsumeRegularFloat()
    if kind == 4:
        return given.ConsumeUnicodeNoSurrogates(given.ConsumeIntInRange(0, 40))
    if kind == 5:
        return [_value(given, depth + 1) for _ in range(given.ConsumeIntInRange(0, 3))]
    return {
        given.ConsumeUnicodeNoSurrogates(8): _value(given, depth + 1)
        for _ in range(given.ConsumeIntInRange(0, 3))
    }


def sidecar(data: bytes) -> None:
    given = atheris.FuzzedDataProvider(data)
    if given.ConsumeBool():
        raw = given.ConsumeBytes(given.remaining_bytes())
    else:
        document = json.loads(json.dumps(TEMPLATE))
        if given.ConsumeBool():
            document[given.PickValueInList(TOP_KEYS)] = _value(given)
        else:
            annotation = document["annotations"][given.ConsumeIntInRange(0, 1)]
            annotation[given.PickValueInList(ANNOTATION_KEYS)] = _value(given)
        raw = json.dumps(document, ensure_ascii=False).encode()
    with contextlib.suppress(SidecarError):
        parse(raw, SIDECAR)


def loader(data: bytes) -> None:
    try:
        text, _ = decode(data, "fuzzed.txt")
    except CorpusError:
        return
    text.encode("utf-8")  # a lone surrogate would raise here


def layout(data: bytes) -> None:
    given = atheris.FuzzedDataProvider(data)
    width = given.ConsumeIntInRange(1, 80)
    options = LayoutOptions(
        bidi=given.PickValueInList(["app", "terminal"]),
        harakat=given.PickValueInList(["keep", "strip"]),
        direction=given.PickValueInList(["auto", "rtl", "ltr"]),
    )
    text = given.ConsumeUnicodeNoSurrogates(given.remaining_bytes())
    for line in ArticleLayout(text, options).lines(width):
        shown = line.aligned(width)
        if UNSAFE.search(shown):
            raise AssertionError(f"a control reached the screen: {shown!r} from {text!r}")


TARGETS: dict[str, Callable[[bytes], None]] = {
    "sidecar": sidecar,
    "loader": loader,
    "layout": layout,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options] [corpus]")
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
