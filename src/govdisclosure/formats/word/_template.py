"""A user's template (an agency's letterhead) as the base of the package the writer makes.

Kept from the template: every part but its body text and its document properties (styles,
headers and footers with their images, numbering, theme, settings, page setup). Added: this
library's styles the template does not define (a template restyles one by defining its id), a
centred page-number footer when it has no footer, and the report's properties. A ``.dotx``
becomes a document; a macro-enabled template loses its macros.
"""

from __future__ import annotations

from lxml import etree

from govdisclosure.formats.word._assembly import (
    PROPERTY_TYPES,
    PackageBase,
    rels_xml,
    root_rels,
    sect_pr_xml,
    serialize,
)
from govdisclosure.formats.word._ooxml import CONTENT_TYPES, CUSTOM_PROPERTY_PREFIX, PAGE, REL, qn
from govdisclosure.formats.word._package import Package, Relationship, rels_name
from govdisclosure.formats.word._parts import (
    MY_STYLE_IDS,
    STYLES_XML,
    footer_xml,
    style_elements_xml,
)

__all__ = ["template_base"]

# Package relationships the report replaces: its properties, and a thumbnail of the template.
_REPLACED_ROOT_RELS = ("/core-properties", "/extended-properties", "/custom-properties")
_DROPPED_ROOT_RELS = ("/thumbnail", "/officeDocument", *_REPLACED_ROOT_RELS)


def _int_attr(element: etree._Element | None, name: str, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(qn(name), default))
    except ValueError:
        return default


def _relative(source_part: str, target: str) -> str:
    """A relationship target for ``target`` as seen from ``source_part``."""
    folder = source_part.rpartition("/")[0]
    if folder and target.startswith(folder + "/"):
        return target[len(folder) + 1 :]
    return f"/{target}"


class _Build:
    """The template's parts, changed step by step into a :class:`PackageBase`."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.main = package.main_document()
        self.names = {name.lower() for name in package.names()}
        self.replaced: dict[str, bytes] = {}
        self.dropped = {"[content_types].xml", "_rels/.rels", self.main.lower()}
        self.types = package.xml("[Content_Types].xml")
        self.doc_rels: list[Relationship] = []
        for rel in package.relationships(self.main):
            if rel.type.endswith("/vbaProject"):
                self.dropped.add(rel.target.lower())
            else:
                self.doc_rels.append(rel)
        body = package.xml(self.main).find(qn("w:body"))
        sect = body.find(qn("w:sectPr")) if body is not None else None
        self.sect = sect if sect is not None else etree.fromstring(sect_pr_xml({}))
        self.set_type(self.main, CONTENT_TYPES.DOCUMENT)

    def set_type(self, name: str, content_type: str) -> None:
        for element in list(self.types.iter(qn("ct:Override"))):
            if (element.get("PartName") or "").lstrip("/").lower() == name.lower():
                self.types.remove(element)
        etree.SubElement(
            self.types, qn("ct:Override"), PartName=f"/{name}", ContentType=content_type
        )

    def new_part(self, stem: str, content: bytes, content_type: str) -> str:
        number = 1
        while f"{stem}{number}.xml".lower() in self.names:
            number += 1
        name = f"{stem}{number}.xml"
        self.names.add(name.lower())
        self.replaced[name] = content
        self.set_type(name, content_type)
        return name

    def relate(self, rel_type: str, target: str) -> str:
        ids = {r.id for r in self.doc_rels}
        number = 1
        while f"rIdGd{number}" in ids:
            number += 1
        rid = f"rIdGd{number}"
        self.doc_rels.append(Relationship(id=rid, type=rel_type, target=target))
        return rid

    def styles(self) -> None:
        """The template's styles, with this library's it does not define."""
        name = self.package.related(self.main, "/styles")
        if name is None or name not in self.package:
            self.relate(REL.STYLES, self.new_part("word/styles", STYLES_XML, CONTENT_TYPES.STYLES))
            return
        styles = self.package.xml(name)
        defined = {s.get(qn("w:styleId")) for s in styles.iter(qn("w:style"))}
        missing = tuple(i for i in MY_STYLE_IDS if i not in defined)
        styles.extend(etree.fromstring(style_elements_xml(missing)))
        self.replaced[name] = serialize(styles)

    def footer(self) -> None:
        """A centred page number when the template has no footer of its own.

        Facing-page numbers (GB/T 9704) would need the template's settings changed and its
        headers doubled for even pages; a template's look is its own, so it gets the plain one.
        """
        if any(child.tag == qn("w:footerReference") for child in self.sect):
            return
        name = self.new_part("word/footer", footer_xml("center"), CONTENT_TYPES.FOOTER)
        rid = self.relate(REL.FOOTER, name)
        self.sect.insert(
            0, etree.Element(qn("w:footerReference"), {qn("w:type"): "default", qn("r:id"): rid})
        )

    def properties(self) -> tuple[bytes, tuple[bytes, ...]]:
        """The package relationships, and the template's own custom properties to keep."""
        kept_rels = []
        used = {"rid1", "rid2", "rid3", "rid4"}
        for rel in self.package.relationships(""):
            if rel.type.endswith(_DROPPED_ROOT_RELS):
                if not rel.external and not rel.type.endswith("/officeDocument"):
                    self.dropped.add(rel.target.lower())
                continue
            rid = rel.id
            while rid.lower() in used:
                rid += "t"
            used.add(rid.lower())
            kept_rels.append((rid, rel.type, rel.target, rel.external))
        custom: list[bytes] = []
        name = self.package.related("", "/custom-properties")
        if name is not None and name in self.package:
            for prop in self.package.xml(name).iter(qn("custom:property")):
                if not (prop.get("name") or "").startswith(CUSTOM_PROPERTY_PREFIX):
                    custom.append(etree.tostring(prop))
        for element in list(self.types.iter(qn("ct:Override"))):
            if (element.get("PartName") or "").lstrip("/").lower() in self.dropped:
                self.types.remove(element)
        self.set_type(self.main, CONTENT_TYPES.DOCUMENT)
        for part_name, content_type in PROPERTY_TYPES.items():
            self.set_type(part_name, content_type)
            self.dropped.add(part_name.lower())
        return root_rels(self.main, kept_rels), tuple(custom)

    def text_width(self) -> int:
        size = self.sect.find(qn("w:pgSz"))
        margins = self.sect.find(qn("w:pgMar"))
        width = (
            _int_attr(size, "w:w", PAGE.WIDTH)
            - _int_attr(margins, "w:left", PAGE.LEFT)
            - _int_attr(margins, "w:right", PAGE.RIGHT)
        )
        return width if width > 1440 else PAGE.TEXT_WIDTH

    def parts(self) -> tuple[tuple[str, bytes], ...]:
        self.replaced[rels_name(self.main)] = rels_xml(
            (r.id, r.type, r.target if r.external else _relative(self.main, r.target), r.external)
            for r in self.doc_rels
        )
        self.dropped.add(rels_name(self.main).lower())
        copied = [
            (name, self.package.read(name))
            for name in self.package.names()
            if name.lower() not in self.dropped and name not in self.replaced
        ]
        return (*copied, *self.replaced.items())


def template_base(data: bytes, source: str | None) -> PackageBase:
    """The package base made from a template's bytes.

    Raises:
        ReadError: the template is not a readable DOCX (``source`` names it).
    """
    build = _Build(Package(data, source=source))
    build.styles()
    build.footer()
    rels, custom = build.properties()
    parts = build.parts()
    return PackageBase(
        parts=parts,
        content_types=serialize(build.types),
        root_rels=rels,
        main=build.main,
        sect_pr=etree.tostring(build.sect, encoding="unicode"),
        text_width=build.text_width(),
        custom_kept=custom,
    )
