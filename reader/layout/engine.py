"""Logical article text -> visual lines, with exact maps between cells and offsets.

The order of work is fixed, because each step needs the one before:

1. split the article into paragraphs at hard line breaks;
2. find each paragraph's direction (first strong character, UAX #9 P2/P3);
3. wrap in logical order, counting display cells as the shaped text will
   take them (a lam-alef pair is one cell, a harakah none, a wide glyph two);
4. per line, resolve bidi levels with the paragraph's base level, shape,
   mirror and reorder; right-to-left lines are right-aligned.

Reordering never precedes wrapping: a line is always a contiguous slice of
the source. Every offset is a code-point index into the exact article text;
columns are derived from offsets, never stored.

Paragraphs are laid out on demand and cached per (paragraph, width), so the
first screen of a 10 MB article costs what the first screen of a small one does.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import accumulate
from typing import Literal, NamedTuple

from reader.layout.bidi import (
    MIRRORED,
    line_levels,
    paragraph_level,
    paragraph_levels,
    resolve_levels,
    visual_order,
)
from reader.layout.chars import (
    BREAKING_SPACES,
    DOTTED_CIRCLE,
    cell_width,
    display_char,
    is_harakah,
)
from reader.layout.shaping import lam_alef_pairs, shape
from reader.paragraphs import Paragraph, scan_paragraphs

BidiMode = Literal["app", "terminal"]
HarakatMode = Literal["keep", "strip"]
DirectionChoice = Literal["auto", "rtl", "ltr"]
Direction = Literal["rtl", "ltr"]

MIN_WIDTH = 2  # room for one wide glyph


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """How to turn logical text into what the terminal receives."""

    # "app": the app shapes and reorders; "terminal": the terminal does its own
    # bidi (VTE with CSI 8 h, Konsole, mlterm), so send logical order unshaped.
    bidi: BidiMode = "app"
    harakat: HarakatMode = "keep"
    direction: DirectionChoice = "auto"

    def declared(self, direction: str) -> LayoutOptions:
        """These options for an article that declares its direction (a web
        page's dir="rtl"): the declaration is taken where the choice is auto."""
        if direction in ("rtl", "ltr") and self.direction == "auto":
            return replace(self, direction=direction)  # type: ignore[arg-type]
        return self


class Cluster(NamedTuple):
    """What one glyph on screen shows: its text, its cells, its source offsets.

    ``text`` is a base glyph followed by any zero-width marks the terminal
    draws on it (at the very start of a line, zero-width characters that come
    first in visual order precede the glyph). ``offsets`` lists every source character shown here (a
    lam-alef ligature shows two; a hidden bidi mark or stripped harakah rides
    on the glyph next to it), in ascending order.
    """

    text: str
    width: int
    offsets: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class VisualLine:
    """One screen line: a contiguous source slice, in the order it is shown."""

    paragraph: int
    start: int
    end: int
    direction: Direction
    clusters: tuple[Cluster, ...]

    @property
    def visual(self) -> str:
        """The line as the terminal receives it, without alignment padding."""
        return "".join(c.text for c in self.clusters)

    @property
    def cells(self) -> int:
        return sum(c.width for c in self.clusters)

    def padding(self, width: int) -> int:
        """Blank cells before the text: right-to-left lines are right-aligned."""
        if self.direction == "ltr" or not self.clusters:
            return 0
        return max(width - self.cells, 0)

    def aligned(self, width: int) -> str:
        return " " * self.padding(width) + self.visual

    def offsets_at(self, column: int, width: int) -> tuple[int, ...]:
        """Source offsets shown at a screen column (() for padding or past the end)."""
        cell = self.padding(width)
        for cluster in self.clusters:
            if cell <= column < cell + cluster.width:
                return cluster.offsets
            cell += cluster.width
        return ()


class ArticleLayout:
    """Lays out an article's paragraphs lazily, caching lines per (paragraph, width).

    Paragraphs are found as they are asked for, so nothing here ever walks the
    whole text unless a caller asks for all of it.
    """

    def __init__(
        self,
        text: str,
        options: LayoutOptions | None = None,
        *,
        cache_size: int = 8192,
    ) -> None:
        self.text = text
        self.options = options or LayoutOptions()
        self._cache: OrderedDict[tuple[int, int], list[VisualLine]] = OrderedDict()
        # Line slices of paragraphs counted but not laid out (see line_count).
        self._wrapped: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._wrapped_width = 0
        # Per paragraph, its words with their cells (width-independent): a
        # resize numbers every line above the reading position again, and
        # wrapping words is several times cheaper than wrapping characters.
        self._words: dict[int, _Words] = {}
        # Per paragraph, its characters' embedding levels (UAX #9 resolves
        # them over the whole paragraph; each line then reorders its slice).
        self._levels: OrderedDict[int, ParagraphLevels] = OrderedDict()
        self._cache_size = cache_size
        self._found: list[Paragraph] = []
        self._starts: list[int] = []  # of the paragraphs found, for bisecting offsets
        self._scanner = scan_paragraphs(text)

    def paragraph(self, index: int) -> Paragraph | None:
        """Paragraph ``index``, or None past the end; finds only as far as needed."""
        while len(self._found) <= index:
            found = next(self._scanner, None)
            if found is None:
                return None
            self._found.append(found)
            self._starts.append(found.start)
        return self._found[index]

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph holding a source offset (a line break counts with the one before)."""
        while not self._found or self._found[-1].end < offset:
            if self.paragraph(len(self._found)) is None:
                break
        index = bisect_right(self._starts, offset) - 1
        return self._found[max(index, 0)]

    def iter_paragraphs(self, first: int = 0) -> Iterator[Paragraph]:
        index = first
        while (paragraph := self.paragraph(index)) is not None:
            yield paragraph
            index += 1

    @property
    def paragraphs(self) -> list[Paragraph]:
        """All paragraphs (walks the whole text once)."""
        for _ in self.iter_paragraphs(len(self._found)):
            pass
        return self._found

    @cached_property
    def default_direction(self) -> Direction:
        """For paragraphs with no strong character: the article's first strong one."""
        for paragraph in self.iter_paragraphs():
            level = self._strong_level(paragraph)
            if level is not None:
                return "rtl" if level else "ltr"
        return "ltr"

    def _strong_level(self, paragraph: Paragraph) -> int | None:
        return paragraph_level(
            display_char(c)[1] for c in self.text[paragraph.start : paragraph.end]
        )

    def direction(self, paragraph: Paragraph) -> Direction:
        choice = self.options.direction
        if choice != "auto":
            return choice
        if paragraph.head >= 0:  # a piece: its paragraph's direction
            return self.direction(self.paragraph_at(paragraph.head))
        level = self._strong_level(paragraph)
        if level is None:
            return self.default_direction
        return "rtl" if level else "ltr"

    def paragraph_lines(self, index: int, width: int) -> list[VisualLine]:
        """The visual lines of one paragraph at a width (cached)."""
        width = max(width, MIN_WIDTH)
        key = (index, width)
        lines = self._cache.get(key)
        if lines is not None:
            self._cache.move_to_end(key)
            return lines
        paragraph = self.paragraph(index)
        if paragraph is None:
            raise IndexError(f"no paragraph {index}")
        slices = self._wrapped.pop(key, None)
        if slices is None:
            # Wrapped from the paragraph's words, which stay cached for other
            # widths: a resize then numbers the lines above the reading
            # position without measuring their characters again.
            slices = self._word_wrap(paragraph, width)
        lines = self.layout_paragraph(paragraph, width, slices)
        self._cache[key] = lines
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return lines

    def line_count(self, index: int, width: int) -> int:
        """How many lines a paragraph takes at a width, without shaping or
        reordering them: wrapping alone, a tenth of the work. Numbering the
        lines before a far position (a resize, a jump deep into a long
        article) needs only this."""
        width = max(width, MIN_WIDTH)
        lines = self._cache.get((index, width))
        if lines is not None:
            return len(lines)
        return max(len(self._slices(index, width)), 1)

    def _slices(self, index: int, width: int) -> list[tuple[int, int]]:
        if width != self._wrapped_width:
            # Counts at an old width are of no more use (a resize makes a
            # new line index): keep one width's, not every width dragged through.
            self._wrapped.clear()
            self._wrapped_width = width
        key = (index, width)
        slices = self._wrapped.get(key)
        if slices is None:
            paragraph = self.paragraph(index)
            if paragraph is None:
                raise IndexError(f"no paragraph {index}")
            slices = self._wrapped[key] = self._word_wrap(paragraph, width)
        return slices

    def _word_wrap(self, paragraph: Paragraph, width: int) -> list[tuple[int, int]]:
        """`wrap`'s slices, from the paragraph's cached words."""
        words = self._words.get(paragraph.index)
        if words is None:
            words = self._words[paragraph.index] = _Words.of(
                self.text, paragraph.start, paragraph.end, self.options
            )
        found = words.wrap(width)
        if found is None:  # a word wider than the line: cut between glyphs
            found = wrap(self.text, paragraph.start, paragraph.end, width, self.options)
        return found

    def paragraphs_from(self, offset: int) -> Iterator[Paragraph]:
        """Paragraphs from one that starts at ``offset`` (after a line break,
        or 0) on, found afresh: a worker given a stretch of a long article
        starts there without walking the text before it. Their indices count
        from that paragraph, so they are not keys into this layout's caches."""
        return scan_paragraphs(self.text, offset)

    def lines(self, width: int, first_paragraph: int = 0) -> Iterator[VisualLine]:
        """Visual lines from a paragraph on, produced as they are consumed."""
        for paragraph in self.iter_paragraphs(first_paragraph):
            yield from self.paragraph_lines(paragraph.index, width)

    # -- one paragraph ---------------------------------------------------

    def layout_paragraph(
        self, paragraph: Paragraph, width: int, slices: list[tuple[int, int]] | None = None
    ) -> list[VisualLine]:
        """The lines of one paragraph (wrapped at ``slices`` if they are
        known), not cached: see `paragraph_lines`."""
        direction = self.direction(paragraph)
        base_level = 1 if direction == "rtl" else 0
        if slices is None:
            slices = wrap(self.text, paragraph.start, paragraph.end, width, self.options)
        if not slices:
            return [VisualLine(paragraph.index, paragraph.start, paragraph.start, direction, ())]
        levels = self.paragraph_levels(paragraph) if self.options.bidi == "app" else None
        return [
            build_line(
                self.text,
                start,
                end,
                paragraph.index,
                direction,
                base_level,
                self.options,
                levels,
            )
            for start, end in slices
        ]

    def paragraph_levels(self, paragraph: Paragraph) -> ParagraphLevels:
        """The embedding levels of a paragraph's shown characters, resolved
        over the whole of it (cached for the last few paragraphs). A piece
        of a paragraph too long to lay out whole is resolved as a paragraph
        of its own: the rules do not see across a piece's cut."""
        # By where it starts: paragraphs found afresh (`paragraphs_from`)
        # number themselves from where they were looked for.
        found = self._levels.get(paragraph.start)
        if found is not None and found.end == paragraph.end:
            self._levels.move_to_end(paragraph.start)
            return found
        base_level = 1 if self.direction(paragraph) == "rtl" else 0
        offsets = _shown_offsets(self.text, paragraph.start, paragraph.end, self.options)
        chars = [self.text[i] for i in offsets]
        classes = [display_char(c)[1] for c in chars]
        levels = paragraph_levels("".join(chars), classes, base_level)
        found = ParagraphLevels(
            paragraph.start,
            paragraph.end,
            None if len(offsets) == paragraph.end - paragraph.start else array("i", offsets),
            bytes(levels),
        )
        self._levels[paragraph.start] = found
        if len(self._levels) > _LEVELS_CACHED:
            self._levels.popitem(last=False)
        return found


_LEVELS_CACHED = 256  # paragraphs whose levels are kept


@dataclass(frozen=True, slots=True)
class ParagraphLevels:
    """A paragraph's resolved embedding levels, one per shown character."""

    start: int
    end: int
    offsets: array[int] | None  # of the shown characters; None: all of them, from start
    levels: bytes

    def of_line(self, start: int, end: int) -> bytes:
        """The levels of a line's shown characters, [start, end) of the text."""
        if self.offsets is None:
            return self.levels[start - self.start : end - self.start]
        first = bisect_left(self.offsets, start)
        return self.levels[first : bisect_left(self.offsets, end, first)]


def _shown_offsets(text: str, start: int, end: int, options: LayoutOptions) -> list[int]:
    """Offsets of the characters that take part in layout (stripped harakat do not)."""
    if options.harakat == "strip":
        return [i for i in range(start, end) if not is_harakah(text[i])]
    return list(range(start, end))


def _unit_widths(text: str, start: int, end: int, options: LayoutOptions) -> list[int]:
    """Cells each character of a slice will take once shown.

    Stripped harakat take none, nor does the alef of a lam-alef ligature
    (found among the characters that are shown, since stripping a mark
    between lam and alef lets them join).
    """
    widths = list(map(_CELLS.__getitem__, text[start:end]))
    if options.harakat == "strip":
        shown = _shown_offsets(text, start, end, options)
        for offset in set(range(start, end)).difference(shown):
            widths[offset - start] = 0
        if options.bidi == "app":
            for k in lam_alef_pairs([text[i] for i in shown]):
                widths[shown[k] - start] = 0
    elif options.bidi == "app":
        for k in lam_alef_pairs(text[start:end]):
            widths[k] = 0
    return widths


class _CellsOfChar(dict[str, int]):
    """Cells each character takes once shown, found once per distinct
    character: numbering a long article's lines looks up every character."""

    def __missing__(self, char: str) -> int:
        cells = self[char] = cell_width(display_char(char)[0])
        return cells


_CELLS = _CellsOfChar()


class _CellsOfGlyph(dict[str, int]):
    """`cell_width` of each glyph, found once per distinct glyph (a dict
    lookup: building a line asks for every glyph's width)."""

    def __missing__(self, glyph: str) -> int:
        cells = self[glyph] = cell_width(glyph)
        return cells


_CELLS_OF_GLYPH = _CellsOfGlyph()


class _Words:
    """A paragraph's words as `wrap` sees them: source start and end, cells,
    and the cells of the spaces before each. Packed arrays: a long article
    has millions of words."""

    __slots__ = ("ends", "gaps", "starts", "widths")

    def __init__(self) -> None:
        self.starts = array("i")
        self.ends = array("i")
        self.widths = array("i")
        self.gaps = array("i")

    @classmethod
    def of(cls, text: str, start: int, end: int, options: LayoutOptions) -> _Words:
        words = cls()
        widths = _unit_widths(text, start, end, options)
        cells = [0, *accumulate(widths)]  # cells[i]: cells before character i
        n = end - start
        is_space = [c in BREAKING_SPACES for c in text[start:end]]
        k = 0
        while k < n and is_space[k]:
            k += 1
        word_start = 0  # leading indentation stays with the first word, as in `wrap`
        previous_end = 0
        while word_start < n:
            word_end = k
            while word_end < n and not is_space[word_end]:
                word_end += 1
            words.starts.append(start + word_start)
            words.ends.append(start + word_end)
            words.widths.append(cells[word_end] - cells[word_start])
            words.gaps.append(cells[word_start] - cells[previous_end])
            previous_end = word_end
            word_start = word_end
            while word_start < n and is_space[word_start]:
                word_start += 1
            k = word_start
        return words

    def wrap(self, width: int) -> list[tuple[int, int]] | None:
        """`wrap` at `width`, or None if a word must be cut (`wrap` does that)."""
        slices: list[tuple[int, int]] = []
        line_start = line_end = -1
        line_width = 0
        for word_start, word_end, word_width, gap in zip(
            self.starts, self.ends, self.widths, self.gaps, strict=True
        ):
            if line_start >= 0 and line_width + gap + word_width <= width:
                line_end = word_end
                line_width += gap + word_width
                continue
            if word_width > width:
                return None
            if line_start >= 0:
                slices.append((line_start, line_end))
            line_start, line_end, line_width = word_start, word_end, word_width
        if line_start >= 0 and line_end > line_start:
            slices.append((line_start, line_end))
        return slices


def wrap(
    text: str, start: int, end: int, width: int, options: LayoutOptions
) -> list[tuple[int, int]]:
    """Source slices (start, end) of a paragraph's lines, at word boundaries.

    The spaces a line breaks at belong to no line. A word wider than the line
    is cut between glyphs, never between a letter and its marks, nor inside a
    lam-alef ligature.
    """
    widths = _unit_widths(text, start, end, options)
    n = end - start
    is_space = [c in BREAKING_SPACES for c in text[start:end]]

    slices: list[tuple[int, int]] = []
    line_start = -1  # index of the current line's first character in the paragraph
    line_end = -1  # exclusive index of its last non-space character
    line_width = 0
    k = 0
    # Leading indentation stays with the first word.
    while k < n and is_space[k]:
        k += 1
    word_start = 0
    while word_start < n:
        word_end = k
        while word_end < n and not is_space[word_end]:
            word_end += 1
        gap = sum(widths[line_end:word_start]) if line_start >= 0 else 0
        word_width = sum(widths[word_start:word_end])
        if line_start >= 0 and line_width + gap + word_width <= width:
            line_end = word_end
            line_width += gap + word_width
        else:
            if line_start >= 0:
                slices.append((line_start, line_end))
            line_start, line_end, line_width = word_start, word_end, word_width
            # Cut a word that cannot fit on a line of its own.
            while line_width > width:
                cut, cut_width = line_start, 0
                while cut < line_end:
                    unit_end = cut + 1
                    while unit_end < line_end and widths[unit_end] == 0:
                        unit_end += 1
                    unit_width = sum(widths[cut:unit_end])
                    if cut_width + unit_width > width and cut > line_start:
                        break
                    cut, cut_width = unit_end, cut_width + unit_width
                slices.append((line_start, cut))
                line_start, line_width = cut, line_width - cut_width
        word_start = word_end
        while word_start < n and is_space[word_start]:
            word_start += 1
        k = word_start
    if line_start >= 0 and line_end > line_start:
        slices.append((line_start, line_end))
    return [(start + first, start + last) for first, last in slices]


def build_line(
    text: str,
    start: int,
    end: int,
    paragraph: int,
    direction: Direction,
    base_level: int,
    options: LayoutOptions,
    paragraph_levels: ParagraphLevels | None = None,
) -> VisualLine:
    """Lay out one line's source slice: bidi levels (its slice of the
    paragraph's, if given, else the line's own as a paragraph), shaping,
    mirroring, order."""
    offsets = _shown_offsets(text, start, end, options)
    chars = [text[i] for i in offsets]
    shown = [display_char(c) for c in chars]
    glyphs = [g for g, _ in shown]

    if options.bidi == "app":
        classes = [c for _, c in shown]
        if paragraph_levels is None:
            levels = resolve_levels("".join(chars), classes, base_level)
        else:
            levels = line_levels(paragraph_levels.of_line(start, end), classes, base_level)
        glyphs = shape(glyphs, levels, classes)
        mirror = MIRRORED.get
        glyphs = [
            mirror(glyph, glyph) if level & 1 else glyph
            for glyph, level in zip(glyphs, levels, strict=True)
        ]
        order = visual_order(levels, classes, base_level)
    else:
        order = list(range(len(offsets)))

    # Each glyph with a width opens a cluster; zero-width glyphs (marks, ZWNJ),
    # lams folded into a ligature and hidden bidi marks ("") join the one before.
    texts: list[str] = []
    widths: list[int] = []
    members: list[list[int]] = []
    pending: list[tuple[str, int]] = []  # zero-width items before the first glyph
    cells_of = _CELLS_OF_GLYPH
    for k in order:
        glyph = glyphs[k]
        glyph_width = cells_of[glyph]
        if glyph_width:
            texts.append(glyph)
            widths.append(glyph_width)
            members.append([offsets[k]])
        elif texts:
            texts[-1] += glyph
            members[-1].append(offsets[k])
        else:
            pending.append((glyph, offsets[k]))
    if pending:
        marks = "".join(g for g, _ in pending)
        if texts:
            # Zero-width characters that come first in visual order stay first,
            # in the first glyph's cluster.
            texts[0] = marks + texts[0]
            members[0].extend(o for _, o in pending)
        else:
            # Only marks on this line: give them a dotted circle to sit on.
            texts.append(DOTTED_CIRCLE + marks)
            widths.append(1)
            members.append([o for _, o in pending])

    # Stripped harakat show on their letter's cluster.
    if len(offsets) < end - start:
        if not texts:
            texts.append(DOTTED_CIRCLE)
            widths.append(1)
            members.append([])
        owner = {o: c for c, group in enumerate(members) for o in group}
        for offset in range(start, end):
            if offset not in owner:
                base = offset - 1
                while base >= start and base not in owner:
                    base -= 1
                target = owner.get(base, 0)
                members[target].append(offset)
                owner[offset] = target

    # A page of a long article makes thousands of clusters: built as plain
    # tuples, without the per-call cost of a class constructor.
    make = tuple.__new__
    clusters = tuple(
        make(Cluster, (shown_text, cells, (group[0],) if len(group) == 1 else tuple(sorted(group))))
        for shown_text, cells, group in zip(texts, widths, members, strict=True)
    )
    return VisualLine(paragraph, start, end, direction, clusters)


def first_line(
    text: str, width: int, options: LayoutOptions | None = None
) -> tuple[VisualLine, bool]:
    """The first visual line of a one-paragraph text at a width, and whether
    more of the text follows it; only that line is shaped and reordered."""
    layout = ArticleLayout(text, options)
    paragraph = layout.paragraph(0)
    assert paragraph is not None  # even "" is one (empty) paragraph
    direction = layout.direction(paragraph)
    slices = wrap(text, paragraph.start, paragraph.end, max(width, MIN_WIDTH), layout.options)
    if not slices:
        return VisualLine(0, 0, 0, direction, ()), False
    start, end = slices[0]
    level = 1 if direction == "rtl" else 0
    levels = layout.paragraph_levels(paragraph) if layout.options.bidi == "app" else None
    line = build_line(text, start, end, 0, direction, level, layout.options, levels)
    return line, len(slices) > 1 or paragraph.end < len(text)


def one_line(text: str, options: LayoutOptions | None = None) -> str:
    """A short text (a name, a query, a snippet) as one visual line: spaces and
    line breaks collapsed, shaped, reordered, never wrapped, terminal-safe."""
    single = " ".join(text.split())
    lines = ArticleLayout(single, options).paragraph_lines(0, 1_000_000)
    return lines[0].visual if lines else ""
