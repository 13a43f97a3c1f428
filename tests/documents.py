"""Documents made at test time from known text: e-books."""

from __future__ import annotations

import zipfile
from pathlib import Path


def make_epub(
    path: Path, title: str, chapters: list[tuple[str, list[str]]], opf_extra: str = ""
) -> None:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        items = "".join(
            f'<item id="c{n}" href="text/c{n}.xhtml" media-type="application/xhtml+xml"/>'
            for n in range(len(chapters))
        )
        # The spine reads the chapters last to first: reading order is the spine's.
        spine = "".join(f'<itemref idref="c{n}"/>' for n in reversed(range(len(chapters))))
        book.writestr(
            "OEBPS/content.opf",
            f'<?xml version="1.0"?>{opf_extra}<package xmlns="http://www.idpf.org/2007/opf" '
            'version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{title}</dc:title><dc:creator>كاتب</dc:creator>"
            f"<dc:language>ar</dc:language></metadata><manifest>{items}</manifest>"
            f"<spine>{spine}</spine></package>",
        )
        for n, (heading, paragraphs) in enumerate(chapters):
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            book.writestr(
                f"OEBPS/text/c{n}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
                f'dir="rtl"><head><title>{heading}</title><style>p {{ margin: 0 }}</style></head>'
                f"<body><section><h2>{heading}</h2>{body}</section></body></html>",
            )
