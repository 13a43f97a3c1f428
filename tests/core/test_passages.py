"""Moving by sentence, paragraph and word, without a screen."""

from __future__ import annotations

from reader.layout import ArticleLayout
from reader.passages import Passages

TEXT = "قال الوزير إن الاتفاق قريب. وأضاف: «سنعلن غدا».\n\nفقرة ثانية هنا. وجملة أخرى!"


def test_sentences_and_paragraphs() -> None:
    passages = Passages(ArticleLayout(TEXT))
    first = passages.first_from(0)
    assert first is not None and TEXT[first.start : first.end] == "قال الوزير إن الاتفاق قريب."
    second = passages.after(first)
    assert second is not None and TEXT[second.start :].startswith("وأضاف")
    third = passages.after(second)
    assert third is not None and TEXT[third.start :].startswith("فقرة ثانية")
    assert passages.before(third) == second
    assert passages.paragraph_start(third) == first  # first of its paragraph: the one before
    assert passages.at(TEXT.index("الاتفاق")) == first
    last = passages.first_from(2, step=-1)  # paragraph 1 is the blank line
    assert last is not None and TEXT[last.start :].startswith("وجملة")
    assert passages.after(last) is None


def test_a_selection_grows_and_shrinks_by_words_and_sentences() -> None:
    passages = Passages(ArticleLayout(TEXT))
    first = passages.first_from(0)
    assert first is not None
    span = passages.first_word(first)
    assert TEXT[slice(*span)] == "قال"
    span = passages.word_more(span)
    assert span is not None and TEXT[slice(*span)] == "قال الوزير"
    later = passages.start_later(span)
    assert later is not None and TEXT[slice(*later)] == "الوزير"
    assert passages.start_earlier(later) == span
    assert passages.word_less(span) == passages.first_word(first)
    whole = passages.sentence_more(span)
    assert whole is not None and TEXT[slice(*whole)] == "قال الوزير إن الاتفاق قريب."
    more = passages.sentence_more(whole)
    assert more is not None and TEXT[slice(*more)].endswith("«سنعلن غدا».")
    assert passages.sentence_less(more) == whole
