"""The outcome of validation: an ordered, immutable list of issues with convenience views."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, overload

import attrs

from govdisclosure.errors import ValidationError
from govdisclosure.model.diagnostics import Issue, Severity

__all__ = ["ValidationReport"]


def _plain(value: Any) -> Any:
    """A JSON-friendly form of an expected/actual value (Decimal as str, tuples as lists)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _issues(items: Iterable[Issue]) -> tuple[Issue, ...]:
    return tuple(items)


@attrs.frozen
class ValidationReport:
    """Every issue found in one report (or pair of reports), in the order the rules ran.

    Iterate it for :class:`Issue` objects. ``ok`` is true when there is no ERROR; warnings
    (a blank cell that stops a check, a narrative figure that differs) do not make a report
    invalid.
    """

    issues: tuple[Issue, ...] = attrs.field(converter=_issues)
    subject: str | None = None
    """What was validated (the source name, or agency and year)."""

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    @overload
    def __getitem__(self, index: int) -> Issue: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Issue, ...]: ...
    def __getitem__(self, index: int | slice) -> Issue | tuple[Issue, ...]:
        return self.issues[index]

    @property
    def ok(self) -> bool:
        """No issue of severity ERROR."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def errors(self) -> list[Issue]:
        """The issues of severity ERROR, in order."""
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        """The issues of severity WARNING, in order."""
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def infos(self) -> list[Issue]:
        """The issues of severity INFO, in order."""
        return [i for i in self.issues if i.severity is Severity.INFO]

    def codes(self) -> set[str]:
        """The distinct codes reported."""
        return {i.code for i in self.issues}

    def by_code(self, code: str) -> list[Issue]:
        """Issues whose code is ``code`` or starts with ``code + "."`` (``"A1"`` → A1.*)."""
        return [i for i in self.issues if i.code == code or i.code.startswith(code + ".")]

    def filter(self, min_severity: Severity | str = Severity.INFO) -> ValidationReport:
        """Only the issues at least as severe as ``min_severity``."""
        floor = Severity(min_severity)
        return attrs.evolve(self, issues=tuple(i for i in self.issues if i.severity >= floor))

    def raise_for_errors(self) -> None:
        """Raise :class:`~govdisclosure.errors.ValidationError` if there is any ERROR."""
        if not self.ok:
            raise ValidationError(self)

    def summary(self) -> str:
        """``3 errors, 2 warnings, 0 notes``."""
        return f"{len(self.errors)} errors, {len(self.warnings)} warnings, {len(self.infos)} notes"

    def to_dicts(self) -> list[dict[str, Any]]:
        """The issues as plain dicts (JSON-ready: Decimals as strings)."""
        rows = []
        for issue in self.issues:
            loc = issue.location
            rows.append(
                {
                    "code": issue.code,
                    "severity": issue.severity.value,
                    "location": loc.path,
                    "table": loc.table,
                    "row": loc.row,
                    "column": loc.column,
                    "section": loc.section,
                    "source": str(loc.position) if loc.position else None,
                    "line": loc.position.line if loc.position else None,
                    "expected": _plain(issue.expected),
                    "actual": _plain(issue.actual),
                    "message": issue.message,
                    "message_zh": issue.message_zh,
                }
            )
        return rows

    @classmethod
    def merge(
        cls, reports: Iterable[ValidationReport], subject: str | None = None
    ) -> ValidationReport:
        """One report holding the issues of several, in order."""
        return cls(issues=tuple(i for r in reports for i in r.issues), subject=subject)
