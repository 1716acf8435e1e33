"""Reading an OPC package (the zip inside a ``.docx``) defensively: size limits against zip
bombs, one hardened XML parser, and every failure turned into a :class:`ReadError`."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote

import attrs
from lxml import etree

from govdisclosure.errors import ReadError
from govdisclosure.formats.word._ooxml import make_parser, qn

__all__ = [
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
    readable package, and nothing else.
    """

    def __init__(
        self,
        data: bytes | bytearray | memoryview | str,
        *,
        source: str | None,
        max_part_bytes: int = MAX_PART_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
    ) -> None:
        self.source = source
        self._max_part = max_part_bytes
        self._budget = max_total_bytes
        if isinstance(data, str):
            raise ReadError(
                "a DOCX is binary data (a zip package), got text; pass bytes", source=source
            )
        data = bytes(data)
        if data.startswith(_CFB_MAGIC):
            raise ReadError(f"not a DOCX: the file {_describe_cfb(data)}", source=source)
        if not data:
            raise ReadError("not a DOCX: the input is empty", source=source)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except Exception as exc:  # zipfile raises many types for damaged input
            raise ReadError(
                f"not a DOCX: not a readable zip package ({exc})", source=source
            ) from exc
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
        try:
            with self._zip.open(info) as stream:
                data = stream.read(limit + 1)
        except Exception as exc:  # CRC errors, encrypted entries, unknown compression…
            raise ReadError(f"cannot unpack: {exc}", source=self.source, place=name) from exc
        if len(data) > limit:
            raise self._too_big(name, None, limit)
        self._budget -= len(data)
        return data

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
        try:
            root = etree.fromstring(data, make_parser())
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise ReadError(f"not well-formed XML: {exc}", source=self.source, place=name) from exc
        if root is None:
            raise ReadError("empty XML part", source=self.source, place=name)
        doctype: str = getattr(root.getroottree().docinfo, "doctype", "")
        if doctype:
            raise ReadError(
                "XML with a document type declaration (DTD) is refused",
                source=self.source,
                place=name,
            )
        return root

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
            raise ReadError(
                "not a Word document: the package has no main document part"
                f" ({name}); is it a DOCX?",
                source=self.source,
            )
        return name
