"""`reader serve PATH`: the same reader in a browser tab (textual-serve).

For colleagues who do not live in a terminal. Each browser tab that opens
the page starts its own `reader PATH` process, which draws into the
browser's terminal (xterm.js). That terminal does no bidi either, so the
app shapes and reorders as it does for VTE (`--bidi app`). The server
listens on localhost unless told otherwise: a reader gives whoever reaches
the page its files and their annotations.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import UsageError
from reader.corpus import find_articles

if TYPE_CHECKING:
    from reader.cli import Subparsers

# Set by textual-serve for the app's process: it draws into a browser.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def add_serve(commands: Subparsers) -> None:
    serve = commands.add_parser(
        "serve",
        help="the reader in a browser tab (textual-serve), for who does not use a terminal",
        description="Serve the reader on PATH as a web page: every tab that opens it runs "
        "its own reader, with the same articles, sidecars and keys. Ctrl+C stops the server.",
    )
    serve.add_argument("path", type=Path, metavar="PATH")
    serve.add_argument(
        "--host", default="localhost", help="address to listen on (default: localhost)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--config", type=Path, help="the config file the readers use")
    serve.add_argument(
        "--public-url", help="the address browsers reach the server by, if not host:port"
    )


def reader_command(path: Path, config: Path | None) -> str:
    """The shell command each tab's reader runs: this Python, this reader."""
    arguments = [sys.executable, "-m", "reader", str(path.resolve()), "--bidi", "app"]
    if config is not None:
        arguments += ["--config", str(config.resolve())]
    return shlex.join(arguments)


def cmd_serve(args: argparse.Namespace) -> int:
    if not find_articles(args.path):
        raise UsageError(f"{args.path}: no articles here")
    if args.config is not None and not args.config.is_file():
        raise UsageError(f"{args.config}: no such config file")
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: a port is 1–65535")
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError("reader serve needs textual-serve: pip install textual-serve") from None
    server = Server(
        reader_command(args.path, args.config),
        host=args.host,
        port=args.port,
        title=f"reader — {args.path.resolve().name}",
        public_url=args.public_url,
    )
    where = args.public_url or f"http://{args.host}:{args.port}"
    print(f"reader: serving {args.path} at {where} (Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        server.serve()
    except OSError as error:
        raise UsageError(
            f"cannot serve on {args.host}:{args.port}: {error.strerror or error}"
        ) from None
    return 0
