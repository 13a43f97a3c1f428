"""`reader search`: file:line: snippet for every hit, Arabic-aware."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import UsageError, read_articles, terminal_text

if TYPE_CHECKING:
    from reader.cli import Subparsers


def add_search(commands: Subparsers) -> None:
    search = commands.add_parser(
        "search",
        help="search articles, Arabic-aware: file:line: snippet",
        description="Find QUERY in articles or folders. أ إ آ ا match each other, as do "
        "ة/ه, ى/ي, Arabic-Indic and Western digits; harakat and tatweel are ignored; Latin "
        "ignores case. By default whole words, proclitics allowed (الصين finds والصين, "
        "بالصين, للصين); --substring matches inside words, the query's last vowel optional "
        "(أمريكا finds الأمريكية). Snippets are shaped for a terminal, in logical order "
        "when piped. Exit 0 if found, 1 if not.",
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    search.add_argument("--substring", "-s", action="store_true", help="match inside words")


SNIPPET_CONTEXT = 30  # characters each side of a hit


def _through_index(path: Path, args: argparse.Namespace) -> Callable[[list[Path]], list[Path]]:
    """For a folder with an index (`reader index`), only the articles that may
    hold a whole-word query are read; a substring query reads them all."""

    def only(paths: list[Path]) -> list[Path]:
        if args.substring:
            return paths
        from reader.index import worth_searching

        chosen = worth_searching(path, args.query, paths)
        return paths if chosen is None else chosen

    return only


def cmd_search(args: argparse.Namespace) -> int:
    from reader.nlp.search import QueryError, around, compile_query, find, with_lines

    try:
        compile_query(args.query, not args.substring)
    except QueryError as error:
        raise UsageError(str(error)) from None
    shaped = sys.stdout.isatty()
    found = 0
    out = sys.stdout
    for path in args.paths:
        for article in read_articles(path, _through_index(path, args)):
            text = article.text
            hits = find(text, args.query, not args.substring)
            for line, line_start, line_end, hit in with_lines(text, hits):
                start, end = around(hit, line_start, line_end, SNIPPET_CONTEXT)
                snippet = text[start:end]
                snippet = ("…" if start > line_start else "") + snippet
                snippet += "…" if end < line_end else ""
                out.write(f"{article.path}:{line}: {terminal_text(snippet, shaped)}\n")
                found += 1
    if not found:
        print(f"reader: no match for {terminal_text(args.query, False)}", file=sys.stderr)
    return 0 if found else 1
