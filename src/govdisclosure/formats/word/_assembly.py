"""The parts of a package that do not depend on the report, and zipping a package.

:class:`PackageBase` holds them as bytes: built once per process for the library's own look
(:data:`DEFAULT_BASES`), once per writer for a template (:mod:`._template`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal, cast

import attrs
from lxml import etree

from govdisclosure.formats.word._ooxml import CONTENT_TYPES, NS, PAGE, REL, qn
from govdisclosure.formats.word._package import rels_name
from govdisclosure.formats.word._parts import (
    FONT_TABLE_XML,
    STYLES_XML,
    footer_xml,
    settings_xml,
)

__all__ = [
    "CORE",
    "CUSTOM",
    "DEFAULT_BASES",
    "EXTENDED",
    "PROPERTY_TYPES",
    "PackageBase",
    "PageNumbers",
    "nsmap",
    "rels_xml",
    "root_rels",
    "sect_pr_xml",
    "serialize",
    "zip_parts",
]

PageNumbers = Literal["outside", "center", "none"]
"""Where page numbers go: ``"outside"`` as GB/T 9704 sets them (odd pages right, even pages
left, one character in), ``"center"``, or ``"none"``."""

CORE = "docProps/core.xml"
EXTENDED = "docProps/app.xml"
CUSTOM = "docProps/custom.xml"

_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@attrs.frozen
class PackageBase:
    """Everything of a package that does not depend on the report."""

    parts: tuple[tuple[str, bytes], ...]
    """Parts copied as they are: ``(name, bytes)``."""
    content_types: bytes
    root_rels: bytes
    main: str
    """Name of the main document part."""
    sect_pr: str
    """The ``w:sectPr`` (page setup, footer references) closing the body, as XML text."""
    text_width: int
    """Width of the text area in twips: the width of every table."""
    custom_kept: tuple[bytes, ...] = ()
    """A template's own custom properties (serialized ``property`` elements), kept."""


def nsmap(default: str, **prefixed: str) -> Mapping[str, str]:
    """A namespace map with a default namespace."""
    # lxml takes None as the prefix of the default namespace; its stubs do not allow it.
    return cast("Mapping[str, str]", {None: default, **prefixed})


def serialize(element: etree._Element) -> bytes:
    """An XML part: declaration and UTF-8."""
    return _DECL + etree.tostring(element, encoding="UTF-8")


def rels_xml(rels: Iterable[tuple[str, str, str, bool]]) -> bytes:
    """A relationships part from ``(id, type, target, external)``."""
    root = etree.Element(qn("pr:Relationships"), nsmap=nsmap(NS["pr"]))
    for rid, rtype, target, external in rels:
        element = etree.SubElement(root, qn("pr:Relationship"), Id=rid, Type=rtype, Target=target)
        if external:
            element.set("TargetMode", "External")
    return serialize(root)


def _content_types_xml(overrides: Mapping[str, str]) -> bytes:
    root = etree.Element(qn("ct:Types"), nsmap=nsmap(NS["ct"]))
    etree.SubElement(root, qn("ct:Default"), Extension="rels", ContentType=CONTENT_TYPES.RELS)
    etree.SubElement(root, qn("ct:Default"), Extension="xml", ContentType="application/xml")
    for name, content_type in overrides.items():
        etree.SubElement(root, qn("ct:Override"), PartName=f"/{name}", ContentType=content_type)
    return serialize(root)


def sect_pr_xml(footers: Mapping[str, str]) -> str:
    """The GB/T 9704 page setup: A4, margins 37/35/28/26 mm, footers by type → relationship id."""
    sect = etree.Element(qn("w:sectPr"), nsmap={"w": NS["w"], "r": NS["r"]})
    for kind, rid in footers.items():
        etree.SubElement(sect, qn("w:footerReference"), {qn("w:type"): kind, qn("r:id"): rid})
    etree.SubElement(sect, qn("w:pgSz"), {qn("w:w"): str(PAGE.WIDTH), qn("w:h"): str(PAGE.HEIGHT)})
    margins = {
        "top": PAGE.TOP,
        "right": PAGE.RIGHT,
        "bottom": PAGE.BOTTOM,
        "left": PAGE.LEFT,
        "header": PAGE.HEADER,
        "footer": PAGE.FOOTER,
        "gutter": 0,
    }
    etree.SubElement(sect, qn("w:pgMar"), {qn(f"w:{k}"): str(v) for k, v in margins.items()})
    etree.SubElement(sect, qn("w:cols"), {qn("w:space"): "425"})
    return etree.tostring(sect, encoding="unicode")


def root_rels(main: str, kept: Iterable[tuple[str, str, str, bool]] = ()) -> bytes:
    """The package relationships: main document and the three property parts, then ``kept``."""
    return rels_xml(
        [
            ("rId1", REL.OFFICE_DOCUMENT, main, False),
            ("rId2", REL.CORE, CORE, False),
            ("rId3", REL.EXTENDED, EXTENDED, False),
            ("rId4", REL.CUSTOM, CUSTOM, False),
            *kept,
        ]
    )


PROPERTY_TYPES: Mapping[str, str] = MappingProxyType(
    {
        CORE: CONTENT_TYPES.CORE,
        EXTENDED: CONTENT_TYPES.EXTENDED,
        CUSTOM: CONTENT_TYPES.CUSTOM,
    }
)


def _default_base(page_numbers: PageNumbers) -> PackageBase:
    main = "word/document.xml"
    footer_names = {"odd": "footer1.xml", "even": "footer2.xml", "center": "footer1.xml"}
    placements = {"outside": ("odd", "even"), "center": ("center",), "none": ()}[page_numbers]
    doc_rels = [
        ("rId1", REL.STYLES, "styles.xml", False),
        ("rId2", REL.SETTINGS, "settings.xml", False),
        ("rId3", REL.FONT_TABLE, "fontTable.xml", False),
    ]
    parts = [
        ("word/styles.xml", STYLES_XML),
        ("word/settings.xml", settings_xml(page_numbers == "outside")),
        ("word/fontTable.xml", FONT_TABLE_XML),
    ]
    overrides = {
        main: CONTENT_TYPES.DOCUMENT,
        "word/styles.xml": CONTENT_TYPES.STYLES,
        "word/settings.xml": CONTENT_TYPES.SETTINGS,
        "word/fontTable.xml": CONTENT_TYPES.FONT_TABLE,
    }
    footers = {}
    for number, placement in enumerate(placements, start=len(doc_rels) + 1):
        rid, name = f"rId{number}", footer_names[placement]
        doc_rels.append((rid, REL.FOOTER, name, False))
        parts.append((f"word/{name}", footer_xml(placement)))
        overrides[f"word/{name}"] = CONTENT_TYPES.FOOTER
        footers["even" if placement == "even" else "default"] = rid
    parts.append((rels_name(main), rels_xml(doc_rels)))
    overrides.update(PROPERTY_TYPES)
    return PackageBase(
        parts=tuple(parts),
        content_types=_content_types_xml(overrides),
        root_rels=root_rels(main),
        main=main,
        sect_pr=sect_pr_xml(footers),
        text_width=PAGE.TEXT_WIDTH,
    )


DEFAULT_BASES: Mapping[str, PackageBase] = MappingProxyType(
    {key: _default_base(key) for key in ("outside", "center", "none")}
)
"""The library's own package, by page-number placement; built once per process (immutable)."""


def zip_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """The package as a zip, deterministic: fixed timestamps, parts in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
