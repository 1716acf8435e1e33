"""Writers never leave a partial file: whatever fails mid-way (the writer, the disk, an
interrupt), the previous file is intact and no temporary file is left behind; the same for the
CSV export and the command line's outputs."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

import govdisclosure as gd
from govdisclosure.analysis import to_records, write_csv
from govdisclosure.cli import main
from govdisclosure.formats import _io, atomic_open, atomic_write

_OLD = b"the previous file\n"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "report.xml"
    path.write_bytes(_OLD)
    return path


def _untouched(path: Path) -> None:
    assert path.read_bytes() == _OLD
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "a temporary file is left"


class _Disk:
    """A file object that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, stream: IO[Any], room: int) -> None:
        self.stream = stream
        self.room = room

    def write(self, data: Any) -> int:
        if len(data) > self.room:
            self.stream.write(data[: self.room])
            self.stream.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return int(self.stream.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    def __enter__(self) -> _Disk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


def _fill_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    fdopen = os.fdopen

    def limited(fd: int, *args: Any, **kwargs: Any) -> _Disk:
        return _Disk(fdopen(fd, *args, **kwargs), 100)

    monkeypatch.setattr(_io.os, "fdopen", limited)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every atomic write runs out of room after 100 bytes."""
    _fill_disk(monkeypatch)


@pytest.mark.parametrize("fmt", ["xml", "json", "text", "html", "docx"])
def test_a_full_disk_mid_way_leaves_the_old_file(
    sample: gd.AnnualReport, target: Path, fmt: str, full_disk: None
) -> None:
    with pytest.raises(gd.WriteError, match=r"report\.xml: cannot write: No space left"):
        gd.dump(sample, target, format=fmt)
    _untouched(target)


def test_a_writer_that_fails_leaves_the_old_file(
    sample: gd.AnnualReport, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govdisclosure.formats.govxml import XmlWriter

    def broken(self: Any, report: gd.AnnualReport) -> bytes:
        raise RuntimeError("the writer broke")

    monkeypatch.setattr(XmlWriter, "dumps", broken)
    with pytest.raises(RuntimeError, match="the writer broke"):
        gd.dump(sample, target)
    _untouched(target)


@pytest.mark.parametrize("failure", [OSError(errno.EIO, "I/O error"), KeyboardInterrupt()])
def test_a_failure_at_the_last_step_leaves_the_old_file(
    sample: gd.AnnualReport, target: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    def fail(*args: Any) -> None:
        raise failure

    monkeypatch.setattr(_io.os, "replace", fail)
    with pytest.raises(type(failure)):
        gd.dump(sample, target)
    _untouched(target)


def test_an_interrupt_while_streaming_leaves_the_old_file(target: Path) -> None:
    def interrupted() -> None:
        with atomic_open(target) as stream:
            stream.write("half of it")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    _untouched(target)


def test_the_new_file_is_whole_and_keeps_the_old_permissions(
    sample: gd.AnnualReport, target: Path
) -> None:
    target.chmod(0o640)
    gd.dump(sample, target)
    assert gd.load(target) == sample
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    path = tmp_path / "new.bin"
    atomic_write(path, b"x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_io._UMASK


def test_a_symbolic_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.xml"
    real.write_bytes(_OLD)
    link = tmp_path / "link.xml"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert real.read_bytes() == _OLD
    assert link.read_bytes() == b"new"
    assert not link.is_symlink()


def test_a_missing_folder_or_a_folder_as_target_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(gd.WriteError, match="no-such-folder"):
        atomic_write(tmp_path / "no-such-folder" / "x.xml", b"x")
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(gd.WriteError, match="folder: cannot write"):
        atomic_write(folder, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
    assert list(folder.iterdir()) == []


def test_a_csv_export_that_fails_mid_way_leaves_the_old_file(
    sample: gd.AnnualReport, tmp_path: Path
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(_OLD)

    def records() -> Iterator[dict[str, Any]]:
        yield from list(to_records(sample))[:50]
        raise gd.ReadError("the next report cannot be read", source="b.docx")

    with pytest.raises(gd.ReadError, match=r"b\.docx"):
        write_csv(records(), path)
    _untouched(path)


def test_a_csv_export_on_a_full_disk_leaves_the_old_file(
    sample: gd.AnnualReport, tmp_path: Path, full_disk: None
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(_OLD)
    with pytest.raises(gd.WriteError, match="No space left"):
        write_csv(to_records(sample), path)
    _untouched(path)


def test_the_command_line_leaves_the_old_output_when_writing_fails(
    sample: gd.AnnualReport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "in" / "report.json"
    source.parent.mkdir()
    gd.dump(sample, source)
    _fill_disk(monkeypatch)
    output = tmp_path / "out" / "report.xml"
    output.parent.mkdir()
    output.write_bytes(_OLD)
    code = main(["convert", str(source), "-o", str(output), "--force"])
    assert code != 0
    assert "No space left" in capsys.readouterr().err
    _untouched(output)
    data = tmp_path / "out2" / "data.csv"
    data.parent.mkdir()
    data.write_bytes(_OLD)
    code = main(["export", str(source.parent), "-o", str(data), "--force"])
    assert code != 0
    _untouched(data)
