"""The real published reports of ``../shared/corpus/``: every hand-checked cell read right.

Each fixture's ``expected/<stem>.json`` lists the cells that can be known for sure (``null`` =
blank, which must read as ``None``, not 0), with agency, year and edition. The PDF fixture is
issue 10's. Where a fixture's text cannot name its agency (an excerpt that says only 我局, or
names the township without its county), the test passes the agency as a hint and says so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import govdisclosure as gd
from govdisclosure.formats.realtext import read_text
from support import corpus_path, expected_values

# Excerpts whose text does not name the agency as the expected file has it: passed as hints.
AGENCY_HINTS = {
    # 我局 only; the expected file names it "岳阳市南湖新区某局".
    "excerpt_2019_yueyang-nanhu-ju": "岳阳市南湖新区某局",
    # The text names 两城镇人民政府 (and 微山县 only in the postal address), not the title.
    "excerpt_2020_weishan-liangchengzhen": "微山县两城镇人民政府",
    # 我局 only; the expected agency is marked "(inferred)" in the expected file.
    "excerpt_2023_changchun-tyjrswj": "长春市退役军人事务局 (inferred)",
}

TEXT_FIXTURES = [
    "2020_wenxian-xiangyunzhen",
    "excerpt_2019_yueyang-nanhu-ju",
    "excerpt_2020_weishan-liangchengzhen",
    "excerpt_2023_changchun-tyjrswj",
]
HTML_FIXTURES = ["2019_shanghai-szfbgt"]


def _want(value: Any) -> gd.Value:
    if value is None:
        return None
    return Decimal(value) if isinstance(value, str) else int(value)


def check_against_expected(report: gd.AnnualReport, stem: str) -> None:
    expected = expected_values(stem)
    assert report.agency.name == expected["agency"]
    assert report.year == expected["year"]
    assert report.edition.key == expected["edition"]
    wrong = []
    for table in ("proactive", "applications", "reviews"):
        for row, columns in expected.get(table, {}).items():
            for column, value in columns.items():
                got = report.table(table)[row, column]
                want = _want(value)
                if got != want or (got is None) != (want is None) or type(got) is not type(want):
                    wrong.append((table, row, column, got, want))
    assert wrong == []


@pytest.mark.parametrize("stem", TEXT_FIXTURES)
def test_text_fixture_reads_every_expected_cell(stem: str) -> None:
    path = corpus_path(f"{stem}.txt")
    hint = AGENCY_HINTS.get(stem)
    report = read_text(path.read_bytes(), source=path.name, agency=hint)
    check_against_expected(report, stem)
    assert report.source is not None
    assert report.source.format == "text"


@pytest.mark.parametrize("stem", HTML_FIXTURES)
def test_html_fixture_reads_every_expected_cell(stem: str) -> None:
    path = corpus_path(f"{stem}.html")
    report = gd.load(path)
    check_against_expected(report, stem)
    assert report.source is not None
    assert report.source.format == "html"


def test_shanghai_amount_with_unit_and_title() -> None:
    path = corpus_path("2019_shanghai-szfbgt.html")
    report = gd.load(path)
    assert report.title == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert str(report.published_on) == "2020-01-31"
    assert report.source is not None
    (note,) = [n for n in report.source.notes if n.code == "read.unit_converted"]
    assert note.location.path == "proactive[centralized_procurement][amount]"
    assert note.actual == "251000元"
    assert note.location.position is not None
    assert note.location.position.table == 1
    headings = [c.text for c in report.overview.content if isinstance(c, gd.Heading)]
    assert headings == [
        "（一）主动公开方面",
        "（二）依申请公开方面",
        "（三）政府信息管理方面",
        "（四）平台建设方面",
        "（五）监督保障方面",
    ]
    assert [c.text for c in report.other_matters.content] == ["无。"]


def test_xiangyun_text_reads_as_the_sample_report(sample: gd.AnnualReport) -> None:
    path = corpus_path("2020_wenxian-xiangyunzhen.txt")
    report = read_text(path.read_bytes(), source=path.name)
    assert report.preamble == sample.preamble
    assert report.sections == sample.sections
    for table in sample.tables:
        assert report.table(table.key) == table
    assert report.title is None
    # The outcome rows of 三 lost one cell each: settled (all zero) with one note per row.
    assert report.source is not None
    misaligned = [n for n in report.source.notes if n.code == "read.misaligned_row"]
    assert len(misaligned) == 20
    assert misaligned[0].location.position is not None
    assert str(misaligned[0].location.position) == "line 57 of 2020_wenxian-xiangyunzhen.txt"


def test_yueyang_collapsed_rows_stay_blank_with_warnings() -> None:
    path = corpus_path("excerpt_2019_yueyang-nanhu-ju.txt")
    report = read_text(path.read_bytes(), source=path.name, agency=AGENCY_HINTS[path.stem])
    assert all(v is None for v in report.applications.row("new_received").values())
    assert report.source is not None
    ambiguous = [n for n in report.source.notes if n.code == "read.ambiguous_row"]
    assert [n.location.row for n in ambiguous][:2] == ["new_received", "carried_over"]
    assert (3, 0, 0, 0, 0, 0, 3) in ambiguous[0].expected


def test_changchun_narrative_disagrees_with_the_table() -> None:
    path = corpus_path("excerpt_2023_changchun-tyjrswj.txt")
    report = read_text(path.read_bytes(), source=path.name, agency=AGENCY_HINTS[path.stem])
    (issue,) = report.validate().by_code("A10")
    assert (issue.expected, issue.actual) == (3, 2)
    assert issue.location.section == "overview"


@pytest.mark.parametrize("stem", [s for s in TEXT_FIXTURES if s.startswith("excerpt_")])
def test_excerpts_report_what_is_missing(stem: str) -> None:
    path = corpus_path(f"{stem}.txt")
    report = read_text(path.read_bytes(), source=path.name, agency=AGENCY_HINTS[stem])
    result = report.validate()
    missing = {i.location.section for i in result.by_code("A7.section_missing")}
    assert {"problems", "other_matters"} <= missing
    assert "A7.table_missing" in result.codes()  # table 四 never came


def test_load_reaches_the_text_reader_when_the_text_format_exists() -> None:
    pytest.importorskip(
        "govdisclosure.formats.plaintext", reason="the text format is not merged yet"
    )
    path = corpus_path("2020_wenxian-xiangyunzhen.txt")
    report = gd.load(path)
    assert (report.agency.name, report.year, report.edition.key) == ("祥云镇", 2020, "2019")
