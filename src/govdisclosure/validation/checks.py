"""The checks: rules A1–A11 of FORMAT.md, driven by the edition data. They report; they never raise."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from govdisclosure.editions import (
    Axis,
    Edition,
    NarrativeFigure,
    RuleInstance,
    ValueKind,
    edition_for_year,
)
from govdisclosure.errors import CellValueError
from govdisclosure.model.diagnostics import Issue, Location, Position
from govdisclosure.model.report import AnnualReport
from govdisclosure.model.tables import Table
from govdisclosure.model.values import Value, check_value
from govdisclosure.validation.registry import rule_info
from govdisclosure.validation.result import ValidationReport

__all__ = ["make_issue", "validate", "validate_continuity"]


def make_issue(
    code: str,
    message: str,
    message_zh: str,
    location: Location | None = None,
    *,
    expected: object = None,
    actual: object = None,
) -> Issue:
    """An :class:`Issue` with the severity registered for ``code`` (readers use this too).

    Args:
        code: a code registered in :data:`~govdisclosure.validation.RULES`.
        message: the English message, with the values.
        message_zh: the same in Chinese.
        location: where the issue is, in canonical keys (the whole report by default).
        expected: the value a rule expects, raw.
        actual: the value found, raw.

    Raises:
        KeyError: ``code`` is not registered.
    """
    # (Positional: readers make an issue for every note, and keywords cost twice as much.)
    return Issue(
        code,
        rule_info(code).severity,
        message,
        location or Location(),
        expected,
        actual,
        message_zh,
    )


def _total(values: Iterable[Value]) -> int | Decimal:
    total: int | Decimal = 0
    for v in values:
        assert v is not None
        total += v
    return total


def _cell_path(table: str, cell: tuple[str, str]) -> str:
    return f"{table}[{cell[0]}][{cell[1]}]"


# -- A1–A4: sums declared in the edition ----------------------------------------------------


class _RuleOperands(NamedTuple):
    """Every operand of every instance of a rule, fetched in one call, and where each
    instance's sides lie in what ``fetch`` returns.

    ``fetch`` takes the table's values *in reading order* (``tuple(table.values.values())``:
    a table holds its cells in the order of ``spec.cells``) and picks the operands by
    position, which is several times faster than looking each ``(row, column)`` key up.
    """

    fetch: Callable[[Sequence[Value]], tuple[Value, ...]]
    instances: tuple[RuleInstance, ...]
    lefts: tuple[slice, ...]
    rights: tuple[slice, ...]


@lru_cache(maxsize=32)
def _rule_operands(edition: Edition, code: str) -> _RuleOperands:
    """Built once per edition and rule, never changed."""
    (rule,) = [r for r in edition.rules if r.code == code]
    instances = edition.rule_instances(rule)
    index = {cell: i for i, cell in enumerate(edition.table(rule.table).cells)}
    cells: list[tuple[str, str]] = []
    lefts: list[slice] = []
    rights: list[slice] = []
    for inst in instances:
        start = len(cells)
        cells += inst.left
        split = len(cells)
        cells += inst.right
        lefts.append(slice(start, split))
        rights.append(slice(split, len(cells)))
    # At least two cells (an instance has both sides), so itemgetter returns a tuple.
    return _RuleOperands(
        itemgetter(*[index[cell] for cell in cells]), instances, tuple(lefts), tuple(rights)
    )


def _check_sums(report: AnnualReport) -> Iterator[Issue]:
    # Each table's values in reading order, once for all its rules (None: a blank table,
    # which checks nothing; A7.table_missing says it once).
    filled = {t.key: None if t.is_blank else tuple(t.values.values()) for t in report.tables}
    for rule in report.edition.rules:
        values = filled[rule.table]
        if values is None:
            continue
        table = report.table(rule.table)
        # Every rule of every report passes through here: the operands of all its instances
        # come in one call, and when all are filled (the common case) both sides of every
        # instance are summed in C; only a rule that does not hold is looked at instance by
        # instance.
        fetch, instances, lefts, rights = _rule_operands(report.edition, rule.code)
        operands = fetch(values)
        if None not in operands:
            left_sums = list(map(sum, map(operands.__getitem__, lefts)))  # type: ignore[arg-type]
            right_sums = list(map(sum, map(operands.__getitem__, rights)))  # type: ignore[arg-type]
            if left_sums != right_sums:
                for inst, left, right in zip(instances, left_sums, right_sums, strict=True):
                    if left != right:
                        yield _sum_issue(table, inst, left, right)
            continue
        for inst, left_span, right_span in zip(instances, lefts, rights, strict=True):
            left_values = operands[left_span]
            right_values = operands[right_span]
            if None not in left_values and None not in right_values:
                left = sum(left_values)  # type: ignore[arg-type]  # no None, checked
                right = sum(right_values)  # type: ignore[arg-type]
                if left != right:
                    yield _sum_issue(table, inst, left, right)
                continue
            cells = inst.left + inst.right
            blank = tuple(
                c for c, v in zip(cells, left_values + right_values, strict=True) if v is None
            )
            if len(blank) == len(cells):
                continue  # nothing here was filled: A7.blank_cells reports the rows once
            location = _sum_location(table, inst)
            shown = ", ".join(f"{r}/{c}" for r, c in blank[:4])
            more = " …" if len(blank) > 4 else ""
            yield make_issue(
                rule.unchecked_code,
                f"{rule.id} not checked at {location.path}: blank operand(s) {shown}{more}",
                f"{location.path} 有空白单元格（{shown}{more}），无法核对{rule.id}",
                location,
                actual=blank,
            )


def _sum_location(table: Table, inst: RuleInstance) -> Location:
    rule = inst.rule
    single = rule.left[0] if len(rule.left) == 1 else None
    if rule.along is Axis.COLUMNS:
        return Location(table=table.key, row=single, column=inst.index)
    return Location(table=table.key, row=inst.index, column=single)


def _sum_issue(
    table: Table, inst: RuleInstance, left: int | Decimal, right: int | Decimal
) -> Issue:
    rule = inst.rule
    info = rule_info(rule.code)
    if rule.derives:
        expected, actual = right, left
        message = f"{info.title}: expected {expected}, found {actual}"
        message_zh = f"{info.title_zh}：应为{expected}，实为{actual}"
    else:
        expected, actual = left, right
        lhs = " + ".join(rule.left)
        rhs = " + ".join(rule.right)
        message = (
            f"{rule.official_text or info.title} does not hold in column {inst.index!r}:"
            f" {lhs} = {left} but {rhs} = {right}"
        )
        message_zh = (
            f"不符合{rule.official_text or info.title_zh}：“{inst.index}”栏"
            f"第一项加第二项为{left}，第三项加第四项为{right}"
        )
    return make_issue(
        rule.code,
        message,
        message_zh,
        _sum_location(table, inst),
        expected=expected,
        actual=actual,
    )


# -- A5: values ------------------------------------------------------------------------------


def _check_values(report: AnnualReport) -> Iterator[Issue]:
    for table in report.tables:
        if not _all_valid(table):
            yield from _invalid_values(table)
        for extra in table.extra_rows:
            block = table.spec.block(extra.block) if extra.block else table.spec.blocks[0]
            for spec, value in zip(block.columns, extra.values, strict=False):
                try:
                    check_value(spec.kind, value, f"{table.key} extra row {extra.label!r}")
                except CellValueError as exc:
                    yield make_issue(
                        "A5.invalid_value",
                        str(exc),
                        f"自设行“{extra.label}”的“{spec.label}”数值{value!r}不符合要求",
                        Location(table=table.key, row=extra.label, column=spec.key),
                        expected=spec.kind.value,
                        actual=value,
                    )


# The types a cell of each kind may hold; between values of these types, equal values are
# equally valid, so each distinct value need be checked only once.
_CELL_TYPES: dict[ValueKind, frozenset[type]] = {
    ValueKind.COUNT: frozenset({int, type(None)}),
    ValueKind.SIGNED: frozenset({int, type(None)}),
    ValueKind.MONEY: frozenset({Decimal, int, type(None)}),
}


def _all_valid(table: Table) -> bool:
    """Whether every stored cell holds what its kind allows.

    The model checks values on assignment; this catches what bypassed it, cheaply: a table
    holds a few distinct numbers in hundreds of cells, so the types are checked for every cell
    and each distinct value once.
    """
    values = table.values
    by_kind = table.spec.cells_by_kind
    for kind, cells in by_kind.items():
        # A table of one kind (三, 四) needs no lookups: every stored cell is of that kind.
        found = list(values.values() if len(by_kind) == 1 else map(values.__getitem__, cells))
        if not _CELL_TYPES[kind].issuperset(map(type, found)):
            return False  # a bool, float, str…: not a value of this kind
        try:
            for value in set(found):
                check_value(kind, value, "")
        except (CellValueError, TypeError):  # TypeError: a signalling NaN cannot be hashed
            return False
    return True


def _invalid_values(table: Table) -> Iterator[Issue]:
    kinds = table.spec.kinds
    for (row, column), value in table.items():
        kind = kinds[row, column]
        where = f"{table.key}[{row}][{column}]"
        try:
            check_value(kind, value, where)
        except CellValueError as exc:
            yield make_issue(
                "A5.invalid_value",
                str(exc),
                f"{where}：数值{value!r}不符合要求（{exc.expected}）",
                Location(table=table.key, row=row, column=column),
                expected=kind.value,
                actual=value,
            )


# -- A6: edition vs year -----------------------------------------------------------------------


def _check_edition(report: AnnualReport) -> Iterator[Issue]:
    edition = report.edition
    if edition.covers(report.year):
        return
    due = edition_for_year(report.year)
    yield make_issue(
        "A6.edition_year",
        f"a {report.year} report uses edition {edition.key} ({edition.document}, for"
        f" {edition.years_label}); edition {due.key} ({due.document}) applies",
        f"{report.year}年度报告使用了{edition.document}格式，应使用{due.document}格式",
        Location(),
        expected=due.key,
        actual=edition.key,
    )


# -- A7: completeness ---------------------------------------------------------------------


def _check_completeness(report: AnnualReport) -> Iterator[Issue]:
    for spec in report.edition.sections:
        if spec.table is not None:
            table = report.table(spec.table)
            if table.is_blank:
                yield make_issue(
                    "A7.table_missing",
                    f"table {table.spec.number} ({table.key}, {spec.heading}) has no value filled",
                    f"缺少{spec.heading}统计表（全部为零也须填写）",
                    Location(table=table.key),
                    expected="table",
                    actual=None,
                )
            else:
                yield from _blank_rows(table)
        elif report.sections[spec.key].is_empty:
            yield make_issue(
                "A7.section_missing",
                f"section {spec.heading} ({spec.key}) has no text",
                f"缺少“{spec.heading}”部分内容",
                Location(section=spec.key),
                expected="text",
                actual=None,
            )
    for table in report.tables:
        for extra in table.extra_rows:
            yield make_issue(
                "F.nonstandard_row",
                f"table {table.spec.number} ({table.key}) has a row the format does not define:"
                f" {extra.label!r}",
                f"表{table.spec.number}有格式未规定的行“{extra.label}”",
                Location(table=table.key, row=extra.label),
                actual=extra.values,
            )


def _blank_rows(table: Table) -> Iterator[Issue]:
    values = table.values
    if None not in values.values():
        return
    for block in table.spec.blocks:
        for row in block.rows:
            blank = tuple(c.key for c in block.columns if values[row.key, c.key] is None)
            if not blank:
                continue
            yield make_issue(
                "A7.blank_cells",
                f"row {row.label} of table {table.spec.number} has blank cells: {', '.join(blank)}",
                f"表{table.spec.number}“{row.label}”行有空白单元格",
                Location(
                    table=table.key, row=row.key, column=blank[0] if len(blank) == 1 else None
                ),
                expected=0,
                actual=blank,
            )


# -- A10, A11: the narrative -------------------------------------------------------------------


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    # MULTILINE: the patterns also run over all texts joined by newlines (each text is one
    # line), where ^ and $ must still mean the start and end of one text.
    return re.compile(pattern, re.MULTILINE)


# The first year is spelled \d\d\d\d, not \d{4}: a pattern that starts with a character
# class lets the regex engine skip ahead to the next digit; one that starts with a repeat does
# not (twice as fast over a report's text).
_PERIOD = re.compile(
    r"(\d\d\d\d)\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起\s*)?(?:至|到|—|－|-|~|～)\s*"
    r"(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日"
)
_PERIOD_END = re.compile(r"12\s*月\s*31\s*日")
"""How every statistics period ends: a text without it has no period to check."""


def _narrative_texts(report: AnnualReport) -> Iterator[tuple[str | None, str]]:
    narrative_keys = {s.key for s in report.edition.sections if s.table is None}
    for key, item in report.narrative():
        if key is None or key in narrative_keys:
            yield key, item.text


def _figure_issue(
    report: AnnualReport, figure: NarrativeFigure, section: str | None, match: re.Match[str]
) -> Issue | None:
    table = report.table(figure.table)
    if table.is_blank:
        return None
    values = [table[row, figure.column] for row in figure.rows]
    if any(v is None for v in values):
        return None
    expected = _total(values)
    quoted = int(match.group(1))
    if quoted == expected:
        return None
    snippet = match.group(0)
    # Quote where the sentence is, not where the table cell is.
    position = None
    if report.source is not None:
        position = report.source.position_of(Location(section=section))
    return make_issue(
        "A10.narrative_mismatch",
        f"the text says {snippet!r} ({quoted}) but table {table.spec.number} has {expected}"
        f" ({figure.description})",
        f"正文称“{snippet}”，与表{table.spec.number}数据{expected}不一致",
        Location(
            table=figure.table,
            row=figure.rows[0] if len(figure.rows) == 1 else None,
            column=figure.column,
            section=section,
            position=position,
        ),
        expected=expected,
        actual=quoted,
    )


def _check_narrative(report: AnnualReport) -> Iterator[Issue]:
    texts = list(_narrative_texts(report))
    # Most reports quote few figures: one search over all the text (each text is one line)
    # rules a pattern out before it is run text by text, to know each match's section.
    joined = "\n".join(text for _, text in texts)
    for figure in report.edition.narrative_figures:
        pattern = _compiled(figure.pattern)
        if pattern.search(joined) is None:
            continue
        for section, text in texts:
            for match in pattern.finditer(text):
                issue = _figure_issue(report, figure, section, match)
                if issue is not None:
                    yield issue
    if _PERIOD_END.search(joined) is None:
        return
    for section, text in texts:
        if _PERIOD_END.search(text) is None:
            continue  # (found in C from its first characters; the whole pattern is slow)
        for match in _PERIOD.finditer(text):
            years = {int(y) for y in match.groups() if y}
            if years != {report.year}:
                yield make_issue(
                    "A11.period",
                    f"the statistics period {match.group(0)!r} is not 1 January – 31 December"
                    f" {report.year}",
                    f"统计期限“{match.group(0)}”不是{report.year}年1月1日至12月31日",
                    Location(section=section),
                    expected=report.year,
                    actual=tuple(sorted(years)),
                )


# -- entry points ------------------------------------------------------------------------------

_CHECKS = (
    _check_edition,
    _check_completeness,
    _check_values,
    _check_sums,
    _check_narrative,
)


def _with_positions(report: AnnualReport, issues: Iterable[Issue]) -> Iterator[Issue]:
    source = report.source
    for issue in issues:
        if source is not None and issue.location.position is None:
            position = source.position_of(issue.location)
            if position is not None:
                issue = _located(issue, position)
        yield issue


def _located(issue: Issue, position: Position) -> Issue:
    """``issue`` with ``position`` in its location.

    What ``attrs.evolve`` does, field by field (a test checks that no field is missed):
    evolve is generic and slow, and a report read from a file with many issues needs this for
    every one of them.
    """
    where = issue.location
    return Issue(
        code=issue.code,
        severity=issue.severity,
        message=issue.message,
        location=Location(
            table=where.table,
            row=where.row,
            column=where.column,
            section=where.section,
            position=position,
        ),
        expected=issue.expected,
        actual=issue.actual,
        message_zh=issue.message_zh,
    )


def _subject(report: AnnualReport) -> str:
    if report.source is not None and report.source.name:
        return report.source.name
    return f"{report.agency.name} {report.year}"


def validate(report: AnnualReport, *, ignore: Iterable[str] = ()) -> ValidationReport:
    """Check one report against its edition's rules (FORMAT.md A1–A7, A10–A11).

    Never raises for a flawed report: every finding is an :class:`Issue`. Reader notes kept in
    ``report.source`` come first; each issue's location carries the source position of its cell
    where the report was read from a file.

    Args:
        report: the report.
        ignore: codes (``"A7.blank_cells"``) or rule ids (``"A10"``) to leave out.
    """
    skip = tuple(ignore)
    notes = report.source.notes if report.source is not None else []
    found = [*notes, *(i for check in _CHECKS for i in check(report))]
    kept = [i for i in found if not any(i.code == s or i.code.startswith(s + ".") for s in skip)]
    return ValidationReport(issues=tuple(_with_positions(report, kept)), subject=_subject(report))


def validate_continuity(previous: AnnualReport, current: AnnualReport) -> ValidationReport:
    """Check one agency's two consecutive reports against each other (FORMAT.md A8, A9).

    A8: this year's 上年结转 equals last year's 结转下年度, column by column (both editions have
    the same columns of table 三). A9 (both reports of an edition with 现行有效件数): this year's
    现行有效件数 ≈ last year's + 本年制发 − 本年废止; a warning only. Reports that are not
    consecutive years of one agency are still checked, with an ``A8.not_consecutive`` warning.

    Args:
        previous: the earlier report.
        current: the later report; issue locations carry its source positions.
    """
    issues: list[Issue] = []
    if current.year != previous.year + 1 or current.agency.name != previous.agency.name:
        issues.append(
            make_issue(
                "A8.not_consecutive",
                f"comparing {previous.agency.name} {previous.year} with"
                f" {current.agency.name} {current.year}: not consecutive years of one agency",
                f"{previous.agency.name}{previous.year}年与{current.agency.name}{current.year}年"
                "报告不是同一机关的相邻年度",
                Location(),
                expected=(previous.agency.name, previous.year + 1),
                actual=(current.agency.name, current.year),
            )
        )
    issues.extend(_check_carry_over(previous, current))
    issues.extend(_check_in_force(previous, current))
    return ValidationReport(
        issues=tuple(_with_positions(current, issues)),
        subject=f"{_subject(previous)} → {_subject(current)}",
    )


def _check_carry_over(previous: AnnualReport, current: AnnualReport) -> Iterator[Issue]:
    before, now = previous.applications, current.applications
    known = {c.key for c in before.spec.columns_of("carried_forward")}
    for column in now.spec.columns_of("carried_over"):
        if column.key not in known:
            continue
        last = before["carried_forward", column.key]
        this = now["carried_over", column.key]
        location = Location(table="applications", row="carried_over", column=column.key)
        if last is None or this is None:
            yield make_issue(
                "A8.unchecked",
                f"A8 not checked in column {column.key!r}: a blank cell",
                f"“{column.label}”栏有空白单元格，无法核对跨年度结转",
                location,
                expected=last,
                actual=this,
            )
        elif last != this:
            yield make_issue(
                "A8.carry_over",
                f"{current.year} 上年结转 in column {column.key!r} is {this}, but the"
                f" {previous.year} report carried forward {last}",
                f"{current.year}年“上年结转”{column.label}栏为{this}，"
                f"{previous.year}年“结转下年度继续办理”为{last}",
                location,
                expected=last,
                actual=this,
            )


def _has_in_force(edition: Edition) -> bool:
    block = edition.proactive.blocks[0]
    return {"issued", "repealed", "in_force"} <= {c.key for c in block.columns}


def _check_in_force(previous: AnnualReport, current: AnnualReport) -> Iterator[Issue]:
    if not (_has_in_force(previous.edition) and _has_in_force(current.edition)):
        return
    for row in current.edition.proactive.blocks[0].rows:
        if not previous.edition.proactive.has_row(row.key):
            continue
        last = previous.proactive[row.key, "in_force"]
        issued = current.proactive[row.key, "issued"]
        repealed = current.proactive[row.key, "repealed"]
        this = current.proactive[row.key, "in_force"]
        location = Location(table="proactive", row=row.key, column="in_force")
        if last is None or issued is None or repealed is None or this is None:
            yield make_issue(
                "A9.unchecked",
                f"A9 not checked for {row.key!r}: a blank cell",
                f"“{row.label}”有空白单元格，无法核对现行有效件数",
                location,
            )
            continue
        expected = last + issued - repealed
        if expected != this:
            yield make_issue(
                "A9.in_force",
                f"{row.label} 现行有效件数 is {this}; last year's {last} + {issued} issued −"
                f" {repealed} repealed = {expected}",
                f"{row.label}现行有效件数为{this}，上年{last}件加本年制发{issued}件减废止"
                f"{repealed}件应为{expected}件",
                location,
                expected=expected,
                actual=this,
            )
