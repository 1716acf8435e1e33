"""PdfReader: the real Huai'an report, bad input, limits, scans, the optional extra."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pdfplumber", reason="the pdf extra is not installed")

import govdisclosure as gd
import pdfdraw as d
from govdisclosure.editions import get_edition
from govdisclosure.errors import MissingDependencyError, ReadError
from govdisclosure.formats import get_format
from govdisclosure.formats._source import SourceDocument, SourceParagraph, SourceTable
from govdisclosure.formats.pdf import PdfReader
from govdisclosure.formats.pdf._guard import check_streams
from support import corpus_path, expected_values, sample_report

HUAIAN = "2024_huaian-szf"


@pytest.fixture(scope="module")
def huaian() -> SourceDocument:
    data = corpus_path(f"{HUAIAN}.pdf").read_bytes()
    return PdfReader().extract(data, source=f"{HUAIAN}.pdf")


def numbers(table: SourceTable) -> list[str]:
    return [c.text for row in table.rows for c in row if d_number(c.text)]


def d_number(text: str) -> bool:
    return text.replace(".", "", 1).isdigit()


def latin_pages(count: int) -> list[list[d.Item]]:
    return [
        [d.Text(d.LEFT, 100, f"Page {n} body text", font="Helvetica"), d.footer(n)]
        for n in range(1, count + 1)
    ]


# -- the real report ------------------------------------------------------------------------------


def test_huaian_tables_hold_every_expected_value_in_order(huaian: SourceDocument) -> None:
    """Each table's numbers, read in document order, are the hand-checked values in the
    edition's row and column order: nothing lost, split or doubled at the page breaks."""
    expected = expected_values(HUAIAN)
    edition = get_edition(expected["edition"])
    proactive, applications, reviews = [b for b in huaian.blocks if isinstance(b, SourceTable)]
    for table, spec in zip((proactive, applications, reviews), edition.tables, strict=True):
        want = [
            str(expected[spec.key][row][column])
            for row, column in spec.cells
            if expected[spec.key].get(row, {}).get(column) is not None
        ]
        assert numbers(table) == want, spec.key


def test_huaian_table_positions_name_the_page(huaian: SourceDocument) -> None:
    tables = [b for b in huaian.blocks if isinstance(b, SourceTable)]
    assert [t.position.page if t.position else None for t in tables] == [3, 4, 5]
    applications = tables[1]
    pages = [c.position.page for row in applications.rows for c in row if c.position]
    assert set(pages) == {4, 5}
    # （四）无法提供 is printed “（四）无” on page 4 and “法提供” on page 5.
    group = get_edition("2021").applications.group("unavailable")
    assert group is not None
    [cell] = [c for row in applications.rows for c in row if c.text == group.label]
    assert (cell.rowspan, cell.position.page if cell.position else None) == (3, 4)


def test_huaian_narrative_has_the_six_headings_and_no_page_numbers(
    huaian: SourceDocument,
) -> None:
    paragraphs = [b for b in huaian.blocks if isinstance(b, SourceParagraph)]
    headings = [s.heading for s in get_edition("2021").sections]
    assert [p.text for p in paragraphs if p.text in headings] == headings
    assert not any(p.text.strip("- ").isdigit() for p in paragraphs)
    assert paragraphs[0].role == "title"
    assert paragraphs[0].text == "淮安市人民政府2024年政府信息公开工作年度报告"
    # A paragraph that runs over the break between pages 1 and 2 is read whole.
    assert any("建设‘四最’一流营商环境高质量推进产业发展" in p.text for p in paragraphs)


# -- bad input ------------------------------------------------------------------------------------


def test_text_is_refused() -> None:
    with pytest.raises(ReadError, match="give bytes"):
        PdfReader().extract("%PDF-1.7", source="x.pdf")


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not a pdf", b"<html></html>" * 200])
def test_not_a_pdf(data: bytes) -> None:
    with pytest.raises(ReadError, match="not a PDF") as caught:
        PdfReader().extract(data, source="x.pdf")
    assert caught.value.source == "x.pdf"


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.9])
def test_truncated_pdf(fraction: float) -> None:
    data = d.make_pdf(latin_pages(2))
    with pytest.raises(ReadError, match="damaged or truncated"):
        PdfReader().extract(data[: int(len(data) * fraction)], source="cut.pdf")


def test_encrypted_pdf_needs_its_password() -> None:
    data = d.make_pdf(latin_pages(1), user_password="secret")
    with pytest.raises(ReadError, match=r"password; give it with PdfReader\(password=") as caught:
        PdfReader().extract(data, source="locked.pdf")
    assert caught.value.source == "locked.pdf"
    with pytest.raises(ReadError, match="password given is wrong"):
        PdfReader(password="guess").extract(data)
    reader = PdfReader(password="secret")
    assert "secret" not in repr(reader)
    doc = reader.extract(data)
    assert [b.text for b in doc.blocks if isinstance(b, SourceParagraph)] == ["Page 1 body text"]


def test_owner_protected_pdf_opens_without_a_password() -> None:
    data = d.make_pdf(latin_pages(1), owner_password="owner-only")
    doc = PdfReader().extract(data)
    assert [b.text for b in doc.blocks if isinstance(b, SourceParagraph)] == ["Page 1 body text"]


def test_page_limit() -> None:
    data = d.make_pdf(latin_pages(3))
    with pytest.raises(ReadError, match=r"3 pages or more, over the limit of 2 .*max_pages"):
        PdfReader(max_pages=2).extract(data, source="long.pdf")
    [paragraph] = PdfReader(max_pages=3).extract(data).blocks
    assert isinstance(paragraph, SourceParagraph)
    assert paragraph.text.endswith("Page 3 body text")


def test_declared_page_count_is_checked_before_the_page_tree_is_walked() -> None:
    data = d.raw_pdf([(b"", d.text_content("Only page"))]).replace(b"/Count 1", b"/Count 9999999")
    with pytest.raises(ReadError, match="9999999 pages or more, over the limit of 500"):
        PdfReader().extract(data, source="claims.pdf")


@pytest.mark.parametrize("option", ["max_pages", "max_page_bytes"])
@pytest.mark.parametrize("bad", [0, -1, True, 2.5])
def test_limits_must_be_positive_ints(option: str, bad: object) -> None:
    with pytest.raises(ValueError, match=option):
        PdfReader(**{option: bad})  # type: ignore[arg-type]


def test_page_over_the_content_limit_is_skipped_with_a_note() -> None:
    pages = latin_pages(2)
    pages[1] = [
        *pages[1],
        *(d.Text(d.LEFT, 120 + 20 * k, "x" * 60, font="Helvetica") for k in range(20)),
    ]
    data = d.make_pdf(pages)
    reader = PdfReader(max_page_bytes=1500)
    doc, notes = reader._extract(data, "big.pdf")
    assert [b.text for b in doc.blocks if isinstance(b, SourceParagraph)] == ["Page 1 body text"]
    assert [(n.code, n.location.position.page if n.location.position else None) for n in notes] == [
        ("read.pdf_page_too_large", 2)
    ]
    with pytest.raises(ReadError, match="max_page_bytes"):
        PdfReader(max_page_bytes=10).extract(data)


def test_scanned_pdf_says_ocr_is_needed() -> None:
    data = d.make_pdf([[d.Image(40, 40, 555, 800)], [d.Image(40, 40, 555, 800)]])
    with pytest.raises(ReadError, match=r"no text layer.*needs OCR") as caught:
        PdfReader().extract(data, source="scan.pdf")
    assert caught.value.source == "scan.pdf"


def test_a_scanned_page_among_text_pages_is_noted() -> None:
    pages = latin_pages(2)
    pages.insert(1, [d.Image(40, 40, 555, 800)])
    _, notes = PdfReader()._extract(d.make_pdf(pages), "mixed.pdf")
    assert [(n.code, n.location.position.page if n.location.position else None) for n in notes] == [
        ("read.pdf_no_text", 2)
    ]


def test_empty_pages_have_no_text() -> None:
    with pytest.raises(ReadError, match="has no text"):
        PdfReader().extract(d.make_pdf([[], []]))


def test_compressed_stream_bomb_is_refused_before_parsing() -> None:
    # A page whose content stream inflates to 65 MiB from about 65 KiB.
    inflater = zlib.compressobj(9)
    bomb = b"".join(inflater.compress(b" " * (1 << 20)) for _ in range(65)) + inflater.flush()
    data = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\n"
        b"endobj\n4 0 obj\n<< /Length "
        + str(len(bomb)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + bomb
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    with pytest.raises(ReadError, match="inflates to more than") as caught:
        PdfReader().extract(data, source="bomb.pdf")
    assert caught.value.place is not None
    assert caught.value.place.startswith("byte ")
    check_streams(data, None, max_stream_bytes=100 << 20)  # under a higher limit it passes


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m.startswith("govdisclosure.formats.pdf")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(MissingDependencyError, match=r"govdisclosure\[pdf\]") as caught:
        get_format("pdf").reader_class()
    assert caught.value.extra == "pdf"


# -- whole reports --------------------------------------------------------------------------------


def test_huaian_report_reads_every_expected_cell(tmp_path: Path) -> None:
    path = corpus_path(f"{HUAIAN}.pdf")
    expected = expected_values(HUAIAN)
    report = gd.load(path)
    assert (report.year, report.edition.key) == (expected["year"], expected["edition"])
    assert expected["agency"].startswith(report.agency.name)
    for table in report.tables:
        for row, columns in expected[table.key].items():
            for column, value in columns.items():
                want = None if value is None else table.spec.kinds[row, column]
                got = table[row, column]
                if value is None:
                    assert got is None, (table.key, row, column)
                else:
                    assert str(got) == str(value), (table.key, row, column, want)
    assert report.source is not None
    assert report.source.format == "pdf"
    position = report.source.positions["applications[unavailable_needs_creation][total]"]
    assert (position.page, position.table) == (5, 2)
    assert [n.code for n in report.source.notes] == ["read.pdf_cell_across_pages"]
    headings = [s.key for s in report.edition.sections if report.section(s.key).content]
    assert headings == ["overview", "problems", "other_matters"]


def test_validation_quotes_the_page_of_a_value() -> None:
    report = gd.load(corpus_path(f"{HUAIAN}.pdf"))
    report.applications["carried_forward", "natural_person"] = 104
    issues = [i for i in gd.validate(report).issues if i.code == "A3.row_total"]
    assert [i.location.path for i in issues] == ["applications[carried_forward][total]"]
    position = issues[0].location.position
    assert position is not None
    assert (position.page, position.table, position.row) == (5, 2, 28)
    assert "page 5, table 2, row 28" in str(issues[0])


@pytest.mark.parametrize("lines_before", [0, 3, 5, 10])
def test_report_printed_to_pdf_reads_back(lines_before: int) -> None:
    """The sample report drawn as agencies print it (two-line title, page numbers, table 三
    broken over pages at different rows with its header repeated) reads back whole."""
    report = sample_report()
    data = d.report_pdf(report, before_applications=lines_before)
    back = gd.loads(data, format="pdf", source="xiangyun.pdf")
    assert (back.agency.name, back.year, back.edition) == (
        report.agency.name,
        report.year,
        report.edition,
    )
    assert [t.values for t in back.tables] == [t.values for t in report.tables]
    assert [c.text for c in back.preamble] == [c.text for c in report.preamble]
    for spec in report.edition.sections:
        assert back.section(spec.key).content == report.section(spec.key).content, spec.key
    assert not [i for i in gd.validate(back).issues if i.code.startswith("A")]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.none() | st.integers(0, 10**7), min_size=200, max_size=200),
    lines_before=st.integers(0, 14),
)
def test_any_table_values_survive_any_page_break(
    values: list[int | None], lines_before: int
) -> None:
    report = sample_report()
    cells = report.applications.spec.cells
    for (row, column), value in zip(cells, values, strict=False):
        report.applications[row, column] = value
    back = gd.loads(d.report_pdf(report, before_applications=lines_before), format="pdf")
    assert back.applications.values == report.applications.values


def test_pdf_from_the_library_docx_via_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    report = sample_report()
    gd.dump(report, tmp_path / "report.docx")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "report.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    back = gd.load(tmp_path / "report.pdf")
    assert [t.values for t in back.tables] == [t.values for t in report.tables]
    assert (back.agency.name, back.year, back.edition) == (
        report.agency.name,
        report.year,
        report.edition,
    )
    for spec in report.edition.sections:
        assert back.section(spec.key).content == report.section(spec.key).content, spec.key


def test_a_damaged_page_is_skipped_with_a_note() -> None:
    damaged = zlib.compress(d.text_content("Page two"))
    data = d.raw_pdf(
        [
            (b"", d.text_content("Page one")),
            (b"/Filter /FlateDecode /DecodeParms << /Predictor 3 >>", damaged),
            (b"", d.text_content("Page three")),
        ]
    )
    doc, notes = PdfReader()._extract(data, "damaged.pdf")
    assert [b.text for b in doc.blocks] == ["Page one Page three"]
    assert [(n.code, n.location.position.page if n.location.position else None) for n in notes] == [
        ("read.pdf_page_unreadable", 2)
    ]
    assert "predictor" in str(notes[0].actual)
    only_damaged = d.raw_pdf([(b"/Filter /FlateDecode /DecodeParms << /Predictor 3 >>", damaged)])
    with pytest.raises(ReadError, match="no page could be read") as caught:
        PdfReader().extract(only_damaged, source="damaged.pdf")
    assert caught.value.place == "page 1"


@functools.cache
def _base_pdf() -> bytes:
    cells = (d.Cell(0, 0, "规章"), d.Cell(0, 1, "1"), d.Cell(1, 0, "行政许可"), d.Cell(1, 1, "2"))
    grid = d.Grid(80, 300, (100.0, 100.0), (20.0, 20.0), cells)
    return d.make_pdf([[*d.paragraph("测试文字，" * 10, 100), grid]])


@settings(max_examples=60, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.floats(0, 1),
            st.sampled_from(["set", "cut", "insert"]),
            st.binary(min_size=1, max_size=20),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_damaged_bytes_give_a_document_or_a_read_error(
    edits: list[tuple[float, str, bytes]],
) -> None:
    data = bytearray(_base_pdf())
    for where, op, chunk in edits:
        k = int(where * (len(data) - 1))
        if op == "set":
            data[k : k + len(chunk)] = chunk
        elif op == "cut":
            del data[k : k + len(chunk) * 3]
        else:
            data[k:k] = chunk
    error: ReadError | None = None
    try:
        doc = PdfReader().extract(bytes(data), source="fuzzed.pdf")
    except ReadError as exc:
        error = exc
    if error is not None:
        assert error.source == "fuzzed.pdf"
        assert len(str(error)) < 400
    else:
        assert doc.format == "pdf"
