"""Moving through an article by sentence, paragraph and word: what the cursor
and the selection of any view of it do, without the view.

Sentences are found a paragraph at a time, when first asked for, and kept.
Every position is a code-point offset into the article's text; a selection
is a span (start, end), end exclusive.
"""

from __future__ import annotations

from reader.layout import ArticleLayout
from reader.nlp.sentences import Sentence, paragraph_sentences
from reader.nlp.tokens import tokenize

Span = tuple[int, int]
REACH = 400  # characters looked through for the next or previous word


class Passages:
    """The sentences and words of one article, for a cursor and a selection."""

    def __init__(self, layout: ArticleLayout) -> None:
        self.layout = layout
        self.text = layout.text
        self._sentences: dict[int, list[Sentence]] = {}

    # -- sentences ---------------------------------------------------------------------

    def of(self, paragraph: int) -> list[Sentence]:
        """The sentences of a paragraph ([] past the end)."""
        found = self._sentences.get(paragraph)
        if found is None:
            found_paragraph = self.layout.paragraph(paragraph)
            found = paragraph_sentences(self.text, found_paragraph) if found_paragraph else []
            self._sentences[paragraph] = found
        return found

    def at(self, offset: int) -> Sentence | None:
        """The sentence holding `offset`, if any."""
        paragraph = self.layout.paragraph_at(offset).index
        return next((s for s in self.of(paragraph) if s.start <= offset < s.end), None)

    def first_from(self, paragraph: int, step: int = 1) -> Sentence | None:
        """The first sentence from a paragraph on (step 1), or the last one
        from it back (step -1), passing over empty paragraphs."""
        while paragraph >= 0 and self.layout.paragraph(paragraph) is not None:
            sentences = self.of(paragraph)
            if sentences:
                return sentences[0] if step > 0 else sentences[-1]
            paragraph += step
        return None

    def after(self, sentence: Sentence) -> Sentence | None:
        sentences = self.of(sentence.paragraph)
        position = sentences.index(sentence)
        if position + 1 < len(sentences):
            return sentences[position + 1]
        return self.first_from(sentence.paragraph + 1)

    def before(self, sentence: Sentence) -> Sentence | None:
        sentences = self.of(sentence.paragraph)
        position = sentences.index(sentence)
        if position > 0:
            return sentences[position - 1]
        return self.first_from(sentence.paragraph - 1, step=-1)

    def paragraph_start(self, sentence: Sentence) -> Sentence | None:
        """The first sentence of this paragraph, or of the one before if this
        is its first."""
        first = self.of(sentence.paragraph)[0]
        if first != sentence:
            return first
        previous = self.first_from(sentence.paragraph - 1, step=-1)
        return self.of(previous.paragraph)[0] if previous is not None else None

    # -- words and the selection ---------------------------------------------------------

    def words(self, start: int, end: int) -> list[Span]:
        """The words (not punctuation) within [start, end)."""
        return [(t.start, t.end) for t in tokenize(self.text, start, end) if t.kind != "punct"]

    def first_word(self, sentence: Sentence) -> Span:
        """Where a selection starts: the sentence's first word."""
        words = self.words(sentence.start, sentence.end)
        return words[0] if words else (sentence.start, sentence.end)

    def word_more(self, selection: Span) -> Span | None:
        start, end = selection
        following = self.words(end, min(end + REACH, len(self.text)))
        return (start, following[0][1]) if following else None

    def word_less(self, selection: Span) -> Span | None:
        start, end = selection
        words = self.words(start, end)
        return (start, words[-2][1]) if len(words) > 1 else None

    def start_later(self, selection: Span) -> Span | None:
        start, end = selection
        words = self.words(start, end)
        return (words[1][0], end) if len(words) > 1 else None

    def start_earlier(self, selection: Span) -> Span | None:
        start, end = selection
        before = self.words(max(start - REACH, 0), start)
        return (before[-1][0], end) if before else None

    def sentence_more(self, selection: Span) -> Span | None:
        """To the end of the sentence the selection ends in, or of the next."""
        start, end = selection
        current = self.at(max(end - 1, start))
        if current is None:
            return None
        following = self.after(current)
        target = current.end if end < current.end else following.end if following else end
        return start, target

    def sentence_less(self, selection: Span) -> Span | None:
        """Back to the end of the sentence before the one it ends in."""
        start, end = selection
        current = self.at(max(end - 1, start))
        if current is None or current.start <= start:
            return None
        new_end = len(self.text[start : current.start].rstrip()) + start
        return (start, new_end) if new_end > start else None
