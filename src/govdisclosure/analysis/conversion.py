"""Re-expressing a report in another edition of the format, without ever losing a value silently."""

from __future__ import annotations

import attrs

from govdisclosure.analysis._cells import shared_cells
from govdisclosure.editions import Edition, get_edition
from govdisclosure.errors import EditionChangeError
from govdisclosure.model import AnnualReport, ExtraRow, Issue, Location, SourceInfo, Table
from govdisclosure.validation import make_issue

__all__ = ["to_edition"]


def _block_columns(table: Table, block: str | None) -> tuple[str, ...] | None:
    spec = table.spec
    if block is None:
        return tuple(c.key for c in spec.blocks[0].columns)
    try:
        return tuple(c.key for c in spec.block(block).columns)
    except KeyError:
        return None


def _extra_fits(extra: ExtraRow, source: Table, target: Table) -> bool:
    """An extra row keeps its meaning when the target block has the same leading columns."""
    before = _block_columns(source, extra.block)
    after = _block_columns(target, extra.block)
    width = len(extra.values)
    return before is not None and after is not None and before[:width] == after[:width]


def _dropped_note(
    report: AnnualReport, target: Edition, location: Location, value: object
) -> Issue:
    return make_issue(
        "edition.dropped_value",
        f"{location.path} = {value!r} was dropped: edition {target.key} ({target.document}) has"
        f" no such cell (the report was in edition {report.edition.key})",
        f"{location.path}的数值{value!r}已舍弃：{target.document}格式没有该单元格",
        location,
        expected=None,
        actual=value,
    )


def to_edition(
    report: AnnualReport, edition: str | int | Edition, *, drop: bool = False
) -> AnnualReport:
    """The report re-expressed in another edition: a new report, the input unchanged.

    Every cell whose row and column keys both editions declare keeps its value; every other
    cell of the target edition is blank (never 0). Narrative, metadata and extra rows whose
    block has the same columns in both editions are kept. A value that the target edition has
    no cell for (the 2019 edition's （六）其他处理 leaf, table 二's 2019 columns) is never dropped
    silently: unless ``drop`` is true, nothing is converted and :class:`EditionChangeError` lists
    them; with ``drop``, each one becomes an ``edition.dropped_value`` note in the result's
    ``source.notes``.

    Raises:
        EditionChangeError: filled values would be lost and ``drop`` is false.
        UnknownEditionError: ``edition`` is not a known edition key.
    """
    target = get_edition(edition)
    if target is report.edition:
        same = report.copy()
        same.source = _copy_source(report.source, [])
        return same
    result = AnnualReport.blank(
        agency=report.agency,
        year=report.year,
        edition=target,
        title=report.title,
        published_on=report.published_on,
    )
    result.preamble.extend(report.preamble)
    for key, section in report.sections.items():
        result.section(key).content.extend(section.content)
    lost: list[tuple[Location, object]] = []
    for table in report.tables:
        new = result.table(table.key)
        kept = set(shared_cells(table.key, report.edition, target))
        for (row, column), value in table.items():
            if (row, column) in kept:
                new[row, column] = value
            elif value is not None:
                lost.append((Location(table=table.key, row=row, column=column), value))
        for extra in table.extra_rows:
            if _extra_fits(extra, table, new):
                new.add_extra_row(extra.label, extra.values, extra.block)
            else:
                lost.append((Location(table=table.key, row=extra.label), extra.values))
    if lost and not drop:
        raise EditionChangeError(report.edition.key, target.key, [loc.path for loc, _ in lost])
    result.source = _copy_source(
        report.source, [_dropped_note(report, target, loc, value) for loc, value in lost]
    )
    return result


def _copy_source(source: SourceInfo | None, notes: list[Issue]) -> SourceInfo | None:
    if source is None:
        return SourceInfo(notes=notes) if notes else None
    # Positions of the kept cells still hold, and so do the reader's notes.
    return attrs.evolve(source, positions=dict(source.positions), notes=[*source.notes, *notes])
