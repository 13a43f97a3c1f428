"""`reader render`'s fast path (ICU, whole paragraphs, worker processes)
prints exactly the engine's lines.

The engine is held to GNU FriBidi elsewhere (test_fribidi_reference); here
the ICU path is held to the engine, on the seeds, the torture file and
generated text, and shown to take the paragraphs it should (a path that
refused everything would pass the equality tests and speed nothing up).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, TORTURE, read_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fribidi_reference import MIXED, NEWS_CHARACTERS

from reader.layout import ArticleLayout, LayoutOptions
from reader.layout import render as render_module
from reader.layout.render import rendered, stretches, text_lines

icu_lines = pytest.importorskip("reader.layout.icu_lines")
pytestmark = pytest.mark.skipif(not icu_lines.available(), reason="PyICU not installed")

OPTIONS = [
    LayoutOptions(),
    LayoutOptions(harakat="strip"),
    LayoutOptions(direction="ltr"),
    LayoutOptions(direction="rtl"),
]


def engine_lines(text: str, width: int, options: LayoutOptions | None = None) -> list[str]:
    return [line.aligned(width) for line in ArticleLayout(text, options).lines(width)]


def taken_and_equal(
    text: str, width: int, options: LayoutOptions | None = None
) -> tuple[int, int, list[tuple[str, list[str], list[str]]]]:
    """(paragraphs ICU took, paragraphs, those where its lines differ)."""
    layout = ArticleLayout(text, options)
    renderer = icu_lines.ParagraphRenderer(width, strip_harakat=layout.options.harakat == "strip")
    taken, differing = 0, []
    for paragraph in layout.paragraphs:
        level = 1 if layout.direction(paragraph) == "rtl" else 0
        ours = renderer.lines(text[paragraph.start : paragraph.end], level)
        if ours is None:
            continue
        taken += 1
        expected = [line.aligned(width) for line in layout.paragraph_lines(paragraph.index, width)]
        if ours != expected:
            differing.append((text[paragraph.start : paragraph.end], ours, expected))
    return taken, len(layout.paragraphs), differing


@pytest.mark.parametrize("width", [17, 40, 80, 120])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: Path(p).name)
def test_seed_paragraphs_go_through_icu_and_come_out_as_the_engine_lays_them_out(
    path: Path, width: int
) -> None:
    text = read_text(path)
    for options in OPTIONS:
        taken, paragraphs, differing = taken_and_equal(text, width, options)
        assert differing == []
        # Every seed paragraph is plain news text: none should need the engine.
        assert taken == paragraphs, options


@pytest.mark.parametrize("width", [13, 40, 80])
def test_torture_file_is_the_engines_whichever_path_each_paragraph_takes(width: int) -> None:
    text = read_text(TORTURE)
    for options in OPTIONS:
        taken, paragraphs, differing = taken_and_equal(text, width, options)
        assert differing == []
        assert 0 < taken < paragraphs  # it has controls, ZWNJ, tabs: some go to the engine
        assert list(text_lines(ArticleLayout(text, options), width)) == engine_lines(
            text, width, options
        )


# News text ICU can take (no ZWNJ, ZWJ or tab: those go to the engine), in
# paragraphs, with more spaces between words.
PLAIN = st.text(
    alphabet=st.sampled_from(
        [c for c in NEWS_CHARACTERS if c not in "\u200c\u200d\t"] + [" ", " ", "\n"]
    ),
    min_size=1,
    max_size=150,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=PLAIN, width=st.integers(min_value=2, max_value=40), choice=st.sampled_from(OPTIONS))
def test_generated_plain_text_is_the_engines(text: str, width: int, choice: LayoutOptions) -> None:
    _, _, differing = taken_and_equal(text, width, choice)
    assert differing == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MIXED, width=st.integers(min_value=2, max_value=40))
def test_generated_mixed_text_renders_as_the_engine_does(text: str, width: int) -> None:
    assert list(text_lines(ArticleLayout(text), width)) == engine_lines(text, width)


def test_no_lam_alef_ligature_across_harakat_as_in_the_engine_and_fribidi() -> None:
    # ICU alone would make لًا one ligature; the engine (and FriBidi) keep a
    # lam joined to a separate alef.
    text = "مجالًا واسعًا لا"
    (line,) = icu_lines.ParagraphRenderer(40).lines(text, 1)
    assert line == engine_lines(text, 40)[0]
    assert "\ufe8e\ufedf\u064b" in line  # final alef, then initial lam with its fathatan
    assert "\ufefb" in line  # the lam-alef of لا is still one glyph


@pytest.mark.parametrize(
    "text",
    [
        "نص \x1b[31m أحمر",  # a control: the engine shows it as a placeholder
        "می\u200cخواهم",  # ZWNJ: the engine shapes it, ICU is not asked
        "cafe\u0301 عربي",  # a Latin combining mark: ICU would break the joining
        "\u064e بداية",  # a mark with no letter before it
        "مصطفى\u200dب",  # ZWJ
        "كلمةطويلةجداجداجدا قصيرة",  # a word wider than the line
    ],
)
def test_what_icu_is_not_given_goes_to_the_engine(text: str) -> None:
    assert icu_lines.ParagraphRenderer(12).lines(text, 1) is None
    assert list(text_lines(ArticleLayout(text), 12)) == engine_lines(text, 12)


def test_without_pyicu_the_engine_renders_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    text = read_text(SEEDS[0])
    calls = []
    monkeypatch.setattr(icu_lines, "icu", None)
    monkeypatch.setattr(icu_lines.ParagraphRenderer, "lines", lambda *a: calls.append(a) or None)
    assert list(text_lines(ArticleLayout(text), 60)) == engine_lines(text, 60)
    assert calls == []


@pytest.mark.parametrize(
    "text",
    ["", "\n", "سطر\n", "أ\r\nب\rج\n\nد", "فقرة واحدة بلا نهاية سطر", "\n\nسطر\n\n"],
)
def test_stretches_cut_after_line_breaks_and_cover_every_paragraph(text: str) -> None:
    for count in (1, 2, 3, 8):
        spans = stretches(text, count)
        assert spans[0][0] == 0 and spans[-1][1] is None
        assert all(text[start - 1] == "\n" for start, _ in spans[1:])
        layout = ArticleLayout(text)
        joined = [line for span in spans for line in text_lines(layout, 30, *span)]
        assert joined == engine_lines(text, 30)


def test_workers_print_a_long_article_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = "\n".join(read_text(path) for path in SEEDS)
    text = "\n".join([seeds, "\x1b سطر للمحرك", seeds])  # one paragraph for the engine
    monkeypatch.setattr(render_module, "PARALLEL_MIN_CHARS", 1000)
    blocks = list(rendered(ArticleLayout(text), 70, workers=2))
    assert len(blocks) == 2 * render_module.STRETCHES_PER_WORKER  # the work was shared
    assert "".join(blocks) == "".join(line + "\n" for line in engine_lines(text, 70))
