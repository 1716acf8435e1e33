"""The vocabulary in which an edition of the report format is declared: frozen, pure data."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

__all__ = [
    "Axis",
    "Block",
    "Column",
    "Edition",
    "Group",
    "NarrativeFigure",
    "Row",
    "RuleInstance",
    "SectionSpec",
    "SumRule",
    "TableSpec",
    "ValueKind",
]

_V = TypeVar("_V")


class ValueKind(str, enum.Enum):
    """What a cell holds."""

    COUNT = "count"
    """A whole number ≥ 0 (``int``)."""
    SIGNED = "signed"
    """A whole number that may be negative (``int``): 2019 table 二 本年增/减."""
    MONEY = "money"
    """An amount in 万元 ≥ 0 (``decimal.Decimal``), precision kept as written."""


class Axis(str, enum.Enum):
    """How a :class:`SumRule` is applied across a table."""

    COLUMNS = "columns"
    """Once per column; the rule's terms are row keys."""
    ROWS = "rows"
    """Once per row; the rule's terms are column keys."""


def _strings(values: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    return tuple(values)


@attrs.frozen
class Column:
    """One value column of a table (format edition, table, column header)."""

    key: str
    label: str
    kind: ValueKind = ValueKind.COUNT
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    group: str | None = None
    """Key of the column group printed above this column (``legal_person`` → 法人或其他组织)."""
    unit: str | None = None
    """Unit of a MONEY column as the format prints it (``万元``)."""


@attrs.frozen
class Row:
    """One data row of a table: a stored, numeric row as printed in the official layout."""

    key: str
    label: str
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    group: str | None = None
    """Key of the innermost group the row is printed under (table 三: ``denied`` for 1.属于国家秘密)."""
    summary: bool = False
    """A row that sums others (（七）总计): printed inside its group but not one of its members."""


@attrs.frozen
class Group:
    """A derived grouping of rows (or columns): printed as a label, valued as the sum of its members.

    The official layout has no subtotal cells for groups (FORMAT.md, table 三): reading a group's
    value always sums its members.
    """

    key: str
    label: str
    members: tuple[str, ...] = attrs.field(converter=_strings)
    """Keys of the stored rows (or columns) whose sum the group's value is, in order."""
    parent: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(eq=False)
class Block:
    """A block of a table: its own columns and rows (table 二 has one per article 20 item)."""

    key: str
    label: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def column(self, key: str) -> Column:
        """The column with this key; :class:`KeyError` if the block has none."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@attrs.frozen(eq=False)
class TableSpec:
    """One of the three tables (二 proactive, 三 applications, 四 reviews) of one edition.

    Rows are unique across the table's blocks, so a cell is addressed by ``(row, column)``
    whatever block the row sits in.
    """

    key: str
    number: str
    """The section numeral the table belongs to: ``二``, ``三``, ``四``."""
    title: str
    blocks: tuple[Block, ...]
    row_groups: tuple[Group, ...] = ()
    column_groups: tuple[Group, ...] = ()
    corner_label: str | None = None
    """Text of the top-left header cell (table 三: the 勾稽关系 note; table 二: 信息内容)."""
    column_header: str | None = None
    """Header over all value columns (table 三: 申请人情况)."""
    transposed: bool = False
    """Printed turned on its side (table 四): each row, under its row groups, heads a group of
    columns, and the values form one data row; there is no row label column."""

    _row_index: dict[str, tuple[Block, Row]] = attrs.field(init=False, repr=False)
    _group_index: dict[str, Group] = attrs.field(init=False, repr=False)
    _column_group_index: dict[str, Group] = attrs.field(init=False, repr=False)
    _cells: tuple[tuple[str, str], ...] = attrs.field(init=False, repr=False)
    _kinds: dict[tuple[str, str], ValueKind] = attrs.field(init=False, repr=False)
    # One read-only view, made once: cell assignment looks kinds up on every write.
    _kinds_view: Mapping[tuple[str, str], ValueKind] = attrs.field(init=False, repr=False)
    _cells_by_kind: Mapping[ValueKind, tuple[tuple[str, str], ...]] = attrs.field(
        init=False, repr=False
    )
    _row_cells: dict[str, tuple[tuple[str, str], ...]] = attrs.field(init=False, repr=False)
    _blank: dict[tuple[str, str], None] = attrs.field(init=False, repr=False)
    _row_kinds: dict[str, tuple[ValueKind, ...]] = attrs.field(init=False, repr=False)
    _money_rows: frozenset[str] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        rows: dict[str, tuple[Block, Row]] = {}
        for block in self.blocks:
            for row in block.rows:
                if row.key in rows:
                    raise ValueError(f"table {self.key}: row {row.key!r} declared twice")
                rows[row.key] = (block, row)
        groups = {g.key: g for g in self.row_groups}
        overlap = groups.keys() & rows.keys()
        if overlap:
            raise ValueError(f"table {self.key}: keys used for both row and group: {overlap}")
        object.__setattr__(self, "_row_index", rows)
        object.__setattr__(self, "_group_index", groups)
        object.__setattr__(self, "_column_group_index", {g.key: g for g in self.column_groups})
        kinds = {(r.key, c.key): c.kind for b in self.blocks for r in b.rows for c in b.columns}
        object.__setattr__(self, "_kinds", kinds)
        object.__setattr__(self, "_kinds_view", MappingProxyType(kinds))
        object.__setattr__(self, "_cells", tuple(kinds))
        object.__setattr__(self, "_blank", dict.fromkeys(kinds))
        # The same tuple objects as the keys above: a dict lookup that finds its key object
        # itself skips comparing the tuples (tables fill whole rows for every report read).
        object.__setattr__(
            self,
            "_row_cells",
            {
                r.key: tuple(cell for cell in kinds if cell[0] == r.key)
                for b in self.blocks
                for r in b.rows
            },
        )
        object.__setattr__(
            self,
            "_row_kinds",
            {r.key: tuple(c.kind for c in b.columns) for b in self.blocks for r in b.rows},
        )
        object.__setattr__(
            self,
            "_money_rows",
            frozenset(r for (r, _), kind in kinds.items() if kind is ValueKind.MONEY),
        )
        by_kind = {k: tuple(c for c, ck in kinds.items() if ck is k) for k in ValueKind}
        object.__setattr__(
            self, "_cells_by_kind", MappingProxyType({k: v for k, v in by_kind.items() if v})
        )

    @property
    def kinds(self) -> Mapping[tuple[str, str], ValueKind]:
        """What each stored cell holds, by ``(row, column)``."""
        return self._kinds_view

    def blank_cells(self) -> dict[tuple[str, str], Any]:
        """A new dict of every stored cell, in reading order, each ``None``.

        Copied from one built once: copying a dict does not hash its keys again, which
        ``dict.fromkeys(spec.cells)`` would, for every table of every report made.
        """
        return self._blank.copy()

    @property
    def cells_by_kind(self) -> Mapping[ValueKind, tuple[tuple[str, str], ...]]:
        """The stored cells of each kind the table has, in reading order."""
        return self._cells_by_kind

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every stored row, in the official order."""
        return tuple(r for b in self.blocks for r in b.rows)

    @property
    def row_keys(self) -> tuple[str, ...]:
        """The keys of the stored rows, in the official order."""
        return tuple(self._row_index)

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        """Every stored cell as ``(row, column)``, in reading order."""
        return self._cells

    @property
    def columns(self) -> tuple[Column, ...]:
        """Distinct columns over all blocks, in first-seen order."""
        seen: dict[str, Column] = {}
        for block in self.blocks:
            for column in block.columns:
                seen.setdefault(column.key, column)
        return tuple(seen.values())

    def row(self, key: str) -> Row:
        """The stored row with this key.

        Raises:
            KeyError: the table has no stored row ``key`` (a group key included).
        """
        return self._row_index[key][1]

    def row_cells(self, key: str) -> tuple[tuple[str, str], ...]:
        """The cells of the stored row ``key``, in column order; :class:`KeyError` if none."""
        return self._row_cells[key]

    def row_kinds(self, key: str) -> tuple[ValueKind, ...]:
        """What each cell of the stored row ``key`` holds, in column order."""
        return self._row_kinds[key]

    @property
    def money_rows(self) -> frozenset[str]:
        """The stored rows that have an amount (:attr:`ValueKind.MONEY`) cell."""
        return self._money_rows

    def block_of(self, row_key: str) -> Block:
        """The block that holds the stored row ``row_key``."""
        return self._row_index[row_key][0]

    def block(self, key: str) -> Block:
        """The block with this key (``article20_1`` …; tables 三 and 四 have one block each).

        Raises:
            KeyError: the table has no such block.
        """
        for block in self.blocks:
            if block.key == key:
                return block
        raise KeyError(key)

    def has_row(self, key: str) -> bool:
        """Whether ``key`` is a stored row of this table (groups are not)."""
        return key in self._row_index

    def group(self, key: str) -> Group | None:
        """The row group with this key, or ``None``."""
        return self._group_index.get(key)

    def column_group(self, key: str) -> Group | None:
        """The column group with this key, or ``None``."""
        return self._column_group_index.get(key)

    def columns_of(self, row_key: str) -> tuple[Column, ...]:
        """The value columns of a stored row or of a row group (the columns of its members)."""
        if row_key in self._row_index:
            return self._row_index[row_key][0].columns
        group = self._group_index[row_key]
        return self._row_index[group.members[0]][0].columns

    def row_label_keys(self) -> tuple[str, ...]:
        """Stored rows and groups: every key that can name a row of this table."""
        return (*self._row_index, *self._group_index)

    @property
    def label_columns(self) -> int:
        """How many columns the row labels take in the official layout: one, plus one for
        each level of row groups (table 三: ``三、本年度办理结果`` / ``（三）不予公开`` /
        ``1.属于国家秘密``, three)."""
        return 1 + max((len(list(self.ancestors(r.key))) for r in self.rows), default=0)

    def label_span(self, row_key: str) -> int:
        """How many of :attr:`label_columns` the label of the stored row ``row_key`` covers:
        those its groups do not take (table 三: ``1.属于国家秘密`` 1, ``（一）予以公开`` 2,
        ``一、本年新收…`` 3)."""
        return self.label_columns - len(list(self.ancestors(row_key)))

    def ancestors(self, row_key: str) -> Iterator[Group]:
        """The groups a row is printed under, innermost first."""
        parent = (
            self._row_index[row_key][1].group
            if row_key in self._row_index
            else self._group_index[row_key].parent
        )
        while parent is not None:
            group = self._group_index[parent]
            yield group
            parent = group.parent


@attrs.frozen
class SectionSpec:
    """One of the six sections every report has (FORMAT.md, "Sections")."""

    key: str
    number: str
    """The Chinese numeral: ``一`` … ``六``."""
    heading: str
    """The canonical heading, written by every writer: ``一、总体情况``."""
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    """Heading variants seen in real reports, accepted on read."""
    table: str | None = None
    """Key of the table printed in this section, if any."""


@attrs.frozen
class SumRule:
    """A linear identity between cells of one table: ``sum(left) == sum(right)``.

    Applied along :attr:`along`: for :attr:`Axis.COLUMNS` the terms are row keys and the rule
    is checked in each column in :attr:`scope` (every column when empty); for
    :attr:`Axis.ROWS` the terms are column keys and it is checked in each row in scope.
    """

    id: str
    """The rule id of FORMAT.md: ``A1``."""
    code: str
    """The stable issue code a violation is reported under: ``A1.balance``."""
    table: str
    along: Axis
    left: tuple[str, ...] = attrs.field(converter=_strings)
    right: tuple[str, ...] = attrs.field(converter=_strings)
    scope: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    derives: bool = False
    """``fill_totals()`` may set the single ``left`` term to the sum of ``right``."""
    official_text: str | None = None
    """The wording the format itself prints for this rule, if any."""

    @property
    def unchecked_code(self) -> str:
        """Code of the "cannot check: blank operand" issue for this rule: ``A1.unchecked``."""
        return f"{self.id}.unchecked"


@attrs.frozen
class RuleInstance:
    """One application of a :class:`SumRule`: the cells on each side, for one row or column."""

    rule: SumRule
    index: str
    """The column (for :attr:`Axis.COLUMNS`) or row (for :attr:`Axis.ROWS`) it is checked in."""
    left: tuple[tuple[str, str], ...]
    right: tuple[tuple[str, str], ...]
    # Fetches every operand in one C call: validation runs each instance of every report.
    _getter: Callable[[Mapping[tuple[str, str], Any]], Any] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_getter", itemgetter(*self.left, *self.right))

    def operands(self, values: Mapping[tuple[str, str], _V]) -> tuple[_V, ...]:
        """The values of the cells of :attr:`left`, then of :attr:`right`, from ``values``."""
        found = self._getter(values)
        # itemgetter gives a single value, not a 1-tuple, for a single key.
        return found if len(self.left) + len(self.right) > 1 else (found,)


def _instances(spec: TableSpec, rule: SumRule) -> tuple[RuleInstance, ...]:
    if rule.along is Axis.COLUMNS:
        columns = rule.scope or tuple(c.key for c in spec.block_of(rule.left[0]).columns)
        return tuple(
            RuleInstance(
                rule=rule,
                index=column,
                left=tuple((r, column) for r in rule.left),
                right=tuple((r, column) for r in rule.right),
            )
            for column in columns
        )
    terms = {*rule.left, *rule.right}
    rows = rule.scope or tuple(
        r.key for b in spec.blocks if terms <= {c.key for c in b.columns} for r in b.rows
    )
    return tuple(
        RuleInstance(
            rule=rule,
            index=row,
            left=tuple((row, c) for c in rule.left),
            right=tuple((row, c) for c in rule.right),
        )
        for row in rows
    )


@attrs.frozen
class NarrativeFigure:
    """A number the narrative commonly quotes, and the table cells it should equal (rule A10).

    ``pattern`` is a regular expression with one group capturing the number; the expected
    value is the sum of ``rows`` in ``column`` of ``table``.
    """

    key: str
    pattern: str
    table: str
    rows: tuple[str, ...] = attrs.field(converter=_strings)
    column: str = "total"
    description: str = ""


@attrs.frozen(eq=False)
class Edition:
    """One edition of the annual report format, as the State Council General Office issued it."""

    key: str
    """``"2019"`` or ``"2021"``: the canonical edition key."""
    document: str
    """The notice that issued it: ``国办公开办函〔2019〕60号``."""
    title: str
    first_year: int
    """First report year the edition is used for."""
    last_year: int | None
    """Last report year the edition is used for; ``None`` while it is current."""
    sections: tuple[SectionSpec, ...]
    proactive: TableSpec
    applications: TableSpec
    reviews: TableSpec
    rules: tuple[SumRule, ...]
    narrative_figures: tuple[NarrativeFigure, ...] = ()
    report_title: str = "{agency}{year}年政府信息公开工作年度报告"
    """How the report's title is composed when it is not given."""
    _instances: dict[str, tuple[RuleInstance, ...]] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(
            self,
            "_instances",
            {rule.code: _instances(self.table(rule.table), rule) for rule in self.rules},
        )

    def rule_instances(self, rule: SumRule) -> tuple[RuleInstance, ...]:
        """Every place ``rule`` applies, with the cells of both sides (computed once)."""
        return self._instances[rule.code]

    @property
    def tables(self) -> tuple[TableSpec, ...]:
        """The three tables in section order: 二, 三, 四."""
        return (self.proactive, self.applications, self.reviews)

    def table(self, key: str) -> TableSpec:
        """The table with this key: ``proactive``, ``applications`` or ``reviews``.

        Raises:
            KeyError: no such table.
        """
        for spec in self.tables:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def section(self, key: str) -> SectionSpec:
        """The section with this key (``overview`` … ``other_matters``).

        Raises:
            KeyError: no such section.
        """
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def covers(self, year: int) -> bool:
        """Whether the format notice prescribes this edition for reports of ``year`` (rule A6)."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def years_label(self) -> str:
        """``2019–2020`` or ``2021 onward``."""
        if self.last_year is None:
            return f"{self.first_year} onward"
        return f"{self.first_year}–{self.last_year}"

    def __repr__(self) -> str:
        return f"<Edition {self.key} ({self.document})>"

    # An edition is a registered singleton: copies and unpickled objects are the same object,
    # so tables and reports can compare editions by identity.
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        from govdisclosure.editions import get_edition

        return get_edition, (self.key,)

    def __copy__(self) -> Edition:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Edition:
        return self
