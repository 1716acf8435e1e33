"""The document object model: pure attrs classes, no I/O (neither lxml nor python-docx)."""

from __future__ import annotations

from govdisclosure.model.diagnostics import Issue, Location, Position, Severity
from govdisclosure.model.narrative import Content, Heading, Paragraph, Section
from govdisclosure.model.report import AdministrativeLevel, Agency, AnnualReport, SourceInfo
from govdisclosure.model.tables import (
    TABLE_TYPES,
    ApplicationsTable,
    ExtraRow,
    ProactiveTable,
    ReviewsTable,
    RuleInstance,
    Table,
    rule_instances,
)
from govdisclosure.model.values import Value, check_value

__all__ = [
    "TABLE_TYPES",
    "AdministrativeLevel",
    "Agency",
    "AnnualReport",
    "ApplicationsTable",
    "Content",
    "ExtraRow",
    "Heading",
    "Issue",
    "Location",
    "Paragraph",
    "Position",
    "ProactiveTable",
    "ReviewsTable",
    "RuleInstance",
    "Section",
    "Severity",
    "SourceInfo",
    "Table",
    "Value",
    "check_value",
    "rule_instances",
]
