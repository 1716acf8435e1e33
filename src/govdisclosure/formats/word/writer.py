"""The DOCX writer: a report in the official layout, looking like a government document.

The package is assembled from bytes: the fixed parts (styles, settings, font table, footers)
are prepared once, per writer for a template and once per process without one, and only
``word/document.xml`` and the document properties are built per report, with lxml, in one pass
(never python-docx's per-cell API, whose ``table.cell(i, j)`` is quadratic).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Literal, NoReturn, cast

import attrs
from lxml import etree

from govdisclosure.errors import ReadError, WriteError
from govdisclosure.formats._io import MAX_INPUT_BYTES, read_source
from govdisclosure.formats._source import (
    META_AGENCY,
    META_EDITION,
    META_LEVEL,
    META_PUBLISHED_ON,
    META_REGION,
    META_TITLE,
    META_YEAR,
)
from govdisclosure.formats.word._layout import CellKind, GridTable, Merge, layout_table
from govdisclosure.formats.word._ooxml import CONTENT_TYPES, NS, PAGE, REL, STYLE, qn
from govdisclosure.formats.word._package import Package, rels_name
from govdisclosure.formats.word._parts import (
    FONT_TABLE_XML,
    MY_STYLE_IDS,
    STYLES_XML,
    footer_xml,
    settings_xml,
    style_elements_xml,
)
from govdisclosure.model import AnnualReport, Content, Heading, Paragraph

__all__ = ["CUSTOM_PROPERTY_PREFIX", "DocxWriter", "PageNumbers", "custom_property_name"]

PageNumbers = Literal["outside", "center", "none"]
"""Where page numbers go: ``"outside"`` as GB/T 9704 sets them (odd pages right, even pages
left, one character in), ``"center"``, or ``"none"``."""

CUSTOM_PROPERTY_PREFIX = "govdisclosure:"
"""Custom document properties of this library are named ``govdisclosure:<META key>``."""

_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def custom_property_name(meta_key: str) -> str:
    """The custom document property that holds a ``META_*`` value."""
    return f"{CUSTOM_PROPERTY_PREFIX}{meta_key}"


# -- element names, computed once -----------------------------------------------------------

_W_VAL = qn("w:val")
_W_W = qn("w:w")
_W_TYPE = qn("w:type")

# -- the fixed parts --------------------------------------------------------------------------


@attrs.frozen
class _Base:
    """Everything of the package that does not depend on the report."""

    parts: tuple[tuple[str, bytes], ...]
    """Parts copied as they are: ``(name, bytes)``."""
    content_types: bytes
    root_rels: bytes
    main: str
    sect_pr: str
    """The ``w:sectPr`` (page setup, footer references) closing the body, as XML text."""
    text_width: int
    core: str = "docProps/core.xml"
    app: str = "docProps/app.xml"
    custom: str = "docProps/custom.xml"
    custom_kept: tuple[bytes, ...] = ()
    """Serialized ``property`` elements of a template's own custom properties."""


def _nsmap(default: str, **prefixed: str) -> Mapping[str, str]:
    # lxml takes None as the prefix of the default namespace; its stubs do not allow it.
    return cast("Mapping[str, str]", {None: default, **prefixed})


def _serialize(element: etree._Element) -> bytes:
    return _DECL + etree.tostring(element, encoding="UTF-8")


def _rels_xml(rels: Iterable[tuple[str, str, str]]) -> bytes:
    root = etree.Element(qn("pr:Relationships"), nsmap=_nsmap(NS["pr"]))
    for rid, rtype, target in rels:
        etree.SubElement(root, qn("pr:Relationship"), Id=rid, Type=rtype, Target=target)
    return _serialize(root)


def _content_types_xml(overrides: Mapping[str, str]) -> bytes:
    root = etree.Element(qn("ct:Types"), nsmap=_nsmap(NS["ct"]))
    etree.SubElement(root, qn("ct:Default"), Extension="rels", ContentType=CONTENT_TYPES.RELS)
    etree.SubElement(root, qn("ct:Default"), Extension="xml", ContentType="application/xml")
    for name, content_type in overrides.items():
        etree.SubElement(root, qn("ct:Override"), PartName=f"/{name}", ContentType=content_type)
    return _serialize(root)


def _sect_pr(footers: Mapping[str, str]) -> str:
    sect = etree.Element(qn("w:sectPr"), nsmap={"w": NS["w"], "r": NS["r"]})
    for kind, rid in footers.items():
        etree.SubElement(sect, qn("w:footerReference"), {_W_TYPE: kind, qn("r:id"): rid})
    etree.SubElement(sect, qn("w:pgSz"), {_W_W: str(PAGE.WIDTH), qn("w:h"): str(PAGE.HEIGHT)})
    etree.SubElement(
        sect,
        qn("w:pgMar"),
        {
            qn("w:top"): str(PAGE.TOP),
            qn("w:right"): str(PAGE.RIGHT),
            qn("w:bottom"): str(PAGE.BOTTOM),
            qn("w:left"): str(PAGE.LEFT),
            qn("w:header"): str(PAGE.HEADER),
            qn("w:footer"): str(PAGE.FOOTER),
            qn("w:gutter"): "0",
        },
    )
    etree.SubElement(sect, qn("w:cols"), {qn("w:space"): "425"})
    return etree.tostring(sect, encoding="unicode")


_FOOTER_NAMES = {
    "odd": "word/footer1.xml",
    "even": "word/footer2.xml",
    "center": "word/footer1.xml",
}


def _default_base(page_numbers: PageNumbers) -> _Base:
    main = "word/document.xml"
    placements = {"outside": ("odd", "even"), "center": ("center",), "none": ()}[page_numbers]
    doc_rels = [
        ("rId1", REL.STYLES, "styles.xml"),
        ("rId2", REL.SETTINGS, "settings.xml"),
        ("rId3", REL.FONT_TABLE, "fontTable.xml"),
    ]
    parts = [
        ("word/styles.xml", STYLES_XML),
        ("word/settings.xml", settings_xml(page_numbers == "outside")),
        ("word/fontTable.xml", FONT_TABLE_XML),
    ]
    footers = {}
    for number, placement in enumerate(placements, start=len(doc_rels) + 1):
        rid = f"rId{number}"
        name = _FOOTER_NAMES[placement]
        doc_rels.append((rid, REL.FOOTER, name.rpartition("/")[2]))
        parts.append((name, footer_xml(placement)))
        footers["even" if placement == "even" else "default"] = rid
    parts.append((rels_name(main), _rels_xml(doc_rels)))
    overrides = {
        main: CONTENT_TYPES.DOCUMENT,
        "word/styles.xml": CONTENT_TYPES.STYLES,
        "word/settings.xml": CONTENT_TYPES.SETTINGS,
        "word/fontTable.xml": CONTENT_TYPES.FONT_TABLE,
        **{_FOOTER_NAMES[p]: CONTENT_TYPES.FOOTER for p in placements},
        "docProps/core.xml": CONTENT_TYPES.CORE,
        "docProps/app.xml": CONTENT_TYPES.EXTENDED,
        "docProps/custom.xml": CONTENT_TYPES.CUSTOM,
    }
    root_rels = _rels_xml(
        [
            ("rId1", REL.OFFICE_DOCUMENT, main),
            ("rId2", REL.CORE, "docProps/core.xml"),
            ("rId3", REL.EXTENDED, "docProps/app.xml"),
            ("rId4", REL.CUSTOM, "docProps/custom.xml"),
        ]
    )
    return _Base(
        parts=tuple(parts),
        content_types=_content_types_xml(overrides),
        root_rels=root_rels,
        main=main,
        sect_pr=_sect_pr(footers),
        text_width=PAGE.TEXT_WIDTH,
    )


# Built once per process: immutable bytes, shared by every writer without a template.
_DEFAULT_BASES: Mapping[str, _Base] = {
    key: _default_base(key) for key in ("outside", "center", "none")
}


# -- a template's parts ---------------------------------------------------------------------


_TEMPLATE_DROPPED_RELS = ("/core-properties", "/extended-properties", "/custom-properties")


def _unique(prefix: str, suffix: str, taken: set[str]) -> str:
    number = 1
    while f"{prefix}{number}{suffix}".lower() in taken:
        number += 1
    name = f"{prefix}{number}{suffix}"
    taken.add(name.lower())
    return name


def _int_attr(element: etree._Element | None, name: str, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(qn(name), default))
    except ValueError:
        return default


def _template_base(data: bytes, source: str | None, page_numbers: PageNumbers) -> _Base:
    """Use a template's styles, header and footer, page geometry and other parts; add this
    library's styles it lacks, and a page-number footer if it has none."""
    package = Package(data, source=source)
    main = package.main_document()
    taken = {name.lower() for name in package.names()}
    document = package.xml(main)
    body = document.find(qn("w:body"))
    sect = body.find(qn("w:sectPr")) if body is not None else None
    if sect is None:
        sect = etree.fromstring(_sect_pr({}))

    content_types = package.xml("[Content_Types].xml")
    overrides = {
        (e.get("PartName") or "").lstrip("/").lower(): e
        for e in content_types.iter(qn("ct:Override"))
    }
    replaced: dict[str, bytes] = {}
    dropped: set[str] = {"[content_types].xml", "_rels/.rels", main.lower()}
    doc_rels = [r for r in package.relationships(main) if not r.type.endswith("/vbaProject")]
    dropped.update(
        r.target.lower() for r in package.relationships(main) if r.type.endswith("/vbaProject")
    )
    main_type = overrides.get(main.lower())
    if main_type is not None:
        main_type.set("ContentType", CONTENT_TYPES.DOCUMENT)
    else:
        etree.SubElement(
            content_types,
            qn("ct:Override"),
            PartName=f"/{main}",
            ContentType=CONTENT_TYPES.DOCUMENT,
        )

    def add_part(name: str, content: bytes, content_type: str) -> None:
        replaced[name] = content
        etree.SubElement(
            content_types, qn("ct:Override"), PartName=f"/{name}", ContentType=content_type
        )

    new_rels: list[tuple[str, str, str]] = []
    rel_ids = {r.id for r in doc_rels}

    def add_rel(rtype: str, target: str) -> str:
        rid = _unique("rIdGd", "", {i.lower() for i in rel_ids})
        rel_ids.add(rid)
        folder = main.rpartition("/")[0]
        relative = (
            target[len(folder) + 1 :] if folder and target.startswith(folder + "/") else target
        )
        new_rels.append((rid, rtype, relative if folder else target))
        return rid

    # Styles: the template's, plus this library's it does not define.
    styles_name = package.related(main, "/styles")
    if styles_name is not None and styles_name in package:
        styles = package.xml(styles_name)
        defined = {s.get(qn("w:styleId")) for s in styles.iter(qn("w:style"))}
        missing = tuple(i for i in MY_STYLE_IDS if i not in defined)
        for style in etree.fromstring(style_elements_xml(missing)):
            styles.append(style)
        replaced[styles_name] = _serialize(styles)
    else:
        name = _unique("word/styles", ".xml", taken)
        add_part(name, STYLES_XML, CONTENT_TYPES.STYLES)
        add_rel(REL.STYLES, name)

    has_footer = any(child.tag == qn("w:footerReference") for child in sect)
    if not has_footer and page_numbers != "none":
        # Facing-page numbers would need the template's settings and headers changed; a
        # template without a footer gets a centred page number.
        name = _unique("word/footer", ".xml", taken)
        add_part(name, footer_xml("center"), CONTENT_TYPES.FOOTER)
        reference = etree.Element(
            qn("w:footerReference"), {_W_TYPE: "default", qn("r:id"): add_rel(REL.FOOTER, name)}
        )
        sect.insert(0, reference)

    # Document properties are this library's; a template's thumbnail would show the template.
    kept_root_rels = []
    for rel in package.relationships(""):
        if rel.type.endswith(_TEMPLATE_DROPPED_RELS) or rel.type.endswith("/thumbnail"):
            if not rel.external:
                dropped.add(rel.target.lower())
        elif not rel.type.endswith("/officeDocument"):
            kept_root_rels.append(rel)
    custom_kept: list[bytes] = []
    custom_name = package.related("", "/custom-properties")
    if custom_name is not None and custom_name in package:
        for prop in package.xml(custom_name).iter(qn("custom:property")):
            if not (prop.get("name") or "").startswith(CUSTOM_PROPERTY_PREFIX):
                custom_kept.append(etree.tostring(prop))
    for element in list(content_types.iter(qn("ct:Override"))):
        if (element.get("PartName") or "").lstrip("/").lower() in dropped - {main.lower()}:
            content_types.remove(element)
    for name, content_type in (
        ("docProps/core.xml", CONTENT_TYPES.CORE),
        ("docProps/app.xml", CONTENT_TYPES.EXTENDED),
        ("docProps/custom.xml", CONTENT_TYPES.CUSTOM),
    ):
        for element in list(content_types.iter(qn("ct:Override"))):
            if (element.get("PartName") or "").lstrip("/").lower() == name.lower():
                content_types.remove(element)
        etree.SubElement(
            content_types, qn("ct:Override"), PartName=f"/{name}", ContentType=content_type
        )
    root_rels = [
        ("rId1", REL.OFFICE_DOCUMENT, main),
        ("rId2", REL.CORE, "docProps/core.xml"),
        ("rId3", REL.EXTENDED, "docProps/app.xml"),
        ("rId4", REL.CUSTOM, "docProps/custom.xml"),
    ]
    used = {"rid1", "rid2", "rid3", "rid4"}
    for rel in kept_root_rels:
        rid = rel.id if rel.id.lower() not in used else _unique("rIdT", "", used)
        used.add(rid.lower())
        root_rels.append((rid, rel.type, rel.target))
    dropped.update(
        n.lower() for n in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")
    )

    rels_xml = _rels_xml(
        [
            (r.id, r.type, _relative(main, r.target) if not r.external else r.target)
            for r in doc_rels
        ]
        + new_rels
    )
    rels_root = etree.fromstring(rels_xml)
    for rel in package.relationships(main):
        if rel.external:
            for element in rels_root:
                if element.get("Id") == rel.id:
                    element.set("TargetMode", "External")
    replaced[rels_name(main)] = _serialize(rels_root)

    parts = [
        (name, replaced.pop(name) if name in replaced else package.read(name))
        for name in package.names()
        if name.lower() not in dropped and name.lower() != rels_name(main).lower()
    ]
    parts.extend(replaced.items())
    page_size = sect.find(qn("w:pgSz"))
    margins = sect.find(qn("w:pgMar"))
    width = (
        _int_attr(page_size, "w:w", PAGE.WIDTH)
        - _int_attr(margins, "w:left", PAGE.LEFT)
        - _int_attr(margins, "w:right", PAGE.RIGHT)
    )
    return _Base(
        parts=tuple(parts),
        content_types=_serialize(content_types),
        root_rels=_rels_xml(root_rels),
        main=main,
        sect_pr=etree.tostring(sect, encoding="unicode"),
        text_width=width if width > 1000 else PAGE.TEXT_WIDTH,
        custom_kept=tuple(custom_kept),
    )


def _relative(source_part: str, target: str) -> str:
    folder = source_part.rpartition("/")[0]
    if folder and target.startswith(folder + "/"):
        return target[len(folder) + 1 :]
    return f"/{target}"


# -- the document ----------------------------------------------------------------------------
#
# word/document.xml is built as escaped text fragments joined once: several times faster than
# creating the few thousand lxml elements of the three tables, and just as well-formed (the
# tests parse every document the writer makes).

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_OPEN = f'<w:document xmlns:w="{NS["w"]}" xmlns:r="{NS["r"]}"><w:body>'
_CLOSE = "</w:body></w:document>"
_TABLE_PROPERTIES = (
    f'<w:tblPr><w:tblStyle w:val="{STYLE.TABLE}"/><w:tblW w:w="{{width}}" w:type="dxa"/>'
    '<w:jc w:val="center"/><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr>'
)
_MERGE = {
    None: "",
    Merge.RESTART: '<w:vMerge w:val="restart"/>',
    Merge.CONTINUE: "<w:vMerge/>",
}
_CELL_STYLE = {**dict.fromkeys(CellKind, STYLE.TABLE_TEXT), CellKind.LABEL: STYLE.TABLE_LABEL}


def _escape(text: str) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise WriteError(
            f"cannot write {text[:40]!r} as DOCX: it contains the control character"
            f" {bad.group()!r}, which XML cannot carry"
        )
    return text.translate(_ESCAPE)


def _runs(text: str) -> str:
    """One run for one line of text: tabs become ``w:tab``, spaces are kept."""
    if not text:
        return ""
    pieces = []
    for index, piece in enumerate(text.split("\t")):
        if index:
            pieces.append("<w:tab/>")
        if piece:
            pieces.append(f'<w:t xml:space="preserve">{_escape(piece)}</w:t>')
    return f"<w:r>{''.join(pieces)}</w:r>"


def _paragraph(style: str, text: str, keep_next: bool = False) -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    lines = text.splitlines() or [""]
    runs = "<w:r><w:br/></w:r>".join(_runs(line) for line in lines)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{runs}</w:p>'


def _unreachable(value: NoReturn) -> NoReturn:
    # typing.assert_never is Python 3.11+; this gives mypy the same exhaustiveness check.
    raise AssertionError(f"unhandled narrative node {value!r}")


def _content(item: Content) -> str:
    match item:
        case Paragraph():
            return _paragraph(STYLE.BODY, item.text)
        case Heading():
            return _paragraph(STYLE.HEADING, item.text)
        case _:
            _unreachable(item)


def _table(grid: GridTable) -> str:
    out = ["<w:tbl>", _TABLE_PROPERTIES.format(width=sum(grid.widths)), "<w:tblGrid>"]
    out.extend(f'<w:gridCol w:w="{width}"/>' for width in grid.widths)
    out.append("</w:tblGrid>")
    offsets = [0]
    for width in grid.widths:
        offsets.append(offsets[-1] + width)
    for row in grid.rows:
        header = "<w:tblHeader/>" if row.header else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        column = 0
        for cell in row.cells:
            width = offsets[column + cell.span] - offsets[column]
            span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
            style = _CELL_STYLE[cell.kind]
            paragraphs = "".join(
                _paragraph(style, line, row.keep_with_next)
                for line in (cell.text.splitlines() or [""])
            )
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{_MERGE[cell.merge]}'
                f'<w:vAlign w:val="center"/></w:tcPr>{paragraphs}</w:tc>'
            )
            column += cell.span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _document(report: AnnualReport, base: _Base) -> bytes:
    out = [_OPEN, _paragraph(STYLE.TITLE, report.display_title)]
    out.extend(_content(item) for item in report.preamble)
    for spec in report.edition.sections:
        out.append(_paragraph(STYLE.SECTION, spec.heading))
        out.extend(_content(item) for item in report.sections[spec.key].content)
        if spec.table is not None:
            out.append(_table(layout_table(report.table(spec.table), base.text_width)))
    out.append(base.sect_pr)
    out.append(_CLOSE)
    return _DECL + "".join(out).encode("utf-8")


# -- document properties ---------------------------------------------------------------------


def metadata_of(report: AnnualReport) -> dict[str, str]:
    """The ``META_*`` values that let the reader restore what the page does not show."""
    meta = {
        META_AGENCY: report.agency.name,
        META_YEAR: str(report.year),
        META_EDITION: report.edition.key,
    }
    if report.agency.region is not None:
        meta[META_REGION] = report.agency.region
    if report.agency.level is not None:
        meta[META_LEVEL] = report.agency.level.value
    if report.published_on is not None:
        meta[META_PUBLISHED_ON] = report.published_on.isoformat()
    if report.title is not None:
        meta[META_TITLE] = report.title
    return meta


def _core(report: AnnualReport) -> bytes:
    nsmap = {k: NS[k] for k in ("cp", "dc", "dcterms", "xsi")}
    root = etree.Element(qn("cp:coreProperties"), nsmap=nsmap)
    for name, text in (
        ("dc:title", report.display_title),
        ("dc:subject", "政府信息公开工作年度报告"),
        ("dc:creator", report.agency.name),
        ("cp:keywords", f"政府信息公开工作年度报告; {report.year}; {report.edition.document}"),
        ("dc:description", f"{report.edition.title}（{report.edition.document}）"),
        ("dc:language", "zh-CN"),
    ):
        etree.SubElement(root, qn(name)).text = text
    if report.published_on is not None:
        for name in ("dcterms:created", "dcterms:modified"):
            element = etree.SubElement(root, qn(name), {qn("xsi:type"): "dcterms:W3CDTF"})
            element.text = f"{report.published_on.isoformat()}T00:00:00Z"
    return _serialize(root)


def _app(report: AnnualReport) -> bytes:
    root = etree.Element(qn("ep:Properties"), nsmap=_nsmap(NS["ep"], vt=NS["vt"]))
    etree.SubElement(root, qn("ep:Application")).text = "govdisclosure"
    etree.SubElement(root, qn("ep:DocSecurity")).text = "0"
    etree.SubElement(root, qn("ep:Company")).text = report.agency.name
    return _serialize(root)


def _custom(report: AnnualReport, kept: tuple[bytes, ...]) -> bytes:
    root = etree.Element(qn("custom:Properties"), nsmap=_nsmap(NS["custom"], vt=NS["vt"]))
    pid = 2
    for raw in kept:
        prop = etree.fromstring(raw)
        prop.set("pid", str(pid))
        root.append(prop)
        pid += 1
    for key, value in metadata_of(report).items():
        prop = etree.SubElement(
            root, qn("custom:property"), fmtid=_FMTID, pid=str(pid), name=custom_property_name(key)
        )
        etree.SubElement(prop, qn("vt:lpwstr")).text = value
        pid += 1
    return _serialize(root)


# -- the writer -------------------------------------------------------------------------------


def _zip(parts: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


class DocxWriter:
    """Writes a report as a Word document in the official layout (GB/T 9704 look).

    Args:
        template: a ``.docx`` or ``.dotx`` (path or bytes) whose styles, headers, footers and
            page setup are used, e.g. an agency's letterhead. This library's paragraph styles
            are added where the template does not define them (a template may restyle them by
            defining the same style ids: ``GovTitle``, ``GovSectionHeading``, ``GovHeading``,
            ``GovBody``, ``GovTableText``, ``GovTableLabel``, ``GovTable``); a template without a
            footer gets a centred page number.
        page_numbers: ``"outside"`` (GB/T 9704: odd pages right, even pages left),
            ``"center"`` or ``"none"``; without a template only.

    Raises:
        ReadError: the template cannot be read as a DOCX.
        ValueError: ``page_numbers`` is not one of the three.
    """

    def __init__(
        self,
        *,
        template: str | os.PathLike[str] | bytes | None = None,
        page_numbers: PageNumbers = "outside",
    ) -> None:
        if page_numbers not in _DEFAULT_BASES:
            raise ValueError(
                f"page_numbers must be one of {', '.join(map(repr, _DEFAULT_BASES))},"
                f" got {page_numbers!r}"
            )
        if template is None:
            self._base = _DEFAULT_BASES[page_numbers]
        else:
            if isinstance(template, bytes):
                data, name = template, "<template>"
            else:
                name = os.fspath(template)
                raw = read_source(template, max_bytes=MAX_INPUT_BYTES)
                if isinstance(raw, str):  # pragma: no cover -- paths are read as bytes
                    raise ReadError("template must be a .docx file", source=name)
                data = raw
            self._base = _template_base(data, name, page_numbers)

    def dumps(self, report: AnnualReport) -> bytes:
        """The report as the bytes of a ``.docx`` file.

        Raises:
            WriteError: the report holds text XML cannot carry (a control character in the
                agency name, a title or an extra row label).
        """
        base = self._base
        try:
            document = _document(report, base)
            properties = (
                ("docProps/core.xml", _core(report)),
                ("docProps/app.xml", _app(report)),
                ("docProps/custom.xml", _custom(report, base.custom_kept)),
            )
        except ValueError as exc:  # lxml refuses text XML cannot hold
            raise WriteError(f"cannot write the report as DOCX: {exc}") from exc
        return _zip(
            (
                ("[Content_Types].xml", base.content_types),
                ("_rels/.rels", base.root_rels),
                (base.main, document),
                *base.parts,
                *properties,
            )
        )
