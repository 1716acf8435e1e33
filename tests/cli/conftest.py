"""Fixtures for driving the command line in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

import govdisclosure as gd
from cli_support import NO_FORMAT, Folder, Result, Run, pick_format
from govdisclosure.cli import main


@pytest.fixture(scope="session")
def fmt() -> gd.FormatInfo:
    """A format that reads back what it writes; skips when none is installed yet."""
    info = pick_format()
    if info is None:
        pytest.skip(NO_FORMAT)
    return info


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command line in this process, as ``govdisclosure ARGS...``."""

    def invoke(*args: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def folder(tmp_path: Path, fmt: gd.FormatInfo) -> Folder:
    """An empty folder to write reports into, in the format under test."""
    return Folder(root=tmp_path, suffix=fmt.suffixes[0])
