"""A whole article as the text lines `reader render` prints.

Each paragraph goes through ICU when `icu_lines` takes it and through the
engine otherwise; the lines are the engine's either way. A long article is
cut at line breaks into stretches that worker processes lay out side by side
(forked, so they share the text without copying it), and the lines come back
in order.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.layout import icu_lines
from reader.layout.engine import MIN_WIDTH, ArticleLayout
from reader.processes import cores, forked_map

# Below this many characters one process is quicker than starting others.
PARALLEL_MIN_CHARS = 1_000_000
# Stretches per worker: small enough that the first comes back soon (it is
# printed while the others are laid out), large enough to keep them busy.
STRETCHES_PER_WORKER = 4


def text_lines(
    layout: ArticleLayout, width: int, start: int = 0, end: int | None = None
) -> Iterator[str]:
    """The aligned lines (right-to-left ones right-aligned) of the paragraphs
    that start at ``start`` (a paragraph's start) or after, and before ``end``."""
    width = max(width, MIN_WIDTH)
    options = layout.options
    fast = None
    if icu_lines.available() and options.bidi == "app":
        fast = icu_lines.ParagraphRenderer(width, strip_harakat=options.harakat == "strip")
    text = layout.text
    for paragraph in layout.paragraphs_from(start):
        if end is not None and paragraph.start >= end:
            return
        found = None
        if fast is not None:
            level = 1 if layout.direction(paragraph) == "rtl" else 0
            found = fast.lines(text[paragraph.start : paragraph.end], level)
        if found is None:
            for line in layout.layout_paragraph(paragraph, width):
                yield line.aligned(width)
        else:
            yield from found


def stretches(text: str, count: int) -> list[tuple[int, int | None]]:
    """``text`` cut after line breaks into at most ``count`` stretches of
    about one size, as (start, end) for `text_lines` (the last one open)."""
    starts = [0]
    for k in range(1, count):
        cut = text.find("\n", max(len(text) * k // count, starts[-1]))
        if cut < 0:
            break
        starts.append(cut + 1)
    ends: list[int | None] = [*starts[1:], None]
    return list(zip(starts, ends, strict=True))


def rendered(layout: ArticleLayout, width: int, workers: int | None = None) -> Iterator[str]:
    """The article's lines, each ending in a newline, in blocks: laid out by
    ``workers`` processes (default: one per core) when the article is long
    and the system can fork, else here."""
    if len(layout.text) < PARALLEL_MIN_CHARS:
        for line in text_lines(layout, width):
            yield line + "\n"
        return
    # Worked out once here, so that every worker agrees on it.
    _ = layout.default_direction
    spans = stretches(layout.text, (workers or cores()) * STRETCHES_PER_WORKER)

    def stretch_text(span: tuple[int, int | None]) -> str:
        return "".join(line + "\n" for line in text_lines(layout, width, *span))

    yield from forked_map(stretch_text, spans, workers)
