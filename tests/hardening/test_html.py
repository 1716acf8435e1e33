"""Hostile HTML: garbage, deep nesting, merged cells that claim billions of grid cells, charset
tricks, entity declarations and links to the network all end in a ReadError or a report with
reader notes, in bounded time and memory, and nothing is fetched."""

from __future__ import annotations

import http.server
import random
from collections.abc import Iterator

import pytest

import govdisclosure as gd
from bounded import billion_laughs, read_bounded, read_or_refused, recording_server, refused
from govdisclosure.formats import MAX_TEXT_BYTES
from govdisclosure.formats.webpage import HtmlReader, HtmlWriter

_TITLE = "<h1>某镇2020年政府信息公开工作年度报告</h1>"


@pytest.fixture(scope="module")
def page() -> str:
    from support import sample_report

    return HtmlWriter().dumps(sample_report())


@pytest.mark.parametrize(
    "data",
    [random.Random(3).randbytes(1 << 20), b"\x00" * 65536, bytes(range(32)) * 2048],
    ids=["random", "nuls", "controls"],
)
def test_binary_garbage_is_refused(data: bytes) -> None:
    refused(
        read_bounded(HtmlReader(), data), r"attack: cannot decode|attack: the document is empty"
    )


@pytest.mark.parametrize(
    "markup",
    ["<div>" * 200_000, "<table><tr><td>" * 50_000, "<b><i>" * 100_000, "<ul><li>" * 100_000],
    ids=["divs", "tables", "inline", "lists"],
)
def test_deep_nesting_ends(markup: str) -> None:
    # The parser stops nesting at 256 levels (lxml without huge_tree); the title still reads.
    outcome = read_or_refused(read_bounded(HtmlReader(), _TITLE + markup + "x"))
    assert outcome.kind == "report"
    assert outcome.detail["year"] == 2020


def test_merged_cells_claiming_billions_of_grid_cells_are_refused() -> None:
    # 60 KB of markup; expanded naively, 1000 rows × 200 × 200 grid cells.
    rows = '<tr><td rowspan="99999999" colspan="99999999">1</td></tr>' * 1000
    refused(
        read_bounded(HtmlReader(year=2020), f"{_TITLE}<table>{rows}</table>", memory_mb=256),
        r"attack: table 1: the tables' merged cells span more than 1000000 grid cells",
        max_mb=128,
    )


def test_merged_cells_past_the_end_of_their_table_are_clipped() -> None:
    # One cell per table claiming 200 rows it does not have, in 5000 tables.
    tables = '<table><tr><td rowspan="200" colspan="200">1</td></tr></table>' * 5000
    outcome = read_or_refused(read_bounded(HtmlReader(year=2020), _TITLE + tables))
    assert outcome.peak_mb < 256


@pytest.mark.parametrize(
    "charset", ["rot13", "base64", "hex", "utf-7", "x-no-such-charset", "utf-32", "idna"]
)
def test_a_declared_charset_cannot_break_decoding(page: str, charset: str) -> None:
    data = page.replace('charset="utf-8"', f'charset="{charset}"', 1).encode("utf-8")
    outcome = read_or_refused(read_bounded(HtmlReader(), data))
    if charset not in {"utf-7", "utf-32"}:
        assert outcome.kind == "report"


def test_entity_declarations_are_not_expanded() -> None:
    data = billion_laughs().replace(b"<lolz>", _TITLE.encode() + b"<p>")
    read_or_refused(read_bounded(HtmlReader(year=2020), data, memory_mb=256))


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    with recording_server(_Recorder) as served:
        yield served


def test_the_network_is_never_touched(server: tuple[str, list[str]], page: str) -> None:
    url, hits = server
    head = (
        f'<!DOCTYPE html SYSTEM "{url}/html.dtd" [<!ENTITY % e SYSTEM "{url}/e.dtd"> %e;]>'
        f'<link rel="stylesheet" href="{url}/style.css"><script src="{url}/app.js"></script>'
        f'<base href="{url}/"><meta http-equiv="refresh" content="0; url={url}/go">'
    )
    body = (
        f'<img src="{url}/logo.png"><iframe src="{url}/frame"></iframe>'
        f'<object data="{url}/object"></object><a href="{url}/link">link</a>'
    )
    data = head + page.replace("<body>", "<body>" + body, 1)
    report = HtmlReader().loads(data, source="attack")  # in this process: the server is here
    assert report.year == 2020
    assert hits == []


def test_a_page_over_the_limit_is_refused_before_parsing() -> None:
    data = b"<p>" * (MAX_TEXT_BYTES // 3 + 1)
    outcome = refused(
        read_bounded(HtmlReader(), data),
        rf"the input is {len(data)} bytes, more than the limit of {MAX_TEXT_BYTES}",
    )
    assert outcome.seconds < 0.5


def test_the_limit_is_adjustable(page: str) -> None:
    with pytest.raises(gd.ReadError, match="more than the limit of 10 "):
        HtmlReader(max_bytes=10).loads(page)
    assert HtmlReader(max_bytes=len(page)).loads(page).year == 2020


def test_a_huge_single_line_and_many_tables_end(page: str) -> None:
    line = "<p>" + "一年来，我镇严格按照条例要求开展工作。" * 30_000 + "</p>"
    read_or_refused(read_bounded(HtmlReader(), page.replace("<body>", "<body>" + line, 1)))
    tables = "<table><tr><td>规章</td><td>1</td><td>2</td></tr></table>" * 5_000
    read_or_refused(read_bounded(HtmlReader(year=2020), _TITLE + tables))


@pytest.mark.parametrize(
    "reference", ["&#0;", "&#xD800;", "&#x110000;", "&#99999999999999999999;", "&nosuch;"]
)
def test_odd_character_references_are_read_or_refused(page: str, reference: str) -> None:
    data = page.replace("<body>", f"<body><p>{reference * 1000}</p>", 1)
    read_or_refused(read_bounded(HtmlReader(), data))


@pytest.mark.parametrize("cut", [10, 100, 1000, 5000, 10000])
def test_truncated_pages_are_read_or_refused(page: str, cut: int) -> None:
    read_or_refused(read_bounded(HtmlReader(), page[:cut]))


def test_an_extra_row_before_any_table_is_ignored() -> None:
    # Regression (fuzzer): a cell marked as an extra row's label, before any table of the
    # report, was added to table "None" (a KeyError).
    data = (
        f'{_TITLE}<table><tr><td class="gd-extra" data-index="0">其他</td>'
        "<td>1</td><td>2</td></tr></table>"
    )
    outcome = read_or_refused(read_bounded(HtmlReader(), data))
    assert outcome.kind == "report"
    assert outcome.detail["notes"] == ["read.edition_assumed"]
