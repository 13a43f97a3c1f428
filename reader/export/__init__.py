"""Exports of annotations and entities, one module per format, and imports back.

Every exporter takes `ArticleRecord`s — an article's exact text, its
annotations (from the sidecar, found again if the article changed) and, when
the format needs them, its entities with the reader's corrections — and
returns the output as text (brat, which writes a folder, returns files).
Offsets everywhere are code-point offsets into the decoded article text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format, as the command line, the export dialog and the
    exporters all know it (here, without importing the exporters and the
    entity extractor behind them)."""

    name: str
    description: str
    suffix: str  # of the file written; "" for a format that writes a folder
    needs_entities: bool = False  # its output lists the entities, which must be extracted
    bom_in_tui: bool = False  # written with a BOM from the reader (spreadsheets want it)

    @property
    def writes_folder(self) -> bool:
        return not self.suffix


EXPORT_FORMATS = (
    ExportFormat("json", "JSON — articles, annotations, entities", ".json", needs_entities=True),
    ExportFormat("jsonl", "JSON Lines — one annotation per line", ".jsonl"),
    ExportFormat(
        "csv",
        "CSV — one row per annotation (with a BOM, for spreadsheets)",
        ".csv",
        bom_in_tui=True,
    ),
    ExportFormat("md", "Markdown — a report to read", ".md", needs_entities=True),
    ExportFormat("w3c", "W3C Web Annotation (JSON-LD)", ".jsonld"),
    ExportFormat("brat", "brat — a folder of .txt and .ann files", "", needs_entities=True),
    ExportFormat("conll", "CoNLL — tokens with BIO entity labels", ".conll", needs_entities=True),
)
FORMATS = tuple(f.name for f in EXPORT_FORMATS)


def export_format(name: str) -> ExportFormat:
    return next(f for f in EXPORT_FORMATS if f.name == name)
