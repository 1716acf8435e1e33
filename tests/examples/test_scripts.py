"""Every example runs as a script, from any folder, and writes nothing outside its output folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import EXAMPLES

# The exit code each script gives when run without arguments but an output folder, if it takes one.
SCRIPTS = {
    "xiangyun_2020": (["OUT"], 0),
    "fill_from_dict": (["OUT"], 0),
    "county_rollup": (["OUT"], 0),
    "year_over_year": ([], 0),
    "validate_folder": (["--jobs", "2"], 2),  # the demo folder holds a file that is not a report
    "export_csv": (["-o", "OUT/cells.csv"], None),  # 0, or 2 where some corpus file is unreadable
}


def test_every_example_is_listed() -> None:
    assert {p.stem for p in EXAMPLES.glob("*.py")} == set(SCRIPTS)


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_script_runs(name: str, tmp_path: Path) -> None:
    args, code = SCRIPTS[name]
    out = tmp_path / "out"
    out.mkdir()
    work = tmp_path / "cwd"
    work.mkdir()
    command = [
        sys.executable,
        str(EXAMPLES / f"{name}.py"),
        *(a.replace("OUT", str(out)) for a in args),
    ]
    done = subprocess.run(
        command, cwd=work, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == (code if code is not None else done.returncode), done.stderr
    assert done.returncode in (0, 1, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert list(work.iterdir()) == []  # nothing written where it was run
    assert done.stdout.strip()
