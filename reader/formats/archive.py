"""ZIP containers (DOCX, EPUB) opened without trusting them: bounded in what
they unpack to, and their XML parsed with no entities, DTDs or network."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from reader.formats.common import FormatError

# What a container may unpack to, in all, and how much more than its size.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000

XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """The archive, if it is one and unpacks to a sane size; else FormatError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FormatError(f"not a readable {kind} ({error})") from None
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or unpacked > min(MAX_UNPACKED_BYTES, MAX_RATIO * len(data)):
        raise FormatError(f"refused: a {kind} that unpacks to {unpacked / 2**20:,.0f} MB")
    return archive


def member(archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    try:
        with archive.open(name) as handle:
            data = handle.read(MAX_UNPACKED_BYTES + 1)
    except KeyError:
        raise FormatError(f"not a readable {kind} (no {name})") from None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise FormatError(f"not a readable {kind} ({name}: {error})") from None
    if len(data) > MAX_UNPACKED_BYTES:
        raise FormatError(f"refused: a {kind} member larger than it says")
    return data


def xml(data: bytes, name: str, kind: str) -> etree._Element:
    try:
        return etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"not a readable {kind} ({name}: {error})") from None
