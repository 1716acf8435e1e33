"""Roll-ups: many reports of one year and edition summed into one (a county over its townships)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from govdisclosure.analysis._cells import subject
from govdisclosure.editions import Edition
from govdisclosure.errors import IncompatibleReportsError, NoReportsError
from govdisclosure.model import Agency, AnnualReport, Issue, Location, SourceInfo, Value
from govdisclosure.validation import make_issue

__all__ = ["rollup"]

_SHOWN = 3
"""How many report names a note lists before it says "and N more"."""


def _names(names: list[str], count: int) -> str:
    shown = ", ".join(names)
    return f"{shown} and {count - len(names)} more" if count > len(names) else shown


@attrs.define
class _Sum:
    """The running sum of one cell over the reports seen so far."""

    total: int | Decimal = 0
    filled: int = 0
    blank: int = 0
    blank_in: list[str] = attrs.field(factory=list)

    def add(self, value: Value, name: str) -> None:
        if value is None:
            self.blank += 1
            if len(self.blank_in) < _SHOWN:
                self.blank_in.append(name)
        else:
            self.total += value
            self.filled += 1

    @property
    def value(self) -> Value:
        return self.total if self.filled else None


@attrs.define
class _ExtraSum:
    """The running sum of the extra rows of one label in one block."""

    table: str
    label: str
    block: str | None
    sums: list[_Sum] = attrs.field(factory=list)

    def add(self, values: tuple[Value, ...], name: str, seen_before: int) -> None:
        for i, value in enumerate(values):
            if i == len(self.sums):
                # A later report printed more cells: the earlier ones had none there.
                self.sums.append(_Sum(blank=seen_before))
            self.sums[i].add(value, name)
        for cell in self.sums[len(values) :]:
            cell.add(None, name)


@attrs.define
class _Accumulator:
    """Sums of every stored cell and extra row, keeping memory independent of the input count."""

    year: int
    edition: Edition
    first: str
    count: int = 0
    cells: dict[str, dict[tuple[str, str], _Sum]] = attrs.field(factory=dict)
    extras: dict[tuple[str, str | None, str], _ExtraSum] = attrs.field(factory=dict)
    extra_seen: dict[tuple[str, str | None, str], int] = attrs.field(factory=dict)
    agencies: dict[tuple[str, str | None], list[str]] = attrs.field(factory=dict)

    def check(self, report: AnnualReport) -> None:
        name = subject(report)
        if report.year != self.year:
            raise IncompatibleReportsError(
                "year", self.year, report.year, first_subject=self.first, other_subject=name
            )
        if report.edition is not self.edition:
            raise IncompatibleReportsError(
                "edition",
                self.edition.key,
                report.edition.key,
                first_subject=self.first,
                other_subject=name,
                hint="re-express the odd one out in the year's edition first (to_edition)",
            )

    def add(self, report: AnnualReport) -> None:
        self.check(report)
        name = subject(report)
        self.count += 1
        self.agencies.setdefault((report.agency.name, report.agency.region), []).append(name)
        for table in report.tables:
            sums = self.cells.setdefault(table.key, {cell: _Sum() for cell in table.spec.cells})
            for cell, value in table.items():
                sums[cell].add(value, name)
            for extra in table.extra_rows:
                key = (table.key, extra.block, extra.label)
                seen = self.extra_seen.get(key, 0)
                self.extras.setdefault(key, _ExtraSum(table.key, extra.label, extra.block)).add(
                    extra.values, name, seen
                )
                self.extra_seen[key] = seen + 1

    def notes(self) -> list[Issue]:
        notes = [
            _duplicate_note(agency, names)
            for (agency, _), names in self.agencies.items()
            if len(names) > 1
        ]
        for table, sums in self.cells.items():
            for (row, column), cell in sums.items():
                if cell.filled and cell.blank:
                    notes.append(_blank_note(Location(table=table, row=row, column=column), cell))
        for extra in self.extras.values():
            spec = self.edition.table(extra.table)
            block = spec.block(extra.block) if extra.block is not None else spec.blocks[0]
            for spec_column, cell in zip(block.columns, extra.sums, strict=False):
                if cell.filled and cell.blank:
                    where = Location(table=extra.table, row=extra.label, column=spec_column.key)
                    notes.append(_blank_note(where, cell))
        return notes


def _duplicate_note(agency: str, names: list[str]) -> Issue:
    shown = _names(names[:_SHOWN], len(names))
    return make_issue(
        "rollup.duplicate_agency",
        f"{len(names)} reports of {agency} were summed: {shown}",
        f"汇总中{agency}的报告出现{len(names)}次：{shown}",
        Location(),
        expected=1,
        actual=len(names),
    )


def _blank_note(location: Location, cell: _Sum) -> Issue:
    filled, total = cell.filled, cell.filled + cell.blank
    shown = _names(cell.blank_in, cell.blank)
    return make_issue(
        "rollup.partial_blank",
        f"{location.path}: summed the {filled} of {total} reports that filled it;"
        f" {cell.blank} left it blank ({shown})",
        f"{location.path}：为{total}份报告中已填写的{filled}份之和，{cell.blank}份为空白（{shown}）",
        location,
        expected=total,
        actual=filled,
    )


def rollup(
    reports: Iterable[AnnualReport],
    *,
    agency: Agency | str,
    title: str | None = None,
) -> AnnualReport:
    """One report summing many of the same year and edition (a county over its townships).

    Every stored cell of tables 二, 三 and 四 is the sum of that cell over the inputs. **Blank
    is not zero**: a cell stays blank only where every input left it blank; where some inputs
    filled it and others did not, it is the sum of those that did, and a
    ``rollup.partial_blank`` note (listing the reports that left it blank) goes to the result's
    ``source.notes``, so validation shows it. Extra rows with the same label in the same block
    are summed cell by cell under the same rule; other extra rows are kept as they are. Two
    reports of the same agency are summed but noted (``rollup.duplicate_agency``).

    The narrative (preamble, sections 一, 五, 六) is left empty for the author; title and
    publishing date are not set. Because every rule A1–A4 is a linear identity, the result
    satisfies them whenever every input does and has no blank operand; validation of the result
    then reports only the empty narrative (``A7.section_missing``).

    ``reports`` is consumed once, as it comes: a generator that loads one file at a time keeps
    memory flat however many reports are summed.

    Args:
        reports: the reports to sum.
        agency: the body the roll-up is published for (``"温县"`` or an :class:`Agency`).
        title: the title to print, if not the one composed from agency and year.

    Raises:
        IncompatibleReportsError: two reports of different years or editions.
        NoReportsError: ``reports`` is empty.
    """
    acc: _Accumulator | None = None
    for report in reports:
        if acc is None:
            acc = _Accumulator(year=report.year, edition=report.edition, first=subject(report))
        acc.add(report)
    if acc is None:
        raise NoReportsError("rollup() needs at least one report")
    result = AnnualReport.blank(agency=agency, year=acc.year, edition=acc.edition, title=title)
    for table in result.tables:
        sums = acc.cells[table.key]
        table.update({cell: total.value for cell, total in sums.items()})
    for extra in acc.extras.values():
        result.table(extra.table).add_extra_row(
            extra.label, tuple(cell.value for cell in extra.sums), extra.block
        )
    result.source = SourceInfo(name=f"rollup of {acc.count} reports", notes=acc.notes())
    return result
