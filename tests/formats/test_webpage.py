"""HTML: portal pages read through the recogniser; this library's own pages read back exactly."""

from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal
from html import escape
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
import strategies
from govdisclosure.formats._source import SourceParagraph, SourceTable
from govdisclosure.formats.webpage import HtmlReader, HtmlWriter, html_document
from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "xiangyun_2020.html"
REGENERATE = "GOVDISCLOSURE_REGENERATE_GOLDEN"


def dump(report: gd.AnnualReport) -> str:
    return HtmlWriter().dumps(report)


def load(page: str | bytes, **hints: object) -> gd.AnnualReport:
    return HtmlReader(**hints).loads(page, source="page.html")  # type: ignore[arg-type]


# -- the writer ---------------------------------------------------------------------------------


def test_golden_page(sample: gd.AnnualReport) -> None:
    page = dump(sample)
    if os.environ.get(REGENERATE):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(page, "utf-8")
    assert page == GOLDEN.read_text("utf-8"), f"set {REGENERATE}=1 to regenerate on purpose"


def test_page_is_standalone_and_printable(sample: gd.AnnualReport) -> None:
    page = dump(sample)
    root = lxml.html.document_fromstring(page)
    assert root.get("lang") == "zh-CN"
    assert root.find(".//style") is not None
    assert "@page" in root.find(".//style").text
    assert not root.xpath("//link | //script | //img")
    metas = {m.get("name"): m.get("content") for m in root.iter("meta") if m.get("name")}
    assert metas["govdisclosure:agency"] == "祥云镇"
    assert metas["govdisclosure:region"] == "河南省焦作市温县"
    assert metas["govdisclosure:level"] == "township"
    assert metas["govdisclosure:edition"] == "2019"
    assert "govdisclosure:title" not in metas  # the title is composed
    assert root.findtext(".//h1") == sample.display_title


@pytest.mark.parametrize(("edition", "outcome_rows"), [("2019", 20), ("2021", 22)])
def test_tables_have_the_official_spans(edition: str, outcome_rows: int) -> None:
    report = gd.AnnualReport.blank(agency="示例", year=2019 if edition == "2019" else 2021)
    root = lxml.html.document_fromstring(dump(report))
    apps = root.get_element_by_id("table-applications")
    first = apps.xpath(".//tbody/tr")
    corner = apps.xpath(".//thead/tr[1]/th[1]")[0]
    assert (corner.get("colspan"), corner.get("rowspan")) == ("3", "3")
    spans = {th.text_content(): th.get("rowspan") for th in apps.xpath(".//tbody//th[@rowspan]")}
    assert spans["三、本年度办理结果"] == str(outcome_rows)
    assert spans["（三）不予公开"] == "8"
    assert first[0].xpath("./th")[0].get("colspan") == "3"  # 一、本年新收… spans the label columns
    granted = next(tr for tr in first if "（一）予以公开" in tr.text_content())
    assert granted.xpath("./th[last()]")[0].get("colspan") == "2"
    reviews = root.get_element_by_id("table-reviews")
    top = [(th.text_content(), th.get("colspan")) for th in reviews.xpath(".//thead/tr[1]/th")]
    assert top == [("行政复议", "5"), ("行政诉讼", "10")]
    assert len(reviews.xpath(".//tbody/tr[1]/td")) == 15


def test_text_is_escaped_and_kept_exactly() -> None:
    report = gd.AnnualReport.blank(agency='<局> & "所"', year=2021, title="标题 <b>不是标签</b>")
    report.overview.add_paragraph("a  b\tc <script>alert(1)</script> &amp;")
    report.overview.add_paragraph("二、主动公开政府信息情况")  # looks like a heading: stays text
    page = dump(report)
    assert "<script>" not in page
    back = load(page)
    assert back == report
    assert back.overview.content[1] == gd.Paragraph(text="二、主动公开政府信息情况")


@given(strategies.reports())
def test_round_trip_any_report(report: gd.AnnualReport) -> None:
    assert load(dump(report)) == report


def test_round_trip_keeps_decimal_digits_and_extra_row_order() -> None:
    report = gd.AnnualReport.blank(
        agency="示例局", year=2023, published_on=datetime.date(2024, 1, 20)
    )
    report.proactive["administrative_fees", "amount"] = Decimal("25.1000")
    report.proactive.add_extra_row("行政确认（湖北省自设）", [7], block="article20_5")
    report.proactive.add_extra_row("其他主动公开文件", [5, 0, 5], block="article20_1")
    report.applications.add_extra_row("小计", [1, 2, 3, 4, 5, 6, 21])
    back = load(dump(report))
    assert back == report
    assert (
        back.proactive["administrative_fees", "amount"].as_tuple() == Decimal("25.1000").as_tuple()
    )
    assert [e.label for e in back.proactive.extra_rows] == [
        "行政确认（湖北省自设）",
        "其他主动公开文件",
    ]
    assert back.published_on == datetime.date(2024, 1, 20)


def test_registry_writes_and_reads_html(sample: gd.AnnualReport, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    gd.dump(sample, path)
    assert gd.load(path) == sample
    assert gd.loads(path.read_bytes()) == sample  # sniffed as html


# -- pages as portals serve them ------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>示例区教育局2020年政府信息公开工作年度报告</title>
<script>var x = "一、总体情况";</script><style>p {{ color: red }}</style></head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="crumb">当前位置：首页 &gt; 年度报告</div>
<div class="content">
<h1>示例区教育局2020年政府信息公开工作年度报告</h1>
<p class="info">发布时间：2021-01-28 来源：区教育局</p>
<p>一、总体情况</p>
<p>2020年，我局<b>认真</b>贯彻《条例》，
   全年主动公开信息120条。</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tbody>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新<br/>制作数量</td><td>本年新<br>公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>2</td><td>2</td><td>31</td></tr>
</tbody></table>
<p>三、收到和处理政府信息公开申请情况</p>
<table><tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>
<td>&nbsp;</td><td>4</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>4</td></tr>
</table>
<p>六、其他需要报告的事项</p><p>无。</p>
</div>
<div class="footer"><p>版权所有：示例区人民政府</p><p>【打印本页】【关闭窗口】</p></div>
</body></html>
"""


def test_full_portal_page_with_chrome_and_spans() -> None:
    report = load(_PAGE.format(charset="utf-8"))
    assert (report.agency.name, report.year, report.edition.key) == ("示例区教育局", 2020, "2019")
    assert report.published_on == datetime.date(2021, 1, 28)
    assert report.preamble == []
    assert report.overview.content == [
        gd.Paragraph(text="2020年，我局认真贯彻《条例》， 全年主动公开信息120条。")
    ]
    assert report.other_matters.content == [gd.Paragraph(text="无。")]
    assert report.proactive.row("normative_documents") == {
        "made": 2,
        "published": 2,
        "total_published": 31,
    }
    # A blank natural-person cell stays blank; the grid puts 4 under 商业企业.
    assert report.applications["new_received", "natural_person"] is None
    assert report.applications["new_received", "commercial_enterprise"] == 4
    assert report.applications["new_received", "total"] == 4
    assert report.source is not None
    position = report.source.positions["applications[new_received][commercial_enterprise]"]
    assert (position.table, position.row, position.cell) == (2, 4, 3)


def test_gbk_page_with_meta_charset() -> None:
    page = _PAGE.format(charset="gbk").encode("gbk")
    report = load(page)
    assert report.agency.name == "示例区教育局"
    assert report.proactive["normative_documents", "total_published"] == 31


def test_fragment_with_br_in_headers() -> None:
    fragment = (
        "<p>示例镇2020年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>"
        "<table><tr><td>第二十条第（五）项</td></tr><tr><td>信息内容</td>"
        "<td>上一年<br>项目数量</td><td>本年<br/>增/减</td><td>处理决定<br>数量</td></tr>"
        "<tr><td>行政许可</td><td>5</td><td>-1</td><td>12</td></tr></table>"
    )
    report = load(fragment)
    assert report.proactive.row("administrative_licensing") == {
        "previous_items": 5,
        "change": -1,
        "decisions": 12,
    }


def test_header_spans_that_do_not_line_up_are_read_by_order() -> None:
    # The Shanghai page: header cells and data cells span different columns.
    fragment = (
        "<p>示例市2019年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><table>"
        '<tr><td colspan="5">第二十条第（五）项</td></tr>'
        '<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>'
        '<tr><td>行政许可</td><td colspan="2">7</td><td>1</td><td>9</td></tr></table>'
    )
    report = load(fragment)
    assert report.proactive.row("administrative_licensing") == {
        "previous_items": 7,
        "change": 1,
        "decisions": 9,
    }


def test_html_document_structure() -> None:
    doc = html_document(
        "<p>一、总体情况</p><table><tr><td rowspan='2'>a</td><td>1</td></tr></table>"
    )
    paragraph, table = doc.blocks
    assert isinstance(paragraph, SourceParagraph)
    assert paragraph.text == "一、总体情况"
    assert isinstance(table, SourceTable)
    assert table.rows[0][0].rowspan == 2
    assert doc.format == "html"


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", "<html><body><p>hello</p></body></html>", b"\x00\x01\x02" * 100],
    ids=["empty", "blank", "no-report", "binary"],
)
def test_bad_input_raises_read_error(data: str | bytes) -> None:
    with pytest.raises(gd.ReadError, match=r"page\.html"):
        load(data)


def test_hostile_spans_and_nesting_do_not_blow_up() -> None:
    cells = '<td colspan="100000000" rowspan="100000000">1</td>'
    page = "<p>示例镇2020年政府信息公开工作年度报告</p>" + f"<table><tr>{cells}</tr></table>"
    page += "<div>" * 5000 + "一、总体情况" + "</div>" * 5000
    report = load(page)
    assert report.year == 2020


def test_invalid_own_metadata_is_a_read_error(sample: gd.AnnualReport) -> None:
    page = dump(sample).replace(
        'name="govdisclosure:year" content="2020"', 'name="govdisclosure:year" content="MMXX"'
    )
    with pytest.raises(gd.ReadError, match="year"):
        load(page)


_MARKUP = st.one_of(
    st.characters(),
    st.sampled_from(
        [
            "<table>",
            "<tr>",
            "<td rowspan='3'>",
            "</td>",
            "<p>",
            "<br>",
            "&nbsp;",
            "一、总体情况",
            "规章",
            "0",
            "2020年政府信息公开工作年度报告",
        ]
    ),
)


@given(st.one_of(st.binary(max_size=300), st.lists(_MARKUP, max_size=60).map("".join)))
def test_any_input_reads_or_raises_read_error_only(data: str | bytes) -> None:
    error: gd.ReadError | None = None
    try:
        report = load(data)
    except gd.ReadError as exc:
        error = exc
    if error is not None:
        assert error.source == "page.html"
    else:
        assert isinstance(report, gd.AnnualReport)


def test_page_laid_out_in_a_table_with_nested_report_tables() -> None:
    # Older portals put the whole article in one cell of a layout table.
    inner = _PAGE.format(charset="utf-8")
    body = inner[inner.index('<div class="content">') : inner.index('<div class="footer">')]
    page = (
        "<html><body><table width='100%'><tr><td class='menu'>首页 | 政务公开</td></tr>"
        f"<tr><td class='article'>{body}</td></tr></table></body></html>"
    )
    report = load(page)
    assert (report.agency.name, report.year) == ("示例区教育局", 2020)
    assert report.proactive.row("normative_documents") == {
        "made": 2,
        "published": 2,
        "total_published": 31,
    }
    assert report.applications["new_received", "commercial_enterprise"] == 4
    assert report.other_matters.content == [gd.Paragraph(text="无。")]


# -- cell text, spans, layout tables -------------------------------------------------------------

_WHITESPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")
_LINE_TAGS = {"p", "div", "li", "table", "tr", "h3", "center"}


def cell_text_as_specified(cell: lxml.html.HtmlElement) -> str:
    """A cell's text as the reader promises it, walked plainly: whitespace runs as one space,
    a break at <br> and before a block, <script>/<style> left out, lines stripped."""
    parts: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        if element.tag in {"script", "style"}:
            return
        if element.tag == "br":
            parts.append("\n")
            return
        if element.tag in _LINE_TAGS:
            parts.append("\n")
        parts.append(_WHITESPACE_RUN.sub(" ", element.text or ""))
        for child in element:
            walk(child)
            parts.append(_WHITESPACE_RUN.sub(" ", child.tail or ""))

    walk(cell)
    lines = (line.strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


_TEXTS = st.text(st.sampled_from("规章0 7\t\n\u3000\xa0ab&<"), max_size=6)


@st.composite
def cell_markup(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = [escape(draw(_TEXTS))]
    for _ in range(draw(st.integers(0, 3 if depth < 2 else 0))):
        tag = draw(st.sampled_from(["p", "span", "br", "b", "div", "script", "li", "font"]))
        if tag == "br":
            pieces.append("<br>")
        else:
            pieces.append(f"<{tag}>{draw(cell_markup(depth + 1))}</{tag}>")
        pieces.append(escape(draw(_TEXTS)))
    return "".join(pieces)


@given(cell_markup(), st.sampled_from(["2", " 3x", "", "0", "-1", "٣", "a"]))
def test_cell_text_and_spans(markup: str, span: str) -> None:
    doc = html_document(f'<table><tr><td colspan="{span}">{markup}</td><td>1</td></tr></table>')
    page = lxml.html.fragment_fromstring(f"<td>{markup}</td>", create_parent="tr")
    expected = cell_text_as_specified(page[0])
    tables = [b for b in doc.blocks if isinstance(b, SourceTable)]
    if len(expected) > 400:  # a layout table: its cells are read as paragraphs
        assert tables == []
        return
    (table,) = tables
    assert table.rows[0][0].text == expected
    digits = re.match(r"\s*(\d+)", span)
    assert table.rows[0][0].colspan == (max(1, int(digits.group(1))) if digits else 1)


def test_layout_table_is_read_as_paragraphs() -> None:
    long = "总体情况。" * 90  # 450 characters: running text, not a cell
    doc = html_document(f"<table><tr><td>{long}</td></tr><tr><td>规章</td></tr></table>")
    assert [type(b) for b in doc.blocks] == [SourceParagraph, SourceParagraph]
    nested = html_document(
        "<table><tr><td><table><tr><td>a</td><td>1</td></tr></table></td></tr></table>"
    )
    (inner,) = nested.blocks
    assert isinstance(inner, SourceTable)
    assert [c.text for c in inner.rows[0]] == ["a", "1"]
