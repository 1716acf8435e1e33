"""Table cells: access by canonical keys, derived groups, type-level invariants."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

import pytest

import govdisclosure as gd


@pytest.fixture
def r2020() -> gd.AnnualReport:
    return gd.AnnualReport.blank(agency="祥云镇", year=2020)


@pytest.fixture
def r2021() -> gd.AnnualReport:
    return gd.AnnualReport.blank(agency="某局", year=2023)


def test_the_public_surface(r2020: gd.AnnualReport) -> None:
    r = r2020
    assert r.edition.key == "2019"
    r.applications["new_received", "natural_person"] = 3
    assert r.applications["new_received", "natural_person"] == 3
    assert r.applications["denied", "total"] is None  # blank members: the group is unknown
    r.proactive["administrative_licensing", "decisions"] = 12
    r.reviews["administrative_review", "upheld"] = 1
    assert r.proactive["administrative_licensing", "decisions"] == 12
    assert r.reviews["administrative_review", "upheld"] == 1


def test_edition_override() -> None:
    r = gd.AnnualReport.blank(agency="某局", year=2021, edition="2019")
    assert r.edition.key == "2019"
    assert r.proactive.spec is gd.EDITIONS["2019"].proactive


def test_blank_is_not_zero(r2021: gd.AnnualReport) -> None:
    table = r2021.applications
    assert all(v is None for _, v in table.items())
    assert table.is_blank
    table["granted", "total"] = 0
    assert table["granted", "total"] == 0
    assert not table.is_blank
    assert ("granted", "total") not in table.blank_cells()
    assert ("granted", "natural_person") in table.blank_cells()


def test_groups_are_derived(r2021: gd.AnnualReport) -> None:
    t = r2021.applications
    for i, row in enumerate(t.spec.group("denied").members):  # type: ignore[union-attr]
        for column in t.spec.columns_of(row):
            t[row, column.key] = i + 1
    assert t["denied", "natural_person"] == sum(range(1, 9))
    assert t["denied", "total"] == sum(range(1, 9))
    assert t["denied_state_secret", "legal_person"] == 5  # column group: five legal-person columns
    assert t["denied", "legal_person"] == 5 * sum(range(1, 9))
    assert t.row("denied")["research_institution"] == 36
    assert t["other_processing", "total"] is None


def test_litigation_group_of_reviews(r2021: gd.AnnualReport) -> None:
    r2021.reviews["litigation_direct", "upheld"] = 2
    r2021.reviews["litigation_after_review", "upheld"] = 3
    assert r2021.reviews["litigation", "upheld"] == 5


def test_group_cannot_be_set(r2021: gd.AnnualReport) -> None:
    with pytest.raises(gd.DerivedCellError) as info:
        r2021.applications["denied", "total"] = 4
    assert isinstance(info.value, KeyError)
    assert "denied_state_secret" in str(info.value)
    with pytest.raises(gd.DerivedCellError):
        r2021.applications["granted", "legal_person"] = 1


def test_unknown_and_other_edition_keys(r2020: gd.AnnualReport, r2021: gd.AnnualReport) -> None:
    with pytest.raises(gd.UnknownKeyError) as info:
        r2020.applications["other_no_correction", "total"] = 1
    message = str(info.value)
    assert "edition 2021" in message
    assert "other_processing" in message  # the valid keys are listed
    assert isinstance(info.value, KeyError)

    with pytest.raises(gd.UnknownKeyError) as info:
        r2021.proactive["other_external_services", "decisions"]
    assert "edition 2019" in str(info.value)

    with pytest.raises(gd.UnknownKeyError) as info:
        r2021.proactive["administrative_licensing", "previous_items"] = 1
    assert info.value.valid == ("decisions",)

    with pytest.raises(gd.UnknownKeyError):
        r2021.applications["granted", "nobody"]
    with pytest.raises(gd.UnknownKeyError):
        r2021.table("nothing")
    with pytest.raises(TypeError):
        r2021.applications["granted"]  # type: ignore[index]


@pytest.mark.parametrize(
    "bad",
    [-1, 1.0, 2.5, "3", True, Decimal("1"), float("nan")],
    ids=["negative", "float", "float2", "string", "bool", "decimal", "nan"],
)
def test_counts_refuse_bad_values(r2021: gd.AnnualReport, bad: object) -> None:
    with pytest.raises(gd.CellValueError) as info:
        r2021.applications["granted", "natural_person"] = bad  # type: ignore[assignment]
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, TypeError)
    assert info.value.actual is bad or info.value.actual == bad or bad != bad
    assert "applications[granted][natural_person]" in str(info.value)
    assert r2021.applications["granted", "natural_person"] is None  # nothing was stored


def test_signed_change_and_money(r2020: gd.AnnualReport, r2021: gd.AnnualReport) -> None:
    r2020.proactive["administrative_licensing", "change"] = -3
    assert r2020.proactive["administrative_licensing", "change"] == -3
    r2020.proactive["centralized_procurement", "amount"] = Decimal("25.1000")
    assert str(r2020.proactive["centralized_procurement", "amount"]) == "25.1000"
    r2021.proactive["administrative_fees", "amount"] = 7
    assert r2021.proactive["administrative_fees", "amount"] == Decimal(7)
    assert isinstance(r2021.proactive["administrative_fees", "amount"], Decimal)
    for bad in (0.1, Decimal("-1"), Decimal("NaN"), "1.5"):
        with pytest.raises(gd.CellValueError):
            r2021.proactive["administrative_fees", "amount"] = bad  # type: ignore[assignment]
    with pytest.raises(gd.CellValueError):
        r2020.proactive["administrative_licensing", "decisions"] = -1


def test_update_and_row(r2021: gd.AnnualReport) -> None:
    r2021.proactive.update(
        {("rules", "issued"): 1, ("rules", "repealed"): 0, ("rules", "in_force"): 11}
    )
    assert r2021.proactive.row("rules") == {"issued": 1, "repealed": 0, "in_force": 11}


def test_extra_rows(r2021: gd.AnnualReport) -> None:
    row = r2021.proactive.add_extra_row("其他主动公开文件", [5, 0, 20], block="article20_1")
    assert row.block == "article20_1"
    assert r2021.proactive.extra_rows == [row]
    assert not r2021.proactive.is_blank
    with pytest.raises(gd.CellValueError):
        r2021.proactive.add_extra_row("太多", [1, 2, 3, 4], block="article20_1")
    with pytest.raises(gd.CellValueError):
        r2021.proactive.add_extra_row("负数", [-1], block="article20_5")
    with pytest.raises(gd.CellValueError):
        gd.ExtraRow(label="x", values=(1.5,))  # type: ignore[arg-type]


def test_equality_copy_and_pickle(r2021: gd.AnnualReport) -> None:
    r2021.applications["granted", "total"] = 4
    r2021.overview.add_paragraph("一年来……")
    clone = r2021.copy()
    assert clone == r2021
    clone.applications["granted", "total"] = 5
    assert clone != r2021
    assert r2021.applications["granted", "total"] == 4
    deep = copy.deepcopy(r2021)
    assert deep == r2021
    assert deep.edition is r2021.edition
    restored = pickle.loads(pickle.dumps(r2021))
    assert restored == r2021
    assert restored.edition is r2021.edition


def test_tables_of_another_edition_are_refused() -> None:
    other = gd.ApplicationsTable(edition=gd.EDITIONS["2019"])
    with pytest.raises(ValueError, match="edition 2019"):
        gd.AnnualReport(agency="某局", year=2022, applications=other)


def _cell_by_cell(report: gd.AnnualReport, rows: dict[str, list[gd.Value]]) -> gd.AnnualReport:
    for row, values in rows.items():
        columns = report.proactive.spec.block_of(row).columns
        for column, value in zip(columns, values, strict=True):
            report.proactive[row, column.key] = value
    return report


def test_set_row_and_set_rows_store_what_cell_assignment_stores() -> None:
    rows: dict[str, list[gd.Value]] = {
        "rules": [3, None, 0],  # counts and a blank: the one-step path
        "administrative_licensing": [5, -2, 7],  # a signed change
        "centralized_procurement": [2, 25],  # an amount given as an int becomes a Decimal
    }
    one_by_one = _cell_by_cell(gd.AnnualReport.blank(agency="祥云镇", year=2020), rows)
    by_row = gd.AnnualReport.blank(agency="祥云镇", year=2020)
    for row, values in rows.items():
        by_row.proactive.set_row(row, values)
    at_once = gd.AnnualReport.blank(agency="祥云镇", year=2020)
    at_once.proactive.set_rows(rows)
    assert by_row == one_by_one
    assert at_once == one_by_one
    amount = at_once.proactive["centralized_procurement", "amount"]
    assert isinstance(amount, Decimal)
    assert amount == 25
    assert at_once.proactive["rules", "published"] is None
    assert list(at_once.proactive.values) == list(one_by_one.proactive.values)  # order kept


def test_set_rows_raises_what_set_row_raises(r2021: gd.AnnualReport) -> None:
    table = r2021.applications
    width = len(table.spec.block_of("granted").columns)
    with pytest.raises(gd.CellValueError, match="one per column"):
        table.set_rows({"granted": [1] * width, "new_received": [1] * (width - 1)})
    assert table["granted", "total"] == 1  # the rows before the bad one are set
    assert table["new_received", "total"] is None
    with pytest.raises(gd.DerivedCellError):
        table.set_rows({"denied": [0] * width})
    with pytest.raises(gd.UnknownKeyError):
        table.set_rows({"no_such_row": [0] * width})
    with pytest.raises(gd.CellValueError) as info:
        table.set_rows(
            {"carried_over": [2] * width, "partially_granted": [1, -1, *[0] * (width - 2)]}
        )
    assert "partially_granted" in str(info.value)
    assert table["carried_over", "total"] == 2
    assert table["partially_granted", "natural_person"] == 1  # cells before the bad one are set
    assert table["partially_granted", "research_institution"] is None
    table.set_rows({})  # nothing to set
