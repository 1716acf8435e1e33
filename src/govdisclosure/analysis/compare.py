"""Year-over-year comparison: cell-by-cell changes and the cross-year checks A8 and A9."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from govdisclosure.analysis._cells import derived_cells, readable, shared_cells
from govdisclosure.errors import UnknownKeyError
from govdisclosure.model import AnnualReport, Issue, Location, Value
from govdisclosure.validation import ValidationReport, validate_continuity

__all__ = ["CellChange", "Comparison", "ReportSummary", "compare"]


def _plain(value: Value) -> int | str | None:
    return str(value) if isinstance(value, Decimal) else value


@attrs.frozen
class ReportSummary:
    """Which report one side of a comparison is."""

    agency: str
    year: int
    edition: str
    source: str | None = None

    @classmethod
    def of(cls, report: AnnualReport) -> ReportSummary:
        """The summary of a report: its agency, year, edition and source name."""
        source = report.source.name if report.source is not None else None
        return cls(
            agency=report.agency.name, year=report.year, edition=report.edition.key, source=source
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.year} (edition {self.edition})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``agency``, ``year``, ``edition``, ``source``."""
        return attrs.asdict(self)


@attrs.frozen
class CellChange:
    """One cell in both years.

    Attributes:
        table, row, column: the cell, in canonical keys.
        previous: its value last year (``None`` = blank).
        current: its value this year.
        derived: the cell is a group sum (``denied``, ``legal_person``) in either report.
    """

    table: str
    row: str
    column: str
    previous: Value
    current: Value
    derived: bool = False

    @property
    def location(self) -> Location:
        """The cell as a :class:`~govdisclosure.Location`."""
        return Location(table=self.table, row=self.row, column=self.column)

    @property
    def changed(self) -> bool:
        """The values differ, a blank becoming filled (or the reverse) included."""
        return self.previous != self.current

    @property
    def delta(self) -> int | Decimal | None:
        """``current - previous``; ``None`` when either is blank (blank is not zero)."""
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous

    @property
    def relative(self) -> float | None:
        """``delta / previous`` (``0.25`` for +25 %); ``None`` when it has no meaning: a blank,
        or a previous value of 0."""
        delta = self.delta
        if delta is None or not self.previous:
            return None
        return float(delta / self.previous)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (amounts as strings, to keep every decimal place)."""
        delta = self.delta
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "previous": _plain(self.previous),
            "current": _plain(self.current),
            "delta": _plain(delta),
            "relative": self.relative,
            "derived": self.derived,
        }


@attrs.frozen
class Comparison:
    """Two years of one agency side by side: every comparable cell and the continuity checks.

    Attributes:
        previous, current: which reports were compared.
        cells: every cell both reports have, in the current edition's reading order (stored
            cells, then group sums when asked for); see :attr:`changes` for those that differ.
        continuity: the result of :func:`~govdisclosure.validate_continuity` (A8, A9).
    """

    previous: ReportSummary
    current: ReportSummary
    cells: tuple[CellChange, ...]
    continuity: ValidationReport

    @property
    def changes(self) -> tuple[CellChange, ...]:
        """The cells whose value differs between the years."""
        return tuple(c for c in self.cells if c.changed)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """The continuity issues (A8, A9), in order."""
        return self.continuity.issues

    @property
    def ok(self) -> bool:
        """No continuity error (A8.carry_over)."""
        return self.continuity.ok

    def cell(self, table: str, row: str, column: str) -> CellChange:
        """The comparison of one cell.

        Raises:
            UnknownKeyError: the cell is not one both reports have.
        """
        for change in self.cells:
            if (change.table, change.row, change.column) == (table, row, column):
                return change
        raise UnknownKeyError(
            (table, row, column),
            [f"{c.table}[{c.row}][{c.column}]" for c in self.cells[:10]],
            "cell shared by both reports:",
        )

    def to_dict(self, *, all_cells: bool = False) -> dict[str, Any]:
        """JSON-ready: both reports, the continuity issues, and the changed cells (all cells
        with ``all_cells``)."""
        cells = self.cells if all_cells else self.changes
        return {
            "previous": self.previous.to_dict(),
            "current": self.current.to_dict(),
            "continuity": {
                "ok": self.continuity.ok,
                "summary": self.continuity.summary(),
                "issues": self.continuity.to_dicts(),
            },
            "compared_cells": len(self.cells),
            "changed_cells": len(self.changes),
            "cells": [c.to_dict() for c in cells],
        }


def _cells(previous: AnnualReport, current: AnnualReport, groups: bool) -> Iterator[CellChange]:
    for before, now in zip(previous.tables, current.tables, strict=True):
        stored = shared_cells(now.key, previous.edition, current.edition)
        for row, column in stored:
            yield CellChange(now.key, row, column, before[row, column], now[row, column])
        if not groups:
            continue
        both = set(stored)
        # Cells stored in one edition and summed in the other (2019's （六）其他处理 leaf is the
        # 2021 group of three rows) are comparable too, as group sums.
        candidates = [*now.spec.cells, *derived_cells(now.spec)]
        for row, column in candidates:
            if (row, column) in both or not readable(before.spec, row, column):
                continue
            yield CellChange(
                now.key, row, column, before[row, column], now[row, column], derived=True
            )


def compare(previous: AnnualReport, current: AnnualReport, *, groups: bool = False) -> Comparison:
    """Compare an agency's report with the one of the year before.

    Cell by cell over the stored cells both reports have: within one edition that is every
    cell; across the 2020→2021 change of edition, the rows and columns both editions declare
    (table 三 but its （六）其他处理 rows, table 四 whole, table 二's ``decisions``). With
    ``groups``, group sums both reports can compute are compared too (（三）不予公开,
    法人或其他组织 …, and （六）其他处理 across the edition change). Blank is not zero: a
    change involving a blank has no ``delta``.

    The cross-year checks are those of :func:`~govdisclosure.validate_continuity`: A8 (this
    year's 上年结转 equals last year's 结转下年度, per column) and A9 (现行有效件数, 2021 edition);
    a pair that is not consecutive years of one agency is compared but flagged
    (``A8.not_consecutive``).

    Args:
        previous: the earlier report.
        current: the later report.
        groups: also compare derived group sums.
    """
    return Comparison(
        previous=ReportSummary.of(previous),
        current=ReportSummary.of(current),
        cells=tuple(_cells(previous, current, groups)),
        continuity=validate_continuity(previous, current),
    )
