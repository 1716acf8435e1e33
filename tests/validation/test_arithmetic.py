"""Rules A1–A5: every broken cell is caught, blanks say "cannot check", never a false error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

import govdisclosure as gd
from govdisclosure.editions import EDITIONS
from strategies import consistent_reports, editions, reports

ARITHMETIC = ("A1.balance", "A2.outcome_total", "A3.row_total", "A4.review_total")


def _filled(edition: gd.Edition) -> gd.AnnualReport:
    """A fully filled, consistent report with distinct non-zero values (deterministic)."""
    report = gd.AnnualReport.blank(agency="测试局", year=edition.first_year, edition=edition)
    apps = report.applications
    leaves = apps.spec.group("outcomes").members  # type: ignore[union-attr]
    columns = [c.key for c in apps.spec.columns if c.key != "total"]
    for i, row in enumerate((*leaves, "carried_forward")):
        for j, column in enumerate(columns):
            apps[row, column] = (i * 7 + j * 3) % 11 + 1
    for j, column in enumerate(columns):
        handled = sum(apps[r, column] for r in leaves) + apps["carried_forward", column]  # type: ignore[misc]
        apps["carried_over", column] = j + 2
        apps["new_received", column] = handled - (j + 2)
    for i, row in enumerate(report.reviews.spec.row_keys):
        for j, column in enumerate(("upheld", "corrected", "other", "pending")):
            report.reviews[row, column] = i + j + 1
    for row, column in report.proactive.spec.cells:
        kind = report.proactive.kind(row, column)
        report.proactive[row, column] = Decimal("1.5") if kind.value == "money" else 2
    report.fill_totals()
    for section in report.sections.values():
        section.add_paragraph("有关情况。")
    return report


def _arithmetic_errors(result: gd.ValidationReport) -> list[gd.Issue]:
    return [i for i in result.errors if i.code in ARITHMETIC]


@pytest.mark.parametrize("edition", list(EDITIONS.values()), ids=list(EDITIONS))
def test_consistent_report_is_clean(edition: gd.Edition) -> None:
    result = _filled(edition).validate()
    assert result.ok, [str(i) for i in result]
    assert not list(result), [str(i) for i in result]


@pytest.mark.parametrize("edition", list(EDITIONS.values()), ids=list(EDITIONS))
@pytest.mark.parametrize("table", ["applications", "reviews"])
def test_every_cell_mutation_is_caught(edition: gd.Edition, table: str) -> None:
    base = _filled(edition)
    cells = base.table(table).spec.cells
    assert len(cells) == {"applications": len(edition.applications.cells), "reviews": 15}[table]
    missed = []
    for row, column in cells:
        mutant = base.copy()
        value = mutant.table(table)[row, column]
        assert isinstance(value, int)
        mutant.table(table)[row, column] = value + 1
        errors = [
            i
            for i in mutant.validate().errors
            if i.location.table == table and (i.location.row == row or i.location.column == column)
        ]
        if not errors:
            missed.append((row, column))
        for issue in errors:
            assert issue.expected != issue.actual
    assert not missed, f"{len(missed)} of {len(cells)} mutations not caught: {missed[:5]}"


def test_a1_reports_the_column_with_values_and_official_text() -> None:
    report = _filled(EDITIONS["2021"])
    report.applications["carried_forward", "research_institution"] += 2  # type: ignore[operator]
    report.fill_totals()  # row totals follow; only A1 can see it now
    result = report.validate()
    issues = result.by_code("A1")
    assert [i.location.column for i in issues] == ["research_institution", "total"]
    issue = issues[0]
    assert issue.code == "A1.balance"
    assert issue.severity is gd.Severity.ERROR
    assert issue.location.table == "applications"
    assert issue.location.column == "research_institution"
    assert str(issue.location) == "applications[*][research_institution]"
    new = report.applications["new_received", "research_institution"]
    over = report.applications["carried_over", "research_institution"]
    assert issue.expected == new + over  # type: ignore[operator]
    assert issue.actual == issue.expected + 2
    assert "第一项加第二项之和，等于第三项加第四项之和" in issue.message
    assert "第一项加第二项之和，等于第三项加第四项之和" in issue.message_zh


def test_a3_location_and_values() -> None:
    report = _filled(EDITIONS["2019"])
    report.applications["granted", "total"] = 0
    issues = [i for i in report.validate() if i.code == "A3.row_total"]
    assert [str(i.location) for i in issues] == ["applications[granted][total]"]
    assert issues[0].actual == 0
    assert issues[0].expected == sum(
        report.applications["granted", c.key]  # type: ignore[misc]
        for c in report.applications.spec.columns
        if c.key != "total"
    )


def test_blank_operand_means_cannot_check() -> None:
    report = _filled(EDITIONS["2021"])
    report.applications["denied_state_secret", "natural_person"] = None
    result = report.validate()
    assert result.ok, [str(i) for i in result.errors]
    codes = {(i.code, i.location.path) for i in result}
    assert ("A3.unchecked", "applications[denied_state_secret][total]") in codes
    assert ("A2.unchecked", "applications[outcome_total][natural_person]") in codes
    assert ("A7.blank_cells", "applications[denied_state_secret][natural_person]") in codes
    unchecked = [i for i in result if i.code.endswith(".unchecked")]
    assert all(i.severity is gd.Severity.WARNING for i in unchecked)
    a3 = next(i for i in unchecked if i.code == "A3.unchecked")
    assert a3.actual == (("denied_state_secret", "natural_person"),)


def test_blank_report_has_no_sum_errors_only_missing_parts() -> None:
    result = gd.AnnualReport.blank(agency="x", year=2021).validate()
    assert {i.code for i in result} == {"A7.section_missing", "A7.table_missing"}
    assert {str(i.location) for i in result.by_code("A7.table_missing")} == {
        "proactive",
        "applications",
        "reviews",
    }


def test_shanghai_style_blank_totals_are_warnings() -> None:
    # The 总计 column left blank for outcome rows, as the Shanghai report prints it.
    report = _filled(EDITIONS["2019"])
    for row in report.applications.spec.group("outcomes").members:  # type: ignore[union-attr]
        report.applications[row, "total"] = None
    result = report.validate()
    assert result.ok
    assert len(result.by_code("A3.unchecked")) == 19
    assert len(result.by_code("A2.unchecked")) == 1


def test_a5_reports_values_that_bypassed_the_setters() -> None:
    report = _filled(EDITIONS["2021"])
    report.applications._cells["granted", "natural_person"] = -4  # as a buggy reader might
    result = report.validate()
    issue = result.by_code("A5")[0]
    assert issue.code == "A5.invalid_value"
    assert str(issue.location) == "applications[granted][natural_person]"
    assert issue.actual == -4


@given(editions.flatmap(lambda e: reports(e, blank=0.3)))
def test_fill_totals_never_leaves_a_total_error(report: gd.AnnualReport) -> None:
    report.fill_totals()
    codes = {i.code for i in report.validate().errors}
    assert not codes & {"A2.outcome_total", "A3.row_total", "A4.review_total"}


@given(consistent_reports())
def test_consistent_leaves_with_fill_totals_validate_clean(report: gd.AnnualReport) -> None:
    assert not _arithmetic_errors(report.validate())


@given(reports(blank=0.6))
def test_validate_never_raises(report: gd.AnnualReport) -> None:
    result = report.validate()
    for issue in result:
        assert issue.code in gd.RULES
        assert issue.severity is gd.RULES[issue.code].severity
        assert issue.message
        assert issue.message_zh
