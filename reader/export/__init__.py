"""Exports of annotations and entities, one module per format, and imports back.

Every exporter takes `ArticleRecord`s — an article's exact text, its
annotations (from the sidecar, found again if the article changed) and, when
the format needs them, its entities with the reader's corrections — and
returns the output as text (brat, which writes a folder, returns files).
Offsets everywhere are code-point offsets into the decoded article text.
"""

# The format names, here so that the command line can offer them without
# importing every exporter (and the entity extractor behind them).
FORMATS = ("json", "jsonl", "csv", "md", "w3c", "brat", "conll")
