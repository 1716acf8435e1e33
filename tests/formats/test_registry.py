"""The format registry: names, suffixes, sniffing, plug-ins, lazy imports, files."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure import formats

LOSSLESS = ("text", "xml", "json")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("report.txt", "text"),
        ("REPORT.TXT", "text"),
        ("report.text", "text"),
        ("report.xml", "xml"),
        ("a/b.c/report.json", "json"),
        ("report.docx", "docx"),
        ("report.htm", "html"),
        ("report.pdf", "pdf"),
    ],
)
def test_format_from_suffix(path: str, name: str) -> None:
    assert formats.format_for_path(path).name == name


@pytest.mark.parametrize("name", LOSSLESS)
def test_dump_and_load_by_suffix(sample: gd.AnnualReport, tmp_path: Path, name: str) -> None:
    info = gd.get_format(name)
    path = tmp_path / f"report{info.suffixes[0]}"
    gd.dump(sample, path)
    assert path.read_bytes() == _bytes(gd.dumps(sample, name))
    report = gd.load(path)
    assert report == sample
    assert report.source is not None
    assert report.source.format == name
    assert report.source.name == str(path)


@pytest.mark.parametrize("name", LOSSLESS)
def test_load_sniffs_an_unknown_suffix(sample: gd.AnnualReport, tmp_path: Path, name: str) -> None:
    path = tmp_path / "report.download"
    path.write_bytes(_bytes(gd.dumps(sample, name)))
    assert gd.load(path) == sample
    with path.open("rb") as stream:
        assert gd.load(stream) == sample


@pytest.mark.parametrize("name", LOSSLESS)
def test_sniffing(sample: gd.AnnualReport, name: str) -> None:
    data = gd.dumps(sample, name)
    text = data if isinstance(data, str) else data.decode("utf-8")
    for form in (text, text.encode("utf-8"), "\ufeff" + text, text.encode("utf-8-sig")):
        assert formats.sniff_format(form).name == name
        assert gd.loads(form) == sample


def test_streams(sample: gd.AnnualReport) -> None:
    for name in LOSSLESS:
        binary = io.BytesIO()
        gd.dump(sample, binary, name)
        assert gd.load(io.BytesIO(binary.getvalue()), name) == sample
    text = io.StringIO()
    gd.dump(sample, text, "json")
    assert gd.load(io.StringIO(text.getvalue()), "json") == sample
    with pytest.raises(gd.WriteError, match="binary"):
        gd.dump(sample, io.StringIO(), "xml")


def test_unknown_format_lists_the_known_ones(sample: gd.AnnualReport) -> None:
    with pytest.raises(gd.UnknownFormatError) as caught:
        gd.dumps(sample, "yaml")
    message = str(caught.value)
    assert message.startswith("unknown format 'yaml'; known formats: text, xml, json, docx")
    assert caught.value.known[:3] == LOSSLESS
    assert isinstance(caught.value, LookupError)


def test_unknown_suffix_on_dump(sample: gd.AnnualReport, tmp_path: Path) -> None:
    with pytest.raises(gd.UnknownFormatError, match=r"unknown file suffix '\.yaml'; known formats"):
        gd.dump(sample, tmp_path / "report.yaml")
    with pytest.raises(gd.UnknownFormatError, match="file suffix"):
        gd.dump(sample, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []


def test_available_formats() -> None:
    names = [f.name for f in gd.available_formats()]
    assert names[:3] == list(LOSSLESS)
    for info in gd.available_formats()[:3]:
        assert info.can_read
        assert info.can_write


def test_failed_write_leaves_the_previous_file(sample: gd.AnnualReport, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("previous", "utf-8")
    sample.reviews.extra_rows.append(gd.ExtraRow(label="x", values=(), block="nowhere"))
    with pytest.raises(gd.WriteError):
        gd.dump(sample, path)
    assert path.read_text("utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize("name", ["text", "json"])
def test_lone_surrogates_are_written_and_refused_on_read(
    sample: gd.AnnualReport, tmp_path: Path, name: str
) -> None:
    agency = gd.Agency(name="祥云镇")
    # The model refuses lone surrogates; the writers still escape one that got in regardless.
    object.__setattr__(agency, "name", "祥云\ud800镇")
    sample.agency = agency
    path = tmp_path / f"report{gd.get_format(name).suffixes[0]}"
    gd.dump(sample, path)
    with pytest.raises(gd.ReadError, match=r"report\.\w+: .*control character '\\ud800'"):
        gd.load(path)


def test_unencodable_output_is_a_write_error() -> None:
    with pytest.raises(gd.WriteError, match="UTF-8 cannot encode"):
        formats._encoded("祥云\ud800镇", gd.get_format("text"))


def test_package_attribute_and_lazy_helpers() -> None:
    assert gd.formats is formats
    assert "formats" in gd.__all__
    assert formats.XML_NAMESPACE == "urn:govdisclosure:report:1"
    assert formats.xml_schema_path("2021").name == "report-2021.xsd"
    assert formats.json_schema_path().name == "report.schema.json"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        formats.nothing


# -- plug-ins ----------------------------------------------------------------------------------

PLUGIN = textwrap.dedent(
    r'''
    """A third-party format: the report's JSON under a banner line (for the registry test)."""
    import govdisclosure as gd

    class ShoutWriter:
        def dumps(self, report):
            return "SHOUT!\n" + gd.dumps(report, "json")

    class ShoutReader:
        def __init__(self, **options):
            self.options = options

        def loads(self, data, *, source=None):
            text = data.decode() if isinstance(data, bytes) else data
            banner, _, rest = text.partition("\n")
            assert banner == "SHOUT!"
            return gd.loads(rest, "json", source=source)

    FORMAT = gd.FormatInfo(
        name="shout",
        suffixes=(".shout",),
        reader="shout_format:ShoutReader",
        writer="shout_format:ShoutWriter",
    )

    def broken():
        raise RuntimeError("this plug-in cannot load")
    '''
)


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Install the ``shout`` format as if a package declared it in the entry-point group."""
    (tmp_path / "shout_format.py").write_text(PLUGIN, "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "shout_format", raising=False)
    looked_up: list[str] = []
    points = [
        metadata.EntryPoint("shout", "shout_format:FORMAT", formats.ENTRY_POINT_GROUP),
        metadata.EntryPoint("broken", "shout_format:broken", formats.ENTRY_POINT_GROUP),
    ]

    def entry_points(**selection: Any) -> list[metadata.EntryPoint]:
        looked_up.append(selection.get("group", ""))
        return [p for p in points if p.group == selection.get("group")]

    monkeypatch.setattr(metadata, "entry_points", entry_points)
    return looked_up


def test_plugin_found_through_entry_points(
    plugin: list[str], sample: gd.AnnualReport, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    info = gd.get_format("shout")
    assert info.name == "shout"
    assert plugin == [formats.ENTRY_POINT_GROUP]
    text = gd.dumps(sample, "shout")
    assert isinstance(text, str)
    assert text.startswith("SHOUT!\n{")
    path = tmp_path / "report.shout"
    gd.dump(sample, path)
    assert gd.load(path) == sample
    with caplog.at_level(logging.WARNING, logger="govdisclosure.formats"):
        names = [f.name for f in gd.available_formats()]
    assert names[-1] == "shout"
    # a plug-in that fails to load is skipped, and said so
    assert "'broken'" in caplog.text
    assert "this plug-in cannot load" in caplog.text


def test_builtin_formats_do_not_consult_entry_points(plugin: list[str]) -> None:
    for name in (*LOSSLESS, ".xml", ".txt"):
        gd.get_format(name)
    assert plugin == []


def test_unknown_name_lists_plugins_too(plugin: list[str]) -> None:
    with pytest.raises(gd.UnknownFormatError, match=r"known formats: .*pdf, shout$"):
        gd.get_format("nothing")


# -- lazy imports ------------------------------------------------------------------------------


def _modules_after(code: str) -> dict[str, bool]:
    watched = (
        "docx",
        "lxml",
        "lxml.etree",
        "govdisclosure.formats.govxml",
        "govdisclosure.formats.govjson",
        "govdisclosure.formats.plaintext",
    )
    script = "\n".join(
        [
            "import json, sys",
            code,
            f"print(json.dumps({{m: m in sys.modules for m in {watched!r}}}))",
        ]
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: dict[str, bool] = json.loads(out.stdout)
    return loaded


def test_import_loads_neither_docx_nor_lxml() -> None:
    loaded = _modules_after("import govdisclosure")
    assert not any(loaded.values()), loaded


def test_text_and_json_need_no_lxml() -> None:
    loaded = _modules_after(
        "import govdisclosure as gd\n"
        "r = gd.AnnualReport.blank(agency='甲', year=2022)\n"
        "assert gd.loads(gd.dumps(r, 'json')) == r\n"
        "assert gd.loads(gd.dumps(r, 'text')) == r\n"
    )
    assert loaded["govdisclosure.formats.govjson"]
    assert loaded["govdisclosure.formats.plaintext"]
    assert not loaded["lxml"]
    assert not loaded["docx"]
    assert not loaded["govdisclosure.formats.govxml"]


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


# -- any input: a report or a ReadError, nothing else ------------------------------------------

_SNIPPETS = [b"/", b"-", b"\n", b'"', b"*1 ", b"<p>", b"</p>", b"null", b"{", b"[", b"1.5", b"\r"]
_SNIPPETS += ["\u3000".encode(), b"&amp;", b' xsi:nil="true"', b"<!DOCTYPE x>", b"\xff"]


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    from roundtrip import features_report
    from support import sample_report

    name = draw(st.sampled_from(LOSSLESS))
    report = sample_report() if draw(st.booleans()) else features_report()
    data = bytearray(_bytes(gd.dumps(report, name)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        match draw(st.sampled_from(["cut", "byte", "insert", "copy"])):
            case "cut":
                del data[at : at + draw(st.integers(1, 40))]
            case "byte":
                data[at] = draw(st.integers(0, 255))
            case "insert":
                data[at:at] = draw(st.sampled_from(_SNIPPETS))
            case _:
                start = draw(st.integers(0, len(data) - 1))
                data[at:at] = data[start : start + draw(st.integers(1, 80))]
        if not data:
            break
    return name, bytes(data)


@settings(max_examples=150)
@given(_mutated(), st.booleans())
def test_damaged_documents_raise_only_read_errors(case: tuple[str, bytes], strict: bool) -> None:
    name, data = case
    options = {"strict": strict} if name != "text" else {}
    result: object
    try:
        result = gd.loads(data, name, source="damaged", **options)
    except gd.ReadError as exc:  # anything else fails the test
        result = exc
    if isinstance(result, gd.ReadError):
        assert str(result).startswith("damaged: ")
    else:
        assert isinstance(result, gd.AnnualReport)


def test_writing_a_read_only_format_names_those_that_can(sample: gd.AnnualReport) -> None:
    with pytest.raises(gd.UnsupportedFormatError) as info:
        gd.dumps(sample, "pdf")
    assert isinstance(info.value, LookupError)
    assert "'pdf' cannot be written" in str(info.value)
    assert "docx" in info.value.known
    assert "pdf" not in info.value.known
