"""`reader text`: an article's text exactly as reader reads it.

Every stored offset counts code points of this text: a web page's or a Word
document's is what its reader extracted, not the file's bytes. Piped, the
text is written as it is; to a terminal, its control characters are shown
as placeholders (an ESC in a page must not reach the terminal).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import read_articles

if TYPE_CHECKING:
    from reader.cli import Subparsers


def add_text(commands: Subparsers) -> None:
    text = commands.add_parser(
        "text",
        help="print the text of each article as reader reads it (what offsets count in)",
        description="Print the text of each article in PATH exactly as reader reads it: a "
        "web page's, Word document's or e-book's extracted text, a plain file decoded. "
        "Several articles are each headed by ==> PATH <==. --json prints "
        '[{"path", "id", "title", "text", "meta"}].',
    )
    text.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    text.add_argument("--json", action="store_true", help="one JSON array of articles")


def cmd_text(args: argparse.Namespace) -> int:
    from reader.layout import visible

    out = sys.stdout
    terminal = out.isatty()
    rows = []
    # An article's id: its path inside the folder named (a file's own name).
    articles = [
        (article, article.path.relative_to(path) if path.is_dir() else Path(article.path.name))
        for path in args.paths
        for article in read_articles(path)
    ]
    for article, identifier in articles:
        if args.json:
            rows.append(
                {
                    "path": str(article.path),
                    "id": identifier.as_posix(),
                    "title": article.title,
                    "text": article.text,
                    "meta": {
                        "format": article.format,
                        "encoding": article.encoding,
                        **article.meta,
                    },
                }
            )
            continue
        text = visible(article.text, keep_lines=True) if terminal else article.text
        if len(articles) > 1:
            out.write(f"==> {visible(str(article.path))} <==\n")
        out.write(text)
        if len(articles) > 1 and not text.endswith("\n"):
            out.write("\n")
    if args.json:
        out.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    return 0
