"""Build DOCX reports the way other tools write them, with python-docx, for the reader tests.

Nothing here uses the library's writer: tables are laid out by hand after the official form
(labels from the edition data), then merged the way Word does (``gridSpan``/``vMerge``), or
left unmerged with the text repeated or only in the first cell (what portal converters and
WPS exports do), split in two across a page, given an extra 小计 column, or printed with
label variants, blanks written ``/`` and numbers with stray spaces.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs
import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn

import govdisclosure as gd
from govdisclosure.editions import Edition

Merge = Literal["word", "repeat", "first"]


@attrs.frozen
class C:
    """A cell of a hand-made layout: text and spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    value: bool = False
    """A value cell: a converter that unmerges cells repeats labels, never values."""


Grid = list[list[C]]


def add_grid(document: Document, rows: Grid, merge: Merge = "word") -> None:
    """Add a table laid out as ``rows`` (merged cells once, with spans).

    ``merge``: ``"word"`` merges as Word does; ``"repeat"`` leaves cells unmerged with a label's
    text in every position; ``"first"`` leaves them unmerged with the text in the first only.
    """
    height = len(rows)
    width = sum(c.colspan for c in rows[0])
    placed: list[tuple[int, int, C]] = []
    taken = [[False] * width for _ in range(height)]
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while taken[r][column]:
                column += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[r + dr][column + dc] = True
            placed.append((r, column, cell))
            column += cell.colspan
    table = document.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    # table.cell(i, j) rebuilds the whole grid on every call: take the cells once. Merging
    # keeps the corner cells of every other rectangle, so the list stays usable.
    grid = table._cells

    def at(r: int, c: int) -> Any:
        return grid[r * width + c]

    for r, column, cell in placed:
        if merge == "word":
            target = at(r, column)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(at(r + cell.rowspan - 1, column + cell.colspan - 1))
            target.text = cell.text
            continue
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                if (merge == "repeat" and not cell.value) or (dr, dc) == (0, 0):
                    at(r + dr, column + dc).text = cell.text


def _text(value: Any, blank: str, spaced: bool) -> str:
    if value is None:
        return blank
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return f" {text} " if spaced else text


@attrs.frozen
class Style:
    """How a foreign document writes things."""

    merge: Merge = "word"
    blank: str = ""
    spaced_numbers: bool = False
    label: Callable[[str], str] = attrs.field(default=lambda s: s)
    """Rewrites every printed row and column label (label variants)."""
    subtotal_column: bool = False
    """Table 三 with a 小计 column after the legal-person columns."""
    split_applications: int | None = None
    """Split table 三 into two tables before this body row (a page break)."""
    repeat_header_after_split: bool = True
    amount_text: Callable[[Any], str] | None = None


def proactive_grid(edition: Edition, values: Mapping[tuple[str, str], Any], style: Style) -> Grid:
    spec = edition.proactive
    width = 1 + max(len(b.columns) for b in spec.blocks)
    rows: Grid = []
    for block in spec.blocks:
        rows.append([C(str(block.label), colspan=width)])
        header = [C("信息内容")]
        for i, column in enumerate(block.columns):
            span = width - len(block.columns) if i == len(block.columns) - 1 else 1
            label = column.label
            if column.unit and column.unit not in label:
                label += f"（单位：{column.unit}）"
            header.append(C(style.label(label), colspan=span))
        rows.append(header)
        for row in block.rows:
            cells = [C(style.label(row.label))]
            for i, column in enumerate(block.columns):
                span = width - len(block.columns) if i == len(block.columns) - 1 else 1
                value = values.get((row.key, column.key))
                if style.amount_text is not None and column.key == "amount" and value is not None:
                    text = style.amount_text(value)
                else:
                    text = _text(value, style.blank, style.spaced_numbers)
                cells.append(C(text, colspan=span, value=True))
            rows.append(cells)
    return rows


def applications_grids(
    edition: Edition, values: Mapping[tuple[str, str], Any], style: Style
) -> list[Grid]:
    """Table 三 as the official form lays it out (one grid, or two when split)."""
    spec = edition.applications
    columns = spec.blocks[0].columns
    applicants = [c for c in columns if c.key != "total"]
    legal = [c for c in applicants if c.group == "legal_person"]
    sub = 1 if style.subtotal_column else 0
    value_width = len(columns) + sub
    header: Grid = [
        [C(str(spec.corner_label), rowspan=3, colspan=3), C("申请人情况", colspan=value_width)],
        [
            C(style.label("自然人"), rowspan=2),
            C("法人或其他组织", colspan=len(legal) + sub),
            C(style.label("总计"), rowspan=2),
        ],
        [C(style.label(c.label)) for c in legal] + ([C("小计")] if sub else []),
    ]
    body: Grid = []
    outcomes = spec.group("outcomes")
    assert outcomes is not None
    outcome_rows = [r for r in spec.rows if r.group is not None]
    for row in spec.rows:
        cells: list[C] = []
        ancestors = list(reversed(list(spec.ancestors(row.key))))
        if row is outcome_rows[0]:
            cells.append(C(outcomes.label, rowspan=len(outcome_rows)))
        if len(ancestors) == 2:
            group = ancestors[1]
            if group.members[0] == row.key:
                cells.append(C(style.label(group.label), rowspan=len(group.members)))
            cells.append(C(style.label(row.label)))
        else:
            cells.append(C(style.label(row.label), colspan=3 - len(ancestors)))
        texts = [
            _text(values.get((row.key, c.key)), style.blank, style.spaced_numbers) for c in legal
        ]
        if sub:
            parts = [values.get((row.key, c.key)) for c in legal]
            texts.append(str(sum(parts)) if all(p is not None for p in parts) else "")
        natural = _text(values.get((row.key, "natural_person")), style.blank, style.spaced_numbers)
        total = _text(values.get((row.key, "total")), style.blank, style.spaced_numbers)
        cells = [
            *cells,
            C(natural, value=True),
            *(C(t, value=True) for t in texts),
            C(total, value=True),
        ]
        body.append(cells)
    at = style.split_applications
    if at is None:
        return [header + body]
    first, second = body[:at], body[at:]
    # The vertical 三、本年度办理结果 cell is cut in two by the page break; each part keeps it.
    _cut_vertical(first, second, outcomes.label)
    return [header + first, (header if style.repeat_header_after_split else []) + second]


def _cut_vertical(first: Grid, second: Grid, label: str) -> None:
    for index, row in enumerate(first):
        for j, cell in enumerate(row):
            if cell.rowspan > 1 and index + cell.rowspan > len(first):
                kept = len(first) - index
                row[j] = attrs.evolve(cell, rowspan=kept)
                rest = cell.rowspan - kept
                second[0].insert(0 if cell.text == label else 1, attrs.evolve(cell, rowspan=rest))


def reviews_grid(values: Mapping[tuple[str, str], Any], style: Style) -> Grid:
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    keys = ["upheld", "corrected", "other", "pending", "total"]
    return [
        [C("行政复议", colspan=5), C("行政诉讼", colspan=10)],
        [
            *(C(style.label(t), rowspan=2) for t in labels),
            C("未经复议直接起诉", colspan=5),
            C("复议后起诉", colspan=5),
        ],
        [C(style.label(t)) for t in labels * 2],
        [
            C(_text(values.get((row, key)), style.blank, style.spaced_numbers), value=True)
            for row in ("administrative_review", "litigation_direct", "litigation_after_review")
            for key in keys
        ],
    ]


def _heading(document: Document, text: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    run.font.name = "黑体"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")


def _number_style(document: Document, style: str) -> None:
    """Link ``style`` to a list numbered 一、 二、 … (chineseCounting)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90"><w:lvl w:ilvl="0">'
            '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    properties = document.styles[style].element.get_or_add_pPr()
    properties.append(
        parse_xml(f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
    )


def build(
    *,
    edition: Edition,
    title: str,
    values: Mapping[str, Mapping[tuple[str, str], Any]],
    style: Style = Style(),
    narrative: Mapping[str, list[str]] | None = None,
    tables: tuple[str, ...] = ("proactive", "applications", "reviews"),
    sections: tuple[str, ...] | None = None,
    heading_style: str | None = None,
    numbered_headings: bool = False,
) -> bytes:
    """A report written the way Word users write it: centred bold title, headings as bold
    paragraphs (or in a heading style), tables after their headings.

    ``numbered_headings``: the headings are in "Heading 1" without their numeral, which a
    multilevel list linked to the style draws (一、 二、 …), as Word users often set it up.
    """
    document = docx.Document()
    if numbered_headings:
        heading_style = "Heading 1"
        _number_style(document, heading_style)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(title).bold = True
    narrative = narrative or {}
    for text in narrative.get("preamble", []):
        document.add_paragraph(text)
    for section in edition.sections:
        if sections is not None and section.key not in sections:
            continue
        if heading_style is not None:
            text = section.heading.partition("、")[2] if numbered_headings else section.heading
            document.add_paragraph(text, style=heading_style)
        else:
            _heading(document, section.heading)
        for text in narrative.get(section.key, []):
            document.add_paragraph(text)
        if section.table is None or section.table not in tables:
            continue
        if section.table == "proactive":
            grids = [proactive_grid(edition, values.get("proactive", {}), style)]
        elif section.table == "applications":
            grids = applications_grids(edition, values.get("applications", {}), style)
        else:
            grids = [reviews_grid(values.get("reviews", {}), style)]
        for index, grid in enumerate(grids):
            if index:
                document.add_page_break()
            add_grid(document, grid, style.merge)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def values_of(report: gd.AnnualReport) -> dict[str, dict[tuple[str, str], Any]]:
    return {t.key: dict(t.values) for t in report.tables}


def expected_cells(expected: Mapping[str, Any]) -> dict[str, dict[tuple[str, str], Any]]:
    """The cells of a corpus ``expected/*.json``, amounts as Decimal."""
    out: dict[str, dict[tuple[str, str], Any]] = {}
    for table in ("proactive", "applications", "reviews"):
        cells = {}
        for row, columns in expected.get(table, {}).items():
            for column, value in columns.items():
                cells[row, column] = Decimal(value) if isinstance(value, str) else value
        out[table] = cells
    return out
