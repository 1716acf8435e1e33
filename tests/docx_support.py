"""Test helpers for DOCX: open a package's XML parts and see a ``w:tbl`` as a grid."""

from __future__ import annotations

import io
import zipfile

import attrs
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSMAP = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "custom": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(data: bytes, name: str) -> etree._Element:
    """An XML part of a package, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def text_of(element: etree._Element) -> str:
    """Text of a cell or paragraph: paragraphs joined with a newline."""
    paragraphs = element.findall(".//w:p", NSMAP) if element.tag != w("p") else [element]
    return "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in paragraphs)


@attrs.frozen
class Cell:
    """A ``w:tc`` where it sits in the grid."""

    row: int
    column: int
    span: int
    vmerge: str | None
    text: str
    element: etree._Element = attrs.field(eq=False, repr=False)


def cells(table: etree._Element) -> list[list[Cell]]:
    """Each row's cells with their grid column, span and vertical merge."""
    rows = []
    for r, tr in enumerate(table.findall("w:tr", NSMAP)):
        column = 0
        row = []
        for tc in tr.findall("w:tc", NSMAP):
            span_el = tc.find("w:tcPr/w:gridSpan", NSMAP)
            span = int(span_el.get(w("val"))) if span_el is not None else 1
            vmerge_el = tc.find("w:tcPr/w:vMerge", NSMAP)
            vmerge = None
            if vmerge_el is not None:
                vmerge = vmerge_el.get(w("val"), "continue")
            row.append(Cell(r, column, span, vmerge, text_of(tc), tc))
            column += span
        rows.append(row)
    return rows


def expand(table: etree._Element) -> list[list[str]]:
    """The table as a full grid: every position holds the text of the cell covering it (a
    vertically merged run shows the text of its first cell)."""
    width = len(table.findall("w:tblGrid/w:gridCol", NSMAP))
    grid: list[list[str]] = []
    for row in cells(table):
        line = [""] * width
        for cell in row:
            text = cell.text
            if cell.vmerge == "continue":
                text = grid[-1][cell.column]
            for c in range(cell.column, cell.column + cell.span):
                line[c] = text
        grid.append(line)
    return grid


def tables(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").findall("w:body/w:tbl", NSMAP)
