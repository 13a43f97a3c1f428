"""`reader entities` and `reader taught`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.common import UsageError, entity_table, json_rows, read_articles, terminal_text
from reader.corpus import Article

if TYPE_CHECKING:
    from reader.annotations.model import EntityCorrection
    from reader.cli import Subparsers
    from reader.nlp.entities import Entity, Mention


def add_entities(commands: Subparsers) -> None:
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
        "--library",
        action="store_true",
        help="answer from the index of the library at PATH (reader index PATH): its most "
        "mentioned entities, or with --name the articles that mention one and who is "
        "mentioned with it",
    )
    entities.add_argument("--name", metavar="NAME", help="with --library: one entity")
    entities.add_argument(
        "--top", type=int, default=30, metavar="N", help="with --library: how many rows (30)"
    )
    entities.add_argument(
        "--backend",
        default="builtin",
        help="builtin (default; rules, gazetteers and the shipped model) or camel "
        "(CAMeL Tools' NER, if installed with its model)",
    )


def add_taught(commands: Subparsers) -> None:
    taught = commands.add_parser(
        "taught",
        help="list the entity corrections taught for every article",
        description="List the entity corrections you taught in the reader (Entities panel, "
        "c, then 'In every article'), which apply to every article; --forget removes "
        "those about a name, whatever its spelling.",
    )
    taught.add_argument("--forget", metavar="NAME", help="forget what was taught about NAME")


def cmd_library_entities(args: argparse.Namespace) -> int:
    """`reader entities --library PATH [--name NAME]`, from the index."""
    from reader.index import database_path

    if args.name is None and args.top < 1:
        raise UsageError("--top takes a number of rows, 1 or more")
    if not database_path(args.path).exists():
        raise UsageError(f"{args.path}: no index yet; build it with: reader index {args.path}")
    from reader.cli.index import open_index

    shaped = sys.stdout.isatty()
    with open_index(args.path, reading=True) as index:
        if not index.count():
            raise UsageError(
                f"{args.path}: the index is empty; build it with: reader index {args.path}"
            )
        if args.name is None:
            top = index.top_entities(args.top)
            if args.json:
                rows = [{"type": t, "name": n, "mentions": m, "articles": a} for t, n, m, a in top]
                sys.stdout.write(json_rows(rows) + "\n")
            else:
                for kind, name, mentions, in_articles in top:
                    print(
                        f"{kind:<9} {mentions:>6} mentions {in_articles:>5} articles  "
                        f"{terminal_text(name, shaped)}"
                    )
            return 0 if top else 1
        articles = index.articles_mentioning(args.name)
        company = index.mentioned_with(args.name, args.top)
    if args.json:
        document = {
            "name": args.name,
            "articles": [
                {"path": p, "title": t, "type": k, "mentions": n} for p, t, k, n in articles
            ],
            "mentioned_with": [{"type": k, "name": n, "articles": a} for k, n, a in company],
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        return 0 if articles else 1
    if not articles:
        print(f"reader: no article mentions {terminal_text(args.name, False)}", file=sys.stderr)
        return 1
    print(f"{len(articles)} articles mention {terminal_text(args.name, shaped)}:")
    for path, title, kind, count in articles:
        shown = f"{terminal_text(path, shaped)}  {terminal_text(title, shaped)}"
        print(f"  {count:>4} × {kind:<7} {shown}")
    if company:
        print("mentioned with it:")
        for kind, name, together in company:
            print(f"  {together:>4} articles  {kind:<9} {terminal_text(name, shaped)}")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    if args.library:
        return cmd_library_entities(args)
    if args.name is not None:
        raise UsageError("--name goes with --library")
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
        raise UsageError(str(error)) from error
    taught = () if args.raw else _taught_corrections()
    single = not args.path.is_dir()
    shaped = sys.stdout.isatty()
    results: list[dict[str, Any]] = []
    out: list[str] = []
    for article in read_articles(args.path):
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
            sys.stdout.write(json_rows(results[0]["mentions"]) + "\n")
        else:
            articles = (
                f'{{"path": {json.dumps(r["path"], ensure_ascii=False)}, '
                f'"mentions": {json_rows(r["mentions"])}}}'
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


def cmd_taught(args: argparse.Namespace) -> int:
    from reader.annotations import taught

    try:
        if args.forget:
            removed = taught.forget(args.forget)
            print(f"forgot {removed} correction(s) about {terminal_text(args.forget, False)}")
            return 0 if removed else 1
        corrections = taught.load()
    except taught.TaughtError as error:
        raise UsageError(str(error)) from None
    shaped = sys.stdout.isatty()
    if not corrections:
        print(f"nothing taught yet ({taught.taught_path()})", file=sys.stderr)
    for c in corrections:
        what = {
            "reject_entity": "not an entity",
            "retype": f"is {c.type}",
            "merge": f"is {terminal_text(c.target, shaped)}",
            "add": f"is {c.type}",
        }
        print(f"{terminal_text(c.name, shaped)}: {what.get(c.action, c.action)}")
    return 0
