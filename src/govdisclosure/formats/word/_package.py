"""Reading an OPC package (the zip inside a ``.docx``) defensively: size limits against zip
bombs, one hardened XML parser, and every failure turned into a :class:`ReadError`."""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote

import attrs
from lxml import etree

from govdisclosure.errors import ReadError
from govdisclosure.formats.word._ooxml import make_parser, qn

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_PARTS",
    "MAX_PART_BYTES",
    "MAX_TOTAL_BYTES",
    "Package",
    "Relationship",
    "rels_name",
    "resolve_target",
]

MAX_PART_BYTES = 64 * 1024 * 1024
"""Default cap on the unpacked size of one part (64 MiB); ``word/document.xml`` of a long
report is well under 1 MiB."""
MAX_TOTAL_BYTES = 128 * 1024 * 1024
"""Default cap on the unpacked size of all parts read from one package."""
MAX_PARTS = 10_000
"""Default cap on the entries of one package, checked from the zip's directory record before
the directory is read (a report with its images has a few dozen)."""
MAX_COMPRESSION_RATIO = 100
"""Default cap on how many times larger than its compressed size a part may unpack, once it
passes 1 MiB (Word's XML compresses about 10 to 30 times; a zip bomb about 1000)."""
_RATIO_GRACE = 1024 * 1024
_CHUNK = 1024 * 1024
_DIRECTORY_ENTRY = 1024
"""Bytes of central directory allowed per permitted entry (a real entry takes about 100)."""
_EOCD = struct.Struct("<4s4H2LH")
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_UNSAFE_NAME = re.compile(r"(?:^|[/\\])\.\.(?:[/\\]|$)|^[A-Za-z]:|^[/\\]{2}|\x00")
_MACRO_PART = "vbaproject.bin"
_DOCTYPE_SCAN = 1 << 16

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


@attrs.frozen
class Relationship:
    id: str
    type: str
    target: str
    """Part name the relationship points to (resolved, no leading ``/``), or the raw URI of an
    external target."""
    external: bool = False


def rels_name(part: str) -> str:
    """The relationships part of ``part``: ``word/document.xml`` → ``word/_rels/document.xml.rels``."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def resolve_target(source_part: str, target: str) -> str:
    """A relationship target as a part name, relative to the part that holds the relationship."""
    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    folder = source_part.rpartition("/")[0]
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def _too_many_parts(count: int, limit: int, source: str | None) -> ReadError:
    return ReadError(
        f"the package has {count} entries or more, over the limit of {limit} (a zip bomb or a"
        " damaged file); raise max_parts to read it",
        source=source,
    )


def _check_directory(data: bytes, max_parts: int, source: str | None) -> None:
    """Refuse a zip whose directory record announces more entries than ``max_parts``, or a
    central directory larger than such entries need."""
    start = data.rfind(b"PK\x05\x06", max(0, len(data) - _EOCD.size - 0xFFFF))
    if start < 0 or start + _EOCD.size > len(data):
        return  # not a zip: zipfile says so
    _sig, _disk, _cd_disk, here, entries, size, offset, _comment = _EOCD.unpack_from(data, start)
    if 0xFFFF in (entries, here) or 0xFFFFFFFF in (size, offset):
        # ZIP64: the real numbers are in the ZIP64 record just before its locator.
        locator = start - _EOCD64_LOCATOR.size
        record = locator - _EOCD64.size
        if record < 0 or data[locator : locator + 4] != b"PK\x06\x07":
            raise ReadError("not a DOCX: a damaged ZIP64 directory record", source=source)
        fields = _EOCD64.unpack_from(data, record)
        if fields[0] != b"PK\x06\x06":
            raise ReadError("not a DOCX: a damaged ZIP64 directory record", source=source)
        entries, size = fields[7], fields[8]
    if entries > max_parts or size > max_parts * _DIRECTORY_ENTRY:
        raise _too_many_parts(max(entries, size // _DIRECTORY_ENTRY), max_parts, source)


def _describe_cfb(data: bytes) -> str:
    if _ENCRYPTED in data:
        return (
            "is password-protected (an encrypted Office file): open it in Word or WPS, remove"
            " the password and save it again"
        )
    return (
        "is an OLE compound file (a Word 97–2003 .doc or another legacy Office file), not a"
        " DOCX: save it as .docx first"
    )


class Package:
    """The parts of one package, read on demand within a byte budget.

    Raises :class:`ReadError` (naming ``source`` and the part) for anything that is not a
    readable package, and nothing else: more entries than ``max_parts``, an entry name that
    points outside the package (zip-slip), a part that unpacks past the limits or to more than
    ``max_compression_ratio`` times its compressed size, an encrypted entry; and, when the main
    document is asked for, a macro-enabled document unless ``allow_macros``.
    """

    def __init__(
        self,
        data: bytes | bytearray | memoryview | str,
        *,
        source: str | None,
        max_part_bytes: int = MAX_PART_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        max_parts: int = MAX_PARTS,
        max_compression_ratio: int = MAX_COMPRESSION_RATIO,
        allow_macros: bool = False,
    ) -> None:
        self.source = source
        self._max_part = max_part_bytes
        self._budget = max_total_bytes
        self._max_ratio = max_compression_ratio
        self._allow_macros = allow_macros
        if isinstance(data, str):
            raise ReadError(
                "a DOCX is binary data (a zip package), got text; pass bytes", source=source
            )
        data = bytes(data)
        if data.startswith(_CFB_MAGIC):
            raise ReadError(f"not a DOCX: the file {_describe_cfb(data)}", source=source)
        if not data:
            raise ReadError("not a DOCX: the input is empty", source=source)
        # zipfile reads the whole central directory when it opens a package: look at its size
        # first, so that millions of tiny entries cost nothing.
        _check_directory(data, max_parts, source)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except Exception as exc:  # zipfile raises many types for damaged input
            raise ReadError(
                f"not a DOCX: not a readable zip package ({exc})", source=source
            ) from exc
        if len(infos) > max_parts:
            raise _too_many_parts(len(infos), max_parts, source)
        for info in infos:
            if _UNSAFE_NAME.search(info.filename):
                raise ReadError(
                    f"the package has an entry named {info.filename!r}, a path that points"
                    " outside the package (a zip-slip attack or a damaged file)",
                    source=source,
                )
        # OPC part names compare case-insensitively.
        self._infos = {info.filename.lstrip("/").lower(): info for info in infos}

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._infos

    def names(self) -> Iterator[str]:
        """Every part name as stored (directories excluded)."""
        for info in self._infos.values():
            if not info.is_dir():
                yield info.filename.lstrip("/")

    def read(self, name: str) -> bytes:
        """The bytes of part ``name``, refusing more than the limits allow."""
        info = self._infos.get(name.lower())
        if info is None:
            raise ReadError(f"the package has no part {name!r}", source=self.source)
        limit = min(self._max_part, self._budget)
        if info.file_size > limit:
            raise self._too_big(name, info.file_size, limit)
        if info.flag_bits & 0x1:
            raise ReadError(
                "the part is encrypted (a password-protected zip, not a Word document)",
                source=self.source,
                place=name,
            )
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                # In pieces, so that a bomb is stopped once it passes a limit, not after.
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise self._too_big(name, None, limit)
                    if size > _RATIO_GRACE and size > self._max_ratio * max(info.compress_size, 1):
                        raise self._bomb(name, info.compress_size)
                    chunks.append(chunk)
        except ReadError:
            raise
        except Exception as exc:  # CRC errors, unknown compression, damaged deflate data…
            raise ReadError(f"cannot unpack: {exc}", source=self.source, place=name) from exc
        data = b"".join(chunks)
        self._budget -= len(data)
        return data

    def _bomb(self, name: str, compressed: int) -> ReadError:
        return ReadError(
            f"the part unpacks to more than {self._max_ratio} times its compressed size of"
            f" {compressed} bytes (a zip bomb?); raise max_compression_ratio to read it",
            source=self.source,
            place=name,
        )

    def _too_big(self, name: str, size: int | None, limit: int) -> ReadError:
        stated = f"{size} bytes" if size is not None else "more than its stated size"
        return ReadError(
            f"the part unpacks to {stated}, more than the limit of {limit} bytes"
            " (a damaged file or a zip bomb); raise max_part_bytes / max_total_bytes to read it",
            source=self.source,
            place=name,
        )

    def xml(self, name: str) -> etree._Element:
        """Part ``name`` parsed with the hardened parser; DTDs are refused."""
        return self.parse(self.read(name), name)

    def parse(self, data: bytes, name: str) -> etree._Element:
        """``data``, read from part ``name``, parsed with the hardened parser."""
        if data.startswith(b"PK\x03\x04"):
            raise ReadError(
                "the part is a zip package itself (a nested zip), not XML",
                source=self.source,
                place=name,
            )
        if b"<!DOCTYPE" in data[:_DOCTYPE_SCAN]:
            # Refused before parsing, so no entity declaration reaches the parser.
            raise self._doctype(name)
        try:
            root = etree.fromstring(data, make_parser())
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise ReadError(f"not well-formed XML: {exc}", source=self.source, place=name) from exc
        if root is None:
            raise ReadError("empty XML part", source=self.source, place=name)
        doctype: str = getattr(root.getroottree().docinfo, "doctype", "")
        if doctype:
            raise self._doctype(name)
        return root

    def _doctype(self, name: str) -> ReadError:
        return ReadError(
            "XML with a document type declaration (DTD) is refused",
            source=self.source,
            place=name,
        )

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` (``""`` for the package itself); none if it has none."""
        name = rels_name(part) if part else "_rels/.rels"
        if name not in self:
            return []
        rels = []
        for element in self.xml(name).iter(qn("pr:Relationship")):
            target = element.get("Target") or ""
            external = element.get("TargetMode") == "External"
            rels.append(
                Relationship(
                    id=element.get("Id") or "",
                    type=element.get("Type") or "",
                    target=target if external else resolve_target(part, target),
                    external=external,
                )
            )
        return rels

    def related(self, part: str, rel_type_suffix: str) -> str | None:
        """The first internal part ``part`` relates to by a type ending in ``rel_type_suffix``
        (Transitional and Strict OOXML types differ only before it)."""
        for rel in self.relationships(part):
            if not rel.external and rel.type.endswith(rel_type_suffix):
                return rel.target
        return None

    def main_document(self) -> str:
        """Name of the main document part (``word/document.xml`` in every ordinary DOCX)."""
        name = self.related("", "/officeDocument") or "word/document.xml"
        if name not in self:
            nested = [n for n in self.names() if n.lower().endswith((".docx", ".zip"))]
            hint = (
                f" It holds another package ({nested[0]}): unpack that one and read it instead."
                if nested
                else " Is it a DOCX?"
            )
            raise ReadError(
                f"not a Word document: the package has no main document part ({name}).{hint}",
                source=self.source,
            )
        if not self._allow_macros:
            self._refuse_macros(name)
        return name

    def _refuse_macros(self, main: str) -> None:
        macros = next((n for n in self.names() if n.lower().endswith(_MACRO_PART)), None)
        if macros is None and "[content_types].xml" in self._infos:
            types = self.read("[Content_Types].xml")
            if b"macroEnabled" in types or b"macroenabled" in types:
                macros = "[Content_Types].xml"
        if macros is not None:
            raise ReadError(
                "a macro-enabled Word document (.docm or .dotm, whatever its name says) is"
                f" refused: it holds VBA macros ({macros}). Save it in Word or WPS as a .docx"
                " without macros, or pass allow_macros=True to read its text anyway (macros"
                " are never run)",
                source=self.source,
                place=main,
            )
