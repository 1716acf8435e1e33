"""The grid of each table as the official format prints it, derived from the edition data.

Pure Python (no lxml): a table becomes rows of :class:`GridCell` with their horizontal span
(``w:gridSpan``) and vertical merge (``w:vMerge``), which the writer turns into ``w:tbl`` XML in
one pass. Every label and every span comes from the :class:`~govdisclosure.editions.TableSpec`:
how deep a row sits in its row groups decides how many label columns it spans, column groups
decide the header rows, so another edition is a change of data, not of this module.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from govdisclosure.editions import Block, Column, Group, TableSpec
from govdisclosure.model import ExtraRow, Table, Value

__all__ = [
    "CellKind",
    "GridCell",
    "GridRow",
    "GridTable",
    "Merge",
    "column_label",
    "format_value",
    "layout_table",
]


class Merge(str, enum.Enum):
    """A vertically merged cell: the first cell of the run, or one it covers."""

    RESTART = "restart"
    CONTINUE = "continue"


class CellKind(str, enum.Enum):
    """What a cell shows; the writer picks the paragraph style and alignment from it."""

    CORNER = "corner"
    """The top-left header cell (信息内容, the 勾稽关系 note)."""
    HEADER = "header"
    """A column header or a header over a group of columns."""
    BLOCK = "block"
    """A full-width block header of table 二 (第二十条第（一）项)."""
    GROUP = "group"
    """A row group label beside its rows (三、本年度办理结果, （三）不予公开)."""
    LABEL = "label"
    """A row label."""
    EXTRA = "extra"
    """The label of a row the edition does not define (:class:`~govdisclosure.model.ExtraRow`)."""
    VALUE = "value"


@attrs.frozen
class GridCell:
    """One ``w:tc``: its text, how many grid columns it spans, and its vertical merge."""

    text: str
    kind: CellKind
    span: int = 1
    merge: Merge | None = None
    mark: int | None = None
    """For the label of an extra row: its index in ``Table.extra_rows``, which the writer
    records so that the reader can restore the rows' order."""


@attrs.frozen
class GridRow:
    cells: tuple[GridCell, ...]
    header: bool = False
    """Repeated at the top of each page (``w:tblHeader``); only leading rows may be."""
    keep_with_next: bool = False
    """Kept on the same page as the next row (block headers of table 二)."""


@attrs.frozen
class GridTable:
    key: str
    widths: tuple[int, ...]
    """Width of each grid column, in twentieths of a point (twips)."""
    rows: tuple[GridRow, ...]


# Column widths, in twips: the outermost row group of table 三 (三、本年度办理结果) is a narrow
# column whose text wraps one character per line, as the official form prints it.
_OUTER_GROUP_WIDTH = 454
_GROUP_WIDTH = 1134
_LABEL_SHARE_SINGLE = 0.28
_LABEL_SHARE_NESTED = 0.46


def format_value(value: Value) -> str:
    """A cell's text: blank for ``None``, ``0`` for zero, amounts without exponent."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def column_label(column: Column) -> str:
    """A column's header text; a money column names its unit when its label does not."""
    if column.unit and column.unit not in column.label:
        return f"{column.label}（单位：{column.unit}）"
    return column.label


def layout_table(table: Table, width: int) -> GridTable:
    """The printed grid of ``table`` for a text area ``width`` twips wide."""
    if table.spec.transposed:
        return _transposed(table, width)
    return _row_wise(table, width)


# -- tables printed row by row (二, 三) ---------------------------------------------------


def _path(spec: TableSpec, row_key: str) -> tuple[Group, ...]:
    """The groups a row is printed under, outermost first."""
    return tuple(reversed(list(spec.ancestors(row_key))))


def _split_widths(total: int, count: int) -> list[int]:
    base, rest = divmod(total, count)
    return [base + (1 if i < rest else 0) for i in range(count)]


def _row_widths(label_columns: int, value_columns: int, width: int) -> tuple[int, ...]:
    share = _LABEL_SHARE_SINGLE if label_columns == 1 else _LABEL_SHARE_NESTED
    label_width = round(width * share)
    labels = []
    if label_columns > 1:
        labels = [_OUTER_GROUP_WIDTH] + [_GROUP_WIDTH] * (label_columns - 2)
    labels.append(label_width - sum(labels))
    return (*labels, *_split_widths(width - label_width, value_columns))


def _row_wise(table: Table, width: int) -> GridTable:
    spec = table.spec
    label_columns = 1 + max(len(_path(spec, r.key)) for r in spec.rows)
    value_columns = max(len(b.columns) for b in spec.blocks)
    rows: list[GridRow] = []
    # Headers repeat on each page only when one header serves the whole table (三); the blocks
    # of 二 each have their own.
    repeat = len(spec.blocks) == 1 and spec.blocks[0].label is None
    for block in spec.blocks:
        if block.label is not None:
            rows.append(
                GridRow(
                    cells=(GridCell(block.label, CellKind.BLOCK, label_columns + value_columns),),
                    keep_with_next=True,
                )
            )
        rows.extend(_column_headers(spec, block, label_columns, value_columns, repeat))
        rows.extend(_body_rows(table, block, label_columns, value_columns))
        rows.extend(
            _extra_row(index, extra, block.columns, label_columns, value_columns)
            for index, extra in enumerate(table.extra_rows)
            if _block_of(spec, extra) is block
        )
    return GridTable(
        key=spec.key, widths=_row_widths(label_columns, value_columns, width), rows=tuple(rows)
    )


def _block_of(spec: TableSpec, extra: ExtraRow) -> Block:
    if extra.block is None:
        return spec.blocks[0]
    return spec.block(extra.block)


def _value_cells(texts: Sequence[str], value_columns: int) -> Iterator[GridCell]:
    """Value cells for a block's columns; the last spans what the block leaves of the grid."""
    for i, text in enumerate(texts):
        span = value_columns - len(texts) + 1 if i == len(texts) - 1 else 1
        yield GridCell(text, CellKind.VALUE, span)


def _column_headers(
    spec: TableSpec, block: Block, label_columns: int, value_columns: int, repeat: bool
) -> list[GridRow]:
    columns = block.columns
    grouped = any(c.group is not None for c in columns)
    depth = 1 + grouped + (spec.column_header is not None)
    corner = spec.corner_label or ""
    if depth == 1:
        cells = [GridCell(corner, CellKind.CORNER, label_columns)]
        cells.extend(
            attrs.evolve(cell, text=column_label(c), kind=CellKind.HEADER)
            for c, cell in zip(
                columns, _value_cells([""] * len(columns), value_columns), strict=True
            )
        )
        return [GridRow(cells=tuple(cells), header=repeat, keep_with_next=True)]

    levels: list[list[GridCell]] = [[] for _ in range(depth)]
    for level in range(depth):
        levels[level].append(
            GridCell(
                corner if level == 0 else "",
                CellKind.CORNER,
                label_columns,
                Merge.RESTART if level == 0 else Merge.CONTINUE,
            )
        )
    level = 0
    if spec.column_header is not None:
        levels[0].append(GridCell(spec.column_header, CellKind.HEADER, value_columns))
        level = 1
    if grouped:
        for group_key, members in _runs(columns):
            group = spec.column_group(group_key) if group_key is not None else None
            if group is None:
                for column in members:
                    levels[level].append(
                        GridCell(column_label(column), CellKind.HEADER, 1, Merge.RESTART)
                    )
                    levels[level + 1].append(GridCell("", CellKind.HEADER, 1, Merge.CONTINUE))
            else:
                levels[level].append(GridCell(group.label, CellKind.HEADER, len(members)))
                levels[level + 1].extend(
                    GridCell(column_label(c), CellKind.HEADER) for c in members
                )
    else:
        levels[level].extend(GridCell(column_label(c), CellKind.HEADER) for c in columns)
    return [GridRow(cells=tuple(cells), header=repeat, keep_with_next=True) for cells in levels]


def _runs(columns: Sequence[Column]) -> Iterator[tuple[str | None, list[Column]]]:
    """Consecutive columns under the same column group (``None``: under none)."""
    run: list[Column] = []
    for column in columns:
        if run and column.group != run[-1].group:
            yield run[-1].group, run
            run = []
        run.append(column)
    if run:
        yield run[-1].group, run


def _body_rows(
    table: Table, block: Block, label_columns: int, value_columns: int
) -> Iterator[GridRow]:
    spec = table.spec
    previous: tuple[Group, ...] = ()
    for row in block.rows:
        path = _path(spec, row.key)
        cells = []
        for depth, group in enumerate(path):
            first = depth >= len(previous) or previous[depth].key != group.key
            cells.append(
                GridCell(
                    group.label if first else "",
                    CellKind.GROUP,
                    1,
                    Merge.RESTART if first else Merge.CONTINUE,
                )
            )
        cells.append(GridCell(row.label, CellKind.LABEL, label_columns - len(path)))
        cells.extend(
            _value_cells(
                [format_value(table[row.key, c.key]) for c in block.columns], value_columns
            )
        )
        previous = path
        yield GridRow(cells=tuple(cells))


def _extra_row(
    index: int,
    extra: ExtraRow,
    columns: Sequence[Column],
    label_columns: int,
    value_columns: int,
) -> GridRow:
    texts = [format_value(v) for v in extra.values]
    texts += [""] * (len(columns) - len(texts))
    cells = [GridCell(extra.label, CellKind.EXTRA, label_columns, mark=index)]
    cells.extend(_value_cells(texts, value_columns))
    return GridRow(cells=tuple(cells))


# -- tables printed on their side (四) ----------------------------------------------------


@attrs.frozen
class _Item:
    """A row of a transposed table: the labels above its columns, its values."""

    path: tuple[tuple[str, str], ...]
    """``(key, label)`` of each group it is under, outermost first, then of the row itself."""
    columns: tuple[Column, ...]
    values: tuple[str, ...]


def _items(table: Table) -> list[_Item]:
    spec = table.spec
    return [
        _Item(
            path=(*((g.key, g.label) for g in _path(spec, row.key)), (row.key, row.label)),
            columns=block.columns,
            values=tuple(format_value(table[row.key, c.key]) for c in block.columns),
        )
        for block in spec.blocks
        for row in block.rows
    ]


def _transposed(table: Table, width: int) -> GridTable:
    items = _items(table)
    depth = max(len(item.path) for item in items)
    levels: list[list[GridCell]] = [[] for _ in range(depth + 1)]
    for level in range(depth + 1):
        previous_key: tuple[tuple[str, str], ...] | None = None
        for item in items:
            if level < len(item.path):
                key = item.path[: level + 1]
                if key == previous_key:
                    cell = levels[level][-1]
                    levels[level][-1] = attrs.evolve(cell, span=cell.span + len(item.columns))
                else:
                    levels[level].append(
                        GridCell(item.path[level][1], CellKind.HEADER, len(item.columns))
                    )
                previous_key = key
                continue
            previous_key = None
            first = level == len(item.path)
            merge = None if level == depth == len(item.path) else Merge.RESTART
            for column in item.columns:
                levels[level].append(
                    GridCell(
                        column_label(column) if first else "",
                        CellKind.HEADER,
                        1,
                        merge if first else Merge.CONTINUE,
                    )
                )
    rows = [GridRow(cells=tuple(cells), header=True, keep_with_next=True) for cells in levels]
    rows.append(
        GridRow(
            cells=tuple(GridCell(text, CellKind.VALUE) for item in items for text in item.values)
        )
    )
    total = sum(len(item.columns) for item in items)
    # A row the edition does not define: its label, then its values under the last group's
    # columns, which repeat the columns every group has.
    for index, extra in enumerate(table.extra_rows):
        columns = _block_of(table.spec, extra).columns
        texts = [format_value(v) for v in extra.values]
        texts += [""] * (len(columns) - len(texts))
        cells = [GridCell(extra.label, CellKind.EXTRA, total - len(columns), mark=index)]
        cells.extend(GridCell(text, CellKind.VALUE) for text in texts)
        rows.append(GridRow(cells=tuple(cells)))
    return GridTable(
        key=table.spec.key, widths=tuple(_split_widths(width, total)), rows=tuple(rows)
    )
