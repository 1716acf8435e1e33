"""The XML format: lossless round trips, the published XSDs, strict and lenient reading, and a
parser that refuses DTDs, entities and the network."""

from __future__ import annotations

import http.server
import threading
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from lxml import etree

import govdisclosure as gd
from govdisclosure.editions import EDITIONS, Row
from govdisclosure.formats import govxml
from govdisclosure.formats.govxml import XML_NAMESPACE, XmlReader, XmlWriter
from roundtrip import GOLDEN_REPORTS, assert_same_report, check_golden, golden_report
from strategies import reports
from support import ROOT, load_module

NS = f"{{{XML_NAMESPACE}}}"


def dump(report: gd.AnnualReport) -> bytes:
    data = gd.dumps(report, "xml")
    assert isinstance(data, bytes)
    return data


# -- round trips -------------------------------------------------------------------------------


@given(reports())
def test_round_trip_is_lossless(report: gd.AnnualReport) -> None:
    assert_same_report(report, gd.loads(dump(report), "xml"))


@given(reports())
def test_writer_output_validates_against_the_edition_xsd(report: gd.AnnualReport) -> None:
    schema = govxml.xml_schema(report.edition)
    document = etree.fromstring(dump(report))
    assert schema.validate(document), schema.error_log.last_error


@pytest.mark.parametrize("stem", GOLDEN_REPORTS)
def test_golden_file(stem: str) -> None:
    check_golden(stem, ".xml", dump(golden_report(stem)))


def test_compact_output_reads_back(sample: gd.AnnualReport) -> None:
    data = XmlWriter(pretty_print=False).dumps(sample)
    assert data.count(b"\n") == 1  # the declaration's line break only
    assert gd.loads(data, "xml") == sample


def test_blank_is_nil_and_zero_is_zero() -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2022)
    report.applications["new_received", "natural_person"] = 0
    root = etree.fromstring(dump(report))
    row = root.find(f"{NS}applications/{NS}new_received")
    assert row is not None
    zero, blank = row.find(f"{NS}natural_person"), row.find(f"{NS}total")
    assert zero is not None
    assert blank is not None
    assert zero.text == "0"
    assert zero.get(f"{{{govxml.XSI_NAMESPACE}}}nil") is None
    assert blank.text is None
    assert blank.get(f"{{{govxml.XSI_NAMESPACE}}}nil") == "true"


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("0.0000"), "0.0000"),
        (Decimal("25.1"), "25.1"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("-0"), "-0"),
        (Decimal("123456789012.3456"), "123456789012.3456"),
    ],
)
def test_amounts_keep_their_digits(amount: Decimal, written: str) -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2022)
    report.proactive["administrative_fees", "amount"] = amount
    data = dump(report)
    assert f"<amount>{written}</amount>".encode() in data
    back = gd.loads(data, "xml").proactive["administrative_fees", "amount"]
    assert isinstance(back, Decimal)
    assert back.as_tuple() == amount.as_tuple()


def test_title_absent_when_composed(sample: gd.AnnualReport) -> None:
    assert sample.title is None
    assert b"<title>" not in dump(sample)
    assert gd.loads(dump(sample), "xml").title is None
    sample.title = sample.display_title  # explicit, though equal to the composed one
    back = gd.loads(dump(sample), "xml")
    assert back.title == sample.display_title


def test_positions_name_lines(sample: gd.AnnualReport) -> None:
    data = dump(sample)
    report = gd.loads(data, "xml", source="sample.xml")
    assert report.source is not None
    assert report.source.format == "xml"
    position = report.source.positions["applications[new_received][natural_person]"]
    line = data.decode().splitlines()[position.line - 1]  # type: ignore[operator]
    assert line.strip() == "<natural_person>0</natural_person>"
    assert position.source == "sample.xml"


def test_text_input_with_encoding_declaration(sample: gd.AnnualReport) -> None:
    text = dump(sample).decode("utf-8").replace("encoding='UTF-8'", "encoding='GBK'")
    assert gd.loads(text, "xml") == sample


def test_utf16_input(sample: gd.AnnualReport) -> None:
    text = dump(sample).decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    assert gd.loads(text.encode("utf-16"), "xml") == sample


def test_reading_is_thread_safe(sample: gd.AnnualReport) -> None:
    documents = [dump(sample), dump(golden_report("features_2023"))] * 8
    reader = XmlReader()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(reader.loads, documents))
    assert all(
        r == (sample if i % 2 == 0 else golden_report("features_2023"))
        for i, r in enumerate(results)
    )


def test_unwritable_character_is_a_write_error(sample: gd.AnnualReport, tmp_path: Path) -> None:
    target = tmp_path / "report.xml"
    target.write_bytes(b"previous")
    with pytest.raises(ValueError, match="agency name contains the control character"):
        gd.Agency(name="祥云\x01镇")  # the model refuses it first
    agency = gd.Agency(name="祥云镇")
    object.__setattr__(agency, "name", "祥云\x01镇")  # as a caller bypassing the checks might
    sample.agency = agency
    with pytest.raises(gd.WriteError, match=r"agency name .*'\\x01'.*XML 1\.0"):
        gd.dump(sample, target)
    assert target.read_bytes() == b"previous"


def test_extra_row_with_an_unknown_block_is_a_write_error(sample: gd.AnnualReport) -> None:
    sample.proactive.extra_rows.append(gd.ExtraRow(label="x", values=(1,), block="article99"))
    with pytest.raises(gd.WriteError, match="article99"):
        dump(sample)


# -- the schemas -------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_shipped_xsd_is_current(edition: str) -> None:
    path = govxml.xml_schema_path(edition)
    assert path.name == f"report-{edition}.xsd"
    assert path.read_bytes() == govxml.build_xsd(edition), (
        "the shipped XSD is stale: run python tools/genschemas.py"
    )


def test_schema_tool_check_passes() -> None:
    tool = load_module(ROOT / "tools" / "genschemas.py")
    assert tool.main(["--check"]) == 0


def test_xsd_documents_the_official_labels() -> None:
    xsd = govxml.build_xsd("2021").decode()
    assert "三、本年度办理结果 / （六）其他处理 / 3.其他" in xsd
    assert 'name="other_other"' in xsd
    assert 'name="other_other"' not in govxml.build_xsd("2019").decode()


def test_forwarded_from_the_registry() -> None:
    assert gd.formats.XML_NAMESPACE == XML_NAMESPACE
    assert isinstance(gd.formats.xml_schema("2019"), etree.XMLSchema)


def _broken(sample: gd.AnnualReport, old: bytes, new: bytes) -> bytes:
    data = dump(sample)
    assert old in data
    return data.replace(old, new, 1)


def _line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


BROKEN = {
    "wrong edition's row": (
        b"<other_processing>",
        b"<other_no_correction>",
        "Element 'other_no_correction': This element is not expected",
    ),
    "negative count": (
        b"<decisions>12</decisions>",
        b"<decisions>-12</decisions>",
        "'-12' is not a valid value of the atomic type 'Count'",
    ),
    "missing table": (b"<reviews>", b"<reviews_gone>", "Element 'reviews_gone'"),
    "text in a count": (b"<previous_items>58<", "<previous_items>五十八<".encode(), "'五十八'"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_schema_rejects_hand_broken_documents(sample: gd.AnnualReport, case: str) -> None:
    old, new, message = BROKEN[case]
    if case == "wrong edition's row":
        data = _broken(sample, b"</other_processing>", b"</other_no_correction>")
        data = data.replace(old, new, 1)
    elif case == "missing table":
        data = _broken(sample, b"</reviews>", b"</reviews_gone>").replace(old, new, 1)
    else:
        data = _broken(sample, old, new)
    schema = govxml.xml_schema("2019")
    assert not schema.validate(etree.fromstring(data))
    with pytest.raises(gd.ReadError) as caught:
        gd.loads(data, "xml", source="broken.xml")
    error = caught.value
    assert error.source == "broken.xml"
    assert error.line == _line_of(data, new)
    assert "does not conform to the XSD of edition 2019" in str(error)
    assert message in str(error)
    assert "{urn:" not in str(error)  # the namespace is left out of messages


def test_lenient_reading_notes_schema_problems(sample: gd.AnnualReport) -> None:
    data = _broken(sample, b"<decisions>12</decisions>", b"<decisions>-12</decisions>")
    report = gd.loads(data, "xml", strict=False)
    assert report.source is not None
    codes = [(n.code, n.location.path) for n in report.source.notes]
    assert codes == [("read.schema", "proactive[administrative_licensing][decisions]")]
    note = report.source.notes[0]
    assert note.severity is gd.Severity.ERROR
    assert note.location.position is not None
    assert note.location.position.line == _line_of(data, b"<decisions>-12")
    # the cell is left blank; everything else is read
    assert report.proactive["administrative_licensing", "decisions"] is None
    assert report.proactive["other_external_services", "decisions"] == 869
    assert report.overview == sample.overview
    # notes go into validation results
    assert "read.schema" in {i.code for i in report.validate()}


@pytest.mark.parametrize(
    ("cell", "value", "noted"),
    [
        (b"<made></made>", None, True),  # empty is not blank: not a number
        (b'<made xsi:nil="true">5</made>', None, True),  # nil wins over the text
        (b"<made>1<made/>2</made>", 12, True),  # the text of the whole element
        (b"<made> 7 </made>", 7, False),
        (b"<made>\xef\xbc\x97</made>", None, True),  # a full-width digit is not a count
    ],
)
def test_lenient_reading_of_odd_cells(
    sample: gd.AnnualReport, cell: bytes, value: int | None, noted: bool
) -> None:
    # Rows as the writer writes them are read in one step; a row with any odd cell is read
    # cell by cell, with the same result as if every row were.
    data = _broken(sample, b"<made>0</made>", cell)
    report = gd.loads(data, "xml", strict=False)
    assert report.proactive["rules", "made"] == value
    assert report.proactive["rules", "published"] == 0  # the rest of the row is read
    assert report.source is not None
    paths = [n.location.path for n in report.source.notes]
    assert paths == (["proactive[rules][made]"] if noted else [])
    position = report.source.positions["proactive[rules][made]"]
    assert position.line == _line_of(data, cell)


def test_lenient_reading_of_a_missing_table_and_an_unknown_row(sample: gd.AnnualReport) -> None:
    data = dump(sample)
    start, end = data.index(b"  <reviews>"), data.index(b"</reviews>") + len(b"</reviews>\n")
    data = data[:start] + data[end:]
    data = data.replace(b"<other_processing>", b"<other_no_correction>", 1)
    data = data.replace(b"</other_processing>", b"</other_no_correction>", 1)
    report = gd.loads(data, "xml", strict=False)
    assert report.source is not None
    paths = {n.location.path for n in report.source.notes}
    assert "applications[other_no_correction]" in paths
    assert report.reviews.is_blank
    assert report.applications["other_processing", "total"] is None
    assert report.applications["granted", "total"] == 0
    assert all(n.code == "read.schema" for n in report.source.notes)


def test_lenient_reading_of_bad_values() -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2022)
    report.overview.add_paragraph("正文")
    data = dump(report).replace(
        b"<overview>\n    <p>", b"<overview>\n    <p>\xe3\x80\x80</p><p>", 1
    )
    back = gd.loads(data, "xml", strict=False)
    assert back.overview.content == [gd.Paragraph(text="正文")]
    assert back.source is not None
    assert [n.location.path for n in back.source.notes] == ["section[overview]"]
    with pytest.raises(gd.ReadError, match="must not be empty"):
        gd.loads(data, "xml")


# -- bad input -------------------------------------------------------------------------------


def _bad(data: bytes | str) -> gd.ReadError:
    with pytest.raises(gd.ReadError) as caught:
        gd.loads(data, "xml", source="bad.xml")
    assert caught.value.source == "bad.xml"
    assert isinstance(caught.value, ValueError)
    return caught.value


def test_not_xml() -> None:
    error = _bad(b"this is not XML\n")
    assert error.line == 1
    assert "not well-formed XML" in str(error)


def test_empty_input() -> None:
    assert "XML" in str(_bad(b""))


def test_truncated_xml(sample: gd.AnnualReport) -> None:
    data = dump(sample)
    cut = data[: len(data) // 2]
    error = _bad(cut)
    assert error.line == cut.count(b"\n") + 1 or error.line == cut.count(b"\n")
    assert "not well-formed XML" in str(error)


def test_wrong_root_element() -> None:
    error = _bad(b'<?xml version="1.0"?>\n<html><body/></html>')
    assert error.line == 2
    assert "expected the root element {urn:govdisclosure:report:1}report, found 'html'" in str(
        error
    )


def test_root_without_namespace() -> None:
    assert "found 'report'" in str(_bad(b'<report edition="2019" year="2020"/>'))


def test_other_version_of_the_vocabulary() -> None:
    error = _bad(b'<report xmlns="urn:govdisclosure:report:2" edition="2019" year="2020"/>')
    assert "version '2' of the report vocabulary is not supported" in str(error)


@pytest.mark.parametrize(
    ("attribute", "message"),
    [('edition="2030"', "unknown edition '2030'; known editions: 2019, 2021"), ("", "no edition")],
)
def test_unknown_edition(sample: gd.AnnualReport, attribute: str, message: str) -> None:
    data = dump(sample).replace(b'edition="2019"', attribute.encode(), 1)
    error = _bad(data)
    assert message in str(error)
    assert error.line == 2


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


@pytest.mark.parametrize(
    "document",
    [
        BILLION_LAUGHS + '<report xmlns="urn:govdisclosure:report:1">&lol9;</report>',
        BILLION_LAUGHS + '<report xmlns="urn:govdisclosure:report:1" edition="&lol9;"/>',
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e "2019">]>\n'
        '<report xmlns="urn:govdisclosure:report:1" edition="&e;"/>',
    ],
    ids=["billion-laughs-text", "billion-laughs-attribute", "internal-entity"],
)
def test_entity_declarations_are_refused(document: str) -> None:
    error = _bad(document.encode())
    assert "DOCTYPE declaration is not allowed" in str(error)
    assert error.line == 2


def test_doctype_in_utf16_is_refused() -> None:
    document = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE r [<!ENTITY e "x">]>\n'
        '<report xmlns="urn:govdisclosure:report:1" edition="2019" year="2020"/>'
    )
    error = _bad(document.encode("utf-16"))
    assert "DOCTYPE declaration is not allowed" in str(error)
    assert error.line == 2


def test_doctype_the_scan_misses_is_refused_after_parsing() -> None:
    # A comment holding '<x' ends the prolog scan early; the parsed tree still shows the DOCTYPE.
    document = (
        '<?xml version="1.0"?>\n<!-- <x> -->\n<!DOCTYPE r [<!ENTITY e "x">]>\n'
        '<report xmlns="urn:govdisclosure:report:1" edition="2019" year="2020"/>'
    )
    assert "DOCTYPE declaration is not allowed" in str(_bad(document.encode()))


def test_external_file_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", "utf-8")
    document = (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<report xmlns="urn:govdisclosure:report:1" edition="2019" year="2020">'
        "<agency><name>&xxe;</name></agency></report>"
    )
    error = _bad(document.encode())
    assert "TOP-SECRET-CONTENT" not in str(error)
    assert "DOCTYPE" in str(error)


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY remote "FETCHED">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        # The server answers (so an empty request log below means nobody asked).
        with urllib.request.urlopen(f"{url}/ping", timeout=10) as response:
            assert b"FETCHED" in response.read()
        assert requests == ["/ping"]
        requests.clear()
        yield url, requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE report SYSTEM "{url}/report.dtd">',
        '<!DOCTYPE r [<!ENTITY % ext SYSTEM "{url}/ext.dtd"> %ext;]>',
        '<!DOCTYPE r [<!ENTITY xxe SYSTEM "{url}/xxe">]>',
    ],
    ids=["external-dtd", "parameter-entity", "external-entity"],
)
def test_network_is_never_touched(http_server: tuple[str, list[str]], template: str) -> None:
    url, requests = http_server
    document = (
        '<?xml version="1.0"?>\n'
        + template.format(url=url)
        + '\n<report xmlns="urn:govdisclosure:report:1" edition="2019" year="2020">'
        "<agency><name>&xxe;</name></agency></report>"
    )
    for data in (document.encode(), document.encode("utf-16")):
        with pytest.raises(gd.ReadError):
            gd.loads(data, "xml")
        with pytest.raises(gd.ReadError):
            gd.loads(data, "xml", strict=False)
    # the parser itself, without the DOCTYPE scan in front of it, fetches nothing either
    try:
        tree = etree.fromstring(document.encode(), govxml._hardened_parser())
    except etree.XMLSyntaxError:
        pass
    else:
        assert "FETCHED" not in etree.tostring(tree, encoding="unicode")
    assert requests == []


def test_deep_nesting_is_a_read_error() -> None:
    document = b'<report xmlns="urn:govdisclosure:report:1">' + b"<a>" * 100_000
    assert "not well-formed XML" in str(_bad(document))


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_blank_and_full_reports_of_each_edition_validate(edition: str) -> None:
    blank = gd.AnnualReport.blank(agency="甲", year=EDITIONS[edition].first_year)
    full = golden_report("features_2023" if edition == "2021" else "xiangyun_2020")
    schema = govxml.xml_schema(edition)
    for report in (blank, full):
        assert report.edition.key == edition
        assert schema.validate(etree.fromstring(dump(report))), schema.error_log.last_error


def test_a_new_edition_is_a_data_change() -> None:
    # An edition that adds a row to table 四: its XSD follows, with no code to change.
    base = EDITIONS["2021"]
    block = base.reviews.blocks[0]
    reviews = attrs.evolve(
        base.reviews,
        blocks=(attrs.evolve(block, rows=(*block.rows, Row(key="mediation", label="调解"))),),
    )
    edition = attrs.evolve(base, key="2031", reviews=reviews)
    report = gd.AnnualReport.blank(agency="甲", year=2031, edition=edition)
    report.reviews["mediation", "upheld"] = 2
    data = XmlWriter().dumps(report)
    assert b"<mediation>" in data
    schema = etree.XMLSchema(etree.fromstring(govxml.build_xsd(edition)))
    assert schema.validate(etree.fromstring(data)), schema.error_log.last_error
    assert not govxml.xml_schema("2021").validate(etree.fromstring(data))
