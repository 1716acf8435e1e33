"""examples/year_over_year.py: two years of one agency compared across the change of edition."""

from __future__ import annotations

from pathlib import Path

import pytest

import govdisclosure as gd
from support import load_example

example = load_example("year_over_year")


def test_the_2021_report_carries_over_and_validates() -> None:
    previous = example.sample_2020()
    current = example.report_2021(previous)
    assert current.edition.key == "2021"
    assert current.applications["new_received", "total"] == 5
    assert current.applications["other_processing", "natural_person"] == 1
    assert current.validate().errors == []


def test_comparison_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert example.main(["year_over_year.py"]) == 0
    previous = example.sample_2020()
    comparison = gd.analysis.compare(previous, example.report_2021(previous), groups=True)
    assert comparison.ok
    assert comparison.issues == ()
    licensing = comparison.cell("proactive", "administrative_licensing", "decisions")
    assert (licensing.previous, licensing.current, licensing.delta) == (12, 20, 8)
    other = comparison.cell("applications", "other_processing", "natural_person")
    assert (other.previous, other.current, other.derived) == (0, 1, True)
    assert len(comparison.changes) == 25
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "祥云镇 2020 (edition 2019) → 祥云镇 2021 (edition 2021)"
    assert out[1] == f"compared {len(comparison.cells)} cells; 25 changed"
    assert out[2] == "continuity (A8, A9): 0 errors, 0 warnings, 0 notes"
    assert any(
        line.split()[:6] == ["proactive", "administrative_licensing", "decisions", "12", "20", "+8"]
        for line in out
    )


def test_two_files_with_a_carry_over_slip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = example.sample_2020()
    current = example.report_2021(previous)
    current.applications["carried_over", "natural_person"] = 2  # last year carried forward 0
    current.fill_totals()
    gd.dump(previous, tmp_path / "2020.json")
    gd.dump(current, tmp_path / "2021.docx")
    args = ["year_over_year.py", str(tmp_path / "2020.json"), str(tmp_path / "2021.docx")]
    assert example.main(args) == 1
    out = capsys.readouterr().out
    assert "ERROR A8.carry_over at applications[carried_over][natural_person]" in out
