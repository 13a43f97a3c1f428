"""The line index a scrolling view reads from: lazy, exact, and stable under re-wrap."""

from __future__ import annotations

from conftest import SEEDS, column_of, read_text
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.layout import ArticleLayout
from reader.layout.viewport import LineIndex


def test_lines_match_a_full_layout() -> None:
    text = read_text(SEEDS[1])
    index = LineIndex(ArticleLayout(text), 60)
    full = list(ArticleLayout(text).lines(60))
    assert [index.line(i) for i in range(len(full))] == full
    assert index.line(len(full)) is None
    assert index.complete and index.estimated_total() == len(full)


def test_first_screen_lays_out_only_what_it_shows() -> None:
    text = read_text(SEEDS[0]) * 500  # about 8 MB of UTF-8
    layout = ArticleLayout(text)
    index = LineIndex(layout, 80)
    assert index.line(29) is not None
    assert layout._found[-1].end < 20_000
    # The estimate is in the right order of magnitude for scroll bars.
    true_total = len(list(ArticleLayout(read_text(SEEDS[0])).lines(80))) * 500
    assert 0.5 * true_total < index.estimated_total() < 2 * true_total


@settings(max_examples=40, deadline=None)
@given(
    seed=st.sampled_from(SEEDS),
    width=st.integers(min_value=20, max_value=140),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_every_offset_maps_to_the_line_that_shows_it(seed, width, fraction) -> None:  # type: ignore[no-untyped-def]
    text = read_text(seed)
    index = LineIndex(ArticleLayout(text), width)
    offset = int(fraction * (len(text) - 1))
    line = index.line(index.line_of_offset(offset))
    assert line is not None
    assert line.start <= offset
    if not text[offset].isspace():
        assert offset < line.end
        assert column_of(line, offset, width) is not None
