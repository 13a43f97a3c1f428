"""`reader render`, and `reader PATH`: the reader, or the articles printed when piped."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import UsageError, add_layout_options, layout_options, width_of
from reader.cli.serve import WEB_DRIVER
from reader.corpus import CorpusError, find_articles, read_article

if TYPE_CHECKING:
    from reader.cli import Subparsers
    from reader.layout import ArticleLayout


def add_render(commands: Subparsers) -> None:
    render = commands.add_parser(
        "render",
        help="print an article's visual lines",
        description="Print an article as a terminal without bidi support must receive it: "
        "shaped, in visual order, wrapped, right-to-left lines right-aligned.",
    )
    render.add_argument("file", type=Path, metavar="FILE")
    render.add_argument(
        "--format",
        choices=("text", "jsonl"),
        default="text",
        help="text: the aligned lines (default); jsonl: one object per line with its "
        "paragraph, source offsets, direction and visual string",
    )
    add_layout_options(render)


def render_lines(layout: ArticleLayout, width: int, fmt: str) -> Iterable[str]:
    if fmt == "text":
        from reader.layout.render import text_lines

        yield from text_lines(layout, width)
        return
    for line in layout.lines(width):
        yield json.dumps(
            {
                "paragraph": line.paragraph,
                "start": line.start,
                "end": line.end,
                "direction": line.direction,
                "visual": line.visual,
            },
            ensure_ascii=False,
        )


def cmd_render(args: argparse.Namespace) -> int:
    from reader.layout import ArticleLayout

    article = read_article(args.file)
    layout = ArticleLayout(
        article.text, layout_options(args).declared(article.meta.get("direction", ""))
    )
    width = width_of(args)
    out = sys.stdout
    if args.format == "text":
        from reader.layout.render import rendered

        for block in rendered(layout, width):
            out.write(block)
        return 0
    for text in render_lines(layout, width, args.format):
        out.write(text + "\n")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    """Open the reader on a terminal; print the rendered articles when piped."""
    paths = find_articles(args.path)
    if not paths:
        raise UsageError(f"{args.path}: no articles here")
    from reader.config import ConfigError, load_config
    from reader.formats.dumps import use_fields

    try:
        # Read when printing too: a mistake in it is said either way.
        config = load_config(args.config)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    use_fields(config.dump_fields)
    in_browser = os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER  # `reader serve`'s tab
    if (sys.stdout.isatty() and sys.stdin.isatty()) or in_browser:
        from reader.tui.app import ReaderApp  # Textual only loads for the TUI

        ReaderApp(paths, layout_options(args), config).run()
        return 0
    from reader.layout import ArticleLayout

    width = width_of(args)
    chunks: list[str] = []
    for path in paths:
        try:
            article = read_article(path)
        except CorpusError as error:
            chunks.append(f"[skipped] {error}\n")
            continue
        layout = ArticleLayout(
            article.text, layout_options(args).declared(article.meta.get("direction", ""))
        )
        chunks.append(f"── {path.name} " + "─" * max(width - len(path.name) - 4, 0) + "\n")
        chunks.extend(text + "\n" for text in render_lines(layout, width, "text"))
        chunks.append("\n")
    sys.stdout.write("".join(chunks))
    return 0
