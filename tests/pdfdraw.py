"""Draw small PDFs for tests: text lines and ruled tables placed exactly, page by page.

Built on reportlab's canvas with the Adobe CID font ``STSong-Light``, which every PDF reader
knows without an embedded font file, so tests need no CJK font on the machine. Coordinates are
in points from the top-left corner of an A4 page, as pdfplumber reports them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import pytest

pytest.importorskip("reportlab", reason="reportlab (the test extra) draws the test PDFs")

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
WIDTH, HEIGHT = 595.0, 842.0
LEFT, RIGHT = 80.0, 515.0
"""The text block of the drawn pages: paragraphs run from LEFT to RIGHT."""
BODY = 16.0
PITCH = 28.0
"""Line pitch of body text (GB/T 9704: 22 lines of 16pt type on a page)."""

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@attrs.frozen
class Text:
    """One line of text; ``top`` is the top of its characters."""

    x: float
    top: float
    text: str
    size: float = BODY
    font: str = FONT
    """``Helvetica`` for Latin-only text (a standard font needs no CMap)."""


@attrs.frozen
class Cell:
    """A table cell at grid slot (row, col); its text lines are drawn as given (``\\n``)."""

    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    borders: str = "tblr"
    """Which of its borders to draw: top, bottom, left, right."""


@attrs.frozen
class Grid:
    """A ruled table: column widths, row heights, cells."""

    x: float
    top: float
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    cells: tuple[Cell, ...]
    size: float = 10.0

    @property
    def bottom(self) -> float:
        return self.top + sum(self.heights)


@attrs.frozen
class Box:
    """A filled rectangle (paragraph shading, as WPS draws behind text)."""

    x0: float
    top: float
    x1: float
    bottom: float
    gray: float = 1.0


@attrs.frozen
class Image:
    """A gray image covering a rectangle (a scanned page)."""

    x0: float
    top: float
    x1: float
    bottom: float


Item = Text | Grid | Box | Image


def _draw_text(page: canvas.Canvas, item: Text) -> None:
    page.setFont(item.font, item.size)
    page.drawString(item.x, HEIGHT - item.top - item.size * 0.88, item.text)


def _draw_grid(page: canvas.Canvas, grid: Grid) -> None:
    xs = [grid.x]
    for width in grid.widths:
        xs.append(xs[-1] + width)
    ys = [grid.top]
    for height in grid.heights:
        ys.append(ys[-1] + height)
    page.setLineWidth(0.5)
    for cell in grid.cells:
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        y0, y1 = ys[cell.row], ys[cell.row + cell.rowspan]
        for side, (ax, ay, bx, by) in {
            "t": (x0, y0, x1, y0),
            "b": (x0, y1, x1, y1),
            "l": (x0, y0, x0, y1),
            "r": (x1, y0, x1, y1),
        }.items():
            if side in cell.borders:
                page.line(ax, HEIGHT - ay, bx, HEIGHT - by)
        lines = cell.text.split("\n") if cell.text else []
        block = len(lines) * grid.size * 1.25
        top = y0 + max((y1 - y0 - block) / 2, 1.0)
        page.setFont(FONT, grid.size)
        for k, line in enumerate(lines):
            baseline = top + k * grid.size * 1.25 + grid.size * 0.88
            page.drawString(x0 + 2, HEIGHT - baseline, line)


def _draw_image(page: canvas.Canvas, item: Image) -> None:
    from PIL import Image as PILImage

    picture = PILImage.new("L", (40, 40), 128)
    page.drawInlineImage(
        picture, item.x0, HEIGHT - item.bottom, item.x1 - item.x0, item.bottom - item.top
    )


def make_pdf(
    pages: Sequence[Iterable[Item]],
    *,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    """A PDF with one page per item list."""
    out = io.BytesIO()
    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = StandardEncryption(user_password or "", owner_password or "owner", canCopy=0)
    page = canvas.Canvas(out, pagesize=(WIDTH, HEIGHT), encrypt=encrypt, invariant=1)
    for items in pages:
        for item in items:
            if isinstance(item, Text):
                _draw_text(page, item)
            elif isinstance(item, Grid):
                _draw_grid(page, item)
            elif isinstance(item, Box):
                page.setFillGray(item.gray)
                page.rect(
                    item.x0,
                    HEIGHT - item.bottom,
                    item.x1 - item.x0,
                    item.bottom - item.top,
                    stroke=0,
                    fill=1,
                )
                page.setFillGray(0)
            else:
                _draw_image(page, item)
        page.showPage()
    page.save()
    return out.getvalue()


def paragraph(text: str, top: float, *, chars: int = 27, indent: bool = True) -> list[Text]:
    """Body text wrapped to the text block, the first line indented two characters, as Word
    lays it out: each line takes characters while they fit ``chars`` ems of width."""
    lines: list[Text] = []
    room = chars * BODY
    start = 0
    row = 0
    while start < len(text):
        offset = 2 * BODY if indent and row == 0 else 0.0
        end = start + 1
        while (
            end < len(text)
            and pdfmetrics.stringWidth(text[start : end + 1], FONT, BODY) <= room - offset
        ):
            end += 1
        lines.append(Text(LEFT + offset, top + row * PITCH, text[start:end]))
        start = end
        row += 1
    return lines


def footer(number: int) -> Text:
    """The page number as GB/T 9704 prints it, at the foot of the page."""
    return Text(RIGHT - 40, HEIGHT - 50, f"- {number} -", size=14)


# -- tables of the format, laid out as the official template, from the edition data ------------

LABEL_WIDTHS = (30.0, 60.0, 130.0)
VALUE_WIDTH = 32.0
CELL_FONT = 10.0


def wrap(text: str, width: float, size: float = CELL_FONT) -> str:
    """``text`` broken into lines that fit ``width`` points less the cell padding, as a word
    processor wraps a label (or a long number) in a narrow cell."""
    lines: list[str] = []
    start = 0
    while start < len(text):
        end = start + 1
        while (
            end < len(text)
            and pdfmetrics.stringWidth(text[start : end + 1], FONT, size) <= width - 4
        ):
            end += 1
        lines.append(text[start:end])
        start = end
    return "\n".join(lines)


def _height(text: str) -> float:
    return max(20.0, (text.count("\n") + 1) * CELL_FONT * 1.25 + 6)


def applications_cells(edition: Any, values: Callable[[str, str], int | None]) -> list[Cell]:
    """Table 三 of ``edition`` as the official template draws it: the 勾稽关系 note over three
    header rows, 三、本年度办理结果 as a tall cell beside the outcome rows, each group label
    (（三）不予公开 …) beside its numbered rows. ``values(row, column)`` gives each number."""
    spec = edition.applications
    columns = [c for b in spec.blocks for c in b.columns]
    legal = spec.column_group("legal_person")
    first_value = len(LABEL_WIDTHS)
    label_width = sum(LABEL_WIDTHS)
    cells = [
        Cell(0, 0, wrap(spec.corner_label, label_width), rowspan=3, colspan=3),
        Cell(0, first_value, spec.column_header, colspan=len(columns)),
    ]
    col = first_value
    for column in columns:
        if column.group is None:
            cells.append(Cell(1, col, wrap(column.label, VALUE_WIDTH), rowspan=2))
        elif column.key == legal.members[0]:
            cells.append(Cell(1, col, legal.label, colspan=len(legal.members)))
        if column.group is not None:
            cells.append(Cell(2, col, wrap(column.label, VALUE_WIDTH)))
        col += 1
    row = 3
    outcomes = spec.group("outcomes")
    outcome_rows = [r for r in spec.rows if r.group is not None]
    groups_done: set[str] = set()
    for spec_row in spec.rows:
        if spec_row.key == outcome_rows[0].key:
            cells.append(
                Cell(row, 0, wrap(outcomes.label, LABEL_WIDTHS[0]), rowspan=len(outcome_rows))
            )
        if spec_row.group is None:
            cells.append(Cell(row, 0, wrap(spec_row.label, label_width), colspan=3))
        elif spec_row.group == "outcomes":
            cells.append(Cell(row, 1, wrap(spec_row.label, sum(LABEL_WIDTHS[1:])), colspan=2))
        else:
            group = spec.group(spec_row.group)
            if group.key not in groups_done:
                groups_done.add(group.key)
                cells.append(
                    Cell(row, 1, wrap(group.label, LABEL_WIDTHS[1]), rowspan=len(group.members))
                )
            cells.append(Cell(row, 2, wrap(spec_row.label, LABEL_WIDTHS[2])))
        for k, column in enumerate(columns):
            value = values(spec_row.key, column.key)
            shown = "" if value is None else wrap(str(value), VALUE_WIDTH)
            cells.append(Cell(row, first_value + k, shown))
        row += 1
    return cells


def row_heights(cells: Sequence[Cell]) -> list[float]:
    """Each grid row as tall as its tallest one-row cell needs."""
    rows = 1 + max(c.row + c.rowspan - 1 for c in cells)
    heights = [20.0] * rows
    for cell in cells:
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], _height(cell.text))
    return heights


def widths_of(edition: Any) -> tuple[float, ...]:
    columns = [c for b in edition.applications.blocks for c in b.columns]
    return (*LABEL_WIDTHS, *([VALUE_WIDTH] * len(columns)))


def split_cells(
    cells: Sequence[Cell],
    heights: Sequence[float],
    at: int,
    *,
    repeat: int = 0,
    cut: Callable[[Cell], tuple[str, str]] | None = None,
) -> tuple[list[Cell], list[float], list[Cell], list[float]]:
    """A table broken before grid row ``at``, as a word processor breaks it over two pages.

    A cell spanning the break is drawn in both parts; ``cut(cell)`` says which text goes above
    and below it (by default all above). The first ``repeat`` rows are repeated at the top of
    the second part (Word's "repeat as header row")."""
    upper: list[Cell] = []
    lower: list[Cell] = [c for c in cells if c.row + c.rowspan <= repeat]
    shift = at - repeat
    for cell in cells:
        end = cell.row + cell.rowspan
        if end <= at:
            upper.append(cell)
        elif cell.row >= at:
            lower.append(attrs.evolve(cell, row=cell.row - shift))
        else:
            above, below = cut(cell) if cut else (cell.text, "")
            upper.append(attrs.evolve(cell, rowspan=at - cell.row, text=above))
            lower.append(attrs.evolve(cell, row=repeat, rowspan=end - at, text=below))
    return upper, list(heights[:at]), lower, [*heights[:repeat], *heights[at:]]


def split_grid(
    cells: Sequence[Cell],
    heights: Sequence[float],
    at: int,
    *,
    x: float,
    tops: tuple[float, float],
    widths: tuple[float, ...],
    repeat: int = 0,
    cut: Callable[[Cell], tuple[str, str]] | None = None,
) -> tuple[Grid, Grid]:
    """:func:`split_cells`, drawn at ``x`` from ``tops`` on two pages."""
    upper, upper_heights, lower, lower_heights = split_cells(
        cells, heights, at, repeat=repeat, cut=cut
    )
    return (
        Grid(x, tops[0], widths, tuple(upper_heights), tuple(upper), size=CELL_FONT),
        Grid(x, tops[1], widths, tuple(lower_heights), tuple(lower), size=CELL_FONT),
    )


def proactive_cells(edition: Any, values: Callable[[str, str], object]) -> list[Cell]:
    """Table 二: per block its item header, the 信息内容 header row, its data rows; blocks with
    fewer columns span their last column over the rest."""
    spec = edition.proactive
    width = max(len(b.columns) for b in spec.blocks)
    cells: list[Cell] = []
    row = 0

    def line(texts: Sequence[str]) -> None:
        nonlocal row
        for k, text in enumerate(texts):
            span = width - k if k == len(texts) - 1 else 1
            cells.append(Cell(row, k, wrap(text, PROACTIVE_WIDTHS[k] * span), colspan=span))
        row += 1

    for block in spec.blocks:
        cells.append(Cell(row, 0, block.label, colspan=width + 1))
        row += 1
        line([spec.corner_label, *(c.label for c in block.columns)])
        for data in block.rows:
            line([data.label, *(_shown(values(data.key, c.key)) for c in block.columns)])
    return cells


PROACTIVE_WIDTHS = (130.0, 105.0, 105.0, 105.0)
REVIEW_WIDTH = 29.0


def reviews_cells(edition: Any, values: Callable[[str, str], object]) -> list[Cell]:
    """Table 四: 行政复议 and 行政诉讼 (its two kinds of suit) over their five columns each,
    then one row of fifteen numbers."""
    spec = edition.reviews
    columns = [c for b in spec.blocks for c in b.columns]
    n = len(columns)
    rows = spec.rows
    ungrouped = [r for r in rows if r.group is None]
    cells: list[Cell] = []
    col = 0
    for data in ungrouped:
        cells.append(Cell(0, col, data.label, colspan=n))
        for k, column in enumerate(columns):
            cells.append(Cell(1, col + k, wrap(column.label, REVIEW_WIDTH), rowspan=2))
        col += n
    for group in spec.row_groups:
        cells.append(Cell(0, col, group.label, colspan=n * len(group.members)))
        for member in group.members:
            cells.append(Cell(1, col, spec.row(member).label, colspan=n))
            for k, column in enumerate(columns):
                cells.append(Cell(2, col + k, wrap(column.label, REVIEW_WIDTH)))
            col += n
    order = [*ungrouped, *(spec.row(m) for g in spec.row_groups for m in g.members)]
    for k, data in enumerate(order):
        for j, column in enumerate(columns):
            cells.append(Cell(3, k * n + j, _shown(values(data.key, column.key))))
    return cells


def _shown(value: object) -> str:
    return "" if value is None else str(value)


TOP, BOTTOM = 80.0, 770.0
"""The body area of a drawn page (points from the top)."""


class Flow:
    """Lays items out page after page, breaking paragraphs between lines and tables between
    rows, the way a word processor prints a report."""

    def __init__(self) -> None:
        self.pages: list[list[Item]] = [[]]
        self.top = TOP

    def new_page(self) -> None:
        self.pages[-1].append(footer(len(self.pages)))
        self.pages.append([])
        self.top = TOP

    def text(
        self, text: str, *, indent: bool = True, size: float = BODY, x: float | None = None
    ) -> None:
        for line in paragraph(text, 0, chars=27, indent=indent):
            if self.top + PITCH > BOTTOM:
                self.new_page()
            left = line.x if x is None else x
            self.pages[-1].append(Text(left, self.top, line.text, size=size))
            self.top += PITCH

    def table(
        self,
        cells: Sequence[Cell],
        widths: tuple[float, ...],
        *,
        repeat: int = 0,
    ) -> None:
        heights = row_heights(cells)
        x = (WIDTH - sum(widths)) / 2
        rest, rest_heights = list(cells), heights
        while True:
            room = BOTTOM - self.top
            fits = 0
            while fits < len(rest_heights) and sum(rest_heights[: fits + 1]) <= room:
                fits += 1
            if fits == len(rest_heights):
                grid = Grid(x, self.top, widths, tuple(rest_heights), tuple(rest), CELL_FONT)
                self.pages[-1].append(grid)
                self.top = grid.bottom + 12
                return
            if fits <= repeat:
                self.new_page()
                continue

            def cut(
                cell: Cell, at: int = fits, heights: list[float] = rest_heights
            ) -> tuple[str, str]:
                # The lines that fit above the break stay there; the rest run on below it.
                room = sum(heights[cell.row : at]) - 2
                lines = cell.text.split("\n")
                keep = max(0, int(room // (CELL_FONT * 1.25)))
                return "\n".join(lines[:keep]), "\n".join(lines[keep:])

            upper, upper_heights, rest, rest_heights = split_cells(
                rest, rest_heights, fits, repeat=repeat, cut=cut
            )
            self.pages[-1].append(
                Grid(x, self.top, widths, tuple(upper_heights), tuple(upper), CELL_FONT)
            )
            self.new_page()

    def pdf(self) -> bytes:
        self.pages[-1].append(footer(len(self.pages)))
        return make_pdf(self.pages)


def report_pdf(report: Any, *, before_applications: int = 0) -> bytes:
    """A report drawn as an agency prints it: centred two-line title, narrative with
    indented paragraphs, the three tables in the official layout, page numbers. Table 三
    repeats its three header rows on every page; ``before_applications`` blank lines move
    it down so that the page break falls elsewhere in it."""
    flow = Flow()
    edition = report.edition
    flow.pages[-1].append(Text(200, flow.top, report.agency.name, size=22))
    flow.pages[-1].append(
        Text(110, flow.top + 32, f"{report.year}年政府信息公开工作年度报告", size=22)
    )
    flow.top += 90
    for item in report.preamble:
        flow.text(item.text)
    for spec in edition.sections:
        flow.text(spec.heading)
        section = report.section(spec.key)
        for item in section.content:
            flow.text(item.text)
        if spec.key == "proactive":
            flow.table(proactive_cells(edition, report.proactive.get), (*PROACTIVE_WIDTHS,))
        elif spec.key == "applications":
            flow.top += before_applications * PITCH
            if flow.top > BOTTOM - 120:
                flow.new_page()
            flow.table(
                applications_cells(edition, report.applications.get),
                widths_of(edition),
                repeat=3,
            )
        elif spec.key == "reviews":
            columns = sum(len(b.columns) for b in edition.reviews.blocks)
            rows = len(edition.reviews.rows)
            flow.table(
                reviews_cells(edition, report.reviews.get), (REVIEW_WIDTH,) * (columns * rows)
            )
    return flow.pdf()


def raw_pdf(contents: Sequence[tuple[bytes, bytes]]) -> bytes:
    """A PDF written byte by byte: one page per ``(stream dictionary entries, content)``, in
    Helvetica as ``/F1``, with a correct cross-reference table. For damaged or unusual streams
    that a drawing library would not write."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(contents),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, (entries, body) in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(
            b"<< /Length %d %s >>\nstream\n" % (len(body), entries) + body + b"\nendstream"
        )
    return objects_pdf(objects)


def objects_pdf(objects: Sequence[bytes], trailer: bytes = b"", version: bytes = b"1.4") -> bytes:
    """A PDF of ``objects`` (numbered from 1; 1 is the catalog) with a correct cross-reference
    table; ``trailer`` adds entries to the trailer dictionary (``/Encrypt …``)."""
    out = b"%PDF-" + version + b"\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer + b" " if trailer else b"",
        xref,
    )
    return out


def text_content(text: str) -> bytes:
    """A page content stream showing one line of Latin text in /F1."""
    return b"BT /F1 12 Tf 72 700 Td (" + text.encode("latin-1") + b") Tj ET"
