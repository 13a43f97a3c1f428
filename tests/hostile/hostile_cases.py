"""Hostile inputs made at run time, and the check that none reached a terminal.

Every payload is something a terminal obeys (ESC/CSI/OSC/DCS, C1 controls,
BEL, NUL) or something that hides or reorders what a reader sees (bidi
overrides and isolates, zero-width characters, Unicode tag characters).
"""

from __future__ import annotations

import re

PAYLOADS = {
    "OSC 0 sets the window title": "\x1b]0;PWNED-TITLE\x07",
    "OSC 2 sets the title (ST-terminated)": "\x1b]2;PWNED-TITLE\x1b\\",
    "OSC 52 writes the clipboard": "\x1b]52;c;UFdORUQtQ0xJUA==\x07",
    "CSI clears the screen": "\x1b[2J\x1b[H",
    "DCS asks the terminal to answer": "\x1bP+q544e\x1b\\",
    "C1 CSI (8-bit)": "\x9b31m",
    "C1 OSC (8-bit)": "\x9d0;PWNED\x9c",
    "BEL": "\x07",
    "NUL": "\x00",
    "backspace over text": "abc\x08\x08\x08",
    "right-to-left override (Trojan Source)": "\u202eevil\u202c",
    "isolates": "\u2066\u2067\u2068x\u2069",
    "zero-width space": "a\u200bb",
    "byte-order mark inside text": "\ufeff",
    "word joiner": "\u2060",
    "Unicode tag characters (hidden ASCII)": "\U000e0050\U000e0057\U000e004e",
}
EVERY_PAYLOAD = " ".join(PAYLOADS.values())

# What reader's own output may contain: Textual's CSI sequences (SGR colours,
# cursor moves, private modes) and line breaks. Anything else listed here is
# a character a terminal obeys or a reader cannot see.
_TEXTUAL_CSI = r"\x1b\[[0-9;:?<>=]*[ -/]*[@-~]"
UNSAFE = re.compile(
    rf"(?!{_TEXTUAL_CSI})\x1b"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]"
    r"|[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]"
    r"|[\U000e0000-\U000e007f]"
    r"|[\ud800-\udfff]"
)


def unsafe_in(output: str) -> list[str]:
    """Each unsafe character in terminal output, with what surrounds it."""
    return [repr(output[max(m.start() - 15, 0) : m.end() + 15]) for m in UNSAFE.finditer(output)]
