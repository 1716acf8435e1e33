"""``--max-bytes``: every command that reads reports refuses a larger input, and parses sizes."""

from __future__ import annotations

import argparse
import json

import pytest

from cli_support import Folder, Run, town
from govdisclosure.cli import _size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000000", 1_000_000),
        ("512K", 512 * 1024),
        ("512k", 512 * 1024),
        ("64M", 64 * 1024 * 1024),
        ("64MiB", 64 * 1024 * 1024),
        ("64MB", 64 * 1024 * 1024),
        ("1G", 1024**3),
        ("7B", 7),
    ],
)
def test_sizes_are_read_in_binary_units(text: str, expected: int) -> None:
    assert _size(text) == expected


@pytest.mark.parametrize("text", ["", "M", "1x", "-1", "0", "1.5M", "ten"])
def test_a_bad_size_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="size"):
        _size(text)


def test_validate_refuses_a_larger_file_as_unreadable(run: Run, folder: Folder) -> None:
    small = folder.write("small", town("甲镇"))
    size = small.stat().st_size
    result = run("validate", small, "--max-bytes", str(size - 1), "--jobs", "1")
    assert result.code == 2
    assert f"{small}: unreadable: file is {size} bytes, more than the limit of {size - 1}" in (
        result.out
    )
    assert run("validate", small, "--max-bytes", str(size), "--jobs", "1").code == 0


def test_validate_passes_the_limit_to_worker_processes(run: Run, folder: Folder) -> None:
    paths = [folder.write(name, town(name)) for name in ("甲镇", "乙镇", "丙镇")]
    limit = min(p.stat().st_size for p in paths) - 1
    result = run("validate", folder.root, "--max-bytes", str(limit), "--jobs", "2")
    assert result.code == 2
    assert result.out.count("unreadable: file is") == 3


def test_convert_and_compare_refuse_a_larger_input(run: Run, folder: Folder) -> None:
    source = folder.write("in", town("甲镇"))
    limit = str(source.stat().st_size - 1)
    target = folder.path("out")
    result = run("convert", source, "-o", target, "--max-bytes", limit)
    assert result.code == 2
    assert f"cannot read {source}: file is" in result.err
    assert not target.exists()
    result = run("compare", source, source, "--max-bytes", limit)
    assert result.code == 2
    assert "more than the limit" in result.err


def test_export_and_rollup_leave_out_larger_inputs(run: Run, folder: Folder) -> None:
    big = folder.write("big", town("甲" * 200 + "镇"))
    small = folder.write("small", town("乙镇"))
    limit = str(small.stat().st_size)
    assert big.stat().st_size > small.stat().st_size
    out = folder.root / "data.csv"
    result = run("export", big, small, "-o", out, "--max-bytes", limit, "--jobs", "1")
    assert f"{big}: unreadable: file is" in result.err
    data = out.read_text("utf-8")
    assert "乙镇" in data
    assert "甲甲" not in data
    total = folder.path("county")
    result = run(
        "rollup", big, small, "-o", total, "--agency", "县", "--partial", "--max-bytes", limit
    )
    assert f"{big}: unreadable: file is" in result.err
    assert total.exists()


def test_json_validation_output_names_the_limit(run: Run, folder: Folder) -> None:
    small = folder.write("small", town("甲镇"))
    result = run("validate", small, "--max-bytes", "10", "--format", "json", "--jobs", "1")
    data = json.loads(result.out)
    assert data["files"][0]["status"] == "unreadable"
    assert "more than the limit of 10" in data["files"][0]["error"]
