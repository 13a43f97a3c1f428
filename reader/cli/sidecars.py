"""`reader annotations`, `validate`, `export` and `import`: sidecars, in and out."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.common import UsageError, read_articles, snippet
from reader.corpus import Article, CorpusError, find_articles, read_article

if TYPE_CHECKING:
    from reader.cli import Subparsers


def add_annotations(commands: Subparsers) -> None:
    annotations = commands.add_parser(
        "annotations",
        help="list the tagged passages and notes of an article or a folder",
        description="List annotations from each article's sidecar (ARTICLE.annotations.json, "
        "or the per-user copy), found again if the article changed. Never writes.",
    )
    annotations.add_argument("path", type=Path, metavar="PATH")
    annotations.add_argument("--json", action="store_true", help="print them as JSON")


def add_validate(commands: Subparsers) -> None:
    validate = commands.add_parser(
        "validate",
        help="check annotation sidecars against their JSON Schema",
        description="Check sidecar files against the JSON Schema shipped with reader "
        "(reader/annotations/schema/). Exit 0 if all are valid, 1 if any is not.",
    )
    validate.add_argument("sidecars", type=Path, nargs="+", metavar="SIDECAR")


def add_export(commands: Subparsers) -> None:
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
        action=argparse.BooleanOptionalAction,
        default=True,
        help="csv: start with a UTF-8 byte-order mark, so that spreadsheet programs show "
        "Arabic (the default, as the TUI's export; --no-bom leaves it out)",
    )
    export.add_argument(
        "--conll-labels",
        choices=("reader", "conventional"),
        default="reader",
        help="conll: reader's types (B-PERSON, B-PLACE…) or CoNLL-2003's PER/ORG/LOC/MISC",
    )


def add_import(commands: Subparsers) -> None:
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


def _article_of_sidecar(path: Path) -> Path:
    """A sidecar given where an article is expected: its article (said so),
    whose annotations are what the reader asked for."""
    from reader.formats.dumps import record_path

    suffix = ".annotations.json"
    if not path.name.endswith(suffix) or path.is_dir():
        return path
    stem = path.name[: -len(suffix)]
    if path.parent.name.endswith(".annotations"):  # a dump's record: DUMP.annotations/N...
        dump = path.parent.with_name(path.parent.name[: -len(".annotations")])
        found = dump.exists() and stem.isdigit()
        article = record_path(dump, int(stem)) if found else dump
    else:
        article = path.with_name(stem)
        found = article.exists()
    if not found:
        raise UsageError(
            f"{path} is a sidecar (annotations), but its article {article.name} is not beside "
            f"it; `reader validate {path}` checks the file itself"
        )
    print(f"reader: {path.name} is the sidecar of {article.name}: its annotations", file=sys.stderr)
    return article


def cmd_annotations(args: argparse.Namespace) -> int:
    """List annotations: one block per annotation, or JSON."""
    from reader.annotations.store import AnnotationStore

    args.path = _article_of_sidecar(args.path)
    single = not args.path.is_dir()
    shaped = sys.stdout.isatty()
    width = shutil.get_terminal_size(fallback=(80, 24)).columns
    results: list[dict[str, Any]] = []
    out: list[str] = []
    for article in read_articles(args.path):
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
            out.append("  " + snippet(a.quote, width - 2, shaped))
            if a.note.strip():
                out.append("  note: " + snippet(a.note, width - 8, shaped))
        out.append("")
    if args.json:
        payload = results[0] if single and results else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    elif out:
        sys.stdout.write("\n".join(out))
    else:
        print("no annotations", file=sys.stderr)
    return 0


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
            raise UsageError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise UsageError(f"{path}: is a directory, expected a sidecar file") from None
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


def cmd_export(args: argparse.Namespace) -> int:
    from reader.export import export_format
    from reader.export.formats import ExportError, render, write_folder, write_text
    from reader.export.records import corrected_entity_finder, records

    about = export_format(args.format)
    if about.writes_folder and args.output is None:
        raise UsageError(f"{args.format} export writes a folder: give it with -o FOLDER")
    output_file = args.output if not about.writes_folder else None
    if output_file is not None and output_file.is_file() and not args.force:
        # Refused before the (slow) work, not after it.
        raise UsageError(f"{output_file}: exists; use --force to overwrite it")

    if args.format == "brat" and not args.force:
        from reader.export.brat import IDS_SUFFIX, file_names

        paths = [p for path in args.paths for p in find_articles(path)]
        suffixes = (".txt", ".ann", IDS_SUFFIX)
        names = [f"{name}{suffix}" for name in file_names(paths) for suffix in suffixes]
        names += ["annotation.conf", "visual.conf"]
        existing = [args.output / name for name in names if (args.output / name).exists()]
        if existing:
            raise UsageError(f"{existing[0]}: exists; use --force to overwrite the brat files")

    def articles() -> Iterator[Article]:
        for path in args.paths:
            yield from read_articles(path)

    finder = corrected_entity_finder() if about.needs_entities else None
    chosen = list(records(articles(), finder, lambda m: print(f"reader: {m}", file=sys.stderr)))
    output = render(args.format, chosen, bom=args.bom, conll_labels=args.conll_labels)
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
        raise UsageError(str(error)) from None
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from reader.export.importing import (
        ImportProblem,
        brat_passages,
        import_annotations,
        w3c_passages,
    )

    if args.format == "brat" and args.into is None:
        raise UsageError("brat import needs --into ARTICLES: the folder of the articles")
    try:
        if args.format == "w3c":
            by_article = w3c_passages(args.source, args.into)
        else:
            by_article = brat_passages(args.source, args.into)
    except ImportProblem as error:
        raise UsageError(str(error)) from None
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
