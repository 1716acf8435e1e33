"""The two editions of the annual report format, as data (FORMAT.md is the reference).

Every table row, column, label, group and arithmetic rule is declared once, here; the model,
validation, and every reader and writer iterate over these declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from govdisclosure.editions import e2019, e2021
from govdisclosure.editions._spec import (
    Axis,
    Block,
    Column,
    Edition,
    Group,
    NarrativeFigure,
    Row,
    RuleInstance,
    SectionSpec,
    SumRule,
    TableSpec,
    ValueKind,
)
from govdisclosure.errors import UnknownEditionError

__all__ = [
    "EDITIONS",
    "Axis",
    "Block",
    "Column",
    "Edition",
    "Group",
    "NarrativeFigure",
    "Row",
    "RuleInstance",
    "SectionSpec",
    "SumRule",
    "TableSpec",
    "ValueKind",
    "edition_for_year",
    "get_edition",
]

EDITIONS: Mapping[str, Edition] = MappingProxyType(
    {e.key: e for e in (e2019.EDITION, e2021.EDITION)}
)
"""Every edition by key, oldest first (read-only)."""


def get_edition(edition: str | int | Edition) -> Edition:
    """The edition with this key (``"2019"``, ``2021``), or ``edition`` itself if already one.

    Raises:
        UnknownEditionError: naming the known keys.
    """
    if isinstance(edition, Edition):
        return edition
    try:
        return EDITIONS[str(edition)]
    except KeyError:
        raise UnknownEditionError(edition, EDITIONS, "edition") from None


def edition_for_year(year: int) -> Edition:
    """The edition the format notices prescribe for a report year (rule A6).

    Years before the first edition fall back to the oldest one, years after the newest to the
    newest: ``≤ 2020 → "2019"``, ``≥ 2021 → "2021"``.
    """
    for edition in EDITIONS.values():
        if edition.covers(year):
            return edition
    editions = list(EDITIONS.values())
    return editions[0] if year < editions[0].first_year else editions[-1]
