"""Pages to a :class:`~govdisclosure.formats._source.SourceDocument`: running heads and page
numbers dropped, lines joined into paragraphs, tables continued over page breaks joined.

A table that Word or WPS breaks over pages comes out of the PDF as one table per page. They
are joined here, so that the recogniser sees one table as in the DOCX original:

* the next page's part is a continuation when nothing but the page break separates the two
  parts and its outer edges and column lines fit those of the part before;
* header rows that the layout repeats at the top of the next page are dropped;
* a cell that the page break cut in two (a vertically merged label such as （四）无法提供
  printed as ``（四）无`` above the break and ``法提供`` below it, or a row allowed to break
  across pages) is joined back: when its lower part is empty, or when the two parts together
  make a label of the format that the upper part alone does not.
"""

from __future__ import annotations

import collections
import re
import statistics
import unicodedata
from collections.abc import Iterator, Sequence

import attrs

from govdisclosure.editions import EDITIONS
from govdisclosure.formats._labels import label_index, label_key
from govdisclosure.formats._recognize import PAGE_FOOTER
from govdisclosure.formats._source import (
    SourceBlock,
    SourceCell,
    SourceParagraph,
    SourceTable,
)
from govdisclosure.formats.pdf._layout import PageLayout, PageTable, TextLine, cluster
from govdisclosure.formats.pdf._text import join_wrapped
from govdisclosure.model.diagnostics import Position

__all__ = ["Continuation", "build_blocks", "is_page_number", "known_label"]

_MARGIN = 0.12
"""Running heads and page numbers sit in the outer 12% of the page height."""
_EDGE = 4.0
"""Outer edges of two parts of one table agree within this (points)."""
_COLUMN = 2.5
"""Column lines of two parts of one table agree within this (points)."""

_PAGE_NUMBER = (
    # In a page's margin a bare number is a page number too; anywhere, ``- 3 -`` and 第3页.
    re.compile(r"^[-—–―－_·•\s]*\d{1,4}[-—–―－_·•\s]*$"),
    PAGE_FOOTER,
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),
    re.compile(r"^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$", re.IGNORECASE),
)
_NUMBER = re.compile(r"^[+\-−]?\d[\d,，]*(?:[.．]\d+)?$")
_CONTINUED = re.compile(r"^[(（]?续表[)）]?\s*\d*\s*[:：]?$")
"""The caption some reports print above the continuation of a table (续表, （续表）)."""


def is_page_number(text: str) -> bool:
    """Whether a line is a page number as Chinese documents print it (``- 3 -``, ``— 3 —``,
    ``第3页 共6页``, ``3/6``)."""
    text = unicodedata.normalize("NFKC", text).strip()
    return any(p.match(text) for p in _PAGE_NUMBER)


def known_label(text: str) -> bool:
    """Whether ``text`` is a label or heading of either edition (as the recogniser matches)."""
    return any(
        index.match(text) is not None or index.section(text) is not None
        for index in (label_index(edition) for edition in EDITIONS.values())
    )


# -- running heads and page numbers ----------------------------------------------------------


def _in_margin(line: TextLine, page: PageLayout) -> bool:
    return line.bottom <= page.height * _MARGIN or line.top >= page.height * (1 - _MARGIN)


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", unicodedata.normalize("NFKC", text).replace(" ", ""))


def body_lines(pages: Sequence[PageLayout]) -> list[list[TextLine]]:
    """Each page's lines without page numbers and without text repeated in the margins of
    most pages (running heads and feet)."""
    seen: collections.Counter[str] = collections.Counter()
    for page in pages:
        seen.update({_running_key(line.text) for line in page.lines if _in_margin(line, page)})
    repeated = {key for key, n in seen.items() if n >= 2 and n * 2 >= len(pages)}
    return [
        [
            line
            for line in page.lines
            if not (
                _in_margin(line, page)
                and (is_page_number(line.text) or _running_key(line.text) in repeated)
            )
        ]
        for page in pages
    ]


def _without_continued_caption(page: PageLayout, lines: list[TextLine]) -> list[TextLine]:
    """A page's lines without a 续表 caption that stands right above its first table, so that
    the table is seen as the continuation it says it is."""
    if not lines or not page.tables or not _CONTINUED.match(lines[0].text.replace(" ", "")):
        return lines
    if len(lines) > 1 and lines[1].top < page.tables[0].top:
        return lines
    return lines[1:] if lines[0].top < page.tables[0].top else lines


# -- tables continued over pages -------------------------------------------------------------


@attrs.define
class _Cell:
    text: str
    x0: float
    x1: float
    row: int
    rowspan: int
    page: int

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1


@attrs.frozen
class Continuation:
    """A cell that a page break cut in two and that was joined back."""

    upper: str
    lower: str
    page: int
    """The page of the lower part."""


@attrs.define
class _Table:
    """A table being assembled from its parts on consecutive pages."""

    cells: list[_Cell]
    rows: int
    page: int
    """The page of the last part."""
    left: float
    right: float
    inner: tuple[float, ...]
    """Inner column lines of the last part."""
    joined: list[Continuation] = attrs.field(factory=list)

    @classmethod
    def start(cls, part: PageTable) -> _Table:
        table = cls(cells=[], rows=0, page=part.page, left=0, right=0, inner=())
        table._append(part, _cells(part))
        return table

    def _append(self, part: PageTable, cells: list[_Cell]) -> None:
        self.cells.extend(cells)
        self.rows = max((c.last_row + 1 for c in self.cells), default=0)
        self.page = part.page
        self.left, self.right = part.xs[0], part.xs[-1]
        self.inner = part.xs[1:-1]

    def continued_by(self, part: PageTable) -> bool:
        """Whether ``part``, first on the next page, continues this table."""
        if part.page != self.page + 1:
            return False
        if abs(part.xs[0] - self.left) > _EDGE or abs(part.xs[-1] - self.right) > _EDGE:
            return False
        mine, theirs = self.inner, part.xs[1:-1]
        return _subset(theirs, mine) or _subset(mine, theirs)

    def extend(self, part: PageTable) -> None:
        cells = _cells(part)
        header = self._repeated_header(cells)
        cells = [c for c in cells if c.row >= header]
        for cell in cells:
            cell.row += self.rows - header
        self._join_at_break(cells)
        self._append(part, cells)

    def _row(self, cells: Sequence[_Cell], row: int) -> list[_Cell]:
        return sorted((c for c in cells if c.row == row), key=lambda c: c.x0)

    def _repeated_header(self, cells: list[_Cell]) -> int:
        """How many leading rows of the new part repeat the table's first rows."""
        rows = 1 + max((c.last_row for c in cells), default=-1)
        count = 0
        while count < min(rows - 1, self.rows):
            if not _same_row(self._row(self.cells, count), self._row(cells, count)):
                break
            count += 1
        # Only whole rows can go: no dropped cell may reach below the dropped band.
        while count and any(c.row < count <= c.last_row for c in cells):
            count -= 1
        if count and not any(c.text for c in cells if c.row < count):
            return 0
        return count

    def _join_at_break(self, cells: list[_Cell]) -> None:
        """Join the cells that the page break cut in two (see the module docstring)."""
        if not cells:
            return
        first = min(c.row for c in cells)
        numbers = [c.x0 for c in (*self.cells, *cells) if _NUMBER.match(c.text)]
        if not numbers:
            return
        label_limit = min(numbers)
        above = [c for c in self.cells if c.last_row == self.rows - 1]
        below = [c for c in cells if c.row == first]
        pairs = [(a, b) for b in below for a in above if _same_span(a, b)]
        if len(pairs) == len(below) == len(above):
            labels = [(a, b) for a, b in pairs if a.x1 <= label_limit + _EDGE]
            values = [(a, b) for a, b in pairs if a.x1 > label_limit + _EDGE]
            both = [(a, b) for a, b in labels if a.text and b.text]
            split_row = (
                both
                and all(_completes(a.text, b.text) for a, b in both)
                and all(not (a.text and b.text) for a, b in values)
            )
            if split_row:
                # A row allowed to break across pages: its two parts are one row.
                for a, b in pairs:
                    if a.text and b.text:
                        self.joined.append(Continuation(a.text, b.text, b.page))
                    a.text = join_wrapped((a.text, b.text))
                    a.rowspan += b.rowspan - 1
                    cells.remove(b)
                for cell in cells:
                    cell.row -= 1
                return
        for a, b in pairs:
            if a.x1 > label_limit + _EDGE or not a.text:
                continue
            if b.text and not _completes(a.text, b.text):
                continue
            if b.text:
                self.joined.append(Continuation(a.text, b.text, b.page))
            a.text = join_wrapped((a.text, b.text))
            a.rowspan += b.rowspan
            cells.remove(b)

    def source(self, number: int, name: str | None) -> SourceTable:
        xs = cluster((v for c in self.cells for v in (c.x0, c.x1)), _COLUMN)
        rows: list[tuple[SourceCell, ...]] = []
        for r in range(self.rows):
            row = self._row(self.cells, r)
            rows.append(
                tuple(
                    SourceCell(
                        text=cell.text,
                        rowspan=cell.rowspan,
                        colspan=max(1, _index(xs, cell.x1) - _index(xs, cell.x0)),
                        position=Position(
                            source=name, page=cell.page, table=number, row=r + 1, cell=k + 1
                        ),
                    )
                    for k, cell in enumerate(row)
                )
            )
        first_page = min((c.page for c in self.cells), default=self.page)
        return SourceTable(
            rows=tuple(rows), position=Position(source=name, page=first_page, table=number)
        )


def _cells(part: PageTable) -> list[_Cell]:
    return [
        _Cell(
            text=cell.text,
            x0=part.xs[cell.col],
            x1=part.xs[cell.col + cell.colspan],
            row=cell.row,
            rowspan=cell.rowspan,
            page=part.page,
        )
        for cell in part.cells
    ]


def _index(xs: Sequence[float], value: float) -> int:
    return min(range(len(xs)), key=lambda i: abs(xs[i] - value))


def _subset(small: Sequence[float], large: Sequence[float]) -> bool:
    return all(any(abs(s - x) <= _COLUMN for x in large) for s in small)


def _same_span(a: _Cell, b: _Cell) -> bool:
    return abs(a.x0 - b.x0) <= _COLUMN and abs(a.x1 - b.x1) <= _COLUMN


def _same_row(mine: Sequence[_Cell], theirs: Sequence[_Cell]) -> bool:
    return len(mine) == len(theirs) and all(
        _same_span(a, b) and label_key(a.text) == label_key(b.text)
        for a, b in zip(mine, theirs, strict=True)
    )


def _completes(upper: str, lower: str) -> bool:
    """Whether two fragments make a known label together that the upper one is not alone."""
    return known_label(upper + lower) and not known_label(upper)


# -- paragraphs --------------------------------------------------------------------------------


@attrs.frozen
class _Metrics:
    size: float
    left: float
    right: float


def _mode(values: Sequence[float]) -> float:
    binned = collections.Counter(round(v / 2) * 2 for v in values)
    return float(binned.most_common(1)[0][0]) if binned else 0.0


def _metrics(lines: Sequence[TextLine]) -> _Metrics:
    if not lines:
        return _Metrics(size=12.0, left=0.0, right=0.0)
    size = statistics.median(line.size for line in lines)
    body = [line for line in lines if abs(line.size - size) <= 0.1 * size] or list(lines)
    return _Metrics(
        size=size,
        left=min(_mode([line.x0 for line in body]), min(line.x0 for line in body) + size),
        right=_mode([line.x1 for line in body]),
    )


def _breaks(previous: TextLine, line: TextLine, metrics: _Metrics) -> bool:
    """Whether ``line`` starts a new paragraph after ``previous``."""
    if abs(line.size - previous.size) > 0.15 * metrics.size:
        return True
    if line.page == previous.page and line.top - previous.bottom > 1.2 * metrics.size:
        return True
    if line.x0 > metrics.left + 0.8 * line.size:
        return True
    return previous.x1 < metrics.right - 1.5 * previous.size


def _events(
    pages: Sequence[PageLayout], lines: Sequence[Sequence[TextLine]]
) -> Iterator[TextLine | PageTable]:
    for page, page_lines in zip(pages, lines, strict=True):
        items: list[TextLine | PageTable] = [*page_lines, *page.tables]
        items.sort(key=lambda item: item.top)
        yield from items


def build_blocks(
    pages: Sequence[PageLayout], name: str | None
) -> tuple[tuple[SourceBlock, ...], list[Continuation]]:
    """The document's paragraphs and tables in reading order, and the cells joined over breaks."""
    lines = [
        _without_continued_caption(page, page_lines)
        for page, page_lines in zip(pages, body_lines(pages), strict=True)
    ]
    numbers = {id(line): k for page_lines in lines for k, line in enumerate(page_lines, 1)}
    metrics = _metrics([line for page_lines in lines for line in page_lines])
    blocks: list[SourceBlock] = []
    joined: list[Continuation] = []
    paragraph: list[TextLine] = []
    table: _Table | None = None
    title = True

    def flush_paragraph(role: str | None = None) -> None:
        if paragraph:
            first = paragraph[0]
            blocks.append(
                SourceParagraph(
                    text=join_wrapped(line.text for line in paragraph),
                    position=Position(source=name, page=first.page, line=numbers[id(first)]),
                    role=role,
                )
            )
            paragraph.clear()

    def flush_table() -> None:
        nonlocal table
        if table is not None:
            count = sum(isinstance(b, SourceTable) for b in blocks) + 1
            blocks.append(table.source(count, name))
            joined.extend(table.joined)
            table = None

    for item in _events(pages, lines):
        if isinstance(item, PageTable):
            if paragraph:
                flush_paragraph("title" if title and blocks == [] else None)
            title = False
            if table is not None and table.continued_by(item):
                table.extend(item)
            else:
                flush_table()
                table = _Table.start(item)
            continue
        flush_table()
        if title and item.size < 1.15 * metrics.size:
            # The title is the run of large lines the document opens with; it is often
            # broken over two centred lines (agency, then year and title).
            flush_paragraph("title" if blocks == [] and paragraph else None)
            title = False
        elif title:
            paragraph.append(item)
            continue
        if paragraph and _breaks(paragraph[-1], item, metrics):
            flush_paragraph()
        paragraph.append(item)
    flush_paragraph("title" if title else None)
    flush_table()
    return tuple(blocks), joined
