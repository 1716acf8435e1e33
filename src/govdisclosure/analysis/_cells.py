"""Which cells of a table exist where: stored cells, derived (group) cells, and those two editions share."""

from __future__ import annotations

from functools import cache

from govdisclosure.editions import Edition, TableSpec
from govdisclosure.model import AnnualReport

__all__ = ["derived_cells", "readable", "shared_cells", "subject"]

CellKey = tuple[str, str]


@cache
def derived_cells(spec: TableSpec) -> tuple[CellKey, ...]:
    """Every cell of ``spec`` that is read as a sum rather than stored, in a stable order.

    Row groups in each of their columns (``denied`` × ``natural_person`` …), then every row or
    row group in each column group that its columns cover (``new_received`` × ``legal_person``).
    """
    cells: list[CellKey] = []
    for group in spec.row_groups:
        cells.extend((group.key, c.key) for c in spec.columns_of(group.key))
    for column_group in spec.column_groups:
        members = set(column_group.members)
        for row in spec.row_label_keys():
            if members <= {c.key for c in spec.columns_of(row)}:
                cells.append((row, column_group.key))
    return tuple(cells)


def readable(spec: TableSpec, row: str, column: str) -> bool:
    """Whether ``table[row, column]`` can be read in a table of ``spec`` (stored or derived)."""
    if (row, column) in spec.kinds:
        return True
    if not spec.has_row(row) and spec.group(row) is None:
        return False
    columns = {c.key for c in spec.columns_of(row)}
    if column in columns:
        return True
    group = spec.column_group(column)
    return group is not None and set(group.members) <= columns


@cache
def shared_cells(table: str, previous: Edition, current: Edition) -> tuple[CellKey, ...]:
    """Stored cells of ``table`` that both editions have, in ``current``'s reading order.

    Same edition: every stored cell. Across the 2020→2021 change: the cells whose row and column
    keys both editions declare (table 三 but its （六） rows, table 四 whole, table 二's
    ``decisions`` column).
    """
    before = previous.table(table).kinds
    return tuple(cell for cell in current.table(table).cells if cell in before)


def subject(report: AnnualReport) -> str:
    """How messages name a report: its source file if it has one, else agency and year."""
    if report.source is not None and report.source.name:
        return report.source.name
    return f"{report.agency.name} {report.year}"
