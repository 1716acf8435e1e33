"""From ``word/document.xml`` to a :class:`~govdisclosure.formats._source.SourceDocument`.

Paragraphs and tables in document order. Decisions taken here, deliberately:

- Text is what Word shows: ``w:t``, tabs, line breaks; tracked insertions are kept and tracked
  deletions dropped; field instructions are dropped and field results kept. A paragraph broken
  with ``w:br`` becomes one source paragraph per line (converters use line breaks for paragraph
  breaks), except a title, whose lines are joined.
- Content controls (``w:sdt``) and custom XML wrappers are looked through.
- Text boxes, shapes and drawings are ignored: Word stores their text twice (DrawingML and a
  VML fallback) and reports keep nothing in them.
- Tables keep each merged cell once, with ``w:gridSpan`` as colspan and a ``w:vMerge`` run as
  rowspan (legacy ``w:hMerge`` too); ``w:gridBefore`` becomes an empty ``"pad"`` cell so that
  the grid stays aligned. The label of a non-standard row, as this library's writer marks it
  (style ``GovTableExtra``), is an ``"extra"`` cell, never matched against the format's labels.
- A table that holds other tables is a layout container when it is a single row or a single
  column (portal converters wrap a whole page so): its content is read as if it were not
  wrapped. In any other table, a nested table is read after the table that holds it.
- Numbers that Word draws for list paragraphs (a multilevel list linked to the heading styles:
  ``一、`` ``（一）``) are put back before the text, as Word shows them.
- Headers, footers, footnotes and comments are not part of the report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs
from lxml import etree

from govdisclosure.errors import ReadError
from govdisclosure.formats._io import reader_guard
from govdisclosure.formats._recognize import (
    CELL_EXTRA,
    CELL_PAD,
    ROLE_HEADING,
    ROLE_META,
    ROLE_PARAGRAPH,
    ROLE_SECTION,
    ROLE_TITLE,
)
from govdisclosure.formats._source import (
    SourceBlock,
    SourceCell,
    SourceDocument,
    SourceParagraph,
    SourceTable,
)
from govdisclosure.formats.word._numbering import Numbering
from govdisclosure.formats.word._ooxml import (
    CUSTOM_PROPERTY_PREFIX,
    EXTRA_BOOKMARK_PATTERN,
    STRICT_NAMESPACES,
    STYLE,
    qn,
)
from govdisclosure.formats.word._package import (
    MAX_COMPRESSION_RATIO,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_TOTAL_BYTES,
    Package,
)
from govdisclosure.model import Position

__all__ = ["Extracted", "extract", "read_metadata", "read_source_document"]

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
_CUSTOM_XML = qn("w:customXml")
_PPR = qn("w:pPr")
_PSTYLE = qn("w:pStyle")
_VAL = qn("w:val")
_T = qn("w:t")
_TAB = qn("w:tab")
_PTAB = qn("w:ptab")
_BR = qn("w:br")
_CR = qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_TCPR = qn("w:tcPr")
_TRPR = qn("w:trPr")
_GRID_SPAN = qn("w:gridSpan")
_GRID_BEFORE = qn("w:gridBefore")
_VMERGE = qn("w:vMerge")
_HMERGE = qn("w:hMerge")
_BOOKMARK = qn("w:bookmarkStart")
_NAME = qn("w:name")

# Subtrees whose text is not the paragraph's: deletions, field instructions, drawings and text
# boxes (with their fallbacks), properties, footnote and comment marks.
_SKIPPED = frozenset(
    qn(name)
    for name in (
        "w:del",
        "w:moveFrom",
        "w:delText",
        "w:instrText",
        "w:delInstrText",
        "w:drawing",
        "w:pict",
        "w:object",
        "mc:AlternateContent",
        "w:rPr",
        "w:pPr",
        "w:fldData",
        "w:footnoteReference",
        "w:endnoteReference",
        "w:commentReference",
    )
)
# The role of each paragraph style of this library's writer; other styles say nothing.
_ROLE_BY_STYLE = {
    STYLE.TITLE: ROLE_TITLE,
    STYLE.SECTION: ROLE_SECTION,
    STYLE.HEADING: ROLE_HEADING,
    STYLE.BODY: ROLE_PARAGRAPH,
    STYLE.SIGNATURE: ROLE_META,
}
_WRAPPERS = frozenset((_SDT, _SDT_CONTENT, _CUSTOM_XML))
_MAX_NESTING = 8
_MAX_SPAN = 1000


def _paragraph_text(paragraph: etree._Element) -> str:
    """The text of a paragraph as Word shows it, line breaks as ``\\n``."""
    parts: list[str] = []
    stack: list[Iterator[etree._Element]] = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if tag == _T:
            parts.append(element.text or "")
        elif tag in (_TAB, _PTAB):
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag not in _SKIPPED and len(element):
            stack.append(iter(element))
    return "".join(parts)


def _style(paragraph: etree._Element) -> str | None:
    properties = paragraph.find(_PPR)
    if properties is None:
        return None
    style = properties.find(_PSTYLE)
    return None if style is None else style.get(_VAL)


def _int(element: etree._Element | None, default: int, high: int = _MAX_SPAN) -> int:
    if element is None:
        return default
    try:
        return max(0, min(high, int(element.get(_VAL, default))))
    except ValueError:
        return default


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _blocks(element: etree._Element) -> Iterator[etree._Element]:
    """Block-level paragraphs and tables, looking through wrappers."""
    for child in element:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


@attrs.define
class _Cell:
    text: str
    column: int
    colspan: int
    rowspan: int
    row: int
    role: str | None = None


class _Extractor:
    def __init__(self, source: str | None, numbering: Numbering | None) -> None:
        self.source = source
        self.numbering = numbering
        self.blocks: list[SourceBlock] = []
        self.tables = 0
        self.extra_order: dict[str, list[int]] = {}

    def walk(self, container: etree._Element, depth: int = 0) -> None:
        for element in _blocks(container):
            if element.tag == _P:
                self.paragraph(element)
            elif depth < _MAX_NESTING:
                self.table(element, depth)

    def text(self, paragraph: etree._Element, style: str | None) -> str:
        """A paragraph's text with the number its list gives it, as Word shows it."""
        text = _paragraph_text(paragraph)
        if self.numbering is not None:
            label = self.numbering.label(paragraph, style)
            if label and text.strip():
                text = label + text.lstrip()
        return text

    def paragraph(self, element: etree._Element) -> None:
        style = _style(element)
        role = _ROLE_BY_STYLE.get(style or "")
        text = self.text(element, style)
        position = Position(source=self.source)
        if role == ROLE_TITLE:
            text = "".join(text.splitlines())
        for line in text.splitlines():
            if line.strip():
                self.blocks.append(SourceParagraph(text=line, position=position, role=role))

    def table(self, element: etree._Element, depth: int) -> None:
        rows = list(_children(element, _TR))
        cells = [list(_children(row, _TC)) for row in rows]
        nested = [tc for row in cells for tc in row if any(True for _ in tc.iter(_TBL))]
        if nested and (len(rows) == 1 or all(len(row) <= 1 for row in cells)):
            for row in cells:
                for tc in row:
                    self.walk(tc, depth + 1)
            return
        self.tables += 1
        number = self.tables
        self.blocks.append(self._grid(number, rows, cells))
        for tc in nested:
            for inner in _blocks(tc):
                if inner.tag == _TBL and depth + 1 < _MAX_NESTING:
                    self.table(inner, depth + 1)

    def _grid(
        self,
        number: int,
        rows: list[etree._Element],
        cells: list[list[etree._Element]],
    ) -> SourceTable:
        built: list[list[_Cell]] = []
        open_cells: dict[int, _Cell] = {}
        for row_index, (row, tcs) in enumerate(zip(rows, cells, strict=True), start=1):
            out: list[_Cell] = []
            properties = row.find(_TRPR)
            column = _int(properties.find(_GRID_BEFORE) if properties is not None else None, 0)
            if column:
                out.append(_Cell("", 0, column, 1, row_index, CELL_PAD))
            continued: dict[int, _Cell] = {}
            for tc in tcs:
                tc_properties = tc.find(_TCPR)
                span, vmerge, hmerge = 1, None, None
                if tc_properties is not None:
                    span = max(1, _int(tc_properties.find(_GRID_SPAN), 1))
                    vmerge_element = tc_properties.find(_VMERGE)
                    if vmerge_element is not None:
                        vmerge = vmerge_element.get(_VAL, "continue")
                    hmerge_element = tc_properties.find(_HMERGE)
                    if hmerge_element is not None:
                        hmerge = hmerge_element.get(_VAL, "continue")
                text, role = self._cell_text(tc)
                if hmerge == "continue" and out:
                    out[-1].colspan += span
                    column += span
                    continue
                above = open_cells.get(column)
                if vmerge == "continue" and above is not None and above.colspan == span:
                    above.rowspan += 1
                    continued[column] = above
                else:
                    cell = _Cell(text, column, span, 1, row_index, role)
                    out.append(cell)
                    if vmerge == "restart":
                        continued[column] = cell
                column += span
            open_cells = continued
            built.append(out)
        return SourceTable(
            rows=tuple(
                tuple(
                    # (Positional arguments, in field order: keywords make each call of
                    # these constructors about twice as slow, for every cell.)
                    SourceCell(
                        cell.text,
                        cell.rowspan,
                        cell.colspan,
                        Position(self.source, None, None, number, cell.row, index),
                        cell.role,
                    )
                    for index, cell in enumerate(row, start=1)
                )
                for row in built
            ),
            position=Position(source=self.source, table=number),
        )

    def _cell_text(self, tc: etree._Element) -> tuple[str, str | None]:
        """The cell's lines, and its role: ``"extra"`` for the label of a non-standard row as
        this library's writer marks it (whose index it notes from the row's bookmark)."""
        lines: list[str] = []
        role = None
        for paragraph in _children(tc, _P):
            style = _style(paragraph)
            text = self.text(paragraph, style)
            lines.extend(line for line in text.splitlines() if line.strip())
            if style == STYLE.TABLE_EXTRA:
                role = CELL_EXTRA
                for mark in paragraph.iter(_BOOKMARK):
                    found = EXTRA_BOOKMARK_PATTERN.match(mark.get(_NAME) or "")
                    if found:
                        self.extra_order.setdefault(found[1], []).append(int(found[2]))
        return "\n".join(lines), role


def read_metadata(package: Package) -> dict[str, str]:
    """The ``META_*`` values this library's writer stored as custom document properties."""
    name = package.related("", "/custom-properties") or "docProps/custom.xml"
    if name not in package:
        return {}
    meta: dict[str, str] = {}
    for prop in package.xml(name).iter(qn("custom:property")):
        key = prop.get("name") or ""
        if key.startswith(CUSTOM_PROPERTY_PREFIX) and len(prop):
            meta[key[len(CUSTOM_PROPERTY_PREFIX) :]] = prop[0].text or ""
    return meta


def _numbering(package: Package, main: str) -> Numbering | None:
    """The document's list numbering, if it has any (this library's own output has none)."""
    name = package.related(main, "/numbering")
    if name is None or name not in package:
        return None
    styles = package.related(main, "/styles")
    return Numbering(
        package.xml(name),
        package.xml(styles) if styles is not None and styles in package else None,
    )


@attrs.frozen
class Extracted:
    """What the reader gets from a package: the document, and the order of extra rows."""

    document: SourceDocument
    extra_order: Mapping[str, tuple[int, ...]]
    """By table key: the index each extra row (in document order) had in ``extra_rows`` when
    this library wrote it."""


def extract(package: Package) -> Extracted:
    """The paragraphs and tables of the package's main document, and its metadata."""
    main = package.main_document()
    data = package.read(main)
    for strict, transitional in STRICT_NAMESPACES:
        data = data.replace(strict, transitional)
    root = package.parse(data, main)
    body = root.find(qn("w:body"))
    if body is None:
        raise ReadError(
            "the main document has no body (w:body): not a WordprocessingML document",
            source=package.source,
            place=main,
        )
    extractor = _Extractor(package.source, _numbering(package, main))
    extractor.walk(body)
    document = SourceDocument(
        blocks=tuple(extractor.blocks),
        name=package.source,
        format="docx",
        metadata=read_metadata(package),
    )
    order = {key: tuple(indexes) for key, indexes in extractor.extra_order.items()}
    return Extracted(document=document, extra_order=order)


@reader_guard("docx")
def read_source_document(
    data: bytes,
    *,
    source: str | None = None,
    max_part_bytes: int = MAX_PART_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_parts: int = MAX_PARTS,
    max_compression_ratio: int = MAX_COMPRESSION_RATIO,
    allow_macros: bool = False,
) -> SourceDocument:
    """The paragraphs and tables of a DOCX, before recognition (for tools and debugging).

    The limits are those of :class:`~govdisclosure.formats.word.DocxReader`.

    Raises:
        ReadError: not a DOCX (not a zip, an encrypted or legacy Office file, no main document
            part), a part larger than the limits, or XML that is not well-formed.
    """
    package = Package(
        data,
        source=source,
        max_part_bytes=max_part_bytes,
        max_total_bytes=max_total_bytes,
        max_parts=max_parts,
        max_compression_ratio=max_compression_ratio,
        allow_macros=allow_macros,
    )
    return extract(package).document
