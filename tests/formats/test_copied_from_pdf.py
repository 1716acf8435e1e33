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
def test_wrapped_labels_are_joined_with_the_numbers_below(year: int, width: int) -> None:
    report = filled(year)
    back = read_text(wrapped(report, width=width), source="copy.txt")
    assert misplaced(report, back) == []
    assert back.edition == report.edition
    assert "read.unplaced_values" not in codes(back)


@pytest.mark.parametrize("year", [2020, 2024])
def test_a_title_over_two_lines_names_the_agency(year: int) -> None:
    back = read_text(wrapped(filled(year)), source="copy.txt")
    assert back.agency.name == "淮安市人民政府"
    assert back.year == year
    assert "read.agency_unknown" not in codes(back)


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
    expected = expected_values("2024_huaian-szf")
    wrong = []
    for table in ("proactive", "applications", "reviews"):
        for row, columns in expected[table].items():
            for column, value in columns.items():
                want = Decimal(value) if isinstance(value, str) else value
                if report.table(table)[row, column] != want:
                    wrong.append((table, row, column, want, report.table(table)[row, column]))
    assert wrong == []
    assert report.agency.name == "淮安市人民政府"
