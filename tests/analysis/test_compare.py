"""Year-over-year comparison: cell changes, A8/A9 through validate_continuity, edition change."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

import govdisclosure as gd
from govdisclosure.analysis import CellChange, compare
from strategies import reports


def _next_year(report: gd.AnnualReport, edition: str | None = None) -> gd.AnnualReport:
    later = gd.AnnualReport.blank(
        agency=report.agency, year=report.year + 1, edition=edition or report.edition
    )
    for table in report.tables:
        new = later.table(table.key)
        for cell, value in table.items():
            if cell in new.spec.kinds:
                new[cell] = value
    return later


def test_copy_with_different_carry_over_reports_a8_at_that_column(
    sample: gd.AnnualReport,
) -> None:
    current = _next_year(sample)
    current.applications["carried_over", "research_institution"] = 2
    current.applications["new_received", "research_institution"] = 0
    result = compare(sample, current)
    (issue,) = result.continuity.by_code("A8.carry_over")
    assert issue.location == gd.Location(
        table="applications", row="carried_over", column="research_institution"
    )
    assert (issue.expected, issue.actual) == (0, 2)
    assert not result.ok
    assert result.issues == result.continuity.issues
    change = result.cell("applications", "carried_over", "research_institution")
    assert (change.previous, change.current, change.delta, change.relative) == (0, 2, 2, None)


def test_unchanged_report_has_no_changes(sample: gd.AnnualReport) -> None:
    result = compare(sample, _next_year(sample))
    assert result.changes == ()
    assert result.ok
    assert len(result.cells) == sum(len(t.spec.cells) for t in sample.tables)
    assert result.previous == gd.analysis.ReportSummary("祥云镇", 2020, "2019")
    assert str(result.current) == "祥云镇 2021 (edition 2019)"


def test_changes_absolute_and_relative(sample: gd.AnnualReport) -> None:
    current = _next_year(sample)
    current.proactive["other_external_services", "decisions"] = 1000
    current.proactive["administrative_licensing", "decisions"] = 9
    current.proactive["centralized_procurement", "amount"] = Decimal("12.5")
    current.proactive["rules", "made"] = None
    result = compare(sample, current)
    by_cell = {(c.table, c.row, c.column): c for c in result.changes}
    assert set(by_cell) == {
        ("proactive", "other_external_services", "decisions"),
        ("proactive", "administrative_licensing", "decisions"),
        ("proactive", "centralized_procurement", "amount"),
        ("proactive", "rules", "made"),
    }
    grew = by_cell["proactive", "other_external_services", "decisions"]
    assert (grew.delta, grew.relative) == (131, pytest.approx(131 / 869))
    fell = by_cell["proactive", "administrative_licensing", "decisions"]
    assert (fell.delta, fell.relative) == (-3, -0.25)
    money = by_cell["proactive", "centralized_procurement", "amount"]
    assert money.delta == Decimal("12.5")
    assert money.relative is None  # from 0: no meaningful ratio
    blanked = by_cell["proactive", "rules", "made"]
    assert (blanked.previous, blanked.current, blanked.delta) == (0, None, None)
    assert blanked.changed


def test_across_the_edition_change_compares_shared_cells_only(sample: gd.AnnualReport) -> None:
    current = _next_year(sample, edition="2021")
    assert current.edition.key == "2021"
    result = compare(sample, current)
    keys = {(c.table, c.row, c.column) for c in result.cells}
    # Table 三: every row but （六）, in every column; table 四 whole; table 二's decisions.
    applications = [r.key for r in sample.applications.spec.rows if r.key != "other_processing"]
    assert {(r, c) for t, r, c in keys if t == "applications"} == {
        (r, c.key) for r in applications for c in sample.applications.spec.columns
    }
    assert {(r, c) for t, r, c in keys if t == "proactive"} == {
        ("administrative_licensing", "decisions"),
        ("administrative_penalty", "decisions"),
        ("administrative_coercion", "decisions"),
    }
    assert len([k for k in keys if k[0] == "reviews"]) == 15
    assert result.changes == ()
    # A8 still runs across editions (same columns); the carry-over matches.
    assert result.continuity.by_code("A8.carry_over") == []
    assert result.continuity.by_code("A8.unchecked") == []


def test_groups_include_other_processing_across_the_edition_change(
    sample: gd.AnnualReport,
) -> None:
    sample.applications["other_processing", "natural_person"] = 1
    current = _next_year(sample, edition="2021")
    current.applications["other_no_correction", "natural_person"] = 1
    current.applications["other_unpaid_fee", "natural_person"] = 0
    current.applications["other_other", "natural_person"] = 2
    result = compare(sample, current, groups=True)
    change = result.cell("applications", "other_processing", "natural_person")
    assert change.derived
    assert (change.previous, change.current, change.delta) == (1, 3, 2)
    legal = result.cell("applications", "new_received", "legal_person")
    assert legal.derived
    assert (legal.previous, legal.current) == (0, 0)
    assert not result.cell("applications", "granted", "total").derived
    without = compare(sample, current)
    with pytest.raises(gd.UnknownKeyError):
        without.cell("applications", "other_processing", "natural_person")


def test_a9_in_force_in_the_2021_edition() -> None:
    before = gd.AnnualReport.blank(agency="甲", year=2021)
    after = gd.AnnualReport.blank(agency="甲", year=2022)
    before.proactive["rules", "in_force"] = 10
    after.proactive.update(
        {("rules", "issued"): 2, ("rules", "repealed"): 1, ("rules", "in_force"): 12}
    )
    result = compare(before, after)
    (issue,) = result.continuity.by_code("A9.in_force")
    assert issue.location == gd.Location(table="proactive", row="rules", column="in_force")
    assert (issue.expected, issue.actual) == (11, 12)


def test_not_consecutive_is_flagged_not_refused(sample: gd.AnnualReport) -> None:
    result = compare(sample, sample)
    assert "A8.not_consecutive" in result.continuity.codes()
    assert result.changes == ()


def test_to_dict_is_json_ready(sample: gd.AnnualReport) -> None:
    current = _next_year(sample)
    current.proactive["centralized_procurement", "amount"] = Decimal("1.2500")
    data = compare(sample, current).to_dict()
    text = json.dumps(data, ensure_ascii=False)
    back = json.loads(text)
    assert back["previous"] == {
        "agency": "祥云镇",
        "year": 2020,
        "edition": "2019",
        "source": None,
    }
    assert back["changed_cells"] == 1
    assert back["cells"] == [
        {
            "table": "proactive",
            "row": "centralized_procurement",
            "column": "amount",
            "previous": "0",
            "current": "1.2500",
            "delta": "1.2500",
            "relative": None,
            "derived": False,
        }
    ]
    assert back["continuity"]["ok"] is True
    assert len(compare(sample, current).to_dict(all_cells=True)["cells"]) == back["compared_cells"]


@settings(suppress_health_check=[HealthCheck.large_base_example])
@given(reports(), reports())
def test_any_two_reports_compare_without_error(
    previous: gd.AnnualReport, current: gd.AnnualReport
) -> None:
    result = compare(previous, current, groups=True)
    for change in result.cells:
        assert isinstance(change, CellChange)
        assert change.previous == previous.table(change.table)[change.row, change.column]
        assert change.current == current.table(change.table)[change.row, change.column]
        if change.delta is not None:
            assert change.current == change.previous + change.delta  # type: ignore[operator]
