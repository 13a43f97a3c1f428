"""An e-book (.epub): the book as one article, its chapters in reading order.

One article, not one per chapter: a reader annotates a book as a whole (a
passage's offsets, the sidecar, search and exports all cover it), and its
chapter headings are paragraphs of the text. The chapters are the spine's
XHTML documents in order; their block elements (headings, paragraphs, list
items, quotes, table cells) become paragraphs.
"""

from __future__ import annotations

import posixpath
import re

import lxml.html
from lxml import etree

from reader.formats.archive import member, open_zip, xml
from reader.formats.common import FormatError, Read, paragraphs_text

KIND = "e-book"
_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th", "dt", "dd", "pre",
     "figcaption", "caption", "div", "section", "article"}
)  # fmt: skip
_DROPPED = frozenset({"script", "style", "head", "nav"})


def read_epub(data: bytes, name: str) -> Read:
    archive = open_zip(data, KIND)
    container = xml(member(archive, "META-INF/container.xml", KIND), "container.xml", KIND)
    rootfile = container.find(".//{*}rootfile")
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    if not opf_path:
        raise FormatError(f"not a readable {KIND} (no package document)")
    opf = xml(member(archive, opf_path, KIND), opf_path, KIND)
    base = posixpath.dirname(opf_path)
    manifest = {
        item.get("id"): (item.get("href") or "", item.get("media-type") or "")
        for item in opf.iterfind(".//{*}manifest/{*}item")
    }
    blocks: list[str] = []
    directions: list[str] = []
    spine = opf.find(".//{*}spine")
    if spine is not None and spine.get("page-progression-direction") in ("rtl", "ltr"):
        directions.append(spine.get("page-progression-direction") or "")
    for itemref in opf.iterfind(".//{*}spine/{*}itemref"):
        href, media = manifest.get(itemref.get("idref"), ("", ""))
        if not href or "html" not in media:
            continue
        path = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
        chapter = member(archive, path, KIND)
        blocks += chapter_blocks(chapter)
        declared = re.search(rb'<(?:html|body)[^>]*\sdir="(rtl|ltr)"', chapter[:4096])
        if declared:
            directions.append(declared.group(1).decode("ascii"))
    if not blocks:
        raise FormatError(f"an {KIND} with no text")

    def first(tag: str) -> str:
        found = opf.find(f".//{{*}}metadata/{{*}}{tag}")
        return " ".join((found.text or "").split()) if found is not None else ""

    meta = {
        "title": first("title"),
        "author": first("creator"),
        "date": first("date"),
        "language": first("language"),
        "direction": directions[0] if directions else "",
    }
    return Read(paragraphs_text(blocks), "EPUB", {k: v for k, v in meta.items() if v}, "epub")


def chapter_blocks(data: bytes) -> list[str]:
    """A chapter's innermost blocks' text, in order."""
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    for dropped in list(root.iter(*_DROPPED)):
        if dropped.getparent() is not None:
            dropped.drop_tree()
    blocks = []
    for element in root.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in element.iterdescendants()):
            continue  # its inner blocks are taken instead
        text = " ".join("".join(element.itertext()).split())
        if text:
            blocks.append(text)
    return blocks
