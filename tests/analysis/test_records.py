"""Tidy records, the CSV writer and the optional data frame."""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

import govdisclosure as gd
from govdisclosure.analysis import RECORD_FIELDS, to_dataframe, to_records, write_csv
from strategies import reports


def test_one_record_per_stored_cell_in_stable_order(sample: gd.AnnualReport) -> None:
    records = list(to_records(sample))
    assert len(records) == sum(len(t.spec.cells) for t in sample.tables)
    assert all(tuple(r) == RECORD_FIELDS for r in records)
    assert records[0] == {
        "agency": "祥云镇",
        "year": 2020,
        "edition": "2019",
        "table": "proactive",
        "row": "rules",
        "column": "made",
        "value": 0,
        "source": None,
    }
    by_cell = {(r["table"], r["row"], r["column"]): r["value"] for r in records}
    assert by_cell["proactive", "other_external_services", "decisions"] == 869
    assert by_cell["proactive", "centralized_procurement", "amount"] == Decimal("0")
    assert ("applications", "denied", "total") not in by_cell


def test_blank_cells_are_kept_as_none(sample: gd.AnnualReport) -> None:
    sample.applications["granted", "natural_person"] = None
    (record,) = [
        r
        for r in to_records(sample)
        if (r["table"], r["row"], r["column"]) == ("applications", "granted", "natural_person")
    ]
    assert record["value"] is None


def test_source_derived_and_extra_rows(sample: gd.AnnualReport) -> None:
    sample.source = gd.SourceInfo(name="reports/xiangyun.txt")
    sample.proactive.add_extra_row("其他主动公开文件", (1, 2), "article20_1")
    records = list(to_records([sample], derived=True, extra_rows=True))
    assert {r["source"] for r in records} == {"reports/xiangyun.txt"}
    by_cell = {(r["table"], r["row"], r["column"]): r["value"] for r in records}
    assert by_cell["applications", "denied", "total"] == 0
    assert by_cell["applications", "new_received", "legal_person"] == 0
    assert by_cell["reviews", "litigation", "upheld"] == 0
    assert by_cell["proactive", "其他主动公开文件", "made"] == 1
    assert by_cell["proactive", "其他主动公开文件", "published"] == 2
    assert ("proactive", "其他主动公开文件", "total_published") not in by_cell


def test_records_are_lazy(sample: gd.AnnualReport) -> None:
    def broken() -> object:
        yield sample
        raise AssertionError("read past the first report")

    first = next(to_records(broken()))  # type: ignore[arg-type]
    assert first["agency"] == "祥云镇"


def test_csv_file_round_trips_values_and_blanks(sample: gd.AnnualReport, tmp_path: Path) -> None:
    sample.applications["granted", "natural_person"] = None
    sample.proactive["centralized_procurement", "amount"] = Decimal("25.1000")
    path = tmp_path / "data.csv"
    count = write_csv(to_records(sample), path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.startswith(b"agency,year,edition,table,row,column,value,source\r\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == count == sum(len(t.spec.cells) for t in sample.tables)
    by_cell = {(r["table"], r["row"], r["column"]): r["value"] for r in rows}
    assert by_cell["applications", "granted", "natural_person"] == ""
    assert by_cell["applications", "granted", "commercial_enterprise"] == "0"
    assert by_cell["proactive", "centralized_procurement", "amount"] == "25.1000"
    assert rows[0]["agency"] == "祥云镇"
    assert rows[0]["source"] == ""


def test_csv_bom_for_excel(sample: gd.AnnualReport, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    write_csv(to_records(sample), path, bom=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfagency,")
    assert raw.count(b"\xef\xbb\xbf") == 1


def test_csv_to_a_stream(sample: gd.AnnualReport) -> None:
    buffer = io.StringIO(newline="")
    assert write_csv(to_records(sample), buffer) == 161 + 22 + 15
    assert buffer.getvalue().splitlines()[1].startswith("祥云镇,2020,2019,proactive,rules,made,0,")


def test_csv_file_is_atomic(sample: gd.AnnualReport, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("previous content", "utf-8")

    def failing() -> object:
        yield from to_records(sample)
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_csv(failing(), path)  # type: ignore[arg-type]
    assert path.read_text("utf-8") == "previous content"
    assert [p.name for p in tmp_path.iterdir()] == ["data.csv"]


def test_csv_write_error_names_the_path(sample: gd.AnnualReport, tmp_path: Path) -> None:
    with pytest.raises(gd.WriteError, match="missing"):
        write_csv(to_records(sample), tmp_path / "missing" / "data.csv")


@given(reports(with_extra_rows=False))
def test_csv_holds_every_value_exactly(report: gd.AnnualReport) -> None:
    buffer = io.StringIO(newline="")
    write_csv(to_records(report), buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))
    values = [r["value"] for r in rows]
    expected = ["" if v is None else str(v) for t in report.tables for _, v in t.items()]
    assert values == expected
    assert {r["agency"] for r in rows} == {report.agency.name}


def test_dataframe(sample: gd.AnnualReport) -> None:
    pytest.importorskip("pandas")
    sample.applications["granted", "natural_person"] = None
    frame = to_dataframe([sample, sample])
    assert list(frame.columns) == list(RECORD_FIELDS)
    assert len(frame) == 2 * (161 + 22 + 15)
    assert str(frame["value"].dtype) == "Float64"
    assert str(frame["year"].dtype) == "Int64"
    licensing = frame[
        (frame["row"] == "other_external_services") & (frame["column"] == "decisions")
    ]
    assert licensing["value"].tolist() == [869.0, 869.0]
    blank = frame[(frame["row"] == "granted") & (frame["column"] == "natural_person")]
    assert blank["value"].isna().all()
    assert frame["value"].sum() == 2 * sum(
        float(v) for t in sample.tables for _, v in t.items() if v is not None
    )


def test_dataframe_exact_keeps_decimals(sample: gd.AnnualReport) -> None:
    pytest.importorskip("pandas")
    sample.proactive["centralized_procurement", "amount"] = Decimal("0.1234")
    frame = to_dataframe(sample, exact=True)
    amount = frame[frame["column"] == "amount"]["value"].tolist()
    assert amount == [Decimal("0.1234")]


def test_dataframe_without_pandas_names_the_extra(
    sample: gd.AnnualReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(gd.MissingDependencyError, match=r"govdisclosure\[pandas\]") as caught:
        to_dataframe(sample)
    assert caught.value.extra == "pandas"
    assert isinstance(caught.value, ImportError)
