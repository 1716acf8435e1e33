"""Hostile XML: every attack ends in a ReadError, in bounded time and memory, with no entity
expanded, no file read and no network touched (the reader used directly, as an embedding
system would)."""

from __future__ import annotations

import contextlib
import http.server
from collections.abc import Iterator
from pathlib import Path

import pytest

import govdisclosure as gd
from bounded import (
    billion_laughs,
    read_bounded,
    read_or_refused,
    recording_server,
    refused,
    run_bounded,
)
from govdisclosure.formats import MAX_TEXT_BYTES
from govdisclosure.formats.govxml import XmlReader, XmlWriter

_DOCTYPE = r"DOCTYPE declaration is not allowed"


@pytest.fixture(scope="module")
def document(sample: gd.AnnualReport) -> bytes:
    return XmlWriter().dumps(sample)


@pytest.fixture(scope="module")
def sample() -> gd.AnnualReport:
    from support import sample_report

    report: gd.AnnualReport = sample_report()
    return report


def test_billion_laughs_is_refused_before_expansion() -> None:
    refused(read_bounded(XmlReader(), billion_laughs()), _DOCTYPE, max_mb=32)


def test_quadratic_blowup_is_refused() -> None:
    # One large entity referenced many times: no nesting, the same amplification.
    entity = "x" * 100_000
    data = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "{entity}">]><r>{"&a;" * 10_000}</r>'
    ).encode()
    refused(read_bounded(XmlReader(), data), _DOCTYPE, max_mb=32)


def test_external_entity_does_not_read_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", "utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<report xmlns="urn:govdisclosure:report:1" edition="2019" year="2020">&x;</report>'
    ).encode()
    outcome = refused(read_bounded(XmlReader(strict=False), data), _DOCTYPE)
    assert "TOP-SECRET" not in outcome.message


def test_parameter_entity_is_refused() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p "<!ENTITY x \'y\'>"> %p;]><r>&x;</r>'
    refused(read_bounded(XmlReader(), data), _DOCTYPE)


def test_doctype_hidden_behind_utf16_and_comments_is_refused() -> None:
    text = '<?xml version="1.0" encoding="UTF-16"?><!-- <a> --><!DOCTYPE r [<!ENTITY e "x">]><r/>'
    refused(read_bounded(XmlReader(), text.encode("utf-16")), _DOCTYPE)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY x "fetched">')

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    with recording_server(_Recorder) as served:
        yield served


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE report SYSTEM "{url}/report.dtd"><report/>',
        '<!DOCTYPE r [<!ENTITY % ext SYSTEM "{url}/ext.dtd"> %ext;]><r/>',
        '<report xmlns="urn:govdisclosure:report:1" xmlns:xi="http://www.w3.org/2001/XInclude"'
        ' edition="2019" year="2020"><xi:include href="{url}/inc.xml"/></report>',
        '<report xmlns="urn:govdisclosure:report:1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-'
        'instance" xsi:schemaLocation="urn:govdisclosure:report:1 {url}/schema.xsd"'
        ' edition="2019" year="2020"/>',
        '<?xml-stylesheet type="text/xsl" href="{url}/style.xsl"?><report/>',
    ],
    ids=["external-dtd", "parameter-entity", "xinclude", "schema-location", "stylesheet"],
)
def test_the_network_is_never_touched(server: tuple[str, list[str]], template: str) -> None:
    url, hits = server
    data = template.format(url=url).encode()
    # The server runs in this process: read in a thread here, not in a child.
    with contextlib.suppress(gd.ReadError):
        XmlReader(strict=False).loads(data, source="attack")
    assert hits == []


def test_deep_nesting_is_refused() -> None:
    data = b'<report xmlns="urn:govdisclosure:report:1">' + b"<a>" * 100_000
    refused(read_bounded(XmlReader(), data), r"line 1: not well-formed XML: .*depth")


def test_a_text_node_over_the_parser_limit_is_refused() -> None:
    # libxml2 refuses text nodes over 10 MB unless huge_tree is set, which the reader never does.
    data = b'<report xmlns="urn:govdisclosure:report:1"><p>' + b"x" * 11_000_000 + b"</p></report>"
    refused(read_bounded(XmlReader(max_bytes=len(data)), data), r"not well-formed XML")


def test_many_attributes_and_a_huge_name_are_read_or_refused() -> None:
    attributes = " ".join(f'a{i}="{i}"' for i in range(50_000))
    data = f'<report xmlns="urn:govdisclosure:report:1" {attributes}/>'.encode()
    read_or_refused(read_bounded(XmlReader(strict=False), data))
    name = "n" * 1_000_000
    refused(read_bounded(XmlReader(), f"<{name}/>".encode()), r"not well-formed XML: Name too long")


def test_an_upload_over_the_limit_is_refused_before_parsing() -> None:
    data = b"<" * (100 * 1024 * 1024)  # 100 MB: not even well-formed, and never looked at
    outcome = refused(
        read_bounded(XmlReader(), data),
        rf"the input is {len(data)} bytes, more than the limit of {MAX_TEXT_BYTES}",
        max_mb=8,
    )
    assert outcome.seconds < 0.5


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "upload.xml"
    with big.open("wb") as out:  # a sparse 100 MB file: its size says it all
        out.truncate(100 * 1024 * 1024)
    outcome = refused(
        run_bounded(lambda: gd.load(big)),
        r"upload\.xml: file is 104857600 bytes, more than the limit",
        max_mb=8,
    )
    assert outcome.seconds < 0.5


def test_the_limit_is_adjustable(document: bytes) -> None:
    with pytest.raises(gd.ReadError, match="more than the limit of 1000"):
        XmlReader(max_bytes=1000).loads(document)
    assert XmlReader(max_bytes=len(document)).loads(document).year == 2020
    with pytest.raises(ValueError, match="max_bytes must be a whole number ≥ 1, got 0"):
        XmlReader(max_bytes=0)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("9" * 5000, r"new_received.*natural_person|Exceeds the limit|not a valid"),
        ("1e999999999", r"natural_person"),
        ("-1", r"natural_person"),
        ("\u0661\u0662", r"natural_person"),  # Arabic-Indic digits
    ],
    ids=["5000-digits", "exponent", "negative", "foreign-digits"],
)
def test_hostile_cell_values_are_refused(document: bytes, cell: str, message: str) -> None:
    text = document.decode()
    start = text.index("<natural_person>", text.index("<new_received>")) + len("<natural_person>")
    end = text.index("</natural_person>", start)
    data = (text[:start] + cell + text[end:]).encode()
    refused(read_bounded(XmlReader(), data), message)
    outcome = read_or_refused(read_bounded(XmlReader(strict=False), data))
    if outcome.kind == "report":
        assert "read.schema" in outcome.detail["notes"]


def test_binary_garbage_is_refused() -> None:
    data = bytes(range(256)) * 64
    refused(read_bounded(XmlReader(), data), r"not well-formed XML|cannot parse")


@pytest.mark.parametrize("cut", [1, 10, 100, 1000, 5000])
def test_truncated_documents_are_refused(document: bytes, cut: int) -> None:
    refused(read_bounded(XmlReader(), document[:cut]), r"not well-formed XML|line \d+")
