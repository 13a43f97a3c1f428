"""Properties of the layout engine over arbitrary text (hypothesis).

Whatever the input, every visual line is a contiguous source slice that fits
the width, every shown source character sits in exactly one cell, and nothing
that could drive a terminal comes out.
"""

from __future__ import annotations

import unicodedata

from conftest import column_of
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.layout import ArticleLayout, LayoutOptions, VisualLine
from reader.layout.chars import BREAKING_SPACES, cell_width

NEWS_ALPHABET = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى لا لأ")
    + list("\u064b\u064e\u064f\u0650\u0651\u0652\u0640پچژگٹڈڑےیאבג")
    + list("abcXYZ0123456789٠١٢٣()[]«».,:%٪/-\n\r\t \u00a0\u200c\u200d")
    + ["\u200e", "\u200f", "\u202e", "\u2066", "\u2069", "\x1b", "\x07", "\x9b", "\x00"]
    + ["你", "好", "\u0301", "\U0001f600"]
)
ANY_TEXT = st.one_of(
    st.text(alphabet=NEWS_ALPHABET, max_size=200),
    st.text(max_size=200),  # every code point Hypothesis can think of
)
OPTIONS = st.builds(
    LayoutOptions,
    bidi=st.sampled_from(["app", "terminal"]),
    harakat=st.sampled_from(["keep", "strip"]),
    direction=st.sampled_from(["auto", "rtl", "ltr"]),
)

FORBIDDEN_CATEGORIES = {"Cc", "Cs"}
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def check_line(text: str, line: VisualLine, width: int) -> None:
    assert 0 <= line.start <= line.end <= len(text)
    assert line.cells <= width, (line.cells, width, line.visual)
    for cluster in line.clusters:
        assert cluster.width in (1, 2)
        # The glyph's cells as a terminal counts them.
        assert sum(cell_width(c) for c in cluster.text) == cluster.width
        assert list(cluster.offsets) == sorted(set(cluster.offsets))
        assert all(line.start <= o < line.end for o in cluster.offsets)
    for char in line.visual:
        assert unicodedata.category(char) not in FORBIDDEN_CATEGORIES, repr(char)
        assert char not in BIDI_CONTROLS, repr(char)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, width=st.integers(min_value=2, max_value=50), options=OPTIONS)
def test_every_character_in_exactly_one_cell(text: str, width: int, options: LayoutOptions) -> None:
    layout = ArticleLayout(text, options)
    seen: list[int] = []
    for paragraph in layout.paragraphs:
        lines = layout.paragraph_lines(paragraph.index, width)
        assert lines, "every paragraph has at least one line"
        previous_end = paragraph.start
        for line in lines:
            check_line(text, line, width)
            assert line.paragraph == paragraph.index
            assert paragraph.start <= line.start and line.end <= paragraph.end
            # Between lines only the spaces a line broke at.
            assert all(c in BREAKING_SPACES for c in text[previous_end : line.start])
            previous_end = line.end
            offsets = [o for c in line.clusters for o in c.offsets]
            assert sorted(offsets) == list(range(line.start, line.end))
            seen.extend(offsets)
        assert all(c in BREAKING_SPACES for c in text[previous_end : paragraph.end])
    assert len(seen) == len(set(seen))
    for offset, char in enumerate(text):
        if offset not in seen:
            assert char in BREAKING_SPACES or char in "\r\n", (offset, repr(char))


@settings(max_examples=200, deadline=None)
@given(text=ANY_TEXT, width=st.integers(min_value=2, max_value=50), options=OPTIONS)
def test_columns_and_offsets_map_both_ways(text: str, width: int, options: LayoutOptions) -> None:
    for line in ArticleLayout(text, options).lines(width):
        padding = line.padding(width)
        assert line.padding(width) + line.cells <= width
        for column in range(width):
            offsets = line.offsets_at(column, width)
            if column < padding or column >= padding + line.cells:
                assert offsets == ()
                continue
            assert offsets, (column, line.visual)
            for offset in offsets:
                start = column_of(line, offset, width)
                assert start is not None and start <= column
                # The column belongs to the cluster that starts at ``start``.
                assert line.offsets_at(start, width) == offsets


@settings(max_examples=100, deadline=None)
@given(text=ANY_TEXT, width=st.integers(min_value=2, max_value=50))
def test_terminal_mode_keeps_logical_order(text: str, width: int) -> None:
    """--bidi terminal: the slice itself, only made safe, in logical order."""
    for line in ArticleLayout(text, LayoutOptions(bidi="terminal")).lines(width):
        check_line(text, line, width)
        offsets = [o for c in line.clusters for o in c.offsets]
        assert offsets == sorted(offsets)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, width=st.integers(2, 30), options=OPTIONS)
def test_counting_lines_by_words_agrees_with_wrapping_characters(
    text: str, width: int, options: LayoutOptions
) -> None:
    """A resize numbers lines from cached words (line_count), a page lays them
    out from characters (paragraph_lines): both must cut the same lines."""
    from reader.layout.engine import wrap

    layout = ArticleLayout(text, options)
    index = 0
    while (paragraph := layout.paragraph(index)) is not None:
        expected = wrap(text, paragraph.start, paragraph.end, width, options)
        # At another width first, so that the words are cached, then at this one.
        layout.line_count(index, width + 7)
        lines = layout.paragraph_lines(index, width)
        shown = [(line.start, line.end) for line in lines]
        assert shown == (expected or [(paragraph.start, paragraph.start)])
        assert layout.line_count(index, width) == max(len(expected), 1)
        index += 1
