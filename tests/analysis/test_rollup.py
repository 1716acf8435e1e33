"""Roll-ups: sums per cell, blanks that stay blank, extra rows, and refusals."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.analysis import rollup
from strategies import consistent_reports, reports


def _stored(report: gd.AnnualReport) -> dict[tuple[str, str, str], gd.Value]:
    return {(t.key, r, c): v for t in report.tables for (r, c), v in t.items()}


def _towns(sample: gd.AnnualReport, *names: str) -> list[gd.AnnualReport]:
    copies = []
    for name in names:
        copy = sample.copy()
        copy.agency = gd.Agency(name=name)
        copies.append(copy)
    return copies


def test_sample_with_itself_doubles_every_count(sample: gd.AnnualReport) -> None:
    total = rollup([sample, sample.copy()], agency="温县")
    before, after = _stored(sample), _stored(total)
    assert after.keys() == before.keys()
    for cell, value in before.items():
        assert value is not None
        assert after[cell] == 2 * value, cell
    assert total.proactive["other_external_services", "decisions"] == 2 * 869
    assert total.proactive["centralized_procurement", "amount"] == Decimal("0")
    assert isinstance(total.proactive["centralized_procurement", "amount"], Decimal)


def test_result_metadata_and_empty_narrative(sample: gd.AnnualReport) -> None:
    total = rollup([sample], agency=gd.Agency(name="温县", level="county"), title="温县汇总")
    assert total.agency == gd.Agency(name="温县", level=gd.AdministrativeLevel.COUNTY)
    assert (total.year, total.edition.key, total.title) == (2020, "2019", "温县汇总")
    assert total.published_on is None
    assert total.preamble == []
    assert all(section.is_empty for section in total.sections.values())
    assert total.source is not None
    assert total.source.name == "rollup of 1 reports"
    assert total.source.notes == []


def test_result_validates_when_inputs_do(sample: gd.AnnualReport) -> None:
    other = sample.copy()
    other.agency = gd.Agency(name="城关镇")
    other.applications["new_received", "natural_person"] = 4
    other.applications["granted", "natural_person"] = 3
    other.applications["carried_forward", "natural_person"] = 1
    other.fill_totals()
    assert other.validate().ok
    result = rollup([sample, other], agency="温县").validate()
    assert {i.code for i in result.errors} == {"A7.section_missing"}
    assert result.warnings == []


@given(st.lists(consistent_reports(gd.get_edition("2019")), min_size=1, max_size=4))
def test_arithmetic_rules_hold_for_the_sum(inputs: list[gd.AnnualReport]) -> None:
    total = rollup(inputs, agency="合计")
    result = total.validate()
    assert {i.code for i in result.errors} <= {"A7.section_missing"}
    for cell in _stored(inputs[0]):
        table, row, column = cell
        assert total.table(table)[row, column] == sum(r.table(table)[row, column] for r in inputs)


@given(reports(with_extra_rows=False))
def test_rollup_of_one_report_keeps_its_values(report: gd.AnnualReport) -> None:
    total = rollup([report], agency="合计")
    assert _stored(total) == _stored(report)
    assert total.source is not None
    assert [n.code for n in total.source.notes] == []


def test_blank_stays_blank_only_where_every_input_is_blank(sample: gd.AnnualReport) -> None:
    a, b, c = _towns(sample, "甲镇", "乙镇", "丙镇")
    for report in (a, b, c):
        report.applications["granted", "natural_person"] = None
    b.applications["granted", "natural_person"] = 2
    a.proactive["rules", "made"] = None
    total = rollup([a, b, c], agency="温县")
    assert total.applications["granted", "commercial_enterprise"] == 0
    # Filled in one report of three: the sum of what was filled, with a note.
    assert total.applications["granted", "natural_person"] == 2
    assert total.proactive["rules", "made"] == 0
    assert total.source is not None
    notes = {str(n.location): n for n in total.source.notes}
    assert set(notes) == {
        "applications[granted][natural_person]",
        "proactive[rules][made]",
    }
    note = notes["applications[granted][natural_person]"]
    assert note.code == "rollup.partial_blank"
    assert note.severity is gd.Severity.WARNING
    assert (note.expected, note.actual) == (3, 1)
    assert "(甲镇 2020, 丙镇 2020)" in note.message
    # Blank in all three: stays blank, no note.
    for report in (a, b, c):
        report.reviews["administrative_review", "upheld"] = None
    again = rollup([a, b, c], agency="温县")
    assert again.reviews["administrative_review", "upheld"] is None
    assert again.source is not None
    assert "reviews[administrative_review][upheld]" not in {
        str(n.location) for n in again.source.notes
    }
    # The note reaches validation, located at the cell.
    assert "rollup.partial_blank" in again.validate().codes()


def test_partial_blank_note_names_a_few_reports_then_counts() -> None:
    inputs = []
    for i in range(6):
        report = gd.AnnualReport.blank(agency=f"镇{i}", year=2021)
        report.reviews["administrative_review", "upheld"] = 1 if i == 0 else None
        inputs.append(report)
    total = rollup(inputs, agency="县")
    assert total.source is not None
    (note,) = [n for n in total.source.notes if n.code == "rollup.partial_blank"]
    assert "镇1 2021, 镇2 2021, 镇3 2021 and 2 more" in note.message
    assert (note.expected, note.actual) == (6, 1)


def test_extra_rows_same_label_and_block_are_summed_others_kept() -> None:
    a = gd.AnnualReport.blank(agency="甲", year=2021)
    b = gd.AnnualReport.blank(agency="乙", year=2021)
    a.proactive.add_extra_row("其他主动公开文件", (2, 0, 5), "article20_1")
    b.proactive.add_extra_row("其他主动公开文件", (3, None, 1), "article20_1")
    b.proactive.add_extra_row("其他主动公开文件", (1,), "article20_5")
    a.applications.add_extra_row("（八）其他", (1, 0, 0, 0, 0, 0, 1))
    total = rollup([a, b], agency="县")
    assert total.proactive.extra_rows == [
        gd.ExtraRow(label="其他主动公开文件", values=(5, 0, 6), block="article20_1"),
        gd.ExtraRow(label="其他主动公开文件", values=(1,), block="article20_5"),
    ]
    assert total.applications.extra_rows == [
        gd.ExtraRow(label="（八）其他", values=(1, 0, 0, 0, 0, 0, 1))
    ]
    assert total.source is not None
    partial = [n for n in total.source.notes if n.code == "rollup.partial_blank"]
    assert [str(n.location) for n in partial] == ["proactive[其他主动公开文件][repealed]"]


def test_extra_rows_of_different_lengths_sum_cell_by_cell() -> None:
    a = gd.AnnualReport.blank(agency="甲", year=2021)
    b = gd.AnnualReport.blank(agency="乙", year=2021)
    a.proactive.add_extra_row("其他", (2,), "article20_1")
    b.proactive.add_extra_row("其他", (3, 4), "article20_1")
    total = rollup([a, b], agency="县")
    assert total.proactive.extra_rows[0].values == (5, 4)


def test_duplicate_agency_is_summed_and_noted(sample: gd.AnnualReport) -> None:
    total = rollup([sample, sample], agency="温县")
    assert total.source is not None
    (note,) = total.source.notes
    assert note.code == "rollup.duplicate_agency"
    assert (note.expected, note.actual) == (1, 2)
    assert "祥云镇" in note.message


def test_mixed_years_raise(sample: gd.AnnualReport) -> None:
    later = gd.AnnualReport.blank(agency="城关镇", year=2019)
    with pytest.raises(gd.IncompatibleReportsError) as caught:
        rollup([sample, later], agency="温县")
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.field, error.first, error.other) == ("year", 2020, 2019)
    assert "祥云镇 2020" in str(error)
    assert "城关镇 2019" in str(error)


def test_mixed_editions_raise_with_a_hint(sample: gd.AnnualReport) -> None:
    odd = gd.AnnualReport.blank(agency="城关镇", year=2020, edition="2021")
    with pytest.raises(gd.IncompatibleReportsError, match="to_edition") as caught:
        rollup([sample, odd], agency="温县")
    assert (caught.value.field, caught.value.first, caught.value.other) == (
        "edition",
        "2019",
        "2021",
    )


def test_no_reports_raise() -> None:
    with pytest.raises(gd.NoReportsError):
        rollup([], agency="温县")


def test_reports_are_consumed_lazily_once(sample: gd.AnnualReport) -> None:
    seen = []

    def generate() -> Iterator[gd.AnnualReport]:
        for i in range(3):
            seen.append(i)
            yield sample

    total = rollup(generate(), agency="温县")
    assert seen == [0, 1, 2]
    assert total.proactive["administrative_licensing", "decisions"] == 36


@given(st.data())
def test_every_cell_is_the_sum_of_the_filled_inputs(data: st.DataObject) -> None:
    edition = data.draw(st.sampled_from(list(gd.EDITIONS.values())))
    inputs = data.draw(st.lists(reports(edition, with_extra_rows=False), min_size=1, max_size=3))
    for report in inputs:
        report.year = inputs[0].year
    total = rollup(inputs, agency="合计")
    partial = set()
    assert total.source is not None
    for note in total.source.notes:
        if note.code == "rollup.partial_blank":
            partial.add((note.location.table, note.location.row, note.location.column))
    for table in total.tables:
        for (row, column), value in table.items():
            values = [r.table(table.key)[row, column] for r in inputs]
            filled = [v for v in values if v is not None]
            assert value == (sum(filled) if filled else None)
            mixed = bool(filled) and len(filled) < len(values)
            assert ((table.key, row, column) in partial) == mixed
