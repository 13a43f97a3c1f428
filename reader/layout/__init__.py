"""Logical right-to-left text -> the visual lines a terminal must receive.

The public face of the layout engine; see :mod:`reader.layout.engine` for the
order of work and :mod:`reader.layout.chars` for what may reach a terminal.
"""

from reader.layout.chars import visible
from reader.layout.engine import (
    ArticleLayout,
    Cluster,
    LayoutOptions,
    VisualLine,
    first_line,
    one_line,
)
from reader.paragraphs import Paragraph, split_paragraphs

__all__ = [
    "ArticleLayout",
    "Cluster",
    "LayoutOptions",
    "Paragraph",
    "VisualLine",
    "first_line",
    "one_line",
    "split_paragraphs",
    "visible",
]
