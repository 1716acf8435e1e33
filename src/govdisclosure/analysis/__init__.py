"""Analysis across reports: roll-ups, year-over-year comparison, tidy exports, edition changes.

Scripts for supervising offices and researchers::

    import govdisclosure as gd
    from govdisclosure.analysis import compare, rollup, to_records, write_csv

    county = rollup((gd.load(p) for p in paths), agency="温县")
    change = compare(gd.load("2020.docx"), gd.load("2021.docx"))
    write_csv(to_records(gd.load(p) for p in paths), "data.csv", bom=True)
"""

from __future__ import annotations

from govdisclosure.analysis.compare import CellChange, Comparison, ReportSummary, compare
from govdisclosure.analysis.conversion import to_edition
from govdisclosure.analysis.records import RECORD_FIELDS, to_dataframe, to_records, write_csv
from govdisclosure.analysis.rollup import rollup

__all__ = [
    "RECORD_FIELDS",
    "CellChange",
    "Comparison",
    "ReportSummary",
    "compare",
    "rollup",
    "to_dataframe",
    "to_edition",
    "to_records",
    "write_csv",
]
