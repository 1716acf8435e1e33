"""The command as a user runs it: the console script and ``python -m``, in real processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govdisclosure as gd
from cli_support import Folder, town

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


def _python_m(*args: str | Path, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govdisclosure", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENV,
        timeout=300,
        check=False,
        **options,  # type: ignore[call-overload]
    )


def test_python_m_runs_the_command() -> None:
    result = _python_m("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"govdisclosure {gd.__version__}"


def test_console_script_is_installed() -> None:
    script = shutil.which("govdisclosure", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the package is not installed in this environment (pip install -e .)")
    result = subprocess.run(
        [script, "validate", "--help"], capture_output=True, text=True, env=ENV, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: govdisclosure validate")


def test_folder_run_in_parallel_processes(folder: Folder) -> None:
    for i in range(10):
        folder.write(f"towns/{i:02d}", town(f"镇{i}"))
    folder.write("towns/flawed", town("丙镇", new_received__natural_person=5))
    folder.path("towns/unreadable").write_bytes(b"")
    result = _python_m("validate", folder.root / "towns", "--jobs", "2", "-q")
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[-1] == (
        "12 files: 10 ok, 1 with errors, 1 unreadable; 2 errors, 0 warnings, 0 notes"
    )
    # Piped output: no progress bar, nothing on stderr.
    assert result.stderr == ""


def test_closed_pipe_ends_quietly(folder: Folder) -> None:
    for i in range(30):
        folder.write(f"many/{i:02d}", town(f"镇{i}"))
    with subprocess.Popen(
        [sys.executable, "-m", "govdisclosure", "export", str(folder.root / "many"), "-o", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().startswith(b"agency,year,edition")
        process.stdout.close()  # as `| head -1` does
        code = process.wait(timeout=300)
        assert process.stderr is not None
        err = process.stderr.read().decode("utf-8")
    assert code == 141
    assert "Traceback" not in err
