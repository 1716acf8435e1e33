"""The three tables of a report (二, 三, 四): cells addressed by canonical ``(row, column)`` keys."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from govdisclosure.editions import (
    EDITIONS,
    Column,
    Edition,
    RuleInstance,
    SumRule,
    TableSpec,
    ValueKind,
)
from govdisclosure.errors import CellValueError, DerivedCellError, UnknownKeyError
from govdisclosure.model.narrative import check_chars
from govdisclosure.model.values import Value, check_value

__all__ = [
    "ApplicationsTable",
    "ExtraRow",
    "ProactiveTable",
    "ReviewsTable",
    "RuleInstance",
    "Table",
    "rule_instances",
]

CellKey = tuple[str, str]
_T = TypeVar("_T", bound="Table")


def _check_extra_values(values: Iterable[object]) -> tuple[Value, ...]:
    checked: list[Value] = []
    for i, v in enumerate(values):
        if v is not None and not (
            (isinstance(v, int) and not isinstance(v, bool))
            or (isinstance(v, Decimal) and v.is_finite())
        ):
            raise CellValueError(f"extra row value {i + 1}", "int, Decimal or None", v)
        checked.append(v)
    return tuple(checked)


def _check_label(instance: object, attribute: object, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"extra row label must be a str, got {value!r}")
    check_chars(value, "extra row label")


@attrs.frozen
class ExtraRow:
    """A row a report prints that its edition does not define (a provincial variant).

    Kept rather than dropped, and flagged by validation as non-standard. ``values`` are aligned
    to the columns of ``block`` (or of the table, for tables of one block).
    """

    label: str = attrs.field(validator=_check_label)
    values: tuple[Value, ...] = attrs.field(converter=_check_extra_values)
    block: str | None = None
    """Key of the block it was printed in (table 二: ``article20_1`` …); ``None`` for 三 and 四."""


def _plain(values: Iterable[object]) -> bool:
    """Whether every value is a blank or a count ≥ 0 (what any cell but an amount holds as
    it is)."""
    for value in values:
        if value is not None and (type(value) is not int or value < 0):
            return False
    return True


def _sum(values: Iterable[Value]) -> Value:
    """Sum of values; ``None`` when any is blank (blank is not zero)."""
    total: int | Decimal = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total


@attrs.define(kw_only=True, eq=False, repr=False)
class Table:
    """A table of counts whose rows, columns and labels come from the report's edition.

    Cells are read and written with ``table[row, column]``. Stored cells hold ``int``,
    ``Decimal`` (amounts, in 万元) or ``None`` (not filled). Group rows and column groups
    (``denied``, ``legal_person`` …) can be read: their value is the sum of their members, or
    ``None`` if any member is blank; they cannot be written.
    """

    key: ClassVar[str] = ""

    edition: Edition
    _cells: dict[CellKey, Value] = attrs.field(init=False)
    extra_rows: list[ExtraRow] = attrs.field(factory=list)
    """Non-standard rows found in a source, kept in the order read (see :class:`ExtraRow`)."""

    def __attrs_post_init__(self) -> None:
        self._cells = self.spec.blank_cells()

    @property
    def spec(self) -> TableSpec:
        """The declaration of this table in the report's edition."""
        spec: TableSpec = getattr(self.edition, self.key)
        return spec

    # -- cell access ---------------------------------------------------------------------

    def __getitem__(self, key: CellKey) -> Value:
        try:
            return self._cells[key]
        except (KeyError, TypeError):
            pass
        row, column = self._split(key)
        rows = self._members_of_row(row)
        columns = self._members_of_column(row, column)
        return _sum(self._cells[(r, c)] for r in rows for c in columns)

    def __setitem__(self, key: CellKey, value: Value) -> None:
        try:
            stored = key in self._cells
        except TypeError:  # unhashable key: let _split explain
            stored = False
        if not stored:
            row, column = self._split(key)
            raise DerivedCellError(
                (row, column),
                [
                    (r, c)
                    for r in self._members_of_row(row)
                    for c in self._members_of_column(row, column)
                ],
                f"table {self.spec.number} ({self.key}) cell",
            )
        kind = self.spec.kinds[key]
        if value is None or (type(value) is int and value >= 0 and kind is not ValueKind.MONEY):
            # The common case (what check_value would return unchanged), without formatting
            # the cell's name for an error message that is not needed.
            self._cells[key] = value
            return
        row, column = key
        self._cells[key] = check_value(kind, value, f"{self.key}[{row}][{column}]")

    def get(self, row: str, column: str) -> Value:
        """Same as ``table[row, column]``: a stored cell, or a group's sum.

        Raises:
            UnknownKeyError: the row or column is not one of this table's in this edition.
        """
        return self[row, column]

    def row(self, key: str) -> dict[str, Value]:
        """The values of one row (stored or group) by column key, in column order."""
        return {c.key: self[key, c.key] for c in self._columns_for(key)}

    @property
    def values(self) -> Mapping[CellKey, Value]:
        """Every stored cell's value by ``(row, column)``, in reading order (read-only view)."""
        return MappingProxyType(self._cells)

    def items(self) -> Iterator[tuple[CellKey, Value]]:
        """Every stored cell and its value, in reading order."""
        return iter(self._cells.items())

    def update(self, values: Mapping[CellKey, Value]) -> None:
        """Set many cells at once: ``table.update({("granted", "total"): 3})``.

        Args:
            values: ``(row, column)`` → value; each is checked as ``table[row, column] = value``
                would check it, and the cells before a bad one are already set.

        Raises:
            CellValueError: a value the cell cannot hold.
            UnknownKeyError: a row or column this table does not have.
            DerivedCellError: a group cell (its value is the sum of its members).
        """
        for key, value in values.items():
            self[key] = value

    def set_row(self, row: str, values: Sequence[Value]) -> None:
        """Set every cell of the stored row ``row``, one value per column in column order.

        The same as ``table[row, column] = value`` for each column in turn (the same checks,
        the same errors), made in one step when every value is a blank or a count the cell
        accepts: readers fill whole rows, for every report they read.

        Raises:
            DerivedCellError: ``row`` is a group row.
            UnknownKeyError: ``row`` is no row of this table.
            CellValueError: not one value per column (nothing is set), or a value a cell
                cannot hold (the cells before it are set).
        """
        spec = self.spec
        try:
            cells = spec.row_cells(row)
        except (KeyError, TypeError):
            group = spec.group(row) if isinstance(row, str) else None
            if group is not None:
                raise DerivedCellError(
                    row, group.members, f"table {spec.number} ({self.key}) row"
                ) from None
            raise self._unknown_row(row) from None
        if len(values) != len(cells):
            raise CellValueError(
                f"{self.key}[{row}]", f"{len(cells)} values, one per column", tuple(values)
            )
        if row not in spec.money_rows:
            for value in values:  # (inline: _plain's call would cost a tenth of this path)
                if value is not None and (type(value) is not int or value < 0):
                    break
            else:
                # Blanks and counts ≥ 0, no amounts: what every kind but MONEY holds as it is.
                # (The lengths are equal, checked above; zip's strict= would cost a third of
                # this fast path.)
                self._cells.update(zip(cells, values))  # noqa: B905
                return
        for cell, value in zip(cells, values, strict=False):
            self[cell] = value

    def set_rows(self, rows: Mapping[str, Sequence[Value]]) -> None:
        """Set every cell of several stored rows: ``{row: values in column order}``.

        The same as :meth:`set_row` for each row in turn (the same checks, the same errors;
        the rows before a bad one are set), made in one step when every value is a blank or a
        count the cell accepts: readers fill whole blocks of rows, for every report they read.

        Raises:
            DerivedCellError: a row is a group row.
            UnknownKeyError: a row is no row of this table.
            CellValueError: not one value per column, or a value a cell cannot hold.
        """
        spec = self.spec
        cells: list[CellKey] = []
        flat: list[Value] = []
        try:
            for row, values in rows.items():
                row_cells = spec.row_cells(row)
                if len(values) != len(row_cells):
                    break
                cells += row_cells
                flat += values
            else:
                if spec.money_rows.isdisjoint(rows) and _plain(flat):
                    # Blanks and counts ≥ 0, no amounts: what every kind but MONEY holds.
                    # (One value per cell, checked above.)
                    self._cells.update(zip(cells, flat))  # noqa: B905
                    return
        except (KeyError, TypeError):
            pass  # a row that is not stored: set_row below says which
        for row, values in rows.items():
            self.set_row(row, values)

    def clear(self) -> None:
        """Blank every cell (``None``) and drop extra rows."""
        self._cells = self.spec.blank_cells()
        self.extra_rows.clear()

    @property
    def is_blank(self) -> bool:
        """True when no stored cell is filled and there are no extra rows."""
        return not self.extra_rows and all(v is None for v in self._cells.values())

    def blank_cells(self) -> list[CellKey]:
        """Stored cells that are not filled, in reading order."""
        return [k for k, v in self._cells.items() if v is None]

    def kind(self, row: str, column: str) -> ValueKind:
        """What the stored cell ``(row, column)`` holds (count, signed count or money).

        Raises:
            UnknownKeyError: the row or column is not one of this table's.
        """
        self._split((row, column))
        return self.spec.kinds[row, column]

    def add_extra_row(
        self, label: str, values: Iterable[Value], block: str | None = None
    ) -> ExtraRow:
        """Keep a non-standard row, checking its values against the block's columns.

        Args:
            label: the row's label as printed (``其他主动公开文件``).
            values: its values, in the order of the block's columns (fewer is allowed).
            block: the block it was printed in (table 二: ``article20_1`` …); the table's first
                block by default.

        Returns:
            the :class:`ExtraRow` added to :attr:`extra_rows`.

        Raises:
            CellValueError: more values than the block has columns, or a value a column cannot
                hold.
            KeyError: no such block.
        """
        target = self.spec.block(block) if block is not None else self.spec.blocks[0]
        values = tuple(values)
        if len(values) > len(target.columns):
            raise CellValueError(
                f"{self.key} extra row {label!r}",
                f"at most {len(target.columns)} values (the columns of {target.key})",
                values,
            )
        for column, value in zip(target.columns, values, strict=False):
            check_value(column.kind, value, f"{self.key} extra row {label!r} [{column.key}]")
        extra = ExtraRow(label=label, values=values, block=block)
        self.extra_rows.append(extra)
        return extra

    # -- derivation ----------------------------------------------------------------------

    def fill_totals(self) -> int:
        """Derive every total this edition defines for this table from its members.

        A total is set only when all its operands are filled (a blank operand leaves the total
        as it was). Returns how many cells changed.
        """
        rules = [r for r in self.edition.rules if r.derives and r.table == self.key]
        changed = 0
        for _ in range(len(rules) + 1):
            step = 0
            for rule in rules:
                for instance in rule_instances(self, rule):
                    value = _sum(self._cells[c] for c in instance.right)
                    (target,) = instance.left
                    if value is not None and self._cells[target] != value:
                        self._cells[target] = value
                        step += 1
            changed += step
            if not step:
                break
        return changed

    # -- comparison and display ----------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return (
            self.key == other.key
            and self.edition is other.edition
            and self._cells == other._cells
            and self.extra_rows == other.extra_rows
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        filled = sum(v is not None for v in self._cells.values())
        return (
            f"<{type(self).__name__} edition={self.edition.key} "
            f"{filled}/{len(self._cells)} cells filled, {len(self.extra_rows)} extra rows>"
        )

    def __copy__(self: _T) -> _T:
        clone = type(self)(edition=self.edition, extra_rows=list(self.extra_rows))
        clone._cells = dict(self._cells)
        return clone

    def __deepcopy__(self: _T, memo: dict[int, object]) -> _T:
        # Values and extra rows are immutable; the edition is shared by design.
        return self.__copy__()

    # -- key resolution ------------------------------------------------------------------

    def _split(self, key: object) -> CellKey:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise TypeError(
                f"table {self.spec.number} ({self.key}) is indexed by (row, column), got {key!r}"
            )
        row, column = key
        if not self.spec.has_row(row) and self.spec.group(row) is None:
            raise self._unknown_row(row)
        columns = self._columns_for(row)
        if column not in {c.key for c in columns} and self.spec.column_group(column) is None:
            raise UnknownKeyError(
                column,
                [c.key for c in columns],
                f"column of row {row!r} in table {self.spec.number} ({self.key}), edition"
                f" {self.edition.key}:",
            )
        return row, column

    def _unknown_row(self, row: object) -> UnknownKeyError:
        where = f"row of table {self.spec.number} ({self.key}) in edition {self.edition.key}:"
        others = [
            e.key
            for e in EDITIONS.values()
            if e is not self.edition
            and isinstance(row, str)
            and (getattr(e, self.key).has_row(row) or getattr(e, self.key).group(row))
        ]
        hint = f"a row of edition {', '.join(others)}" if others else ""
        return UnknownKeyError(row, self.spec.row_label_keys(), where, hint)

    def _columns_for(self, row: str) -> tuple[Column, ...]:
        return self.spec.columns_of(row)

    def _members_of_row(self, row: str) -> tuple[str, ...]:
        if self.spec.has_row(row):
            return (row,)
        group = self.spec.group(row)
        if group is None:
            raise self._unknown_row(row)
        return group.members

    def _members_of_column(self, row: str, column: str) -> tuple[str, ...]:
        if column in {c.key for c in self._columns_for(row)}:
            return (column,)
        group = self.spec.column_group(column)
        if group is None:
            raise UnknownKeyError(column, [c.key for c in self._columns_for(row)], "column")
        return group.members


@attrs.define(kw_only=True, eq=False, repr=False)
class ProactiveTable(Table):
    """Table 二, 主动公开政府信息情况: blocks by article 20 item (FORMAT.md, "Table 二").

    Rows are unique across blocks, so ``table["administrative_licensing", "decisions"]``
    needs no block key. Columns differ per block and per edition (2019: 本年新制作数量 …;
    2021: 本年制发件数 …).
    """

    key: ClassVar[str] = "proactive"


@attrs.define(kw_only=True, eq=False, repr=False)
class ApplicationsTable(Table):
    """Table 三, 收到和处理政府信息公开申请情况: outcome rows × applicant columns.

    2019 edition (国办公开办函〔2019〕60号): 23 rows × 7 columns; 2021 edition
    (国办公开办函〔2021〕30号): 25 rows × 7 columns, （六）其他处理 split into three leaves.
    Groups ``outcomes`` (三、本年度办理结果), ``denied`` （三）, ``unavailable`` （四）,
    ``not_processed`` （五） and, in 2021, ``other_processing`` （六） are derived; so is the
    column group ``legal_person`` (法人或其他组织).
    """

    key: ClassVar[str] = "applications"


@attrs.define(kw_only=True, eq=False, repr=False)
class ReviewsTable(Table):
    """Table 四, 政府信息公开行政复议、行政诉讼情况 (both editions): 3 groups × 5 columns.

    Rows ``administrative_review`` (行政复议), ``litigation_direct`` (行政诉讼 / 未经复议直接起诉)
    and ``litigation_after_review`` (行政诉讼 / 复议后起诉); the group ``litigation`` is derived.
    """

    key: ClassVar[str] = "reviews"


TABLE_TYPES: Mapping[str, type[Table]] = {
    t.key: t for t in (ProactiveTable, ApplicationsTable, ReviewsTable)
}


def rule_instances(table: Table, rule: SumRule) -> tuple[RuleInstance, ...]:
    """Every place ``rule`` applies in ``table``, with the cells of both sides."""
    return table.edition.rule_instances(rule)
