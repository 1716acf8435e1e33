"""Hostile text: binary garbage, wrong encodings, huge lines, damaged renderings and copied text
built to make the recogniser work hard all end in a ReadError or a report with reader notes, in
bounded time and memory (``TextReader``: the library's own rendering, and copied text)."""

from __future__ import annotations

import codecs
import random

import pytest

import govdisclosure as gd
from bounded import read_bounded, read_or_refused, refused
from govdisclosure.editions import ValueKind, get_edition
from govdisclosure.formats import MAX_TEXT_BYTES
from govdisclosure.formats._source import SourceTable
from govdisclosure.formats.plaintext import TextReader, TextWriter
from govdisclosure.formats.webpage import HtmlWriter, html_document

_NOT_TEXT = r"cannot decode the input as text"


@pytest.fixture(scope="module")
def rendering() -> str:
    from support import sample_report

    return TextWriter().dumps(sample_report())


@pytest.fixture(scope="module")
def copied() -> list[list[str]]:
    """The sample report as text copied from its web page: one list of cells per line."""
    from support import sample_report

    lines: list[list[str]] = []
    for block in html_document(HtmlWriter().dumps(sample_report())).blocks:
        if isinstance(block, SourceTable):
            lines.extend([cell.text for cell in row] for row in block.rows)
        else:
            lines.append([block.text])
    return lines


def _text(lines: list[list[str]]) -> str:
    return "\n".join("\t".join(cells) for cells in lines)


@pytest.mark.parametrize(
    "data",
    [
        random.Random(8).randbytes(1 << 20),
        b"\x89PNG\r\n\x1a\n" + random.Random(9).randbytes(4096),
        b"\x00" * 100_000,
        bytes(range(32)) * 1000,
    ],
    ids=["random", "png", "nuls", "controls"],
)
def test_binary_garbage_is_refused(data: bytes) -> None:
    refused(read_bounded(TextReader(), data), _NOT_TEXT, max_mb=64)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (codecs.BOM_UTF16_LE + b"\x00\xd8", r"utf-16-le byte-order mark but is not valid"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", r"utf-8 byte-order mark but is not valid"),
        (codecs.BOM_UTF32_LE + b"\x00\x00\x11\x00", r"utf-32-le byte-order mark"),
    ],
    ids=["utf16-lone-surrogate", "utf8-bom-then-garbage", "utf32-out-of-range"],
)
def test_broken_encodings_are_refused(data: bytes, message: str) -> None:
    refused(read_bounded(TextReader(), data), message)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "big5", "shift_jis", "latin-1"])
def test_other_encodings_read_or_are_refused(rendering: str, encoding: str) -> None:
    # A rendering saved in another encoding: read (GB18030, UTF-16) or refused, never a crash.
    data = rendering.encode(encoding, errors="replace")
    outcome = read_or_refused(read_bounded(TextReader(year=2020), data))
    if encoding in {"gb18030", "utf-16"}:
        assert outcome.kind == "report"


def test_a_huge_single_line_ends(copied: list[list[str]]) -> None:
    line = "一、总体情况" + "一年来，我镇严格按照条例要求开展工作。" * 20_000  # 1 MB, one line
    outcome = read_or_refused(read_bounded(TextReader(), "2020年政府信息公开工作年度报告\n" + line))
    assert outcome.kind == "report"
    assert "read.agency_unknown" in outcome.detail["notes"]
    table = _text(copied[:40]).replace("\n", " ")  # a table copied with its line ends lost
    read_or_refused(read_bounded(TextReader(year=2020), table * 50))


def test_a_line_of_fifty_thousand_cells_ends() -> None:
    line = "（一）予以公开" + "\t1" * 50_000
    read_or_refused(read_bounded(TextReader(year=2020), line))


def test_many_short_table_lines_end() -> None:
    rows = "（一）予以公开\t1\t2\t3\t4\t5\t6\t7\n" * 5_000
    outcome = read_or_refused(read_bounded(TextReader(year=2020), rows))
    assert outcome.kind == "report"
    assert "read.duplicate_row" in outcome.detail["notes"]


def test_text_over_the_limit_is_refused_before_reading() -> None:
    data = "一" * (MAX_TEXT_BYTES + 1)
    outcome = refused(
        read_bounded(TextReader(), data),
        rf"the input is {len(data)} characters, more than the limit of {MAX_TEXT_BYTES}",
    )
    assert outcome.seconds < 0.5


def test_the_limit_is_adjustable(rendering: str) -> None:
    with pytest.raises(gd.ReadError, match="more than the limit of 100 "):
        TextReader(max_bytes=100).loads(rendering)
    assert TextReader(max_bytes=len(rendering)).loads(rendering).year == 2020
    with pytest.raises(ValueError, match="max_bytes must be a whole number"):
        TextReader(max_bytes=-1)


def test_every_truncation_of_a_rendering_is_refused(rendering: str) -> None:
    lines = rendering.split("\n")
    last = next(i for i, line in enumerate(lines) if line.startswith("六、"))
    for cut in range(3, last):  # two lines are only a title: copied text, read as such
        with pytest.raises(gd.ReadError) as caught:
            TextReader().loads("\n".join(lines[:cut]), source="cut.txt")
        assert str(caught.value).startswith("cut.txt: line ")


def test_an_extra_row_numbered_with_five_thousand_digits_is_refused(rendering: str) -> None:
    # int() refuses more than 4300 digits with a ValueError; the reader must say where.
    lines = rendering.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("二、")) + 1
    while lines[at].strip() or not lines[at + 1].strip():
        at += 1
    hostile = [*lines[:at], "*" + "9" * 5000 + " 其他 1 2 3", *lines[at:]]
    refused(read_bounded(TextReader(), "\n".join(hostile)), r"attack: line \d+: ")


@pytest.mark.parametrize("amount", ["1E+999999999", "1e-999999999"])
def test_an_amount_that_writes_out_to_a_billion_digits_is_refused(
    rendering: str, amount: str
) -> None:
    lines = rendering.split("\n")
    label = next(
        row.label
        for block in get_edition("2019").table("proactive").blocks
        for row in block.rows
        if any(c.kind is ValueKind.MONEY for c in block.columns)
    )
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(label))
    head, _, _last = lines[at].rpartition(" ")
    lines[at] = f"{head} {amount}"
    refused(
        read_bounded(TextReader(), "\n".join(lines)), r"expected an amount of at most 64 digits"
    )


def test_rows_with_many_readings_are_not_tried_in_every_combination(
    copied: list[list[str]],
) -> None:
    # Rows of table 三 that lost most of their cells fit many readings each; trying every
    # combination against the column rules grows as the product (regression: a 2 KB text
    # found by the fuzzer took seconds). Three rows of 21 readings and one of 7: 64827.
    labels = {
        row.key: row.label
        for block in get_edition("2019").table("applications").blocks
        for row in block.rows
    }
    lost = {
        labels["new_received"]: ["3", "3"],
        labels["carried_over"]: ["3", "3"],
        labels["granted"]: ["3", "3"],
        labels["partially_granted"]: ["0"],
    }
    lines = [
        [cells[0], *lost[cells[0]]] if cells and cells[0] in lost else cells for cells in copied
    ]
    outcome = read_or_refused(read_bounded(TextReader(year=2020), _text(lines), seconds=2.0))
    assert outcome.kind == "report"
    assert outcome.detail["notes"].count("read.ambiguous_row") >= 3


def test_crawler_text_of_long_digit_runs_ends_in_seconds() -> None:
    # A crawler's copy loses every separator: each row of table 三 becomes one long run of
    # digits, and cutting a run of 50 digits into 7 counts has millions of candidates. Each
    # row's search is bounded, and so is the document's (regression: a 3 KB text took 72 s).
    report = gd.AnnualReport.blank(agency="甲镇", year=2021)
    spec = report.applications.spec
    for n, (row, column) in enumerate(spec.cells):
        report.applications[row, column] = 1_000_003 + 7919 * n
    report.fill_totals()
    lines = [report.display_title, *(s.heading for s in report.edition.sections[:2])]
    lines.append(report.edition.sections[2].heading)
    for row in spec.rows:
        digits = "".join(str(report.applications[row.key, c.key]) for c in spec.columns_of(row.key))
        lines.append(row.label + digits)
    outcome = read_or_refused(read_bounded(TextReader(), "".join(lines), seconds=4.0))
    assert outcome.kind == "report"
    assert outcome.detail["notes"].count("read.ambiguous_row") >= 20


def test_the_split_budget_is_spent_row_by_row_and_said() -> None:
    from govdisclosure.formats._recognize import MAX_SPLIT_STEPS

    report = gd.AnnualReport.blank(agency="甲镇", year=2021)
    spec = report.applications.spec
    lines = [report.display_title, report.edition.sections[2].heading]
    for n, row in enumerate(spec.rows):
        lines.append(f"{row.label}\t{'1' * 30 + str(n)}")  # 7 counts in 31+ digits: many splits
    back = TextReader().loads("\n".join(lines), source="crawl.txt")
    assert back.source is not None
    details = [n.message for n in back.source.notes if n.code == "read.ambiguous_row"]
    spent = [m for m in details if f"budget of {MAX_SPLIT_STEPS:,} search steps" in m]
    assert spent, details[:3]
    assert len(spent) < len(details)  # the first rows were searched
