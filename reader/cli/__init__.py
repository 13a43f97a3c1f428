"""The ``reader`` command: one table of subcommands, each in its module.

reader PATH                  read an article or a folder of articles
reader render FILE [...]     print an article's visual lines
reader entities PATH [--json] list the people, organisations, places, dates, money… in it
reader annotations PATH      list the tagged passages and notes of an article or folder
reader validate SIDECAR...   check annotation sidecars against their JSON Schema
reader taught [--forget NAME] list (or forget) the entity corrections taught for every article
reader export PATH... --format F [-o OUT]  annotations as json, jsonl, csv, md, w3c, brat, conll
reader import --format w3c|brat SOURCE    read exported annotations back into sidecars
reader search QUERY PATH...  find words as Arabic readers type them: file:line: snippet
reader text PATH... [--json] print each article's text exactly as reader reads it
reader index PATH [--workers N] [--scheduler ADDR]  index a library for search and entities
reader serve PATH [--port N]  the reader in a browser tab, for who does not use a terminal

Each module imports what its command needs when it runs: `reader entities
--json` does not load the layout, and only `reader PATH` loads Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.cli import entities, index, render, search, serve, sidecars, text
from reader.cli.common import UsageError, add_layout_options, guard_terminal_streams
from reader.corpus import CorpusError

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    add: Callable[[Subparsers], None]  # adds its parser, with help and arguments
    run: Callable[[argparse.Namespace], int]
    # Only reads and prints: nothing of its own to close or flush but standard
    # output, so the process leaves without Python's teardown (see `run`).
    quick: bool = False


COMMANDS = (
    Command("render", render.add_render, render.cmd_render, quick=True),
    Command("entities", entities.add_entities, entities.cmd_entities, quick=True),
    Command("annotations", sidecars.add_annotations, sidecars.cmd_annotations, quick=True),
    Command("validate", sidecars.add_validate, sidecars.cmd_validate, quick=True),
    Command("taught", entities.add_taught, entities.cmd_taught),
    Command("export", sidecars.add_export, sidecars.cmd_export),
    Command("import", sidecars.add_import, sidecars.cmd_import),
    Command("search", search.add_search, search.cmd_search, quick=True),
    Command("text", text.add_text, text.cmd_text, quick=True),
    Command("index", index.add_index, index.cmd_index),
    Command("serve", serve.add_serve, serve.cmd_serve),
)
_BY_NAME = {command.name: command for command in COMMANDS}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read, tag and annotate right-to-left articles in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add(commands)
    return parser


def build_open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read right-to-left articles: a file, or a folder of them. "
        f"Commands: {', '.join(c.name for c in COMMANDS)} (reader COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("path", type=Path, metavar="PATH")
    parser.add_argument(
        "--config",
        type=Path,
        help="a TOML file with tags, colours and the keymap "
        "(default: config.toml in the user config folder)",
    )
    add_layout_options(parser)
    return parser


def usage_summary() -> str:
    """What `reader` alone prints: the command table at the top of this module."""
    table = [line for line in (__doc__ or "").splitlines() if line.startswith("reader ")]
    return "\n".join(
        ["usage:", *(f"  {line}" for line in table), "", "reader COMMAND --help tells more."]
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The TUI is unaffected: Textual writes to the terminal through its own
    # handle (sys.__stderr__), with text that went through the layout.
    guard_terminal_streams()
    if not argv:
        print(usage_summary())
        return 0
    if argv and argv[0] in _BY_NAME:
        args = build_parser().parse_args(argv)
        handler = _BY_NAME[args.command].run
    else:
        args = build_open_parser().parse_args(argv)
        handler = render.cmd_open
    try:
        return handler(args)
    except (UsageError, CorpusError) as error:
        print(f"reader: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output went away (| head): not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The `reader` command: `main()`, and for the batch commands a quick exit
    and no cycle collection.

    After `reader entities` or `reader render` on a long article, Python's
    own teardown (freeing every string of the word tables and caches one by
    one) took a tenth of the run; the output is flushed, then the process
    leaves without it. The TUI exits normally, so Textual restores the terminal.
    """
    quick = sys.argv[1:2] != [] and sys.argv[1] in _BY_NAME and _BY_NAME[sys.argv[1]].quick
    if quick:
        # A short run that allocates millions of small objects (tokens,
        # features, a word table) and frees them at exit: the cycle collector
        # would walk them again and again for nothing (5% of `reader entities`).
        gc.disable()
    code = main()
    if quick:
        for stream in (sys.stdout, sys.stderr):
            # Standard error is closed once the reader of our output has gone
            # (| head): flushing it would raise, with nowhere to say so.
            if not stream.closed:
                with contextlib.suppress(BrokenPipeError, ValueError):
                    stream.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
