"""Every limit a reader applies can be changed by the caller (issue 8): set low, it refuses (or
notes) what the default lets through; set to nonsense, the reader is not made."""

from __future__ import annotations

import pytest

import govdisclosure as gd
from govdisclosure.formats._recognize import MAX_SPLIT_STEPS
from govdisclosure.formats._source import MAX_GRID_CELLS
from govdisclosure.formats.plaintext import TextReader
from govdisclosure.formats.webpage import HtmlReader, HtmlWriter
from support import corpus_path, sample_report


def test_html_grid_cells_are_adjustable() -> None:
    page = HtmlWriter().dumps(sample_report())
    assert HtmlReader().loads(page).applications["granted", "natural_person"] is not None
    with pytest.raises(gd.ReadError, match="more than 50 grid cells"):
        HtmlReader(max_grid_cells=50).loads(page, source="page.html")


def test_docx_grid_cells_are_adjustable() -> None:
    from govdisclosure.formats.word import DocxReader, DocxWriter

    data = DocxWriter().dumps(sample_report())
    assert DocxReader().loads(data).reviews["administrative_review", "total"] == 0
    with pytest.raises(gd.ReadError, match="more than 50 grid cells"):
        DocxReader(max_grid_cells=50).loads(data, source="report.docx")


def test_copied_text_limits_pass_through_the_text_reader() -> None:
    report = gd.AnnualReport.blank(agency="甲镇", year=2021)
    spec = report.applications.spec
    lines = [report.display_title, report.edition.sections[2].heading]
    lines += [f"{row.label}\t{'12' * 6}{n}" for n, row in enumerate(spec.rows)]
    text = "\n".join(lines)

    def spent(reader: TextReader) -> int:
        notes = reader.loads(text).source.notes  # type: ignore[union-attr]
        return sum("search steps for run-together numbers is spent" in n.message for n in notes)

    assert spent(TextReader()) == 0
    assert spent(TextReader(max_split_steps=1)) == len(spec.rows) - 1  # the first row searched
    with pytest.raises(gd.ReadError, match="grid cells"):
        TextReader(max_grid_cells=5).loads(text)


@pytest.mark.parametrize("name", ["max_grid_cells", "max_split_steps"])
@pytest.mark.parametrize("value", [0, -1, 1.5, "10"])
def test_nonsense_limits_are_refused(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=name):
        HtmlReader(**{name: value})  # type: ignore[arg-type]


def test_the_defaults_are_the_named_constants() -> None:
    reader = HtmlReader()
    assert (reader.max_grid_cells, reader.max_split_steps) == (MAX_GRID_CELLS, MAX_SPLIT_STEPS)


def test_pdf_stream_and_object_limits_are_adjustable() -> None:
    pytest.importorskip("pdfplumber", reason="the pdf extra (pdfplumber) is not installed")
    from govdisclosure.formats.pdf import PdfReader

    data = corpus_path("2024_huaian-szf.pdf").read_bytes()
    with pytest.raises(gd.ReadError, match="objects"):
        PdfReader(max_objects=10).loads(data, source="huaian.pdf")
    with pytest.raises(gd.ReadError, match="stream"):
        PdfReader(max_stream_bytes=100).loads(data, source="huaian.pdf")
    with pytest.raises(gd.ReadError, match="stream"):
        PdfReader(max_total_stream_bytes=1000).loads(data, source="huaian.pdf")
    with pytest.raises(ValueError, match="max_objects"):
        PdfReader(max_objects=0)
