"""Many files: discovery in folders, parallel streaming in input order, failures as data."""

from __future__ import annotations

from pathlib import Path

import pytest

import govdisclosure as gd
from govdisclosure.analysis import batch
from govdisclosure.analysis.batch import (
    FileResult,
    find_reports,
    map_files,
    read_records,
    validate_file,
    validate_files,
)


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")


def test_find_reports_walks_folders_in_sorted_order(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.docx", "a.TXT", "c.md", ".a.docx.123.tmp", ".hidden.xml",
        "sub/z.json", "sub/.git/x.xml", "Another/y.html", "sub/deeper/x.pdf",
    )  # fmt: skip
    found = [Path(p).relative_to(tmp_path).as_posix() for p in find_reports([tmp_path])]
    assert found == [
        "a.TXT",
        "b.docx",
        "Another/y.html",
        "sub/z.json",
        "sub/deeper/x.pdf",
    ]


def test_find_reports_yields_named_files_whatever_they_are(tmp_path: Path) -> None:
    _touch(tmp_path, "notes.md", "dir/a.xml")
    missing = tmp_path / "missing.docx"
    given = [tmp_path / "notes.md", missing, tmp_path / "dir"]
    assert list(find_reports(given)) == [
        str(tmp_path / "notes.md"),
        str(missing),
        str(tmp_path / "dir" / "a.xml"),
    ]
    assert list(find_reports([tmp_path / "dir"], suffixes=[".json"])) == []


def test_find_reports_is_lazy(tmp_path: Path) -> None:
    _touch(tmp_path, "a.xml")
    found = find_reports(p for p in [tmp_path, tmp_path / "never-reached"])
    assert next(found) == str(tmp_path / "a.xml")


def test_unreadable_files_are_results_not_exceptions(tmp_path: Path) -> None:
    result = validate_file(str(tmp_path / "missing.xml"))
    assert result.status == "unreadable"
    assert result.error == "cannot read file: No such file or directory"
    assert (result.errors, result.warnings, result.notes) == (0, 0, 0)
    records = read_records(str(tmp_path / "missing.xml"))
    assert (records.rows, records.error) == ((), result.error)


def test_a_reader_bug_is_reported_as_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: str, max_bytes: int | None = None) -> gd.AnnualReport:
        raise IndexError("list index out of range")

    monkeypatch.setattr(batch, "load", broken)
    result = validate_file("x.txt")
    assert result.status == "unreadable"
    assert result.error == "internal error (IndexError): list index out of range"


def test_read_errors_are_shown_without_the_file_name(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(path: str, max_bytes: int | None = None) -> gd.AnnualReport:
        raise gd.ReadError("expected 7 numbers, found 6", source=path, line=57)

    monkeypatch.setattr(batch, "load", failing)
    assert validate_file("a.txt").error == "line 57: expected 7 numbers, found 6"


def test_validated_report_as_plain_data(monkeypatch: pytest.MonkeyPatch) -> None:
    report = gd.AnnualReport.blank(agency="甲镇", year=2021)
    report.source = gd.SourceInfo(name="a.txt", format="text")
    monkeypatch.setattr(batch, "load", lambda path, max_bytes=None: report)
    result = validate_file("a.txt")
    assert (result.status, result.format, result.agency, result.year, result.edition) == (
        "invalid",
        "text",
        "甲镇",
        2021,
        "2021",
    )
    assert result.errors == len(report.validate().errors) == 6
    data = result.to_dict("error")
    assert {i["severity"] for i in data["issues"]} == {"error"}
    assert data["errors"] == 6
    assert FileResult(path="x", status="ok").to_dict()["issues"] == []


def test_map_files_keeps_input_order_in_parallel(tmp_path: Path) -> None:
    paths = [str(tmp_path / f"missing-{i:03d}.xml") for i in range(40)]
    serial = list(map_files(validate_file, paths, jobs=1))
    parallel = list(map_files(validate_file, iter(paths), jobs=2))
    assert [r.path for r in parallel] == paths
    assert parallel == serial


def test_map_files_can_be_abandoned(tmp_path: Path) -> None:
    paths = (str(tmp_path / f"missing-{i:03d}.xml") for i in range(200))
    results = map_files(validate_file, paths, jobs=2)
    assert next(results).path.endswith("missing-000.xml")
    results.close()  # stops the workers without waiting for the queued files


def test_validate_files_over_folders(tmp_path: Path) -> None:
    _touch(tmp_path, "a.xml", "b.txt")
    results = list(validate_files([tmp_path], jobs=2))
    assert [Path(r.path).name for r in results] == ["a.xml", "b.txt"]
    assert all(r.status == "unreadable" for r in results)


def test_map_files_refuses_a_function_other_processes_cannot_import(tmp_path: Path) -> None:
    def local(path: str) -> str:
        return path

    paths = [str(tmp_path / "a"), str(tmp_path / "b")]
    assert list(map_files(local, paths, jobs=1)) == paths  # no process, no constraint
    with pytest.raises(TypeError, match="must be a module-level function"):
        list(map_files(local, paths, jobs=2))


def test_tasks_start_small_and_grow_to_a_cap() -> None:
    paths = [f"{i}.txt" for i in range(100)]
    batches = list(batch._batches(paths[:2], iter(paths[2:])))
    assert [len(b) for b in batches] == [2, 2, 4, 8, 16, 16, 16, 16, 16, 4]
    assert [p for b in batches for p in b] == paths
    assert list(batch._batches(["a", "b"], iter([]))) == [["a"], ["b"]]


def test_workers_fork_only_from_a_single_threaded_process(tmp_path: Path) -> None:
    import sys
    import threading

    if not sys.platform.startswith("linux"):
        pytest.skip("fork is used on Linux only")
    expected = "fork" if batch._single_threaded() else "forkserver"
    assert batch._context().get_start_method() == expected
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert batch._context().get_start_method() == "forkserver"
        # A threaded caller (a progress bar, a server) still gets its results.
        paths = [str(tmp_path / f"missing-{i}.xml") for i in range(10)]
        assert [r.path for r in map_files(validate_file, paths, jobs=2)] == paths
    finally:
        stop.set()
        thread.join()
