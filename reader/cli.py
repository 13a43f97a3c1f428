"""The ``reader`` command.

reader PATH                  read an article or a folder of articles
reader render FILE [...]     print an article's visual lines
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from reader import __version__
from reader.corpus import CorpusError, find_articles, read_article
from reader.layout import ArticleLayout, LayoutOptions

COMMANDS = ("render",)


def _add_layout_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--width",
        type=int,
        default=None,
        help="line width in cells (default: the terminal's width, else 80)",
    )
    parser.add_argument(
        "--bidi",
        choices=("app", "terminal"),
        default="app",
        help="app: shape and reorder here (default); terminal: send logical order "
        "to a terminal that does its own bidi",
    )
    parser.add_argument(
        "--harakat",
        choices=("keep", "strip"),
        default="keep",
        help="keep Arabic vowel marks (default) or strip them",
    )
    parser.add_argument(
        "--direction",
        choices=("auto", "rtl", "ltr"),
        default="auto",
        help="paragraph direction: from the first strong letter (default), or forced",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read, tag and annotate right-to-left articles in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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
    _add_layout_options(render)
    return parser


def build_open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read right-to-left articles: a file, or a folder of them. "
        f"Commands: {', '.join(COMMANDS)} (reader COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("path", type=Path, metavar="PATH")
    _add_layout_options(parser)
    return parser


def _options(args: argparse.Namespace) -> LayoutOptions:
    return LayoutOptions(bidi=args.bidi, harakat=args.harakat, direction=args.direction)


def _width(args: argparse.Namespace) -> int:
    if args.width is not None:
        if args.width < 2:
            raise CorpusError(f"--width must be at least 2, not {args.width}")
        return int(args.width)
    return shutil.get_terminal_size(fallback=(80, 24)).columns


def render_lines(layout: ArticleLayout, width: int, fmt: str) -> Iterable[str]:
    for line in layout.lines(width):
        if fmt == "jsonl":
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
        else:
            yield line.aligned(width)


def cmd_render(args: argparse.Namespace) -> int:
    article = read_article(args.file)
    layout = ArticleLayout(article.text, _options(args))
    width = _width(args)
    out = sys.stdout
    for text in render_lines(layout, width, args.format):
        out.write(text + "\n")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    """Open the reader on a terminal; print the rendered articles when piped."""
    paths = find_articles(args.path)
    if not paths:
        raise CorpusError(f"{args.path}: no articles (.txt, .md) here")
    if sys.stdout.isatty() and sys.stdin.isatty():
        from reader.tui.app import ReaderApp  # Textual only loads for the TUI

        ReaderApp(paths, _options(args)).run()
        return 0
    width = _width(args)
    chunks: list[str] = []
    for path in paths:
        try:
            article = read_article(path)
        except CorpusError as error:
            chunks.append(f"[skipped] {error}\n")
            continue
        layout = ArticleLayout(article.text, _options(args))
        chunks.append(f"── {path.name} " + "─" * max(width - len(path.name) - 4, 0) + "\n")
        chunks.extend(text + "\n" for text in render_lines(layout, width, "text"))
        chunks.append("\n")
    sys.stdout.write("".join(chunks))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        # Arabic must come out as UTF-8 whatever the locale says.
        sys.stdout.reconfigure(encoding="utf-8")
    if argv and argv[0] in COMMANDS:
        args = build_parser().parse_args(argv)
        handler = {"render": cmd_render}[args.command]
    else:
        args = build_open_parser().parse_args(argv)
        handler = cmd_open
    try:
        return handler(args)
    except CorpusError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output went away (| head): not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
