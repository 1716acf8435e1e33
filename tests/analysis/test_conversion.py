"""Changing a report's edition: shared cells kept, nothing dropped silently."""

from __future__ import annotations

import pytest
from hypothesis import given

import govdisclosure as gd
from govdisclosure.analysis import to_edition
from strategies import reports


def _applications_only(sample: gd.AnnualReport) -> gd.AnnualReport:
    report = sample.copy()
    report.proactive.clear()
    report.proactive.update(
        {
            ("administrative_licensing", "decisions"): 12,
            ("administrative_penalty", "decisions"): 3,
        }
    )
    return report


def test_refuses_to_lose_values_and_lists_them(sample: gd.AnnualReport) -> None:
    with pytest.raises(gd.EditionChangeError) as caught:
        to_edition(sample, "2021")
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.source, error.target) == ("2019", "2021")
    assert "applications[other_processing][natural_person]" in error.lost
    assert "proactive[rules][made]" in error.lost
    assert "proactive[administrative_licensing][decisions]" not in error.lost
    assert sample.edition.key == "2019"  # the input is untouched


def test_shared_cells_keep_their_values_others_stay_blank(sample: gd.AnnualReport) -> None:
    report = _applications_only(sample)
    report.applications["other_processing", "total"] = None
    for column in report.applications.spec.columns:
        report.applications["other_processing", column.key] = None
    converted = to_edition(report, 2021)
    assert converted.edition.key == "2021"
    assert converted.year == 2020
    assert converted.proactive["administrative_licensing", "decisions"] == 12
    assert converted.proactive["rules", "issued"] is None
    assert converted.applications["granted", "total"] == 0
    assert converted.applications["other_other", "total"] is None
    assert converted.overview.content == sample.overview.content
    assert converted.preamble == sample.preamble
    assert converted.agency == sample.agency
    # A 2020 report in the 2021 edition is what A6 flags.
    assert "A6.edition_year" in converted.validate().codes()
    assert converted.source is None


def test_drop_keeps_going_and_notes_every_dropped_value(sample: gd.AnnualReport) -> None:
    sample.proactive.add_extra_row("其他", (1, 2, 3), "article20_1")
    converted = to_edition(sample, "2021", drop=True)
    assert converted.source is not None
    dropped = {str(n.location): n for n in converted.source.notes}
    assert all(n.code == "edition.dropped_value" for n in dropped.values())
    assert dropped["proactive[rules][made]"].actual == 0
    assert dropped["proactive[其他]"].actual == (1, 2, 3)
    assert "applications[other_processing][total]" in dropped
    assert converted.proactive.extra_rows == []
    assert "edition.dropped_value" in converted.validate().codes()


def test_extra_rows_of_a_block_with_the_same_columns_are_kept(sample: gd.AnnualReport) -> None:
    report = _applications_only(sample)
    report.applications.add_extra_row("（八）其他", (1, 0, 0, 0, 0, 0, 1))
    report.reviews.add_extra_row("合计", (0, 0, 0, 0, 0))
    for column in report.applications.spec.columns:
        report.applications["other_processing", column.key] = None
    converted = to_edition(report, "2021")
    assert converted.applications.extra_rows == report.applications.extra_rows
    assert converted.reviews.extra_rows == report.reviews.extra_rows


def test_same_edition_is_a_copy(sample: gd.AnnualReport) -> None:
    sample.source = gd.SourceInfo(name="a.txt", format="text")
    same = to_edition(sample, "2019")
    assert same == sample
    assert same is not sample
    assert same.source is not None
    assert same.source.name == "a.txt"
    same.applications["granted", "total"] = 5
    assert sample.applications["granted", "total"] == 0


def test_reader_notes_and_positions_are_kept(sample: gd.AnnualReport) -> None:
    report = _applications_only(sample)
    for column in report.applications.spec.columns:
        report.applications["other_processing", column.key] = None
    note = gd.validation.make_issue("read.unreadable_cell", "x", "x", gd.Location(table="reviews"))
    position = gd.Position(source="a.txt", line=7)
    report.source = gd.SourceInfo(
        name="a.txt", positions={"applications[granted][total]": position}, notes=[note]
    )
    converted = to_edition(report, "2021")
    assert converted.source is not None
    assert converted.source.notes == [note]
    assert converted.source.positions == {"applications[granted][total]": position}


@given(reports())
def test_round_trip_through_the_other_edition_keeps_shared_cells(report: gd.AnnualReport) -> None:
    other = "2021" if report.edition.key == "2019" else "2019"
    there = to_edition(report, other, drop=True)
    back = to_edition(there, report.edition, drop=True)
    for table in report.tables:
        for cell, value in back.table(table.key).items():
            if cell in there.table(table.key).spec.kinds:
                assert value == table[cell]
            else:
                assert value is None
