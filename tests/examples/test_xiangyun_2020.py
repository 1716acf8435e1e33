"""examples/xiangyun_2020.py, the main job: the sample report written in every format and read back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govdisclosure as gd
from support import load_example

example = load_example("xiangyun_2020")


def test_sample_report_holds_the_published_figures() -> None:
    report = example.build_report()
    assert (report.agency.name, report.year, report.edition.key) == ("祥云镇", 2020, "2019")
    assert report.proactive["administrative_licensing", "decisions"] == 12
    assert report.proactive["other_external_services", "decisions"] == 869
    assert report.proactive["other_external_services", "previous_items"] == 58
    assert report.proactive["centralized_procurement", "amount"] == Decimal("0")
    assert report.applications["outcome_total", "total"] == 0
    assert report.reviews["litigation", "total"] == 0
    assert report.overview.content[0] == gd.Heading(text="（一）政府信息公开工作组织推进情况")
    assert len(report.problems.paragraphs) == 4
    assert report.validate().issues == ()


def test_main_job_writes_every_format_and_reads_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert example.main(["xiangyun_2020.py", str(tmp_path)]) == 0
    expected = example.build_report()
    written = sorted(p.suffix for p in tmp_path.iterdir())
    assert written == sorted(example.OUTPUTS)
    assert {".docx", ".xml", ".json", ".html", ".txt"} <= set(written)
    for suffix in example.OUTPUTS:
        assert gd.load(tmp_path / f"xiangyun_2020{suffix}") == expected
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "祥云镇2020年政府信息公开工作年度报告 (edition 2019, 国办公开办函〔2019〕60号)"
    assert out[1] == "validation: 0 errors, 0 warnings, 0 notes"
    assert sum(line.endswith("read back equal") for line in out) == len(example.OUTPUTS)
