"""examples/county_rollup.py: three township reports summed into a county roll-up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govdisclosure as gd
from support import load_example

example = load_example("county_rollup")


def test_each_township_report_is_consistent() -> None:
    for name in example.TOWNSHIPS:
        report = example.township_report(name)
        assert report.agency.name == name
        assert report.validate().errors == []


def test_rollup_sums_every_cell() -> None:
    county = example.county_rollup()
    townships = [example.township_report(name) for name in example.TOWNSHIPS]
    assert (county.agency.name, county.year, county.edition.key) == ("温县", 2021, "2021")
    for table in county.tables:
        for (row, column), value in table.items():
            values = [t.table(table.key)[row, column] for t in townships]
            filled = [v for v in values if v is not None]
            assert value == (sum(filled) if filled else None), (table.key, row, column)
    apps = county.applications
    assert apps["new_received", "total"] == 11
    assert apps["new_received", "commercial_enterprise"] == 1
    assert apps["carried_over", "total"] == 1
    assert apps["granted", "total"] == 7
    assert apps["outcome_total", "total"] == 11
    assert apps["carried_forward", "total"] == 1
    assert county.proactive["administrative_licensing", "decisions"] == 49
    assert county.proactive["normative_documents", "in_force"] == 10
    assert county.reviews["administrative_review", "total"] == 1


def test_a_cell_one_township_left_blank_is_summed_and_noted() -> None:
    county = example.county_rollup()
    assert county.proactive["administrative_fees", "amount"] == Decimal("0")
    (note,) = county.validate().issues
    assert note.code == "rollup.partial_blank"
    assert note.location.path == "proactive[administrative_fees][amount]"
    assert (note.expected, note.actual) == (3, 2)
    assert "黄庄镇 2021" in note.message


def test_main_writes_the_rollup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert example.main(["county_rollup.py", str(tmp_path)]) == 0
    county = example.county_rollup()
    for suffix in (".docx", ".xml"):
        assert gd.load(tmp_path / f"wenxian_2021_rollup{suffix}") == county
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "祥云镇: 0 errors, 0 warnings, 0 notes",
        "番田镇: 0 errors, 0 warnings, 0 notes",
        "黄庄镇: 0 errors, 1 warnings, 0 notes",
    ]
    assert "  新收申请 11, 上年结转 1" in out
    assert "  行政许可处理决定 49" in out
    assert "validation: 0 errors, 1 warnings, 0 notes" in out
