"""The exception family: every error the library raises derives from :class:`GovDisclosureError`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govdisclosure.validation import ValidationReport

__all__ = [
    "CellValueError",
    "DerivedCellError",
    "EditionChangeError",
    "GovDisclosureError",
    "IncompatibleReportsError",
    "MissingDependencyError",
    "NoReportsError",
    "ReadError",
    "UnknownEditionError",
    "UnknownFormatError",
    "UnknownKeyError",
    "UnsupportedFormatError",
    "ValidationError",
    "WriteError",
]


class GovDisclosureError(Exception):
    """Base class of every exception raised by govdisclosure."""


class UnknownKeyError(GovDisclosureError, KeyError):
    """A row, column, block, section or table key that the report's edition does not define.

    Attributes:
        key: the key that was asked for.
        valid: the keys that would have been accepted, in the edition's order.
        where: what was being looked up (``"table 三 (applications) row"``).
    """

    def __init__(self, key: object, valid: Iterable[str], where: str, hint: str = "") -> None:
        self.key = key
        self.valid = tuple(valid)
        self.where = where
        self.hint = hint
        super().__init__(key)

    def __str__(self) -> str:
        # KeyError.__str__ would repr() the whole message; show it as written.
        hint = f" ({self.hint})" if self.hint else ""
        return f"unknown {self.where} {self.key!r}{hint}; valid keys: {', '.join(self.valid)}"


class DerivedCellError(GovDisclosureError, KeyError):
    """An attempt to set a cell whose value is derived (a group row such as （三）不予公开).

    Attributes:
        key: the ``(row, column)`` asked for.
        members: the stored cells whose sum the derived cell is.
    """

    def __init__(self, key: object, members: Iterable[object], where: str) -> None:
        self.key = key
        self.members = tuple(members)
        self.where = where
        super().__init__(key)

    def __str__(self) -> str:
        shown = ", ".join(repr(m) for m in self.members[:4])
        more = ", ..." if len(self.members) > 4 else ""
        return (
            f"{self.where} {self.key!r} is derived from its members ({shown}{more}) and cannot"
            " be set; set the members instead"
        )


class UnknownEditionError(UnknownKeyError):
    """An edition key that is not registered (known: ``"2019"``, ``"2021"``)."""


class CellValueError(GovDisclosureError, TypeError, ValueError):
    """A value that a cell cannot hold: a negative or non-integer count, a float amount, a string.

    Subclasses both :class:`TypeError` and :class:`ValueError` so callers may catch either.

    Attributes:
        location: the cell, as ``table[row][column]``.
        expected: what the cell accepts, in words.
        actual: the rejected value.
    """

    def __init__(self, location: str, expected: str, actual: object) -> None:
        self.location = location
        self.expected = expected
        self.actual = actual
        super().__init__(f"{location}: expected {expected}, got {actual!r}")


class ReadError(GovDisclosureError, ValueError):
    """Input that cannot be read as a report.

    The message names the source and, where known, the place: ``"report.txt: line 57: ..."``.

    Attributes:
        source: file name or other description of the input, if known.
        line: 1-based line number, if known.
        place: any other position (``"table 2, row 5"``, ``"word/document.xml"``), if known.
        reason: the message without the position prefix.
    """

    def __init__(
        self,
        reason: str,
        *,
        source: str | None = None,
        line: int | None = None,
        place: str | None = None,
    ) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        self.place = place
        super().__init__(self._compose())

    def _compose(self) -> str:
        parts = [
            p for p in (self.source, f"line {self.line}" if self.line else None, self.place) if p
        ]
        return ": ".join([*parts, self.reason])


class WriteError(GovDisclosureError, OSError):
    """A report could not be written; any previous file at the destination is left intact."""


class MissingDependencyError(GovDisclosureError, ImportError):
    """A format needs an optional dependency that is not installed; the message names the extra."""

    def __init__(self, what: str, extra: str, cause: str = "") -> None:
        self.extra = extra
        detail = f" ({cause})" if cause else ""
        super().__init__(
            f"{what} needs the optional dependencies of govdisclosure[{extra}]{detail}; install"
            f" them with: pip install 'govdisclosure[{extra}]'"
        )


class UnknownFormatError(GovDisclosureError, LookupError):
    """A format name or file suffix that no registered reader or writer handles."""

    def __init__(self, name: str, known: Iterable[str], what: str = "format") -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(f"unknown {what} {name!r}; known formats: {', '.join(self.known)}")


class UnsupportedFormatError(UnknownFormatError):
    """A known format asked to do what it cannot: writing ``pdf``, which is read only.

    A subclass of :class:`UnknownFormatError` (and so of :class:`LookupError`): for the caller
    the format is unknown *for that direction*; ``known`` lists the formats that can.
    """

    def __init__(self, name: str, direction: str, able: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(able)
        self.direction = direction
        GovDisclosureError.__init__(
            self,
            f"format {name!r} cannot be {direction}; formats that can: {', '.join(self.known)}",
        )


class ValidationError(GovDisclosureError, ValueError):
    """Raised by :meth:`ValidationReport.raise_for_errors` when a report has ERROR issues."""

    def __init__(self, report: ValidationReport, *args: Any) -> None:
        self.report = report
        errors = report.errors
        head = "; ".join(str(i) for i in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"{len(errors)} validation error(s): {head}{more}", *args)


class IncompatibleReportsError(GovDisclosureError, ValueError):
    """Reports that cannot be combined: a roll-up of reports of different years or editions.

    Attributes:
        field: what differs (``"year"`` or ``"edition"``).
        first: the value of the first report (``2020``, ``"2019"``).
        other: the differing value.
        first_subject: the first report (source name, or agency and year).
        other_subject: the report that differs.
    """

    def __init__(
        self,
        field: str,
        first: object,
        other: object,
        *,
        first_subject: str,
        other_subject: str,
        hint: str = "",
    ) -> None:
        self.field = field
        self.first = first
        self.other = other
        self.first_subject = first_subject
        self.other_subject = other_subject
        detail = f"; {hint}" if hint else ""
        super().__init__(
            f"cannot combine reports of different {field}s: {first_subject} has {field}"
            f" {first!r}, {other_subject} has {field} {other!r}{detail}"
        )


class NoReportsError(GovDisclosureError, ValueError):
    """An operation that needs at least one report (a roll-up) was given none."""


class EditionChangeError(GovDisclosureError, ValueError):
    """A report cannot be re-expressed in another edition without losing filled values.

    Attributes:
        source: the report's edition key.
        target: the edition key asked for.
        lost: canonical paths of the values the target edition has no place for
            (``applications[other_processing][total]``, or an extra row's label).
    """

    def __init__(self, source: str, target: str, lost: Iterable[str]) -> None:
        self.source = source
        self.target = target
        self.lost = tuple(lost)
        shown = ", ".join(self.lost[:6])
        more = f" (and {len(self.lost) - 6} more)" if len(self.lost) > 6 else ""
        super().__init__(
            f"edition {target} has no place for {len(self.lost)} filled value(s) of this edition"
            f" {source} report: {shown}{more}; nothing was changed (allow dropping them"
            " explicitly to convert anyway)"
        )
