"""The shared recogniser (assemble), label normalisation, alignment, decoding."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

import govdisclosure as gd
from govdisclosure.editions import EDITIONS
from govdisclosure.formats import _align
from govdisclosure.formats._decode import decode_text
from govdisclosure.formats._labels import body_of, label_index, label_key, layout_keys
from govdisclosure.formats._recognize import assemble
from govdisclosure.formats._source import (
    META_AGENCY,
    META_EDITION,
    META_YEAR,
    SourceCell,
    SourceDocument,
    SourceParagraph,
    SourceTable,
)
from govdisclosure.formats._values import parse_cell, split_label


def para(text: str, role: str | None = None, line: int | None = None) -> SourceParagraph:
    return SourceParagraph(text=text, role=role, position=gd.Position(source="d", line=line))


def table(*rows: list[str | SourceCell]) -> SourceTable:
    return SourceTable(
        rows=tuple(
            tuple(c if isinstance(c, SourceCell) else SourceCell(text=c) for c in row)
            for row in rows
        )
    )


def doc(*blocks: SourceParagraph | SourceTable, **metadata: str) -> SourceDocument:
    return SourceDocument(blocks=blocks, name="d", format="test", metadata=metadata)


# -- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "official"),
    [
        ("(一) 予以公开", "（一）予以公开"),
        ("1、属于国家秘密", "1.属于国家秘密"),
        ("（1）属于国家秘密", "1.属于国家秘密"),
        ("1．属于国家秘密", "1.属于国家秘密"),
        ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
        ("3.危及「三安全一稳定」", "3.危及“三安全一稳定”"),
        ("本年增/减", "本年增／减"),
        ("本年新\n制作数量", "本年新制作数量"),
        ("—、总体情况", "一、总体情况"),
        ("第二十条  第(一)项", "第二十条第（一）项"),
        (
            "（二）部分公开(区分处理的,只计这一情形,不计其他情形)",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("ＡＢＣ１２３", "ABC123"),
    ],
)
def test_label_key_normalises_what_copies_change(printed: str, official: str) -> None:
    assert label_key(printed) == label_key(official)


def test_label_key_keeps_numbering_levels_apart() -> None:
    assert label_key("一、总体情况") != label_key("（一）总体情况")
    assert label_key("1.其他") != label_key("其他")
    assert body_of(label_key("（三）不予公开")) == "不予公开"


def test_label_index_matches_rows_groups_blocks_headers() -> None:
    index = label_index("2021")
    assert index.match("(2) 其他法律行政法规禁止公开") == gd.formats._labels.LabelMatch(
        "row", "applications", "denied_prohibited_by_law"
    )
    assert index.match("属于行政查询事项").key == "denied_administrative_query"  # type: ignore[union-attr]
    assert index.match("（六）其他处理").kind == "group"  # type: ignore[union-attr]
    assert label_index("2019").match("（六）其他处理").kind == "row"  # type: ignore[union-attr]
    assert index.match("第二十条第(八)项").key == "article20_8"  # type: ignore[union-attr]
    assert index.match("规范性文件（含其他文件）").key == "normative_documents"  # type: ignore[union-attr]
    assert index.match("总计") is None  # a column, not a row
    assert index.column("article20_1", "本年发件") == "issued"
    assert index.section("五、政府信息公开工作存在的主要问题及改进情况") == "problems"


def test_layout_signatures_come_from_the_edition_data() -> None:
    keys = layout_keys()
    assert set(keys) == set(EDITIONS)
    assert label_key("本年新制作数量") in keys["2019"]
    assert label_key("本年制发件数") in keys["2021"]
    assert label_key("规范性文件") not in keys["2019"] | keys["2021"]  # both editions print it


# -- values --------------------------------------------------------------------------------------


def test_parse_cell() -> None:
    assert parse_cell("")[0].kind == "empty"
    assert parse_cell("\xa0")[0].kind == "empty"
    assert parse_cell("／")[0].kind == "blank"
    assert [t.integer for t in parse_cell("0 12  3")] == ["0", "12", "3"]
    assert parse_cell("1,234")[0].integer == "1234"
    assert parse_cell("１２")[0].integer == "12"
    assert parse_cell("-3")[0].sign == -1
    assert parse_cell("251000元")[0].unit == "元"
    assert parse_cell("5件")[0].integer == "5"
    assert parse_cell("十二")[0].kind == "text"
    assert split_label("规章 0 0 0") is not None
    assert split_label("数量640020470")[0] == "数量"  # type: ignore[index]
    assert split_label("2020年全年") is None


# -- alignment --------------------------------------------------------------------------------------


def test_splits_respect_leading_zeros_and_the_total() -> None:
    row_total = [(6, (0, 1, 2, 3, 4, 5))]
    assert _align.splits("640020470", 7, row_total) == [(64, 0, 0, 2, 0, 4, 70)]
    assert sorted(_align.splits("220000325", 7, row_total)) == [
        (2, 20, 0, 0, 0, 3, 25),
        (22, 0, 0, 0, 0, 3, 25),
    ]
    assert _align.splits("12", 3, []) == []
    assert _align.splits("0" * 400, 7, row_total) == []


def test_placements_solve_lost_cells() -> None:
    row_total = [(6, (0, 1, 2, 3, 4, 5))]
    assert _align.placements([0] * 6, 7, row_total, [True] * 7) == [(0,) * 7]
    readings = _align.placements([3, 3], 7, row_total, [True] * 7)
    assert readings is not None
    assert len(readings) == 21
    assert _align.placements([5, 9], 2, row_total[:0], [True] * 2) == [(5, 9)]


def test_solve_blank_operand_is_not_zero() -> None:
    row_total = [(2, (0, 1))]
    assert _align.solve([None, 3, 5], row_total, [True] * 3) == (None, 3, 5)
    assert _align.solve([2, 3, 6], row_total, [True] * 3) is None
    assert _align.solve([2, _align.UNKNOWN, 6], row_total, [True] * 3) == (2, 4, 6)


# -- decoding ---------------------------------------------------------------------------------------


def test_decode_text() -> None:
    text = "政府信息公开"
    assert decode_text(text.encode("gbk")) == text
    assert decode_text(text.encode("utf-16")) == text
    assert decode_text("\ufeff" + text) == text
    assert decode_text("ab".encode("utf-16-le") * 50) == "ab" * 50  # UTF-16 without a BOM
    with pytest.raises(gd.ReadError, match=r"x\.bin"):
        decode_text(b"\x00\xff" * 100 + b"\x81", source="x.bin")


# -- assemble ---------------------------------------------------------------------------------------


def test_metadata_wins_over_the_text_and_roles_are_trusted() -> None:
    document = doc(
        para("某某2019年政府信息公开工作年度报告", "title"),
        para("一、总体情况", "section_heading"),
        para("二、主动公开政府信息情况", "paragraph"),
        para("（一）小标题", "heading"),
        para("（一）看似小标题但是段落", "paragraph"),
        **{META_AGENCY: "示例局", META_YEAR: "2022", META_EDITION: "2021"},
    )
    report = assemble(document)
    assert (report.agency.name, report.year, report.edition.key) == ("示例局", 2022, "2021")
    assert report.title is None  # no META_TITLE: the title is the composed one
    assert report.overview.content == [
        gd.Paragraph(text="二、主动公开政府信息情况"),
        gd.Heading(text="（一）小标题"),
        gd.Paragraph(text="（一）看似小标题但是段落"),
    ]


def test_hints_fill_in_and_the_text_wins_where_it_speaks() -> None:
    document = doc(para("一、总体情况"), para("本年度工作正常开展。"))
    report = assemble(document, agency="示例局", year=2021, edition="2019")
    assert (report.agency.name, report.year, report.edition.key) == ("示例局", 2021, "2019")
    titled = doc(para("甲镇2020年政府信息公开工作年度报告"), para("一、总体情况"))
    report = assemble(titled, agency="乙镇", year=2022)
    assert (report.agency.name, report.year) == ("甲镇", 2020)


def test_title_that_is_not_the_composed_one_is_kept() -> None:
    report = assemble(doc(para("2020年甲镇政府信息公开工作年度报告"), para("一、总体情况")))
    assert report.agency.name == "甲镇"
    assert report.title == "2020年甲镇政府信息公开工作年度报告"
    report = assemble(doc(para("甲镇2020年政府信息公开工作年度报告"), para("一、总体情况")))
    assert report.title is None


def test_chinese_numeral_year_and_published_date() -> None:
    document = doc(
        para("首页 > 政务公开"),
        para("甲局二〇二一年政府信息公开工作年度报告"),
        para("发布日期：2022年1月20日"),
        para("一、总体情况"),
    )
    report = assemble(document)
    assert (report.agency.name, report.year) == ("甲局", 2021)
    assert report.published_on == datetime.date(2022, 1, 20)
    assert report.preamble == []


def test_blank_cell_under_spans_is_blank_not_shifted() -> None:
    spanned = SourceCell(text="一、本年新收政府信息公开申请数量", colspan=3)
    header = [
        SourceCell(
            text="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            colspan=3,
            rowspan=2,
        ),
        SourceCell(text="自然人", rowspan=2),
        SourceCell(text="法人或其他组织", colspan=5),
        SourceCell(text="总计", rowspan=2),
    ]
    document = doc(
        para("甲局2021年政府信息公开工作年度报告"),
        para("三、收到和处理政府信息公开申请情况"),
        table(
            header,
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
            [spanned, "", "2", "", "", "", "", "2"],
            [
                SourceCell(text="二、上年结转政府信息公开申请数量", colspan=3),
                "1",
                "0",
                "0",
                "0",
                "0",
            ],
        ),
    )
    report = assemble(document)
    apps = report.applications
    assert apps["new_received", "natural_person"] is None
    assert apps["new_received", "commercial_enterprise"] == 2
    assert apps["new_received", "total"] == 2
    # A short row in a spanned table: cells by the header grid, the missing ones blank.
    assert apps["carried_over", "natural_person"] == 1
    assert apps["carried_over", "other_legal_person"] is None
    assert apps["carried_over", "total"] is None


def test_extra_rows_by_role_and_by_unknown_label() -> None:
    document = doc(
        para("甲局2021年政府信息公开工作年度报告"),
        para("二、主动公开政府信息情况"),
        table(
            ["第二十条第（一）项"],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "1", "0", "3"],
            [SourceCell(text="规章", role="extra"), "4", "", "6"],
            ["其他主动公开文件", "5", "0", "5"],
        ),
    )
    report = assemble(document)
    assert report.proactive.row("rules") == {"issued": 1, "repealed": 0, "in_force": 3}
    assert report.proactive.extra_rows == [
        gd.ExtraRow(label="规章", values=(4, None, 6), block="article20_1"),
        gd.ExtraRow(label="其他主动公开文件", values=(5, 0, 5), block="article20_1"),
    ]


def test_duplicate_row_keeps_the_first() -> None:
    document = doc(
        para("甲局2021年政府信息公开工作年度报告"),
        table(["规章", "1", "0", "3"], ["规章", "9", "9", "9"]),
    )
    report = assemble(document)
    assert report.proactive["rules", "issued"] == 1
    assert report.source is not None
    assert [n.code for n in report.source.notes if n.code.startswith("read.d")] == [
        "read.duplicate_row"
    ]


def test_tables_are_found_by_label_not_by_position() -> None:
    # Table 四 first, under no heading; table 二's rows after it.
    document = doc(
        para("甲局2021年政府信息公开工作年度报告"),
        table(
            ["行政复议", "行政诉讼"],
            [
                "结果维持",
                "结果纠正",
                "其他结果",
                "尚未审结",
                "总计",
                "未经复议直接起诉",
                "复议后起诉",
            ],
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
            [str(n) for n in (1, 0, 0, 0, 1, 0, 2, 0, 0, 2, 0, 0, 0, 3, 3)],
        ),
        table(["行政许可", "12"]),
    )
    report = assemble(document)
    assert report.reviews.row("administrative_review")["total"] == 1
    assert report.reviews.row("litigation_direct") == {
        "upheld": 0,
        "corrected": 2,
        "other": 0,
        "pending": 0,
        "total": 2,
    }
    assert report.reviews["litigation_after_review", "pending"] == 3
    assert report.proactive["administrative_licensing", "decisions"] == 12


def test_nothing_report_like_is_a_read_error() -> None:
    with pytest.raises(gd.ReadError, match="d: no section heading"):
        assemble(doc(para("2020年的一段话。")))


def test_money_with_unit_in_a_count_column_is_unreadable() -> None:
    document = doc(para("甲局2021年政府信息公开工作年度报告"), table(["规章", "1万元", "0", "3"]))
    report = assemble(document)
    assert report.proactive["rules", "issued"] is None
    assert report.source is not None
    (note,) = [n for n in report.source.notes if n.code == "read.unreadable_cell"]
    assert note.location.column == "issued"


def test_amount_keeps_its_written_precision() -> None:
    document = doc(para("甲局2021年政府信息公开工作年度报告"), table(["行政事业性收费", "0.5000"]))
    value = assemble(document).proactive["administrative_fees", "amount"]
    assert isinstance(value, Decimal)
    assert value.as_tuple() == Decimal("0.5000").as_tuple()
