"""examples/fill_from_dict.py: a report filled from sheets keyed by printed labels."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govdisclosure as gd
from support import load_example

example = load_example("fill_from_dict")


def test_labels_land_in_the_right_cells_and_totals_are_derived() -> None:
    report, unknown = example.build_report()
    assert unknown == []
    apps = report.applications
    assert report.edition.key == "2021"
    assert apps["new_received", "natural_person"] == 21
    assert apps["new_received", "legal_service_institution"] == 2
    assert apps["new_received", "research_institution"] == 0  # left out of the sheet: 0
    assert apps["new_received", "total"] == 27
    assert apps["partially_granted", "total"] == 2
    assert apps["denied_third_party_rights", "commercial_enterprise"] == 1
    assert apps["outcome_total", "total"] == 26
    assert apps["carried_forward", "total"] == 2
    assert report.proactive["normative_documents", "in_force"] == 15
    assert report.proactive["administrative_licensing", "decisions"] == 1268
    assert report.proactive["administrative_fees", "amount"] == Decimal("0")
    assert report.reviews["administrative_review", "total"] == 2
    assert report.reviews["litigation", "total"] == 1
    assert report.validate().issues == ()


def test_unknown_labels_are_reported_and_blanks_stay_blank() -> None:
    report = gd.AnnualReport.blank(agency="示例局", year=2023)
    unknown = example.fill(
        report.applications,
        {
            "（一）予以公开": {"自然人": "", "商业企业": 2, "小计": 5},
            "4.结转下年度继续办理": {"自然人": 1},
            "(二)部分公开": {"自然人": 1},  # half-width: not the label as printed
            "（二）部分公开": {"自然人": 3},  # a variant the edition declares
        },
    )
    assert unknown == [
        "column '小计' of row '（一）予以公开'",
        "row '4.结转下年度继续办理'",
        "row '(二)部分公开'",
    ]
    assert report.applications["granted", "natural_person"] is None
    assert report.applications["granted", "commercial_enterprise"] == 2
    assert report.applications["partially_granted", "natural_person"] == 3


def test_main_writes_docx_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert example.main(["fill_from_dict.py", str(tmp_path)]) == 0
    report, _ = example.build_report()
    assert gd.load(tmp_path / "report_2023.docx") == report
    assert gd.load(tmp_path / "report_2023.json") == report
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "某某县市场监督管理局2023年政府信息公开工作年度报告: 27 new applications, 1 carried over,"
        " 26 handled, 2 carried forward"
    )
    assert out[1] == "validation: 0 errors, 0 warnings, 0 notes"
