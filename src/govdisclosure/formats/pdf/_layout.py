"""One page of a PDF as lines of text and ruled tables.

Tables are found from the ruling lines the page draws (pdfplumber's cell finder over the
visible strokes only: white or unpainted rectangles, which WPS and Word draw behind every
paragraph, are not borders). Each table becomes a complete grid: every cell with its row and
column span, an empty cell wherever the borders leave a slot uncovered, and its text gathered
from the characters whose centres fall inside it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

import attrs
from pdfplumber.page import Page
from pdfplumber.utils.clustering import cluster_objects

from govdisclosure.formats.pdf._text import Char, char_lines, join_wrapped, line_text

__all__ = [
    "MAX_RULING_LINES",
    "GridCell",
    "PageLayout",
    "PageTable",
    "TextLine",
    "cluster",
    "read_page",
]

MAX_RULING_LINES = 4000
"""Pages drawing more line segments than this (maps, charts) are not searched for tables:
the cell finder's work grows with the square of the segments."""

_SNAP = 3.0
"""Tolerance, in points, for borders that should meet."""
_ALIGN = 1.5
"""Tolerance, in points, for borders that should line up. Kept small because pdfplumber snaps
across the whole page: two tables drawn 2pt apart would otherwise share a column line."""
_GRID = 2.0
"""Cell edges closer than this (points) are the same grid line."""
_THIN = 3.0
"""A filled rectangle no thicker than this (points) is a drawn line."""

_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": _ALIGN,
    "join_tolerance": _SNAP,
    "intersection_tolerance": _SNAP,
    "edge_min_length": _SNAP,
}


@attrs.frozen
class TextLine:
    """A line of text outside tables."""

    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    """The median font size of its characters, in points."""


@attrs.frozen
class GridCell:
    """A cell of a page table: its slots in the page grid (0-based) and its text."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@attrs.frozen
class PageTable:
    """A ruled table as drawn on one page."""

    page: int
    xs: tuple[float, ...]
    """Column boundaries, left to right (one more than the columns)."""
    ys: tuple[float, ...]
    """Row boundaries, top to bottom (one more than the rows)."""
    cells: tuple[GridCell, ...]
    """Every cell, by row then column; together they cover the grid."""

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def columns(self) -> int:
        return len(self.xs) - 1


@attrs.frozen
class PageLayout:
    """What one page holds."""

    number: int
    width: float
    height: float
    lines: tuple[TextLine, ...]
    tables: tuple[PageTable, ...]
    chars: int
    """Characters with a text meaning (whitespace and undecodable glyphs not counted)."""
    undecodable: int
    """Glyphs pdfminer could not map to Unicode (``(cid:N)``)."""
    images: int
    tables_skipped: bool = False
    """Whether table finding was skipped (more than :data:`MAX_RULING_LINES` segments)."""
    content_bytes: int = 0
    """Non-zero when the page was not read: the size of its content, over the limit."""
    error: str | None = None
    """Why the page could not be read (a damaged page), when it could not."""


def cluster(values: Iterable[float], tolerance: float = _GRID) -> list[float]:
    """Sorted values with near-equal ones merged into their mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _nearest(boundaries: Sequence[float], value: float) -> int:
    index = bisect.bisect_left(boundaries, value)
    if index == 0:
        return 0
    if index == len(boundaries):
        return len(boundaries) - 1
    before, after = boundaries[index - 1], boundaries[index]
    return index if after - value < value - before else index - 1


def _white(color: object) -> bool:
    if isinstance(color, (int, float)):
        return color >= 0.99
    if isinstance(color, (tuple, list)):
        values = [v for v in color if isinstance(v, (int, float))]
        if len(values) != len(color) or not values:
            return False
        if len(values) == 4:  # CMYK: white is no ink
            return all(v <= 0.01 for v in values)
        return all(v >= 0.99 for v in values)
    return False


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _box_edges(obj: Char) -> list[dict[str, Any]]:
    x0, x1, top, bottom = (float(obj[k]) for k in ("x0", "x1", "top", "bottom"))
    if min(x1 - x0, bottom - top) <= _THIN:
        if x1 - x0 >= bottom - top:
            middle = (top + bottom) / 2
            return [_edge(x0, middle, x1, middle)]
        middle = (x0 + x1) / 2
        return [_edge(middle, top, middle, bottom)]
    return [
        _edge(x0, top, x1, top),
        _edge(x0, bottom, x1, bottom),
        _edge(x0, top, x0, bottom),
        _edge(x1, top, x1, bottom),
    ]


def _ruling(page: Page) -> list[dict[str, Any]]:
    """The visible, axis-aligned strokes of a page, as pdfplumber edges."""
    edges: list[dict[str, Any]] = []
    for line in page.lines:
        if line.get("stroke", True) and not _white(line.get("stroking_color")):
            x0, x1, top, bottom = (float(line[k]) for k in ("x0", "x1", "top", "bottom"))
            if x1 - x0 <= _THIN or bottom - top <= _THIN:
                edges.extend(_box_edges(line))
    for rect in page.rects:
        filled = rect.get("fill") and not _white(rect.get("non_stroking_color"))
        stroked = rect.get("stroke") and not _white(rect.get("stroking_color"))
        if filled or stroked:
            edges.extend(_box_edges(rect))
    for curve in page.curves:
        if not curve.get("stroke") or _white(curve.get("stroking_color")):
            continue
        points = curve.get("pts") or []
        for (ax, ay), (bx, by) in itertools.pairwise(points):
            if abs(ax - bx) <= 0.5 or abs(ay - by) <= 0.5:
                edges.append(_edge(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return edges


def _grid(
    number: int, bboxes: Sequence[tuple[float, float, float, float]], chars: Sequence[Char]
) -> tuple[PageTable, list[Char]] | None:
    """A complete grid from pdfplumber's cell boxes, with the characters it takes."""
    xs = cluster(v for b in bboxes for v in (b[0], b[2]))
    ys = cluster(v for b in bboxes for v in (b[1], b[3]))
    if len(xs) < 3 or len(ys) < 2:
        return None  # one column: a framed paragraph, not a table
    rows, columns = len(ys) - 1, len(xs) - 1
    owner: list[list[int]] = [[-1] * columns for _ in range(rows)]
    spans: list[tuple[int, int, int, int]] = []
    for x0, top, x1, bottom in bboxes:
        c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
        r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        if any(owner[r][c] >= 0 for r in range(r0, r1) for c in range(c0, c1)):
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r][c] = len(spans)
        spans.append((r0, c0, r1 - r0, c1 - c0))
    for r in range(rows):
        for c in range(columns):
            if owner[r][c] < 0:
                owner[r][c] = len(spans)
                spans.append((r, c, 1, 1))
    texts: list[list[Char]] = [[] for _ in spans]
    rest: list[Char] = []
    for char in chars:
        x = (float(char["x0"]) + float(char["x1"])) / 2
        y = (float(char["top"]) + float(char["bottom"])) / 2
        if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
            rest.append(char)
            continue
        c = min(max(bisect.bisect_right(xs, x) - 1, 0), columns - 1)
        r = min(max(bisect.bisect_right(ys, y) - 1, 0), rows - 1)
        texts[owner[r][c]].append(char)
    cells = sorted(
        (
            GridCell(
                text=join_wrapped(line_text(line) for line in char_lines(owned)),
                row=r0,
                col=c0,
                rowspan=rowspan,
                colspan=colspan,
            )
            for (r0, c0, rowspan, colspan), owned in zip(spans, texts, strict=True)
        ),
        key=lambda cell: (cell.row, cell.col),
    )
    return PageTable(page=number, xs=tuple(xs), ys=tuple(ys), cells=tuple(cells)), rest


def _text_lines(number: int, chars: Sequence[Char]) -> list[TextLine]:
    lines = []
    for line in char_lines(chars):
        text = line_text(line)
        if not text:
            continue
        sizes = sorted(float(c["size"]) for c in line)
        lines.append(
            TextLine(
                text=text,
                page=number,
                top=min(float(c["top"]) for c in line),
                bottom=max(float(c["bottom"]) for c in line),
                x0=float(line[0]["x0"]),
                x1=max(float(c["x1"]) for c in line),
                size=sizes[len(sizes) // 2],
            )
        )
    return lines


_SAME_GLYPH = itemgetter("upright", "text", "fontname", "size")
_DOCTOP = itemgetter("doctop")
_X0 = itemgetter("x0")
_POSITION = itemgetter("doctop", "x0")


def _dedupe_chars(page: Page) -> Any:
    """What ``page.dedupe_chars()`` gives (pdfplumber's defaults: within 1 point, the same
    font and size), in linear time: pdfplumber puts the characters it keeps back in page
    order with ``list.index``, quadratic in a page's characters (a fifth of the time it took
    to read a PDF). The characters kept are the same: the first at the least position of each
    cluster, found with pdfplumber's own clustering."""
    kept: set[int] = set()
    for _, group in itertools.groupby(sorted(page.chars, key=_SAME_GLYPH), key=_SAME_GLYPH):
        for row in cluster_objects(list(group), _DOCTOP, 1):
            for cluster in cluster_objects(row, _X0, 1):
                kept.add(id(min(cluster, key=_POSITION)))
    return page.filter(lambda obj: id(obj) in kept or obj.get("object_type") != "char")


def read_page(page: Page) -> PageLayout:
    """The lines and tables of one pdfplumber page."""
    number = page.page_number
    deduped = _dedupe_chars(page)
    chars: list[Char] = []
    undecodable = 0
    for char in deduped.chars:
        text = str(char.get("text", ""))
        if text.startswith("(cid:"):
            undecodable += 1
        elif text.strip():
            chars.append(char)
    count = len(chars)
    edges = _ruling(page)
    tables: list[PageTable] = []
    skipped = len(edges) > MAX_RULING_LINES
    vertical = sum(1 for e in edges if e["width"] < e["height"])
    if not skipped and chars and vertical >= 2 and len(edges) - vertical >= 2:
        settings = {
            **_TABLE_SETTINGS,
            "explicit_vertical_lines": edges,
            "explicit_horizontal_lines": edges,
        }
        for found in deduped.find_tables(settings):
            grid = _grid(number, found.cells, chars)
            if grid is not None:
                tables.append(grid[0])
                chars = grid[1]
    tables.sort(key=lambda t: t.top)
    return PageLayout(
        number=number,
        width=float(page.width),
        height=float(page.height),
        lines=tuple(_text_lines(number, chars)),
        tables=tuple(tables),
        chars=count,
        undecodable=undecodable,
        images=len(page.images),
        tables_skipped=skipped,
    )
