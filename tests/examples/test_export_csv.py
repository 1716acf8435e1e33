"""examples/export_csv.py: a corpus of reports exported as a tidy CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.analysis import RECORD_FIELDS
from support import CORPUS, corpus_path, load_example

example = load_example("export_csv")


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text("utf-8")
    assert text.startswith("\ufeff")  # for Excel
    return list(csv.DictReader(text[1:].splitlines()))


def test_generated_corpus_exports_every_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = example.generated_corpus(tmp_path / "corpus")
    output = tmp_path / "cells.csv"
    assert example.main(["export_csv.py", "-o", str(output), str(folder)]) == 0
    rows = read_csv(output)
    assert list(rows[0]) == list(RECORD_FIELDS)
    reports = [gd.load(p) for p in sorted(folder.iterdir())]
    assert len(rows) == sum(len(t.spec.cells) for r in reports for t in r.tables)
    by_cell = {(r["source"], r["table"], r["row"], r["column"]): r["value"] for r in rows}
    for report in reports:
        assert report.source is not None
        for table in report.tables:
            for (row, column), value in table.items():
                shown = "" if value is None else str(value)
                assert by_cell[report.source.name, table.key, row, column] == shown
    blank = [r for r in rows if r["row"] == "carried_over" and r["column"] == "natural_person"]
    assert len(blank) == 6
    assert {r["value"] for r in blank} == {""}  # blank, never 0
    assert {r["edition"] for r in rows} == {"2019", "2021"}
    out = capsys.readouterr().out
    blanks = sum(len(t.blank_cells()) for r in reports for t in r.tables)
    assert blanks == 12  # 上年结转 自然人 and, so, its 总计, in each report
    assert f"wrote {output}: {len(rows)} rows from 6 reports ({blanks} blank cells)" in out


def test_unreadable_files_are_skipped(tmp_path: Path) -> None:
    folder = example.generated_corpus(tmp_path / "corpus", count=2)
    (folder / "broken.json").write_text("{", "utf-8")
    output = tmp_path / "cells.csv"
    assert example.main(["export_csv.py", "-o", str(output), str(folder)]) == 2
    assert {r["source"] for r in read_csv(output)} == {
        str(folder / "report_1.xml"),
        str(folder / "report_2.json"),
    }


def test_without_the_corpus_it_says_so_and_uses_generated_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(example, "SHARED", tmp_path / "nowhere")
    output = tmp_path / "cells.csv"
    assert example.main(["export_csv.py", "-o", str(output)]) == 0
    assert "corpus not found at" in capsys.readouterr().out
    assert len({r["source"] for r in read_csv(output)}) == 6


def test_the_real_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus_path("2020_wenxian-xiangyunzhen.txt")  # skips when the corpus is absent
    monkeypatch.setattr(example, "SHARED", CORPUS.parent)
    output = tmp_path / "cells.csv"
    assert example.main(["export_csv.py", "-o", str(output)]) == 0
    rows = read_csv(output)
    sources = {Path(r["source"]).name for r in rows}
    assert "2020_wenxian-xiangyunzhen.txt" in sources
    assert not any(name.endswith(".json") for name in sources)  # expected/ is not read
    xiangyun = {
        (r["table"], r["row"], r["column"]): r["value"]
        for r in rows
        if r["source"].endswith("2020_wenxian-xiangyunzhen.txt")
    }
    assert xiangyun["proactive", "other_external_services", "decisions"] == "869"
    assert xiangyun["proactive", "administrative_licensing", "previous_items"] == "5"
    assert "reading the corpus of published reports" in capsys.readouterr().out
