"""What a reader of Arabic sees: joined letters, right order, marks on the right letter."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import column_of

from reader.layout import ArticleLayout, LayoutOptions, VisualLine


def one_line(text: str, width: int = 80, **options: str) -> VisualLine:
    lines = list(ArticleLayout(text, LayoutOptions(**options)).lines(width))  # type: ignore[arg-type]
    assert len(lines) == 1, [line.visual for line in lines]
    return lines[0]


def names(text: str) -> list[str]:
    return [unicodedata.name(c) for c in text]


def test_letters_take_the_form_their_neighbours_call_for() -> None:
    # باب: initial beh, final alef (alef does not join left), isolated beh.
    line = one_line("باب")
    assert names(line.visual) == [
        "ARABIC LETTER BEH ISOLATED FORM",
        "ARABIC LETTER ALEF FINAL FORM",
        "ARABIC LETTER BEH INITIAL FORM",
    ]


def test_lam_alef_is_one_ligature_in_one_cell_covering_both_letters() -> None:
    line = one_line("لا")
    assert names(line.visual) == ["ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM"]
    assert line.cells == 1
    assert line.clusters[0].offsets == (0, 1)
    # After a joining letter, the final-form ligature.
    assert "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE FINAL FORM" in names(
        one_line("سلأ").visual
    )


def test_allah_keeps_its_shadda_on_the_lam() -> None:
    line = one_line("اللّه")
    visual = line.visual
    shadda = visual.index("\u0651")
    assert unicodedata.name(visual[shadda - 1]).startswith("ARABIC LETTER LAM")


def test_harakat_follow_their_base_letter_in_visual_order() -> None:
    # UAX #9 L3: a terminal draws a combining mark on the cell before it.
    text = "كَتَبَ"
    line = one_line(text)
    for cluster in line.clusters:
        base, *marks = cluster.text
        assert unicodedata.category(base) == "Lo"
        assert all(unicodedata.category(m) == "Mn" for m in marks)
        assert len(cluster.offsets) == 1 + len(marks)
    assert line.cells == 3


def test_harakat_can_be_stripped_and_still_map_to_their_letter() -> None:
    text = "كَتَبَ"
    line = one_line(text, harakat="strip")
    assert not any(unicodedata.category(c) == "Mn" for c in line.visual)
    assert sorted(o for c in line.clusters for o in c.offsets) == list(range(len(text)))
    # Stripping the fatha between lam and alef lets them form the ligature.
    assert one_line("لَا", harakat="strip").cells == 1
    assert one_line("لَا").cells == 2


def test_tatweel_is_kept_and_joins() -> None:
    line = one_line("طويـــلة")
    assert line.visual.count("\u0640") == 3
    # Tatweel joins on both sides: the yeh before it is initial (waw does not
    # join forward), the lam after it medial.
    assert "ARABIC LETTER YEH INITIAL FORM" in names(line.visual)
    assert "ARABIC LETTER LAM MEDIAL FORM" in names(line.visual)


@pytest.mark.parametrize("letter", list("گچپژٹڈڑےی"))
def test_persian_and_urdu_letters_shape_or_stay_visible(letter: str) -> None:
    for word in (letter, "ب" + letter, letter + "ب", "ب" + letter + "ب"):
        line = one_line(word)
        assert line.cells == len(word)
        shown = unicodedata.normalize("NFKC", line.visual)
        assert letter in shown, (word, names(line.visual))


def test_rtl_paragraph_order_with_brackets_and_numbers() -> None:
    # Brackets are mirrored on right-to-left levels; numbers keep their order.
    line = one_line("قال (في 2024) إن")
    visual = unicodedata.normalize("NFKC", line.visual)
    # Read from the right: the opening bracket, mirrored, encloses to its left.
    assert visual == "نإ (2024 يف) لاق"
    assert [c.offsets for c in line.clusters if c.text == ")"] == [(4,)]
    assert line.direction == "rtl"


def test_latin_inside_arabic_stays_in_reading_order() -> None:
    line = one_line("شرائح Nvidia A100 و H100 الجديدة")
    visual = unicodedata.normalize("NFKC", line.visual)
    assert "Nvidia A100" in visual and "H100" in visual
    assert visual.index("H100") < visual.index("Nvidia A100")


def test_paragraph_direction_comes_from_its_first_strong_letter_or_the_option() -> None:
    layout = ArticleLayout("English first, ثم عربي\nعربي أولاً then English\n123")
    directions = [line.direction for line in layout.lines(80)]
    # A paragraph with no letters takes the article's direction.
    assert directions == ["ltr", "rtl", "ltr"]
    forced = ArticleLayout("English", LayoutOptions(direction="rtl"))
    assert [line.direction for line in forced.lines(80)] == ["rtl"]


def test_rtl_lines_are_right_aligned_and_ltr_left_aligned() -> None:
    rtl = one_line("مرحبا")
    ltr = one_line("hello")
    assert rtl.aligned(20) == " " * 15 + rtl.visual
    assert ltr.aligned(20) == "hello"
    assert rtl.offsets_at(19, 20) == (0,)  # the first letter is at the right edge
    assert column_of(rtl, 4, 20) == 15


def test_wrapping_breaks_at_spaces_and_cuts_long_words() -> None:
    text = "كلمة " * 10 + "أ" * 30
    lines = list(ArticleLayout(text).lines(12))
    assert all(line.cells <= 12 for line in lines)
    # Words are not split when they fit: each of the first lines ends a word.
    for line in lines[:3]:
        assert text[line.end] == " "
    assert sum(1 for line in lines if set(text[line.start : line.end]) == {"أ"}) == 3


def test_wide_characters_take_two_cells_and_never_overflow() -> None:
    lines = list(ArticleLayout("你好世界你好").lines(5))
    assert [line.cells for line in lines] == [4, 4, 4]


def test_controls_become_visible_placeholders_with_exact_offsets() -> None:
    text = "a\x1b[31mb\x07c\u202ed\x9be"
    line = one_line(text)
    assert "\x1b" not in line.visual and "\x07" not in line.visual
    assert "\u202e" not in line.visual and "\x9b" not in line.visual
    assert line.visual == "a\u241b[31mb\u2407c\ufffdd\ufffde"
    # The override has no effect: the text after it is not reversed.
    assert line.visual.endswith("d\ufffde")
    assert [c.offsets for c in line.clusters] == [(i,) for i in range(len(text))]


def test_bidi_marks_are_honoured_but_not_sent() -> None:
    # An RLM after the number puts the full stop on the right-to-left side.
    with_mark = one_line("abc \u05d0 1.\u200f", direction="ltr")
    assert "\u200f" not in with_mark.visual
    assert sorted(o for c in with_mark.clusters for o in c.offsets) == list(range(9))


def test_terminal_mode_sends_logical_unshaped_text_right_aligned() -> None:
    line = one_line("مرحبا بكم", bidi="terminal")
    assert line.visual == "مرحبا بكم"
    assert line.padding(20) == 11


def test_lines_of_a_paragraph_are_laid_out_without_the_rest() -> None:
    text = "سطر أول\n" + ("فقرة طويلة جداً\n" * 200_000)
    layout = ArticleLayout(text)
    first = layout.paragraph_lines(0, 40)
    assert first[0].start == 0
    # Only the paragraphs asked for were even found.
    assert len(layout._found) == 1
    assert layout.paragraph_lines(0, 40) is first  # cached per (paragraph, width)
    assert layout.paragraph_lines(0, 41) is not first


def test_wrapping_counts_a_lam_alef_ligature_as_one_cell() -> None:
    # "لالالا" shows as three ligatures: it fits a 3-cell line exactly.
    lines = list(ArticleLayout("لالالا ولا").lines(3))
    assert [line.cells for line in lines] == [3, 2]
    assert lines[0].end == 6
    # In terminal mode the terminal shapes, and each letter keeps its cell.
    terminal = list(ArticleLayout("لالالا", LayoutOptions(bidi="terminal")).lines(3))
    assert [line.cells for line in terminal] == [3, 3]


def test_rich_counts_every_cluster_as_the_layout_does() -> None:
    """Textual draws Strips with Rich's cell widths: they must agree with ours."""
    from conftest import SEEDS, TORTURE, read_text
    from rich.cells import cell_len

    for path in [*SEEDS, TORTURE]:
        for line in ArticleLayout(read_text(path)).lines(80):
            for cluster in line.clusters:
                assert cell_len(cluster.text) == cluster.width, (path.name, cluster)
