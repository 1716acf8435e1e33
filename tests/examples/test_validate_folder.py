"""examples/validate_folder.py: a folder of reports in several formats validated in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

import govdisclosure as gd
from support import load_example

example = load_example("validate_folder")


def test_demo_folder(tmp_path: Path) -> None:
    folder = example.demo_folder(tmp_path / "reports")
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == [
        "2021/nanzhangqiang_2021.xml",
        "beileng_2023.txt",
        "chengguan_2023.docx",
        "notes.docx",
    ]
    assert gd.load(folder / "chengguan_2023.docx").validate().issues == ()
    assert gd.load(folder / "beileng_2023.txt").validate().codes() == {"A1.balance"}
    assert gd.load(folder / "2021" / "nanzhangqiang_2021.xml").validate().codes() == {
        "A6.edition_year"
    }


@pytest.mark.parametrize("jobs", [1, 2])
def test_main_reports_every_file_and_counts_codes(
    jobs: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = example.demo_folder(tmp_path / "reports")
    assert example.main(["validate_folder.py", str(folder), "--jobs", str(jobs)]) == 2
    out = capsys.readouterr().out.replace(str(folder), "F").splitlines()
    assert out[0] == (
        "F/beileng_2023.txt: invalid (北冷乡 2023, edition 2021, text): 2 errors, 0 warnings"
    )
    assert out[1].startswith("    A1.balance at applications[*][natural_person]: ")
    assert (
        "F/chengguan_2023.docx: ok (城关镇 2023, edition 2021, docx): 0 errors, 0 warnings" in out
    )
    assert any(line.startswith("F/notes.docx: unreadable: not a DOCX") for line in out)
    assert "4 files: 1 ok, 2 with errors, 1 unreadable" in out
    summary = out[out.index("4 files: 1 ok, 2 with errors, 1 unreadable") + 1 :]
    counts = {line.split()[0]: int(line.split()[1]) for line in summary}
    assert counts == {"A1.balance": 2, "A6.edition_year": 1}


def test_exit_codes(tmp_path: Path) -> None:
    folder = example.demo_folder(tmp_path / "reports")
    (folder / "notes.docx").unlink()
    assert example.main(["validate_folder.py", str(folder), "--jobs", "1"]) == 1
    (folder / "beileng_2023.txt").unlink()
    (folder / "2021" / "nanzhangqiang_2021.xml").unlink()
    assert example.main(["validate_folder.py", str(folder), "--jobs", "1"]) == 0
