"""Text copied out of a PDF (a viewer's selection, ``pdftotext``): wrapped labels with their
numbers on the next line, group labels cut into pieces, page footers, a two-line title."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest

import govdisclosure as gd
from govdisclosure.editions import ValueKind
from govdisclosure.formats.realtext import read_text
from layouts import wrapped
from support import corpus_path, expected_values


def filled(year: int) -> gd.AnnualReport:
    """A report of ``year`` whose every cell holds a different value (so no misplacement
    goes unseen)."""
    report = gd.AnnualReport.blank(agency="淮安市人民政府", year=year)
    for table in report.tables:
        for n, (row, column) in enumerate(table.spec.cells, 1):
            kind = table.kind(row, column)
            table[row, column] = Decimal(n) / 4 if kind is ValueKind.MONEY else n * 7
    return report


def misplaced(a: gd.AnnualReport, b: gd.AnnualReport) -> list[tuple[str, tuple[str, str]]]:
    return [(t.key, k) for t in a.tables for k, v in t.items() if b.table(t.key)[k] != v]


def codes(report: gd.AnnualReport) -> list[str]:
    assert report.source is not None
    return [n.code for n in report.source.notes]


@pytest.mark.parametrize("year", [2020, 2024])
@pytest.mark.parametrize("width", [10, 14, 20])
@pytest.mark.parametrize("centred", [False, True], ids=["numbers-below", "numbers-centred"])
def test_wrapped_labels_are_joined_with_their_numbers(year: int, width: int, centred: bool) -> None:
    report = filled(year)
    back = read_text(wrapped(report, width=width, centred=centred), source="copy.txt")
    assert misplaced(report, back) == []
    assert back.edition == report.edition
    assert "read.unplaced_values" not in codes(back)


@pytest.mark.parametrize("year", [2020, 2024])
def test_a_title_over_two_lines_names_the_agency(year: int) -> None:
    back = read_text(wrapped(filled(year)), source="copy.txt")
    assert back.agency.name == "淮安市人民政府"
    assert back.year == year
    assert "read.agency_unknown" not in codes(back)


def test_pdfplumber_text_of_the_huaian_pdf_gives_it() -> None:
    pdfplumber = pytest.importorskip("pdfplumber", reason="the pdf extra is not installed")
    with pdfplumber.open(corpus_path("2024_huaian-szf.pdf")) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    report = read_text(text, source="huaian.txt")
    # Not read (left blank, A7 says so): the two rows of （六） whose numbers stand on the
    # middle line of a three-line label, between pieces of the group label 其他处理.
    unread = {"other_no_correction", "other_unpaid_fee"}
    assert {(t, r) for t, r, *_ in _wrong(report)} == {("applications", r) for r in unread}
    assert all(v is None for r in unread for v in report.applications.row(r).values())


def test_page_footers_are_not_values() -> None:
    back = read_text(wrapped(filled(2024), footer_every=3), source="copy.txt")
    assert "read.unplaced_values" not in codes(back)
    assert misplaced(filled(2024), back) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
@pytest.mark.parametrize("mode", ["-raw"])  # -layout interleaves the label pieces with the numbers
def test_huaian_pdf_as_pdftotext_gives_it(mode: str) -> None:
    path = corpus_path("2024_huaian-szf.pdf")
    text = subprocess.run(
        ["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    report = read_text(text, source="huaian.txt")
    assert _wrong(report) == []
    assert report.agency.name == "淮安市人民政府"


def _wrong(report: gd.AnnualReport) -> list[tuple[str, str, str, object, object]]:
    """The cells of the Huai'an report's expected values that ``report`` does not hold."""
    expected = expected_values("2024_huaian-szf")
    wrong = []
    for table in ("proactive", "applications", "reviews"):
        for row, columns in expected[table].items():
            for column, value in columns.items():
                want = Decimal(value) if isinstance(value, str) else value
                got = report.table(table)[row, column]
                if got != want:
                    wrong.append((table, row, column, want, got))
    return wrong
