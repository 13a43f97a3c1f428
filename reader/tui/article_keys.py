"""The article view's key bindings: reading, moving, selecting. Each has an id
the config's keymap rebinds (`article.next_sentence`)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

_SENTENCE = Binding.Group("sentence")

ARTICLE_BINDINGS: list[BindingType] = [
    # The footer shows the two as one: "j k sentence".
    Binding(
        "j,down", "next_sentence", "Next sentence", id="article.next_sentence", group=_SENTENCE
    ),
    Binding(
        "k,up",
        "previous_sentence",
        "Previous sentence",
        id="article.prev_sentence",
        group=_SENTENCE,
    ),
    Binding("J", "next_paragraph", "Next paragraph", show=False, id="article.next_paragraph"),
    Binding("K", "previous_paragraph", "Prev paragraph", show=False, id="article.prev_paragraph"),
    Binding("pagedown,space", "page_down", "Page down", show=False, id="article.page_down"),
    Binding("pageup", "page_up", "Page up", show=False, id="article.page_up"),
    Binding("g,home", "top", "Top", show=False, id="article.top"),
    Binding("G,end", "bottom", "Bottom", show=False, id="article.bottom"),
    Binding("v", "start_selection", "Select", id="article.select"),
    Binding("w", "extend_word", "Select +word", show=False, id="article.select_word"),
    Binding("b", "shrink_word", "Select −word", show=False, id="article.unselect_word"),
    Binding(
        "W",
        "drop_first_word",
        "Select: start a word later",
        show=False,
        id="article.select_later",
    ),
    Binding(
        "B",
        "add_word_before",
        "Select: start a word earlier",
        show=False,
        id="article.select_earlier",
    ),
    Binding("escape", "cancel_selection", "Cancel selection", show=False, id="article.cancel"),
]
