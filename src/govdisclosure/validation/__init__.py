"""Validation: rules that report issues (never raise) and the registry of issue codes."""

from __future__ import annotations

from govdisclosure.model.diagnostics import Issue, Location, Position, Severity
from govdisclosure.validation.checks import make_issue, validate, validate_continuity
from govdisclosure.validation.registry import RULES, RuleInfo, rule_info
from govdisclosure.validation.result import ValidationReport

__all__ = [
    "RULES",
    "Issue",
    "Location",
    "Position",
    "RuleInfo",
    "Severity",
    "ValidationReport",
    "make_issue",
    "rule_info",
    "validate",
    "validate_continuity",
]
