"""``govdisclosure rollup``, ``compare`` and ``export`` over files and folders."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import govdisclosure as gd
from cli_support import Folder, Run, town
from govdisclosure.analysis import RECORD_FIELDS

CELLS_2019 = 22 + 161 + 15  # stored cells of tables 二, 三, 四 in edition 2019

# -- rollup -------------------------------------------------------------------------------------


def test_rollup_of_the_sample_with_itself_doubles_every_count(
    run: Run, folder: Folder, sample: gd.AnnualReport
) -> None:
    one = folder.write("a", sample)
    two = folder.write("b", sample)
    target = folder.root / "out" / f"county{folder.suffix}"
    target.parent.mkdir()
    result = run("rollup", one, two, "--agency", "温县", "--level", "county", "-o", target)
    assert result.code == 0
    assert result.out.splitlines()[0].startswith(f"wrote {target} (")
    assert "WARNING rollup.duplicate_agency at report: 2 reports of 祥云镇 were summed" in (
        result.out
    )
    total = gd.load(target)
    assert total.agency == gd.Agency(name="温县", level=gd.AdministrativeLevel.COUNTY)
    assert (total.year, total.edition.key) == (2020, "2019")
    for table in sample.tables:
        for cell, value in table.items():
            assert total.table(table.key)[cell] == 2 * value  # type: ignore[operator]
    assert all(section.is_empty for section in total.sections.values())


def test_rollup_of_a_folder(run: Run, folder: Folder) -> None:
    folder.write("towns/a", town("甲镇", new_received__natural_person=2, granted__natural_person=2))
    folder.write("towns/b", town("乙镇", new_received__natural_person=3, granted__natural_person=3))
    target = folder.path("county")
    result = run("rollup", folder.root / "towns", "--agency", "温县", "-o", target, "-j", "2")
    assert result.code == 0
    assert "validation: 3 errors, 0 warnings, 0 notes (3 for the narrative sections" in result.out
    total = gd.load(target)
    assert total.applications["granted", "natural_person"] == 5
    assert total.applications["outcome_total", "total"] == 5
    assert total.proactive["other_external_services", "decisions"] == 2 * 869


def test_rollup_notes_cells_blank_in_some_inputs(run: Run, folder: Folder) -> None:
    a = folder.write("a", town("甲镇", granted__natural_person=None))
    b = folder.write("b", town("乙镇", granted__natural_person=4, new_received__natural_person=4))
    result = run("rollup", a, b, "--agency", "温县", "-o", folder.path("county"))
    assert result.code == 0
    assert (
        "  WARNING rollup.partial_blank at applications[granted][natural_person]: "
        "applications[granted][natural_person]: summed the 1 of 2 reports that filled it;"
        f" 1 left it blank ({a})"
    ) in result.out


def test_rollup_names_inputs_with_validation_errors(run: Run, folder: Folder) -> None:
    good = folder.write("a", town("甲镇"))
    flawed = folder.write("b", town("乙镇", new_received__natural_person=5))
    result = run("rollup", good, flawed, "--agency", "温县", "-o", folder.path("county"))
    assert result.code == 0
    assert (
        f"inputs with validation errors: 1: {flawed} (2); see: govdisclosure validate"
        in result.out.splitlines()
    )
    clean = run("rollup", good, "--agency", "温县", "-o", folder.path("other"))
    assert "inputs with validation errors" not in clean.out


def test_rollup_of_mixed_years_writes_nothing(run: Run, folder: Folder) -> None:
    a = folder.write("a", town("甲镇"))
    b = folder.write("b", town("乙镇", year=2019))
    target = folder.path("county")
    result = run("rollup", a, b, "--agency", "温县", "-o", target)
    assert result.code == 1
    assert f"cannot combine reports of different years: {a} has year 2020, {b} has year 2019" in (
        result.err
    )
    assert not target.exists()


def test_rollup_with_an_unreadable_input(run: Run, folder: Folder) -> None:
    a = folder.write("a", town("甲镇"))
    bad = folder.path("bad")
    bad.write_bytes(b"")
    target = folder.path("county")
    refused = run("rollup", a, bad, "--agency", "温县", "-o", target)
    assert refused.code == 2
    assert f"{bad}: unreadable: " in refused.err
    assert "1 input(s) could not be read; nothing written (give --partial" in refused.err
    assert not target.exists()
    partial = run("rollup", a, bad, "--agency", "温县", "-o", target, "--partial")
    assert partial.code == 2
    assert gd.load(target).proactive["other_external_services", "decisions"] == 869
    nothing = run("rollup", bad, "--agency", "温县", "-o", target, "--force")
    assert nothing.code == 2
    assert "no readable report among the inputs" in nothing.err


def test_rollup_refuses_to_sum_its_own_output(run: Run, folder: Folder) -> None:
    folder.write("a", town("甲镇"))
    target = folder.path("county")
    assert run("rollup", folder.root, "--agency", "温县", "-o", target).code == 0
    before = target.read_bytes()
    again = run("rollup", folder.root, "--agency", "温县", "-o", target, "--force")
    assert again.code == 1
    assert "refusing to roll up the output" in again.err
    assert target.read_bytes() == before


# -- compare -------------------------------------------------------------------------------------


def _next_year(report: gd.AnnualReport) -> gd.AnnualReport:
    later = report.copy()
    later.year = report.year + 1
    return later


def test_compare_reports_a8_at_the_right_column(
    run: Run, folder: Folder, sample: gd.AnnualReport
) -> None:
    old = folder.write("2020", sample)
    copy = _next_year(sample)
    copy.applications["carried_over", "legal_service_institution"] = 3
    copy.applications["carried_forward", "legal_service_institution"] = 3
    copy.fill_totals()
    new = folder.write("2021", copy)
    result = run("compare", old, new, "--lang", "en")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "祥云镇 2020 (edition 2019) → 祥云镇 2021 (edition 2019)"
    assert lines[1] == f"compared {CELLS_2019} cells both reports have; 4 changed"
    # The column changed, and so did the 总计 column (fill_totals): A8 fails in both.
    assert lines[2] == "continuity (A8, A9): 2 errors, 0 warnings, 0 notes"
    # (A format that records positions adds where the cell was read: "(table 2, row 5 …)".)
    assert lines[3].startswith(
        "  ERROR A8.carry_over at applications[carried_over][legal_service_institution]"
    )
    assert lines[3].endswith(
        ": 2021 上年结转 in column 'legal_service_institution' is 3, but the 2020 report"
        " carried forward 0"
    )
    assert lines[4] == "      expected: 0; actual: 3"
    assert lines[5].startswith("  ERROR A8.carry_over at applications[carried_over][total]")
    table = lines[lines.index("changes:") + 1 :]
    assert table[0].split() == [
        "table", "row", "column", "previous", "current", "change", "relative",
    ]  # fmt: skip
    assert table[1].split() == [
        "applications", "carried_over", "legal_service_institution", "0", "3", "+3", "—",
    ]  # fmt: skip
    assert len(table) == 5


def test_compare_json(run: Run, folder: Folder, sample: gd.AnnualReport) -> None:
    old = folder.write("2020", sample)
    copy = _next_year(sample)
    copy.proactive["administrative_licensing", "decisions"] = 15
    new = folder.write("2021", copy)
    result = run("compare", old, new, "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["previous"]["year"] == 2020
    assert data["current"]["source"] == str(new)
    assert data["continuity"]["ok"] is True
    assert data["cells"] == [
        {
            "table": "proactive",
            "row": "administrative_licensing",
            "column": "decisions",
            "previous": 12,
            "current": 15,
            "delta": 3,
            "relative": 0.25,
            "derived": False,
        }
    ]
    everything = json.loads(run("compare", old, new, "--format", "json", "--all").out)
    assert len(everything["cells"]) == CELLS_2019


def test_compare_across_the_edition_change(run: Run, folder: Folder) -> None:
    old = gd.AnnualReport.blank(agency="甲镇", year=2020)
    new = gd.AnnualReport.blank(agency="甲镇", year=2021)
    old.applications["carried_forward", "natural_person"] = 2
    old.applications["other_processing", "natural_person"] = 1
    new.applications["carried_over", "natural_person"] = 2
    new.applications.update(
        {("other_no_correction", "natural_person"): 1, ("other_unpaid_fee", "natural_person"): 0}
    )
    new.applications["other_other", "natural_person"] = 1
    a, b = folder.write("2020", old), folder.write("2021", new)
    result = run("compare", a, b, "--groups")
    assert "continuity (A8, A9): 0 errors" in result.out
    rows = [line.split() for line in result.out.splitlines() if line.startswith("  applications")]
    assert ["applications", "other_processing", "(sum)", "natural_person", "1", "2", "+1",
            "+100.0%"] in rows  # fmt: skip


def test_compare_unreadable_exits_2(run: Run, folder: Folder) -> None:
    good = folder.write("a", town("甲镇"))
    result = run("compare", good, folder.path("missing"))
    assert result.code == 2
    assert "cannot read" in result.err


# -- export --------------------------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def test_export_a_folder_to_csv(run: Run, folder: Folder) -> None:
    a = folder.write("a", town("甲镇"))
    folder.write("sub/b", town("乙镇", granted__natural_person=None))
    folder.path("bad").write_bytes(b"")
    target = folder.root / "data.csv"
    result = run("export", folder.root, "-o", target, "-j", "2")
    assert result.code == 2
    assert "unreadable" in result.err
    assert result.err.splitlines()[-1] == (
        f"exported {2 * CELLS_2019} rows from 2 of 3 files to {target}; 1 unreadable"
    )
    raw = target.read_bytes()
    assert raw.startswith(",".join(RECORD_FIELDS).encode() + b"\r\n")
    rows = _rows(target)
    assert len(rows) == 2 * CELLS_2019
    assert rows[0] == {
        "agency": "甲镇",
        "year": "2020",
        "edition": "2019",
        "table": "proactive",
        "row": "rules",
        "column": "made",
        "value": "0",
        "source": str(a),
    }
    blank = [
        r
        for r in rows
        if (r["agency"], r["row"], r["column"]) == ("乙镇", "granted", "natural_person")
    ]
    assert [r["value"] for r in blank] == [""]


def test_export_options(run: Run, folder: Folder) -> None:
    source = folder.write("a", town("甲镇"))
    target = folder.root / "data.csv"
    assert run("export", source, "-o", target, "--bom", "--derived").code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfagency,")
    rows = _rows(target)
    assert len(rows) > CELLS_2019
    assert {"denied", "legal_person"} <= {r["row"] for r in rows} | {r["column"] for r in rows}
    refused = run("export", source, "-o", target)
    assert refused.code == 1
    assert "exists; give --force" in refused.err


def test_export_to_stdout(run: Run, folder: Folder) -> None:
    source = folder.write("a", town("甲镇"))
    result = run("export", source, "-o", "-")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == ",".join(RECORD_FIELDS)
    assert len(lines) == 1 + CELLS_2019
    assert "to standard output" in result.err


def test_interrupted_export_leaves_no_file(
    run: Run, folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govdisclosure.analysis import batch

    for name in ("a", "b", "c"):
        folder.write(name, town(name + "镇"))
    target = folder.root / "data.csv"
    target.write_text("the previous export", "utf-8")
    real = batch.read_records
    calls = []

    def interrupted(path: str, **options: bool) -> batch.FileRecords:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(path, **options)

    monkeypatch.setattr(batch, "read_records", interrupted)
    monkeypatch.setattr("govdisclosure.cli.read_records", interrupted)
    result = run("export", folder.root, "-o", target, "--force", "-j", "1")
    assert result.code == 130
    assert "interrupted; no output file was left half-written" in result.err
    assert target.read_text("utf-8") == "the previous export"
    assert sorted(p.name for p in folder.root.iterdir()) == sorted(
        ["data.csv", *(f"{n}{folder.suffix}" for n in "abc")]
    )
