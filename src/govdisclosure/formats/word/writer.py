"""The DOCX writer: a report in the official layout, looking like a government document.

The package is assembled from bytes: the fixed parts (styles, settings, font table, footers)
are prepared once (:mod:`._assembly`; per writer for a template, :mod:`._template`), and only
``word/document.xml`` and the document properties are built per report, in one pass (never
python-docx's per-cell API, whose ``table.cell(i, j)`` is quadratic).
"""

from __future__ import annotations

import os
import re
from typing import NoReturn

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
from govdisclosure.formats.word._assembly import (
    CORE,
    CUSTOM,
    DEFAULT_BASES,
    EXTENDED,
    PackageBase,
    PageNumbers,
    nsmap,
    serialize,
    zip_parts,
)
from govdisclosure.formats.word._layout import CellKind, GridTable, Merge, layout_table
from govdisclosure.formats.word._ooxml import (
    CUSTOM_PROPERTY_PREFIX,
    EXTRA_BOOKMARK,
    NS,
    STYLE,
    qn,
)
from govdisclosure.formats.word._template import template_base
from govdisclosure.model import AnnualReport, Content, Heading, Paragraph

__all__ = ["CUSTOM_PROPERTY_PREFIX", "DocxWriter", "PageNumbers", "custom_property_name"]


def custom_property_name(meta_key: str) -> str:
    """The custom document property that holds a ``META_*`` value."""
    return f"{CUSTOM_PROPERTY_PREFIX}{meta_key}"


_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


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
_CELL_STYLE = {
    **dict.fromkeys(CellKind, STYLE.TABLE_TEXT),
    CellKind.LABEL: STYLE.TABLE_LABEL,
    CellKind.EXTRA: STYLE.TABLE_EXTRA,
}


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


def _paragraph(style: str, text: str, keep_next: bool = False, mark: str = "") -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    lines = text.splitlines() or [""]
    runs = "<w:r><w:br/></w:r>".join(_runs(line) for line in lines)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{mark}{runs}</w:p>'


def _bookmark(table: str, number: int, index: int) -> str:
    # Bookmark ids are unique in the document: one range per table.
    name = EXTRA_BOOKMARK.format(table=table, index=index)
    bid = number * 1_000_000 + index
    return f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/><w:bookmarkEnd w:id="{bid}"/>'


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


def _table(grid: GridTable, number: int) -> str:
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
            mark = "" if cell.mark is None else _bookmark(grid.key, number, cell.mark)
            paragraphs = "".join(
                _paragraph(style, line, row.keep_with_next, mark if i == 0 else "")
                for i, line in enumerate(cell.text.splitlines() or [""])
            )
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{_MERGE[cell.merge]}'
                f'<w:vAlign w:val="center"/></w:tcPr>{paragraphs}</w:tc>'
            )
            column += cell.span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _signature(report: AnnualReport) -> str:
    """The closing lines (落款, GB/T 9704 7.3.5): the agency, then the publishing date, right
    aligned two characters in, two lines below the text."""
    if report.published_on is None:
        return ""
    day = report.published_on
    blank = _paragraph(STYLE.SIGNATURE, "")
    return (
        blank
        + blank
        + _paragraph(STYLE.SIGNATURE, report.agency.name)
        + _paragraph(STYLE.SIGNATURE, f"{day.year}年{day.month}月{day.day}日")
    )


def _document(report: AnnualReport, base: PackageBase, signature: bool) -> bytes:
    out = [_OPEN, _paragraph(STYLE.TITLE, report.display_title)]
    out.extend(_content(item) for item in report.preamble)
    for number, spec in enumerate(report.edition.sections, start=1):
        out.append(_paragraph(STYLE.SECTION, spec.heading))
        out.extend(_content(item) for item in report.sections[spec.key].content)
        if spec.table is not None:
            grid = layout_table(report.table(spec.table), base.text_width)
            out.append(_table(grid, number))
    if signature:
        out.append(_signature(report))
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
    return serialize(root)


def _app(report: AnnualReport) -> bytes:
    root = etree.Element(qn("ep:Properties"), nsmap=nsmap(NS["ep"], vt=NS["vt"]))
    etree.SubElement(root, qn("ep:Application")).text = "govdisclosure"
    etree.SubElement(root, qn("ep:DocSecurity")).text = "0"
    etree.SubElement(root, qn("ep:Company")).text = report.agency.name
    return serialize(root)


def _custom(report: AnnualReport, kept: tuple[bytes, ...]) -> bytes:
    root = etree.Element(qn("custom:Properties"), nsmap=nsmap(NS["custom"], vt=NS["vt"]))
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
    return serialize(root)


# -- the writer -------------------------------------------------------------------------------


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
        signature: print the closing lines (落款: the agency and the publishing date, right
            aligned) after the last section when the report has a publishing date.

    Raises:
        ReadError: the template cannot be read as a DOCX.
        ValueError: ``page_numbers`` is not one of the three.
    """

    def __init__(
        self,
        *,
        template: str | os.PathLike[str] | bytes | None = None,
        page_numbers: PageNumbers = "outside",
        signature: bool = True,
    ) -> None:
        self._signature = signature
        if page_numbers not in DEFAULT_BASES:
            raise ValueError(
                f"page_numbers must be one of {', '.join(map(repr, DEFAULT_BASES))},"
                f" got {page_numbers!r}"
            )
        if template is None:
            self._base = DEFAULT_BASES[page_numbers]
        else:
            if isinstance(template, bytes):
                data, name = template, "<template>"
            else:
                name = os.fspath(template)
                raw = read_source(template, max_bytes=MAX_INPUT_BYTES)
                if isinstance(raw, str):  # pragma: no cover -- paths are read as bytes
                    raise ReadError("template must be a .docx file", source=name)
                data = raw
            self._base = template_base(data, name)

    def dumps(self, report: AnnualReport) -> bytes:
        """The report as the bytes of a ``.docx`` file.

        Raises:
            WriteError: the report holds text XML cannot carry (a control character in the
                agency name, a title or an extra row label).
        """
        base = self._base
        try:
            document = _document(report, base, self._signature)
            properties = (
                (CORE, _core(report)),
                (EXTENDED, _app(report)),
                (CUSTOM, _custom(report, base.custom_kept)),
            )
        except ValueError as exc:  # lxml refuses text XML cannot hold
            raise WriteError(f"cannot write the report as DOCX: {exc}") from exc
        return zip_parts(
            (
                ("[Content_Types].xml", base.content_types),
                ("_rels/.rels", base.root_rels),
                (base.main, document),
                *base.parts,
                *properties,
            )
        )
