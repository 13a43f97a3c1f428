"""The ``reader`` command.

reader PATH                  read an article or a folder of articles
reader render FILE [...]     print an article's visual lines
reader entities PATH [--json] list the people, organisations, places, dates, money… in it
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.corpus import CorpusError, find_articles, read_article
from reader.layout import ArticleLayout, LayoutOptions
from reader.layout.chars import display_char

if TYPE_CHECKING:
    from reader.nlp.entities import Entity

COMMANDS = ("render", "entities")


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

    entities = commands.add_parser(
        "entities",
        help="list the entities in an article or a folder",
        description="Find the people, organisations, places, products, dates, money, "
        "percentages and quantities in an article. By default a table with one row per "
        "entity (type, mentions, canonical name, spellings seen); with --json, a JSON "
        "array of mentions with code-point offsets into the decoded text (end exclusive). "
        'For a folder, --json prints an array of {"path", "mentions"} objects.',
    )
    entities.add_argument("path", type=Path, metavar="PATH")
    entities.add_argument("--json", action="store_true", help="print mentions as JSON")
    entities.add_argument(
        "--backend",
        default="builtin",
        help="builtin (default; rules, gazetteers and the shipped model) or camel "
        "(CAMeL Tools' NER, if installed with its model)",
    )
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


def _terminal_text(text: str, shaped: bool) -> str:
    """A short text for one output line: shaped in visual order for a terminal,
    logical otherwise; either way each character goes through the layout's
    terminal policy (`display_char`), so controls and bidi controls never pass."""
    single = " ".join(text.split())
    if not shaped:
        return "".join(display_char(char)[0] for char in single)
    lines = ArticleLayout(single).paragraph_lines(0, 1_000_000)
    return lines[0].visual if lines else ""


def entity_table(entities: Sequence[Entity], shaped: bool) -> list[str]:
    rows = [f"{'TYPE':<9} {'COUNT':>5}  NAME  [SPELLINGS]"]
    for entity in entities:
        name = _terminal_text(entity.canonical, shaped)
        variants = [v for v in entity.variants if v != entity.canonical]
        spelled = " | ".join(_terminal_text(v, shaped) for v in variants[:6])
        if len(variants) > 6:
            spelled += f" | +{len(variants) - 6}"
        rows.append(
            f"{entity.type:<9} {len(entity.mentions):>5}  {name}"
            + (f"  [{spelled}]" if spelled else "")
        )
    return rows


def cmd_entities(args: argparse.Namespace) -> int:
    from reader.nlp.entities import (
        BackendUnavailable,
        canonical_mentions,
        extract_split,
        get_backend,
        group,
    )

    try:
        backend = get_backend(args.backend)
    except BackendUnavailable as error:
        raise CorpusError(str(error)) from error
    path: Path = args.path
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    single = not path.is_dir()
    paths = [path] if single else find_articles(path)
    if not paths:
        raise CorpusError(f"{path}: no articles (.txt, .md) here")
    shaped = sys.stdout.isatty()
    results: list[dict[str, object]] = []
    out: list[str] = []
    for article_path in paths:
        try:
            article = read_article(article_path)
        except CorpusError as error:
            if single:
                raise
            print(f"reader: skipped {error}", file=sys.stderr)
            continue
        entities = group(extract_split(backend, article.text))
        if args.json:
            mentions = [m.to_json() for m in canonical_mentions(entities)]
            results.append({"path": str(article_path), "mentions": mentions})
            continue
        if not single:
            out.append(f"── {article_path}")
        out.extend(entity_table(entities, shaped))
        if not single:
            out.append("")
    if args.json:
        payload = results[0]["mentions"] if single else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write("\n".join(out) + "\n")
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
        handler = {"render": cmd_render, "entities": cmd_entities}[args.command]
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
