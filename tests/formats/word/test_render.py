"""Rendering checks with LibreOffice: the sample DOCX prints as a document, and DOCX that
LibreOffice makes from the corpus's HTML and text reports read to their hand-checked values.

Skipped where LibreOffice (``soffice``) or poppler's ``pdftotext`` is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from support import corpus_path, expected_values

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: the rendering checks convert DOCX with it"
    " (Debian: apt-get install libreoffice-writer-nogui poppler-utils)",
)


def _soffice(tmp_path: Path, source: Path, target: str, *extra: str) -> Path:
    """Convert ``source`` with a private LibreOffice profile; the converted file's path."""
    assert SOFFICE is not None
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            *extra,
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    converted = out / f"{source.stem}.{target.partition(':')[0]}"
    assert converted.exists(), f"LibreOffice wrote no {converted.name}"
    return converted


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def _pdf_text(pdf: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("poppler's pdftotext is not installed: cannot read the PDF's text")
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return re.sub(r"\s+", "", result.stdout.decode("utf-8"))


def test_sample_renders_as_a_printed_report(sample: gd.AnnualReport, tmp_path: Path) -> None:
    path = tmp_path / "xiangyun_2020.docx"
    gd.dump(sample, path)
    pdf = _soffice(tmp_path, path, "pdf")
    data = pdf.read_bytes()
    assert 3 <= _pages(data) <= 6
    text = _pdf_text(pdf)
    assert "祥云镇2020年政府信息公开工作年度报告" in text
    for label in (
        "一、总体情况",
        "第二十条第（一）项",
        "申请人情况",
        "四、结转下年度继续办理",
        "行政复议",
        "未经复议直接起诉",
        "六、其他需要报告的事项",
    ):
        assert label in text, label
    # Page numbers print as "— N —" in the footer.
    assert "—1—" in text
    assert "—2—" in text


def test_both_editions_render_with_their_tables(tmp_path: Path) -> None:
    for year in (2020, 2023):
        report = gd.AnnualReport.blank(agency="某某县人民政府", year=year)
        path = tmp_path / f"blank_{year}.docx"
        gd.dump(report, path)
        text = _pdf_text(_soffice(tmp_path, path, "pdf"))
        for spec in report.edition.proactive.blocks:
            assert str(spec.label) in text
        assert "申请人情况" in text


def _expected_cells(stem: str) -> dict[str, dict[tuple[str, str], Any]]:
    from docx_foreign import expected_cells

    return expected_cells(expected_values(stem))


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("2019_shanghai-szfbgt.html", ("--infilter=HTML (StarWriter)",)),
        ("2020_wenxian-xiangyunzhen.txt", ("--infilter=Text (encoded):UTF8",)),
    ],
)
def test_corpus_converted_to_docx_by_libreoffice(
    name: str, options: tuple[str, ...], tmp_path: Path
) -> None:
    source = tmp_path / name
    source.write_bytes(corpus_path(name).read_bytes())
    converted = _soffice(tmp_path, source, "docx:MS Word 2007 XML", *options)
    stem = Path(name).stem
    expected = expected_values(stem)
    report = gd.load(converted, year=expected["year"])
    assert report.edition.key == expected["edition"]
    for key, cells in _expected_cells(stem).items():
        table = report.table(key)
        assert {cell: table[cell] for cell in cells} == cells, key
