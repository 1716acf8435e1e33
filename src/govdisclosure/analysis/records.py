"""Tidy (long) data: one record per cell, for spreadsheets, databases and data frames."""

from __future__ import annotations

import csv
import importlib
import os
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import IO, Any

from govdisclosure.analysis._cells import derived_cells
from govdisclosure.errors import MissingDependencyError, WriteError
from govdisclosure.formats._io import atomic_open
from govdisclosure.model import AnnualReport, Value

__all__ = ["RECORD_FIELDS", "to_dataframe", "to_records", "write_csv"]

RECORD_FIELDS: tuple[str, ...] = (
    "agency",
    "year",
    "edition",
    "table",
    "row",
    "column",
    "value",
    "source",
)
"""The fields of a record, in the order CSV columns and data frame columns follow (stable API)."""

Record = dict[str, Any]


def _as_reports(reports: AnnualReport | Iterable[AnnualReport]) -> Iterable[AnnualReport]:
    return (reports,) if isinstance(reports, AnnualReport) else reports


def _records_of(report: AnnualReport, derived: bool, extra_rows: bool) -> Iterator[Record]:
    agency, year, edition = report.agency.name, report.year, report.edition.key
    source = report.source.name if report.source is not None else None

    def record(table: str, row: str, column: str, value: Value) -> Record:
        return {
            "agency": agency,
            "year": year,
            "edition": edition,
            "table": table,
            "row": row,
            "column": column,
            "value": value,
            "source": source,
        }

    for table in report.tables:
        for (row, column), value in table.items():
            yield record(table.key, row, column, value)
        if derived:
            for row, column in derived_cells(table.spec):
                yield record(table.key, row, column, table[row, column])
        if extra_rows:
            for extra in table.extra_rows:
                spec = table.spec
                block = spec.block(extra.block) if extra.block is not None else spec.blocks[0]
                for spec_column, value in zip(block.columns, extra.values, strict=False):
                    yield record(table.key, extra.label, spec_column.key, value)


def to_records(
    reports: AnnualReport | Iterable[AnnualReport],
    *,
    derived: bool = False,
    extra_rows: bool = False,
) -> Iterator[Record]:
    """One dict per cell of each report, with the keys of :data:`RECORD_FIELDS` in that order.

    ``value`` is the cell as the model holds it: ``int``, ``Decimal`` (amounts in 万元) or
    ``None`` for a blank cell (kept: blank is not zero). ``table``, ``row`` and ``column`` are
    canonical keys (the format reference lists them); ``source`` is the file a report was read
    from, if any. Reports are consumed lazily, one at a time.

    Args:
        reports: one report or many.
        derived: also emit group sums (``denied``, ``outcomes``, ``legal_person`` …), after each
            table's stored cells.
        extra_rows: also emit non-standard rows; their ``row`` is the label as printed
            (canonical keys are ASCII, so the two never collide).

    Example::

        >>> next(to_records(report))
        {'agency': '祥云镇', 'year': 2020, 'edition': '2019', 'table': 'proactive', 'row': 'rules',
         'column': 'made', 'value': 0, 'source': None}
    """
    for report in _as_reports(reports):
        yield from _records_of(report, derived, extra_rows)


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    return value


def _write_rows(stream: IO[str], records: Iterable[Mapping[str, Any]], bom: bool) -> int:
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(RECORD_FIELDS)
    count = 0
    for item in records:
        writer.writerow([_csv_value(item.get(field)) for field in RECORD_FIELDS])
        count += 1
    return count


def write_csv(
    records: Iterable[Mapping[str, Any]],
    target: str | os.PathLike[str] | IO[str],
    *,
    bom: bool = False,
) -> int:
    """Write records (from :func:`to_records`) as CSV, a header row first; returns the row count.

    UTF-8, comma-separated, ``\\r\\n`` line ends (RFC 4180). A blank cell is an empty field, an
    amount keeps its decimal places. ``bom=True`` starts the file with a byte-order mark so
    that Excel opens it as UTF-8 (otherwise it shows the Chinese as mojibake). A path is written
    atomically: streamed to a temporary file that replaces the target only when complete.

    Args:
        records: dicts with the keys of :data:`RECORD_FIELDS` (extra keys are ignored).
        target: a path, or a text stream opened with ``newline=""`` (``sys.stdout`` works).
        bom: start with a UTF-8 byte-order mark, for Excel.

    Raises:
        WriteError: the file cannot be written (a previous file is left intact).
    """
    if isinstance(target, (str, os.PathLike)):
        with atomic_open(target, newline="") as stream:
            return _write_rows(stream, records, bom)
    try:
        return _write_rows(target, records, bom)
    except OSError as exc:
        raise WriteError(f"{getattr(target, 'name', '<stream>')}: cannot write: {exc}") from exc


def to_dataframe(
    reports: AnnualReport | Iterable[AnnualReport],
    *,
    exact: bool = False,
    derived: bool = False,
    extra_rows: bool = False,
) -> Any:
    """The records of :func:`to_records` as a ``pandas.DataFrame`` (needs the ``pandas`` extra).

    Columns follow :data:`RECORD_FIELDS`; ``year`` is a nullable integer, the keys are strings.
    ``value`` is a nullable float (``Float64``) so that arithmetic just works while a blank
    stays ``<NA>``, never 0; ``exact=True`` keeps the model's ``int`` and ``Decimal`` objects
    instead (``object`` dtype) for amounts that must keep every decimal place.

    Args:
        reports: one report or many.
        exact: keep ``int`` and ``Decimal`` values instead of floats.
        derived: also include group sums (as :func:`to_records`).
        extra_rows: also include non-standard rows (as :func:`to_records`).

    Raises:
        MissingDependencyError: pandas is not installed (``pip install 'govdisclosure[pandas]'``).
    """
    try:
        pandas = importlib.import_module("pandas")
    except ImportError as exc:
        raise MissingDependencyError("to_dataframe()", "pandas", str(exc)) from exc
    rows = [
        [item[field] for field in RECORD_FIELDS]
        for item in to_records(reports, derived=derived, extra_rows=extra_rows)
    ]
    frame = pandas.DataFrame(rows, columns=list(RECORD_FIELDS))
    text = {f: "string" for f in RECORD_FIELDS if f not in {"year", "value"}}
    frame = frame.astype({**text, "year": "Int64"})
    if not exact:
        frame["value"] = pandas.array(
            [None if v is None else float(v) for v in frame["value"]], dtype="Float64"
        )
    return frame
