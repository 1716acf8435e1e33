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
