"""govdisclosure: China's annual Government Information Disclosure report (政府信息公开工作年度报告).

A typed model of the report in both format editions (国办公开办函〔2019〕60号 and
〔2021〕30号), validation of its arithmetic (勾稽关系), and readers and writers for DOCX, XML,
JSON, HTML, plain text and PDF::

    import govdisclosure as gd

    report = gd.AnnualReport.blank(agency="祥云镇", year=2020)
    report.applications["new_received", "natural_person"] = 3
    report.fill_totals()
    result = report.validate()
    gd.dump(report, "report.docx")
"""

from __future__ import annotations

from govdisclosure import formats
from govdisclosure.editions import EDITIONS, Edition, edition_for_year, get_edition
from govdisclosure.errors import (
    CellValueError,
    DerivedCellError,
    EditionChangeError,
    GovDisclosureError,
    IncompatibleReportsError,
    MissingDependencyError,
    NoReportsError,
    ReadError,
    UnknownEditionError,
    UnknownFormatError,
    UnknownKeyError,
    UnsupportedFormatError,
    ValidationError,
    WriteError,
)
from govdisclosure.formats import (
    FormatInfo,
    available_formats,
    dump,
    dumps,
    get_format,
    load,
    loads,
)
from govdisclosure.model import (
    AdministrativeLevel,
    Agency,
    AnnualReport,
    ApplicationsTable,
    Content,
    ExtraRow,
    Heading,
    Issue,
    Location,
    Paragraph,
    Position,
    ProactiveTable,
    ReviewsTable,
    Section,
    Severity,
    SourceInfo,
    Table,
    Value,
)
from govdisclosure.validation import (
    RULES,
    RuleInfo,
    ValidationReport,
    validate,
    validate_continuity,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "EDITIONS",
    "RULES",
    "AdministrativeLevel",
    "Agency",
    "AnnualReport",
    "ApplicationsTable",
    "CellValueError",
    "Content",
    "DerivedCellError",
    "Edition",
    "EditionChangeError",
    "ExtraRow",
    "FormatInfo",
    "GovDisclosureError",
    "Heading",
    "IncompatibleReportsError",
    "Issue",
    "Location",
    "MissingDependencyError",
    "NoReportsError",
    "Paragraph",
    "Position",
    "ProactiveTable",
    "ReadError",
    "ReviewsTable",
    "RuleInfo",
    "Section",
    "Severity",
    "SourceInfo",
    "Table",
    "UnknownEditionError",
    "UnknownFormatError",
    "UnknownKeyError",
    "UnsupportedFormatError",
    "ValidationError",
    "ValidationReport",
    "Value",
    "WriteError",
    "__version__",
    "available_formats",
    "dump",
    "dumps",
    "edition_for_year",
    "formats",
    "get_edition",
    "get_format",
    "load",
    "loads",
    "validate",
    "validate_continuity",
]
