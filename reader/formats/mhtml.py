"""A web page saved as one file (.mhtml, .mht: "Webpage, single file").

The MIME archive holds the page and its images; the first text/html part is
the page, read as any web page (`reader.formats.html`), its charset from the
part's header when the page does not declare one.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from reader.formats.common import FormatError, Read
from reader.formats.html import MAX_PAGE_BYTES, read_html


def read_mhtml(data: bytes, name: str) -> Read:
    if len(data) > MAX_PAGE_BYTES * 4:
        raise FormatError(f"too large a saved page ({len(data) / 2**20:,.0f} MB)")
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):
        raise FormatError("not a saved web page (no MIME parts)")
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                break
            charset = part.get_content_charset()
            if charset and b"charset" not in payload[:4096].lower():
                payload = f'<meta charset="{charset}">'.encode("ascii") + payload
            read = read_html(payload, name)
            return Read(read.text, read.encoding, read.meta, "mhtml")
    raise FormatError("a saved web page with no page in it (no text/html part)")
