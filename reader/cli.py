"""The ``reader`` command.

reader PATH                  read an article or a folder of articles
reader render FILE [...]     print an article's visual lines
reader entities PATH [--json] list the people, organisations, places, dates, money… in it
reader annotations PATH      list the tagged passages and notes of an article or folder
reader validate SIDECAR...   check annotation sidecars against their JSON Schema
reader taught [--forget NAME] list (or forget) the entity corrections taught for every article
reader export PATH... --format F [-o OUT]  annotations as json, jsonl, csv, md, w3c, brat, conll
reader import --format w3c|brat SOURCE    read exported annotations back into sidecars
reader search QUERY PATH...  find words as Arabic readers type them: file:line: snippet
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from reader import __version__
from reader.corpus import Article, CorpusError, find_articles, read_article

if TYPE_CHECKING:
    # Each imported where it is used: the layout (and wcwidth's tables) only
    # where a command draws text, so `reader entities --json` does not pay for it.
    from reader.annotations.model import Annotation, EntityCorrection
    from reader.layout import ArticleLayout, LayoutOptions
    from reader.nlp.entities import Entity, Mention

COMMANDS = ("render", "entities", "annotations", "validate", "taught", "export", "import", "search")


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
        "--raw",
        action="store_true",
        help="as the extractor found them, without your corrections (the article's "
        "sidecar and your taught list)",
    )
    entities.add_argument(
        "--backend",
        default="builtin",
        help="builtin (default; rules, gazetteers and the shipped model) or camel "
        "(CAMeL Tools' NER, if installed with its model)",
    )

    annotations = commands.add_parser(
        "annotations",
        help="list the tagged passages and notes of an article or a folder",
        description="List annotations from each article's sidecar (ARTICLE.annotations.json, "
        "or the per-user copy), found again if the article changed. Never writes.",
    )
    annotations.add_argument("path", type=Path, metavar="PATH")
    annotations.add_argument("--json", action="store_true", help="print them as JSON")

    validate = commands.add_parser(
        "validate",
        help="check annotation sidecars against their JSON Schema",
        description="Check sidecar files against the JSON Schema shipped with reader "
        "(reader/annotations/schema/). Exit 0 if all are valid, 1 if any is not.",
    )
    validate.add_argument("sidecars", type=Path, nargs="+", metavar="SIDECAR")

    taught = commands.add_parser(
        "taught",
        help="list the entity corrections taught for every article",
        description="List the entity corrections you taught in the reader (Entities panel, "
        "c, then 'In every article'), which apply to every article; --forget removes "
        "those about a name, whatever its spelling.",
    )
    taught.add_argument("--forget", metavar="NAME", help="forget what was taught about NAME")

    from reader.export import EXPORT_FORMATS, FORMATS

    export = commands.add_parser(
        "export",
        help=f"export annotations (and entities) as {', '.join(FORMATS)}",
        description="Export the annotations of articles or folders. "
        + "; ".join(
            f"{f.name}: {f.description}" + (" (needs -o FOLDER)" if f.writes_folder else "")
            for f in EXPORT_FORMATS
        )
        + ". Without -o, prints to stdout. Never overwrites without --force.",
    )
    export.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    export.add_argument("--format", "-f", required=True, choices=FORMATS)
    export.add_argument("-o", "--output", type=Path, metavar="OUT", help="file (brat: folder)")
    export.add_argument("--force", action="store_true", help="overwrite existing output")
    export.add_argument(
        "--bom",
        action="store_true",
        help="csv: start with a UTF-8 byte-order mark, so spreadsheet programs show Arabic",
    )

    importer = commands.add_parser(
        "import",
        help="read exported w3c or brat annotations back into sidecars",
        description="Merge annotations from a W3C Web Annotation file or a brat folder into "
        "the articles' sidecars: same id replaces, same passage adds its tags and note, "
        "anything else is added; nothing is removed. Passages are found again if an "
        "article changed since the export.",
    )
    importer.add_argument(
        "source", type=Path, metavar="SOURCE", help="a .jsonld file or brat folder"
    )
    importer.add_argument("--format", "-f", required=True, choices=("w3c", "brat"))
    importer.add_argument(
        "--into",
        type=Path,
        metavar="ARTICLES",
        help="the folder of the articles (brat: required; w3c: where to look for an "
        "article whose recorded path no longer exists)",
    )

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
    return parser


def build_open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read right-to-left articles: a file, or a folder of them. "
        f"Commands: {', '.join(COMMANDS)} (reader COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("path", type=Path, metavar="PATH")
    parser.add_argument(
        "--config",
        type=Path,
        help="a TOML file with tags, colours and the keymap "
        "(default: config.toml in the user config folder)",
    )
    _add_layout_options(parser)
    return parser


def _options(args: argparse.Namespace) -> LayoutOptions:
    from reader.layout import LayoutOptions

    return LayoutOptions(bidi=args.bidi, harakat=args.harakat, direction=args.direction)


def _width(args: argparse.Namespace) -> int:
    if args.width is not None:
        if args.width < 2:
            raise CorpusError(f"--width must be at least 2, not {args.width}")
        return int(args.width)
    return shutil.get_terminal_size(fallback=(80, 24)).columns


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
    layout = ArticleLayout(article.text, _options(args))
    width = _width(args)
    out = sys.stdout
    if args.format == "text":
        from reader.layout.render import rendered

        for block in rendered(layout, width):
            out.write(block)
        return 0
    for text in render_lines(layout, width, args.format):
        out.write(text + "\n")
    return 0


def _terminal_text(text: str, shaped: bool) -> str:
    """A short text for one output line: shaped in visual order for a terminal,
    logical otherwise; either way each character goes through the layout's
    terminal policy (`display_char`), so controls and bidi controls never pass."""
    from reader.layout import one_line
    from reader.layout.chars import display_char

    if not shaped:
        return "".join(display_char(char)[0] for char in " ".join(text.split()))
    return one_line(text)


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


def _read_articles(path: Path) -> Iterator[Article]:
    """The articles at PATH, read one at a time. A file that cannot be read is
    an error; in a folder it is skipped with a line on stderr."""
    paths = find_articles(path)
    if not paths:
        raise CorpusError(f"{path}: no articles (.txt, .md) here")
    for article_path in paths:
        try:
            yield read_article(article_path)
        except CorpusError as error:
            if not path.is_dir():
                raise
            print(f"reader: skipped {error}", file=sys.stderr)


def _json_rows(rows: Iterable[object]) -> str:
    """A JSON array with one element per line: readable, diffable, and written by
    json's C encoder (`indent=` makes json fall back to pure Python, which took
    a tenth of `reader entities` on a long article)."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    return "[\n" + lines + "\n]" if lines else "[]"


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
    taught = () if args.raw else _taught_corrections()
    single = not args.path.is_dir()
    shaped = sys.stdout.isatty()
    results: list[dict[str, Any]] = []
    out: list[str] = []
    for article in _read_articles(args.path):
        article_path = article.path
        found = extract_split(backend, article.text)
        entities = group(found) if args.raw else _corrected(article, found, taught)
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
        if single:
            sys.stdout.write(_json_rows(results[0]["mentions"]) + "\n")
        else:
            articles = (
                f'{{"path": {json.dumps(r["path"], ensure_ascii=False)}, '
                f'"mentions": {_json_rows(r["mentions"])}}}'
                for r in results
            )
            sys.stdout.write("[\n" + ",\n".join(articles) + "\n]\n")
    else:
        sys.stdout.write("\n".join(out) + "\n")
    return 0


def _taught_corrections() -> tuple[EntityCorrection, ...]:
    from reader.annotations import taught

    try:
        return taught.load()
    except taught.TaughtError as error:
        print(f"reader: taught entities not used: {error}", file=sys.stderr)
        return ()


def _corrected(
    article: Article, mentions: list[Mention], taught: tuple[EntityCorrection, ...]
) -> list[Entity]:
    """The article's entities with the corrections of its sidecar and the taught list."""
    from reader.annotations.corrections import corrected_entities
    from reader.annotations.store import AnnotationStore

    store = AnnotationStore(article.path, article.text)  # reading never writes
    for message in store.messages:
        print(f"reader: {message}", file=sys.stderr)
    return corrected_entities(article.text, mentions, store.state.corrections, taught)


def cmd_annotations(args: argparse.Namespace) -> int:
    """List annotations: one block per annotation, or JSON."""
    from reader.annotations.store import AnnotationStore

    single = not args.path.is_dir()
    shaped = sys.stdout.isatty()
    width = shutil.get_terminal_size(fallback=(80, 24)).columns
    results: list[dict[str, Any]] = []
    out: list[str] = []
    for article in _read_articles(args.path):
        path = article.path
        store = AnnotationStore(path, article.text)  # reading never writes
        for message in store.messages:
            print(f"reader: {message}", file=sys.stderr)
        annotations = store.state.annotations
        if args.json:
            results.append(
                {
                    "path": str(path),
                    "sidecar": str(store.path),
                    "annotations": [a.to_json() for a in annotations],
                }
            )
            continue
        if not annotations:
            continue
        out.append(f"── {path} ({len(annotations)}, {store.path.name})")
        for a in annotations:
            status = "" if a.status == "anchored" else f" [{a.status}]"
            out.append(f"{a.start}-{a.end}{status}  {', '.join(a.tags) or '-'}")
            out.append("  " + _snippet(a.quote, width - 2, shaped))
            if a.note.strip():
                out.append("  note: " + _snippet(a.note, width - 8, shaped))
        out.append("")
    if args.json:
        payload = results[0] if single and results else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    elif out:
        sys.stdout.write("\n".join(out))
    else:
        print("no annotations", file=sys.stderr)
    return 0


def _snippet(text: str, width: int, shaped: bool) -> str:
    """`_terminal_text`, cut to `width` at the end of its reading."""
    line = _terminal_text(text, False)
    if len(line) > width:
        line = line[: max(width - 1, 1)] + "…"
    return _terminal_text(line, shaped)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check sidecars against the shipped JSON Schema; exit 1 if any is invalid."""
    import jsonschema

    from reader.annotations.sidecar import schema

    validator = jsonschema.Draft202012Validator(schema())
    invalid = 0
    for path in args.sidecars:
        try:
            document = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            raise CorpusError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise CorpusError(f"{path}: is a directory, expected a sidecar file") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            print(f"{path}: invalid: not JSON ({error})")
            invalid += 1
            continue
        except RecursionError:
            print(f"{path}: invalid: nested too deeply")
            invalid += 1
            continue
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if not errors:
            count = len(document.get("annotations", []))
            print(f"{path}: valid (schema version {document.get('version')}, {count} annotations)")
            continue
        invalid += 1
        print(f"{path}: invalid ({len(errors)} problems)")
        for problem in errors[:20]:
            where = "/".join(str(p) for p in problem.absolute_path) or "(top level)"
            print(f"  {where}: {problem.message[:200]}")
    return 1 if invalid else 0


def cmd_taught(args: argparse.Namespace) -> int:
    from reader.annotations import taught

    try:
        if args.forget:
            removed = taught.forget(args.forget)
            print(f"forgot {removed} correction(s) about {_terminal_text(args.forget, False)}")
            return 0 if removed else 1
        corrections = taught.load()
    except taught.TaughtError as error:
        raise CorpusError(str(error)) from None
    shaped = sys.stdout.isatty()
    if not corrections:
        print(f"nothing taught yet ({taught.taught_path()})", file=sys.stderr)
    for c in corrections:
        what = {
            "reject_entity": "not an entity",
            "retype": f"is {c.type}",
            "merge": f"is {_terminal_text(c.target, shaped)}",
            "add": f"is {c.type}",
        }
        print(f"{_terminal_text(c.name, shaped)}: {what.get(c.action, c.action)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from reader.export import export_format
    from reader.export.formats import ExportError, render, write_folder, write_text
    from reader.export.records import corrected_entity_finder, records

    about = export_format(args.format)
    if about.writes_folder and args.output is None:
        raise CorpusError(f"{args.format} export writes a folder: give it with -o FOLDER")
    output_file = args.output if not about.writes_folder else None
    if output_file is not None and output_file.is_file() and not args.force:
        # Refused before the (slow) work, not after it.
        raise CorpusError(f"{output_file}: exists; use --force to overwrite it")

    if args.format == "brat" and not args.force:
        from reader.export.brat import IDS_SUFFIX, file_names

        paths = [p for path in args.paths for p in find_articles(path)]
        suffixes = (".txt", ".ann", IDS_SUFFIX)
        names = [f"{name}{suffix}" for name in file_names(paths) for suffix in suffixes]
        names += ["annotation.conf", "visual.conf"]
        existing = [args.output / name for name in names if (args.output / name).exists()]
        if existing:
            raise CorpusError(f"{existing[0]}: exists; use --force to overwrite the brat files")

    def articles() -> Iterator[Article]:
        for path in args.paths:
            yield from _read_articles(path)

    finder = corrected_entity_finder() if about.needs_entities else None
    chosen = list(records(articles(), finder, lambda m: print(f"reader: {m}", file=sys.stderr)))
    output = render(args.format, chosen, bom=args.bom)
    count = sum(len(r.annotations) for r in chosen)
    try:
        if isinstance(output, dict):
            written = write_folder(args.output, output, force=args.force)
            done = f"{len(chosen)} articles, {count} annotations → {len(written)} files"
            print(f"{done} in {args.output}", file=sys.stderr)
        elif args.output is None:
            sys.stdout.write(output)
        else:
            write_text(args.output, output, force=args.force)
            print(f"{len(chosen)} articles, {count} annotations → {args.output}", file=sys.stderr)
    except ExportError as error:
        raise CorpusError(str(error)) from None
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from reader.export import w3c
    from reader.export.importing import import_annotations

    by_article: dict[Path, list[Annotation]] = {}
    if args.format == "w3c":
        try:
            data = args.source.read_bytes().decode("utf-8")
            found = w3c.read(data)
        except FileNotFoundError:
            raise CorpusError(f"{args.source}: no such file") from None
        except IsADirectoryError:
            raise CorpusError(f"{args.source}: is a folder, expected a W3C .jsonld file") from None
        except UnicodeDecodeError:
            raise CorpusError(f"{args.source}: not UTF-8 text") from None
        except w3c.W3CError as error:
            raise CorpusError(f"{args.source}: {error}") from None
        for path, annotation in found:
            # --into names where the articles are now; the recorded path is
            # where they were when exported.
            moved = args.into / path.name if args.into is not None else path
            by_article.setdefault(moved if moved.exists() else path, []).append(annotation)
    else:
        if args.into is None:
            raise CorpusError("brat import needs --into ARTICLES: the folder of the articles")
        by_article = _brat_annotations(args.source, args.into)
    failed = 0
    for path, incoming in by_article.items():
        try:
            article = read_article(path)
        except CorpusError as error:
            skipped = f"{len(incoming)} annotations not imported"
            print(f"reader: {error} — {skipped}", file=sys.stderr)
            failed += 1
            continue
        report = import_annotations(article, incoming)
        for message in report.messages:
            print(f"reader: {message}", file=sys.stderr)
        print(report.summary())
    return 1 if failed else 0


def _brat_annotations(source: Path, into: Path) -> dict[Path, list[Annotation]]:
    """The passages of each .ann file in `source`, keyed by the article in `into`
    with the same name (brat's .txt is a copy of it)."""
    from reader.export import brat

    if not source.exists():
        raise CorpusError(f"{source}: no such file or folder")
    ann_files = sorted(source.glob("*.ann")) if source.is_dir() else [source]
    if not ann_files:
        raise CorpusError(f"{source}: no .ann files here")
    articles = {p.stem: p for p in find_articles(into)} if into.is_dir() else {into.stem: into}
    result: dict[Path, list[Annotation]] = {}
    for ann in ann_files:
        txt = ann.with_suffix(".txt")
        article = articles.get(ann.stem)
        if article is None:
            raise CorpusError(f"{ann}: no article named {ann.stem}.* in {into}")
        try:
            text = txt.read_bytes().decode("utf-8")
            passages = brat.read(ann.read_bytes().decode("utf-8"), text)
        except FileNotFoundError:
            raise CorpusError(f"{txt}: missing (brat keeps the text beside the .ann)") from None
        except UnicodeDecodeError:
            raise CorpusError(f"{ann}: not UTF-8 text") from None
        except brat.BratError as error:
            raise CorpusError(f"{ann}: {error}") from None
        if not passages:
            continue  # only entities: they are extracted again, nothing to import
        ids_file = ann.with_name(ann.stem + brat.IDS_SUFFIX)
        ids = ids_file.read_bytes().decode("utf-8", "replace") if ids_file.is_file() else ""
        identities = brat.read_identities(ids)
        result[article] = [brat.annotation(text, p, identities) for p in passages]
    return result


SNIPPET_CONTEXT = 30  # characters each side of a hit


def cmd_search(args: argparse.Namespace) -> int:
    from reader.nlp.search import QueryError, around, compile_query, find, with_lines

    try:
        compile_query(args.query, not args.substring)
    except QueryError as error:
        raise CorpusError(str(error)) from None
    shaped = sys.stdout.isatty()
    found = 0
    out = sys.stdout
    for path in args.paths:
        for article in _read_articles(path):
            text = article.text
            hits = find(text, args.query, not args.substring)
            for line, line_start, line_end, hit in with_lines(text, hits):
                start, end = around(hit, line_start, line_end, SNIPPET_CONTEXT)
                snippet = text[start:end]
                snippet = ("…" if start > line_start else "") + snippet
                snippet += "…" if end < line_end else ""
                out.write(f"{article.path}:{line}: {_terminal_text(snippet, shaped)}\n")
                found += 1
    if not found:
        print(f"reader: no match for {_terminal_text(args.query, False)}", file=sys.stderr)
    return 0 if found else 1


def cmd_open(args: argparse.Namespace) -> int:
    """Open the reader on a terminal; print the rendered articles when piped."""
    paths = find_articles(args.path)
    if not paths:
        raise CorpusError(f"{args.path}: no articles (.txt, .md) here")
    if sys.stdout.isatty() and sys.stdin.isatty():
        from reader.config import ConfigError, load_config
        from reader.tui.app import ReaderApp  # Textual only loads for the TUI

        try:
            config = load_config(args.config)
        except ConfigError as error:
            raise CorpusError(str(error)) from None
        ReaderApp(paths, _options(args), config).run()
        return 0
    from reader.layout import ArticleLayout

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


def _guard_terminal_streams() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, TerminalText):
            continue
        if isinstance(stream, io.TextIOWrapper):
            # Arabic must come out as UTF-8 whatever the locale says.
            stream.reconfigure(encoding="utf-8", errors="replace")
        if name == "stderr" or stream.isatty():
            setattr(sys, name, TerminalText(stream))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The TUI is unaffected: Textual writes to the terminal through its own
    # handle (sys.__stderr__), with text that went through the layout.
    _guard_terminal_streams()
    if argv and argv[0] in COMMANDS:
        args = build_parser().parse_args(argv)
        handler = {
            "render": cmd_render,
            "entities": cmd_entities,
            "annotations": cmd_annotations,
            "validate": cmd_validate,
            "taught": cmd_taught,
            "export": cmd_export,
            "import": cmd_import,
            "search": cmd_search,
        }[args.command]
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


# Commands that only read and print: nothing of theirs is left to close or
# flush but standard output. The ones that write files exit normally.
_QUICK_EXIT = ("render", "entities", "annotations", "validate", "search")


def run() -> None:
    """The `reader` command: `main()`, and for the batch commands a quick exit
    and no cycle collection.

    After `reader entities` or `reader render` on a long article, Python's
    own teardown (freeing every string of the word tables and caches one by
    one) took a tenth of the run; the output is flushed, then the process
    leaves without it. The TUI exits normally, so Textual restores the terminal.
    """
    quick = sys.argv[1:2] != [] and sys.argv[1] in _QUICK_EXIT
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
