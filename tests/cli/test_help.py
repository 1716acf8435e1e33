"""Help, version and the format list: what a user sees before having any report."""

from __future__ import annotations

import pytest

import govdisclosure as gd
from cli_support import Run
from govdisclosure.cli import build_parser, main

COMMANDS = ("validate", "convert", "new", "rollup", "compare", "export", "formats")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: govdisclosure {command}")
    examples = out.split("examples:\n", 1)[1]
    assert f"  govdisclosure {command}" in examples


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert f"    {command} " in out
    assert "exit codes: 0 ok, 1 errors found or refused, 2 an input could not be read" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"govdisclosure {gd.__version__}"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--jobs", "0", "x"])
    assert caught.value.code == 2
    assert "expected a number ≥ 1, got 0" in capsys.readouterr().err


def test_parser_defaults() -> None:
    args = build_parser().parse_args(["validate", "reports"])
    assert args.format == "text"
    assert args.min_severity == "info"
    assert args.jobs >= 1
    assert args.progress is None


def test_formats_lists_every_registered_format(run: Run) -> None:
    result = run("formats")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["name", "suffixes", "read", "write", "status", "description"]
    names = [line.split()[0] for line in lines[1:]]
    assert names == [f.name for f in gd.available_formats()]
    pdf = next(line for line in lines if line.split()[0] == "pdf")
    assert " no " in pdf  # read only


def test_a_dead_worker_is_reported_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    import govdisclosure.cli as cli

    def dying(*args: object, **kwargs: object) -> object:
        raise BrokenProcessPool("A process in the process pool was terminated abruptly")

    monkeypatch.setattr(cli, "map_files", dying)
    assert main(["validate", "reports"]) == 2
    err = capsys.readouterr().err
    assert "a worker process died" in err
    assert "--jobs 1" in err
