"""What the commands share: the usage error, layout options, reading articles, output."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.corpus import Article, CorpusError, find_articles, read_article

if TYPE_CHECKING:
    from reader.layout import LayoutOptions
    from reader.nlp.entities import Entity


class UsageError(Exception):
    """The command was asked for something it cannot do as asked (a missing
    -o, a width of 1): said in one line, exit status 2."""


def add_layout_options(parser: argparse.ArgumentParser) -> None:
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


def layout_options(args: argparse.Namespace) -> LayoutOptions:
    from reader.layout import LayoutOptions

    return LayoutOptions(bidi=args.bidi, harakat=args.harakat, direction=args.direction)


def width_of(args: argparse.Namespace) -> int:
    if args.width is not None:
        if args.width < 2:
            raise UsageError(f"--width must be at least 2, not {args.width}")
        return int(args.width)
    return shutil.get_terminal_size(fallback=(80, 24)).columns


def read_articles(
    path: Path, only: Callable[[list[Path]], list[Path]] | None = None
) -> Iterator[Article]:
    """The articles at PATH, read one at a time. A file that cannot be read is
    an error; in a folder it is skipped with a line on stderr. `only` picks,
    from the folder's articles, those worth reading (an index's candidates)."""
    paths = find_articles(path)
    if not paths:
        raise UsageError(f"{path}: no articles here")
    if only is not None and path.is_dir():
        paths = only(paths)
    for article_path in paths:
        try:
            yield read_article(article_path)
        except CorpusError as error:
            if not path.is_dir():
                raise
            print(f"reader: skipped {error}", file=sys.stderr)


def json_rows(rows: Iterable[object]) -> str:
    """A JSON array with one element per line: readable, diffable, and written by
    json's C encoder (`indent=` makes json fall back to pure Python, which took
    a tenth of `reader entities` on a long article)."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    return "[\n" + lines + "\n]" if lines else "[]"


def terminal_text(text: str, shaped: bool) -> str:
    """A short text for one output line: shaped in visual order for a terminal,
    logical otherwise; either way each character goes through the layout's
    terminal policy (`display_char`), so controls and bidi controls never pass."""
    from reader.layout import one_line
    from reader.layout.chars import display_char

    if not shaped:
        return "".join(display_char(char)[0] for char in " ".join(text.split()))
    return one_line(text)


def snippet(text: str, width: int, shaped: bool) -> str:
    """`_terminal_text`, cut to `width` at the end of its reading."""
    line = terminal_text(text, False)
    if len(line) > width:
        line = line[: max(width - 1, 1)] + "…"
    return terminal_text(line, shaped)


def entity_table(entities: Sequence[Entity], shaped: bool) -> list[str]:
    rows = [f"{'TYPE':<9} {'COUNT':>5}  NAME  [SPELLINGS]"]
    for entity in entities:
        name = terminal_text(entity.canonical, shaped)
        variants = [v for v in entity.variants if v != entity.canonical]
        spelled = " | ".join(terminal_text(v, shaped) for v in variants[:6])
        if len(variants) > 6:
            spelled += f" | +{len(variants) - 6}"
        rows.append(
            f"{entity.type:<9} {len(entity.mentions):>5}  {name}"
            + (f"  [{spelled}]" if spelled else "")
        )
    return rows


class TerminalText(io.TextIOBase):
    """A stream to a person's terminal that passes text only through
    `visible`: messages quote file names, and exported text is the
    article's, either of which may carry ESC, OSC or bidi overrides. Line
    breaks and tabs pass; everything else a terminal obeys becomes a
    placeholder. Output to a file or a pipe is data and is left exact."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from reader.layout.chars import visible

        self.stream.write(visible(text, keep_lines=True))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def close(self) -> None:
        self.stream.close()

    @property
    def closed(self) -> bool:
        return self.stream.closed

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding


def guard_terminal_streams() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, TerminalText):
            continue
        if isinstance(stream, io.TextIOWrapper):
            # Arabic must come out as UTF-8 whatever the locale says.
            stream.reconfigure(encoding="utf-8", errors="replace")
        if name == "stderr" or stream.isatty():
            setattr(sys, name, TerminalText(stream))
