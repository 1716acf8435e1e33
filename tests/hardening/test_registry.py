"""The one guarantee every reader gives: bad input raises ReadError and nothing else, whether
the reader is used through ``gd.load`` or directly; and the size limits apply either way."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from bounded import refused, run_bounded
from govdisclosure.formats import BUILTIN_FORMATS, MAX_INPUT_BYTES, MAX_TEXT_BYTES
from govdisclosure.formats._io import is_reader_bug, reader_guard, translate_errors

_READERS = [f for f in BUILTIN_FORMATS if f.can_read]


def _reader_class(info: gd.FormatInfo) -> Any:
    try:
        return info.reader_class()
    except gd.MissingDependencyError as exc:
        pytest.skip(str(exc))


@pytest.mark.parametrize("info", _READERS, ids=lambda f: f.name)
def test_every_builtin_reader_is_guarded(info: gd.FormatInfo) -> None:
    loads = _reader_class(info).loads
    assert hasattr(loads, "__wrapped__"), f"{info.name}: loads is not wrapped by reader_guard"


@pytest.mark.parametrize("info", _READERS, ids=lambda f: f.name)
def test_every_builtin_reader_refuses_input_over_its_limit(info: gd.FormatInfo) -> None:
    cls = _reader_class(info)
    default = MAX_INPUT_BYTES if info.name in {"docx", "pdf"} else MAX_TEXT_BYTES
    assert cls().max_bytes == default
    data: bytes | str = b"x" * 101 if info.binary else "x" * 101
    with pytest.raises(gd.ReadError, match=r"the input is 101 .* more than the limit of 100 ") as e:
        cls(max_bytes=100).loads(data, source="big")
    assert e.value.source == "big"
    with pytest.raises(ValueError, match="max_bytes"):
        cls(max_bytes=0)


@pytest.mark.parametrize("info", _READERS, ids=lambda f: f.name)
def test_a_bug_in_any_reader_still_raises_read_error(
    info: gd.FormatInfo, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cls = _reader_class(info)
    inner = cls.loads.__wrapped__

    def broken(self: Any, data: str | bytes, *, source: str | None = None) -> Any:
        {}["missing"]  # a KeyError deep in a reader

    monkeypatch.setattr(cls, "loads", reader_guard(info.name)(broken))
    with (
        caplog.at_level(logging.WARNING, "govdisclosure.formats"),
        pytest.raises(gd.ReadError) as caught,
    ):
        gd.loads(b"x", info.name, source="in.bin")
    error = caught.value
    assert str(error) == f"in.bin: cannot read this document as {info.name!r}: KeyError: 'missing'"
    assert isinstance(error.__cause__, KeyError)
    assert is_reader_bug(error)
    assert caplog.records[0].exc_info is not None
    assert inner is not broken


def test_a_value_the_model_refuses_is_bad_input_not_a_bug() -> None:
    with pytest.raises(gd.ReadError) as caught, translate_errors("x", "in.x"):
        gd.Agency(name="")
    assert str(caught.value).startswith("in.x: the document holds a value a report cannot:")
    assert not is_reader_bug(caught.value)


@pytest.mark.parametrize(
    ("raised", "message"),
    [
        (RecursionError("deep"), "RecursionError: deep"),
        (IndexError("list index out of range"), "IndexError: list index out of range"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid"), "UnicodeDecodeError"),
        (AttributeError("x"), "AttributeError: x"),
        (MemoryError(), "needs more memory to read than is available"),
    ],
    ids=["recursion", "index", "unicode", "attribute", "memory"],
)
def test_what_the_guard_turns_into_read_error(raised: Exception, message: str) -> None:
    with pytest.raises(gd.ReadError, match=message), translate_errors("x", "in.x"):
        raise raised


def test_read_errors_and_missing_dependencies_pass_unchanged() -> None:
    original = gd.ReadError("as it was", source="a")
    with pytest.raises(gd.ReadError) as caught, translate_errors("x", "b"):
        raise original
    assert caught.value is original
    assert not is_reader_bug(original)
    with pytest.raises(gd.MissingDependencyError), translate_errors("x", "b"):
        raise gd.MissingDependencyError("format 'x'", "x")
    assert is_reader_bug(KeyError("anything not a ReadError"))


class BrokenPlugin:
    """A third-party reader with a bug: the registry guards it like the built-in ones."""

    def loads(self, data: str | bytes, *, source: str | None = None) -> Any:
        return [][1]


def test_a_plug_in_reader_is_guarded_by_the_registry() -> None:
    info = gd.FormatInfo(name="broken", suffixes=(".broken",), reader=f"{__name__}:BrokenPlugin")
    with pytest.raises(gd.ReadError, match="cannot read this document as 'broken': Index") as e:
        gd.loads(b"x", info)  # type: ignore[arg-type]
    assert is_reader_bug(e.value)


def test_load_refuses_a_file_over_the_limit_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "upload.docx"
    with big.open("wb") as out:
        out.truncate(MAX_INPUT_BYTES + 1)  # sparse: nothing to read, which is the point
    outcome = refused(
        run_bounded(lambda: gd.load(big)),
        rf"upload\.docx: file is {MAX_INPUT_BYTES + 1} bytes, more than the limit of"
        rf" {MAX_INPUT_BYTES} \(raise it with max_bytes=\.\.\.\)",
        max_mb=8,
    )
    assert outcome.seconds < 0.5


def test_load_passes_its_limit_to_the_reader(tmp_path: Path, sample: gd.AnnualReport) -> None:
    path = tmp_path / "r.xml"
    gd.dump(sample, path)
    size = path.stat().st_size
    with pytest.raises(gd.ReadError, match=f"file is {size} bytes, more than the limit of 100 "):
        gd.load(path, max_bytes=100)
    # A text-format file over its reader's default is read when the caller raises the limit.
    padded = tmp_path / "padded.xml"
    padded.write_bytes(path.read_bytes() + b" " * MAX_TEXT_BYTES)
    with pytest.raises(gd.ReadError, match=f"more than the limit of {MAX_TEXT_BYTES}"):
        gd.load(padded)
    assert gd.load(padded, max_bytes=2 * MAX_TEXT_BYTES) == sample
    with pytest.raises(gd.ReadError, match="more than the limit of 10 "):
        gd.loads(path.read_bytes(), "xml", max_bytes=10)
