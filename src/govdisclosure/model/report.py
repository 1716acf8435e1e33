"""The annual report: agency, year, edition, six sections and three tables."""

from __future__ import annotations

import copy
import datetime
import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from govdisclosure.editions import Edition, edition_for_year, get_edition
from govdisclosure.errors import UnknownKeyError
from govdisclosure.model.diagnostics import Issue, Location, Position
from govdisclosure.model.narrative import Content, Section, check_chars
from govdisclosure.model.tables import (
    TABLE_TYPES,
    ApplicationsTable,
    ProactiveTable,
    ReviewsTable,
    Table,
)

if TYPE_CHECKING:
    from govdisclosure.validation import ValidationReport

__all__ = ["AdministrativeLevel", "Agency", "AnnualReport", "SourceInfo"]


class AdministrativeLevel(str, enum.Enum):
    """The administrative level of the reporting body."""

    NATIONAL = "national"
    """国务院部门 and other central bodies."""
    PROVINCIAL = "provincial"
    """省级: provinces, autonomous regions, municipalities directly under the central government."""
    MUNICIPAL = "municipal"
    """地市级: prefecture-level cities and their departments."""
    COUNTY = "county"
    """县级: counties, county-level cities, districts, and their departments."""
    TOWNSHIP = "township"
    """乡镇级: townships, towns and sub-districts (街道)."""


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"agency name must be a non-empty str, got {value!r}")
    return check_chars(value.strip(), "agency name")


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str or None, got {value!r}")
    check_chars(value, attribute.name)


def _level(value: object) -> AdministrativeLevel | None:
    return None if value is None else AdministrativeLevel(value)


@attrs.frozen
class Agency:
    """The government body that publishes the report (制作机关)."""

    name: str = attrs.field(converter=_name)
    """The body's name as it signs the report (``祥云镇``, ``上海市人民政府办公厅``)."""
    region: str | None = attrs.field(default=None, validator=_optional_text)
    """The administrative region, where the name alone does not say (``河南省焦作市温县``)."""
    level: AdministrativeLevel | None = attrs.field(default=None, converter=_level)
    """The administrative level (a string such as ``"township"`` is converted), if known."""


def _agency(value: Agency | str) -> Agency:
    return value if isinstance(value, Agency) else Agency(name=value)


def _check_year(instance: object, attribute: object, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1990 <= value <= 2200:
        raise ValueError(f"year must be an int between 1990 and 2200, got {value!r}")


def _default_edition(self: AnnualReport) -> Edition:
    _check_year(self, "year", self.year)
    return edition_for_year(self.year)


def _sections_for(self: AnnualReport) -> dict[str, Section]:
    return {s.key: Section(key=s.key) for s in self.edition.sections}


def _check_sections(report: AnnualReport, attribute: object, value: dict[str, Section]) -> None:
    expected = [s.key for s in report.edition.sections]
    unknown = [k for k in value if k not in expected]
    missing = [k for k in expected if k not in value]
    if unknown or missing:
        key = (unknown or missing)[0]
        what = "section" if unknown else "missing section"
        raise UnknownKeyError(key, expected, f"{what} (every report has exactly these):")
    for key, section in value.items():
        if not isinstance(section, Section) or section.key != key:
            raise ValueError(
                f"sections[{key!r}] must be a Section with key {key!r}, got {section!r}"
            )


def _check_table(report: AnnualReport, attribute: attrs.Attribute[Any], value: Any) -> None:
    expected = TABLE_TYPES[attribute.name]
    if not isinstance(value, expected):
        raise TypeError(f"{attribute.name} must be a {expected.__name__}, got {value!r}")
    if value.edition is not report.edition:
        raise ValueError(
            f"table {value.key} is of edition {value.edition.key}, the report of edition"
            f" {report.edition.key}"
        )


@attrs.define(kw_only=True)
class SourceInfo:
    """Where a report was read from, what the reader noted, and where each value came from.

    Not part of a report's equality: a report read from DOCX equals the same report read from XML.
    """

    name: str | None = None
    """File name, URL or other description of the source."""
    format: str | None = None
    """Name of the format it was read as (``"text"``, ``"docx"`` …)."""
    positions: dict[str, Position] = attrs.field(factory=dict)
    """Where each value was read, by canonical path (``Location.path``):
    ``applications[new_received][natural_person]``, a row ``applications[new_received]``,
    a section ``section[overview]``."""
    notes: list[Issue] = attrs.field(factory=list)
    """What the reader could not be sure of (a misaligned row, a converted unit…); validation
    reports these with the rule issues."""

    def position_of(self, location: Location) -> Position | None:
        """The most precise known position for a location: its cell, else its row."""
        for path in _candidate_paths(location):
            position = self.positions.get(path)
            if position is not None:
                return position
        return None

    def note(self, issue: Issue) -> None:
        """Add a reader note (an :class:`Issue` made with ``make_issue``)."""
        self.notes.append(issue)


def _candidate_paths(location: Location) -> Iterator[str]:
    # A cell falls back to its row, never to its table: a cell that was not in the source has
    # no position, rather than the position of some other part of the table.
    yield location.path
    if location.table is not None and location.row is not None and location.column is not None:
        yield f"{location.table}[{location.row}]"


@attrs.define(kw_only=True)
class AnnualReport:
    """One 政府信息公开工作年度报告: the document object model every format reads and writes.

    Build one with :meth:`blank`, fill its tables with ``report.applications[row, column] = n``
    and its sections with ``report.overview.add_paragraph(...)``; check it with
    :meth:`validate`. The edition defaults to the one the format notices prescribe for the
    year (≤ 2020: ``2019``, 国办公开办函〔2019〕60号; ≥ 2021: ``2021``, 国办公开办函〔2021〕30号).
    """

    agency: Agency = attrs.field(converter=_agency)
    """The publishing body (a name alone is made an :class:`Agency`)."""
    year: int = attrs.field(validator=_check_year)
    """The report year (the year the figures cover, not the year of publication)."""
    edition: Edition = attrs.field(
        default=attrs.Factory(_default_edition, takes_self=True), converter=get_edition
    )
    """The edition of the format the tables follow (a key such as ``"2021"`` is converted)."""
    title: str | None = attrs.field(default=None, validator=_optional_text)
    """The title as printed; ``None`` to compose it from agency and year (:attr:`display_title`)."""
    published_on: datetime.date | None = None
    """The publishing date (发布日期), if known."""
    preamble: list[Content] = attrs.field(factory=list)
    """Text before section 一 (a foreword, the statistics period statement…)."""
    sections: dict[str, Section] = attrs.field(
        default=attrs.Factory(_sections_for, takes_self=True), validator=_check_sections
    )
    """The six sections by key (order does not matter; writers follow the edition's order)."""
    proactive: ProactiveTable = attrs.field(
        default=attrs.Factory(lambda self: ProactiveTable(edition=self.edition), takes_self=True),
        validator=_check_table,
    )
    applications: ApplicationsTable = attrs.field(
        default=attrs.Factory(
            lambda self: ApplicationsTable(edition=self.edition), takes_self=True
        ),
        validator=_check_table,
    )
    reviews: ReviewsTable = attrs.field(
        default=attrs.Factory(lambda self: ReviewsTable(edition=self.edition), takes_self=True),
        validator=_check_table,
    )
    source: SourceInfo | None = attrs.field(default=None, eq=False)
    """Provenance and reader notes when the report was read from a file; not compared."""

    # -- construction --------------------------------------------------------------------

    @classmethod
    def blank(
        cls,
        *,
        agency: Agency | str,
        year: int,
        edition: Edition | str | int | None = None,
        **fields: Any,
    ) -> AnnualReport:
        """An empty report: every cell blank (``None``), every section without text.

        Args:
            agency: the publishing body, or just its name.
            year: the report year.
            edition: ``"2019"`` or ``"2021"``; by default the one prescribed for ``year``.
            **fields: any other field (``title``, ``published_on``…).
        """
        _check_year(cls, "year", year)
        chosen = get_edition(edition) if edition is not None else edition_for_year(year)
        return cls(agency=agency, year=year, edition=chosen, **fields)

    # -- access --------------------------------------------------------------------------

    @property
    def tables(self) -> tuple[ProactiveTable, ApplicationsTable, ReviewsTable]:
        """Tables 二, 三, 四 in order."""
        return (self.proactive, self.applications, self.reviews)

    def table(self, key: str) -> Table:
        """A table by key: ``proactive``, ``applications`` or ``reviews``."""
        for table in self.tables:
            if table.key == key:
                return table
        raise UnknownKeyError(key, [t.key for t in self.tables], "table")

    def section(self, key: str) -> Section:
        """A section by key (``overview`` … ``other_matters``)."""
        try:
            return self.sections[key]
        except KeyError:
            raise UnknownKeyError(key, self.sections, "section") from None

    @property
    def overview(self) -> Section:
        """一、总体情况."""
        return self.sections["overview"]

    @property
    def problems(self) -> Section:
        """五、存在的主要问题及改进情况."""
        return self.sections["problems"]

    @property
    def other_matters(self) -> Section:
        """六、其他需要报告的事项."""
        return self.sections["other_matters"]

    @property
    def display_title(self) -> str:
        """The title as printed, or composed from agency and year as the format does."""
        if self.title:
            return self.title
        return self.edition.report_title.format(agency=self.agency.name, year=self.year)

    def narrative(self) -> Iterator[tuple[str | None, Content]]:
        """Every piece of text with the key of the section it is in (``None`` for the preamble)."""
        for item in self.preamble:
            yield None, item
        for key, section in self.sections.items():
            for item in section.content:
                yield key, item

    # -- operations ----------------------------------------------------------------------

    def fill_totals(self) -> int:
        """Derive the totals from the leaves: the 总计 column and （七）总计 of table 三, the
        总计 of each group of table 四. Totals whose operands include a blank stay as they were.

        Returns:
            how many cells changed.
        """
        return sum(table.fill_totals() for table in self.tables)

    def validate(self) -> ValidationReport:
        """Check the report against its edition's rules; the same as ``govdisclosure.validate``."""
        from govdisclosure.validation import validate

        return validate(self)

    def copy(self) -> AnnualReport:
        """A deep copy sharing only immutable parts (edition, values, text)."""
        return attrs.evolve(
            self,
            preamble=list(self.preamble),
            sections={k: Section(key=k, content=list(s.content)) for k, s in self.sections.items()},
            proactive=copy.copy(self.proactive),
            applications=copy.copy(self.applications),
            reviews=copy.copy(self.reviews),
            source=None,
        )
