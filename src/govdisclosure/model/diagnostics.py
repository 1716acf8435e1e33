"""Value types that describe a finding: severity, where it is (in the report and in the source), the issue."""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["Issue", "Location", "Position", "Severity"]


class Severity(str, enum.Enum):
    """How serious an :class:`Issue` is; ordered ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for INFO, 1 for WARNING, 2 for ERROR."""
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    # str-valued enums compare as strings unless told otherwise; keep the order above.
    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __str__(self) -> str:
        return self.name


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@attrs.frozen
class Position:
    """Where something was found in a source document (provenance).

    Every field is optional; readers fill what their format knows: a line for text, a table /
    row / cell index for HTML and DOCX, a page for PDF. Indexes are 1-based, as a person counts.
    """

    source: str | None = None
    """File name (or URL, or other description) of the source."""
    line: int | None = None
    """Line of a text source."""
    page: int | None = None
    """Page of a PDF."""
    table: int | None = None
    """Table of the document, counted from 1 in document order."""
    row: int | None = None
    """Row within that table."""
    cell: int | None = None
    """Cell within that row."""

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        where = ", ".join(parts)
        if self.source:
            return f"{where} of {self.source}" if where else self.source
        return where or "unknown position"


@attrs.frozen
class Location:
    """Where an issue is, in canonical keys: the same whatever format the report came from.

    ``str()`` gives ``applications[new_received][natural_person]``; a part that does not apply
    is ``*`` (``applications[*][natural_person]`` for a rule checked down one column). A
    section-level location reads ``section[overview]``.
    """

    table: str | None = None
    """Table key: ``proactive``, ``applications`` or ``reviews``."""
    row: str | None = None
    """Row key (or an extra row's printed label)."""
    column: str | None = None
    """Column key."""
    section: str | None = None
    """Section key, for an issue about the narrative."""
    position: Position | None = attrs.field(default=None, eq=False)
    """Where the cell (or row) was read from, when the report came from a file."""

    @property
    def path(self) -> str:
        """The canonical path without the source position."""
        if self.table is None:
            return f"section[{self.section}]" if self.section else "report"
        parts = [self.table]
        if self.row is not None or self.column is not None:
            parts.append(f"[{self.row or '*'}]")
            if self.column is not None:
                parts.append(f"[{self.column}]")
        return "".join(parts)

    def __str__(self) -> str:
        if self.position is not None:
            return f"{self.path} ({self.position})"
        return self.path


@attrs.frozen
class Issue:
    """One finding about a report: a rule broken, a cell that could not be checked, a reader note.

    Attributes:
        code: stable identifier, part of the public API (``"A1.balance"``); see the rules reference.
        severity: how serious it is.
        message: English description, with the values.
        message_zh: the same in Chinese.
        location: where in the report (canonical keys), and where in the source if known.
        expected: the value the rule expects, raw (``int``, ``Decimal``, ``str``, tuple…), or ``None``.
        actual: the value found, raw, or ``None``.
    """

    code: str
    severity: Severity
    message: str
    location: Location = attrs.field(factory=Location)
    expected: Any = None
    actual: Any = None
    message_zh: str = ""

    def __str__(self) -> str:
        return f"{self.severity} {self.code} at {self.location}: {self.message}"
