"""A saved web page: the article's main text and what the page says of it.

The main text is found by trafilatura, which of the maintained extractors
kept every word of the story and dropped every menu, "read also" box, share
bar, comment and footer on our test pages of Arabic news (readability-lxml
let share bars and cookie banners through; see the README). Headings,
paragraphs, quotes and list items become paragraphs, one blank line apart.
The title and metadata are read here from what the page states: Open Graph
and article meta tags, JSON-LD `NewsArticle`, the first heading, `<title>`
without the site's name; dates are never guessed.

Nothing is fetched: lxml's HTML parser resolves no external entity or DTD
and trafilatura is given the page, never a URL.
"""

from __future__ import annotations

import json
import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from reader.formats.common import FormatError, Read, paragraphs_text, sniff_decode

# A page bigger than this is refused: a news page is a few hundred KB.
MAX_PAGE_BYTES = 64 * 1024 * 1024
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_TITLE_PARTS = re.compile(r"\s+[|\-–—:·»«]+\s+")


def read_html(data: bytes, name: str) -> Read:
    if len(data) > MAX_PAGE_BYTES:
        raise FormatError(f"too large a web page ({len(data) / 2**20:,.0f} MB)")
    page, encoding = sniff_decode(data, name, declared_encoding(data))
    try:
        tree = lxml.html.document_fromstring(page or "<html></html>")
    except (etree.ParserError, ValueError) as error:
        raise FormatError(f"not a readable web page ({error})") from None
    meta = page_meta(tree)
    body = trafilatura.extract(
        tree,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
        deduplicate=False,
    )
    blocks = [_cell_text(line) for line in (body or "").splitlines()]
    blocks = [block for block in blocks if block]
    title = meta.get("title") or (blocks[0] if blocks else "")
    if title and (not blocks or _folded(blocks[0]) != _folded(title)):
        blocks.insert(0, title)  # the headline opens the text
    if not blocks:
        raise FormatError("a web page with no article text found")
    return Read(paragraphs_text(blocks), encoding, meta, "html")


def _cell_text(line: str) -> str:
    """A line of trafilatura's text, a table row's "| a | b |" as "a | b"
    (old sites lay their articles out in tables: a row is a paragraph)."""
    line = line.strip()
    if len(line) > 1 and line.startswith("|") and line.endswith("|"):
        line = line[1:-1].strip()
    return line


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (`<meta charset>`, `http-equiv`)."""
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def page_meta(tree: Any) -> dict[str, str]:
    """Title, date, author, site, URL and language, where the page states them."""

    def content(*selectors: str) -> str:
        for selector in selectors:
            for value in tree.xpath(selector):
                text = " ".join(str(value).split())
                if text:
                    return text
        return ""

    ld = _news_article(tree)
    heading = content("//h1//text()[not(ancestor::script or ancestor::style)][normalize-space()]")
    titled = content("//title/text()")
    meta = {
        "title": content(
            "//meta[@property='og:title']/@content", "//meta[@name='twitter:title']/@content"
        )
        or _text(ld.get("headline"))
        or heading
        or _without_site(titled, heading),
        "date": content(
            "//meta[@property='article:published_time']/@content",
            "//meta[@name='date']/@content",
            "//meta[@itemprop='datePublished']/@content",
            "//time[@datetime]/@datetime",
        )
        or _text(ld.get("datePublished")),
        "author": content(
            "//meta[@name='author']/@content", "//meta[@property='article:author']/@content"
        )
        or _text(ld.get("author")),
        "site": content("//meta[@property='og:site_name']/@content") or _text(ld.get("publisher")),
        "url": content("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
        or _text(ld.get("url")),
        "language": content("//html/@lang"),
        # The direction the page gives its story: the page's, or the block
        # around its headline (an English site around an Arabic story).
        "direction": content(
            "//html/@dir", "//body/@dir", "(//h1/ancestor-or-self::*[@dir])[last()]/@dir"
        ).lower(),
    }
    if meta["direction"] not in ("rtl", "ltr"):
        meta["direction"] = ""
    return {key: value for key, value in meta.items() if value}


def _news_article(tree: Any) -> dict[str, Any]:
    """The page's JSON-LD article, if it has one."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items if isinstance(items, list) else []:
            kind = item.get("@type") if isinstance(item, dict) else None
            kinds = kind if isinstance(kind, list) else [kind]
            if any(k in ("NewsArticle", "Article", "ReportageNewsArticle") for k in kinds):
                found: dict[str, Any] = item
                return found
    return {}


def _text(value: Any) -> str:
    """A JSON-LD value as text: a name, or the first of a list."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def _without_site(title: str, heading: str) -> str:
    """`<title>` without the site's name: the part that is the heading, else the longest."""
    parts = [part for part in _TITLE_PARTS.split(title) if part.strip()]
    if not parts:
        return ""
    for part in parts:
        if heading and _folded(part) == _folded(heading):
            return part
    return max(parts, key=len)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()
