"""Text copied from portals: every layout, and each way a copy goes wrong (issue 5)."""

from __future__ import annotations

import codecs
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
import strategies
from govdisclosure.editions import get_edition
from govdisclosure.formats._source import SourceCell, SourceParagraph, SourceTable
from govdisclosure.formats.realtext import read_text, text_document
from layouts import LAYOUTS, render, table_rows


def codes(report: gd.AnnualReport) -> list[str]:
    assert report.source is not None
    return [n.code for n in report.source.notes]


def notes(report: gd.AnnualReport, code: str) -> list[gd.Issue]:
    assert report.source is not None
    return [n for n in report.source.notes if n.code == code]


def same_tables(a: gd.AnnualReport, b: gd.AnnualReport) -> list[tuple[str, tuple[str, str]]]:
    return [(t.key, k) for t in a.tables for k, v in t.items() if b.table(t.key)[k] != v]


# -- layouts --------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_reads_the_whole_report(layout: str, sample: gd.AnnualReport) -> None:
    text = render(sample, LAYOUTS[layout])
    report = read_text(text, source="copy.txt")
    assert same_tables(sample, report) == []
    assert report.preamble == sample.preamble
    assert report.sections == sample.sections
    assert (report.agency.name, report.year, report.edition) == ("祥云镇", 2020, sample.edition)
    assert report.title is None  # the composed title
    assert codes(report) == []


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_blank_marks_read_as_none_not_zero(layout: str, sample: gd.AnnualReport) -> None:
    sample.applications["granted", "research_institution"] = None
    sample.proactive["rules", "published"] = None
    text = render(sample, LAYOUTS[layout], blank="/")
    report = read_text(text)
    assert report.applications["granted", "research_institution"] is None
    assert report.proactive["rules", "published"] is None
    assert report.applications["granted", "natural_person"] == 0
    assert same_tables(sample, report) == []


# Not where an empty cell cannot be told from a separator: in the one-cell-per-line layout
# an empty cell's line, `` |``, is the line that closes a row; cells joined by " | " with an
# empty last cell end in a pipe, which in most copies closes the row (the "pipes" layout).
@pytest.mark.parametrize("layout", sorted(set(LAYOUTS) - {"cell_per_line", "joined_pipes"}))
def test_blank_cells_left_empty_keep_their_columns(layout: str, sample: gd.AnnualReport) -> None:
    # The Shanghai page's rows: blanks left empty (not "/"), the total among them, so no
    # sum can place the numbers; only the empty cells themselves keep them in their columns.
    columns = sample.applications.spec.columns_of("granted")
    for column, value in zip(columns, (258, 12, None, None, 1, 1, None), strict=True):
        sample.applications["granted", column.key] = value
    report = read_text(render(sample, LAYOUTS[layout]))
    assert report.applications.row("granted") == sample.applications.row("granted")
    assert "read.ambiguous_row" not in codes(report)


@pytest.mark.parametrize("layout", ["tabs", "pipes", "leading_pipes"])
def test_empty_first_cells_are_blank_cells_not_part_of_the_label(
    layout: str, sample: gd.AnnualReport
) -> None:
    # 行政许可<TAB><TAB><TAB>883: a label of one column leaves no empty cells after it, so the
    # two empty cells are 上一年项目数量 and 本年增/减 left blank. (They were dropped as label
    # columns, and 883 then split into 8, 8, 3 as if its separators had been lost.)
    sample.proactive.set_row("administrative_licensing", [None, None, 883])
    report = read_text(render(sample, LAYOUTS[layout]))
    assert report.proactive.row("administrative_licensing") == {
        "previous_items": None,
        "change": None,
        "decisions": 883,
    }
    assert "read.run_together" not in codes(report)


def test_one_number_in_a_row_that_kept_its_separators_is_not_split_into_digits(
    sample: gd.AnnualReport,
) -> None:
    # 行政处罚<TAB>951 for three cells: a cell or two lost, not the separators between 9, 5
    # and 1 (no total in table 二 could tell a split from a guess). Crawler text, which lost
    # every separator, is split (test_crawler_rows_split_by_the_format_rules).
    sample.proactive.set_row("administrative_penalty", [951, None, None])
    text = render(sample, LAYOUTS["tabs"]).replace("行政处罚\t951\t\t", "行政处罚\t951")
    report = read_text(text)
    assert report.proactive.row("administrative_penalty") == {
        "previous_items": None,
        "change": None,
        "decisions": None,
    }
    (note,) = [
        n for n in notes(report, "read.ambiguous_row") if n.location.row == "administrative_penalty"
    ]
    assert note.expected == ((951, None, None), (None, 951, None), (None, None, 951))
    assert "read.run_together" not in codes(report)


def test_2021_report_in_leading_pipe_layout() -> None:
    report = gd.AnnualReport.blank(agency="示例局", year=2023)
    for table in report.tables:
        for n, (row, column) in enumerate(table.spec.cells):
            kind = table.kind(row, column)
            table[row, column] = Decimal(n) / 4 if kind is gd.editions.ValueKind.MONEY else n
    text = render(report, LAYOUTS["leading_pipes"])
    back = read_text(text)
    assert back.edition.key == "2021"
    assert same_tables(report, back) == []
    assert (
        back.proactive["administrative_fees", "amount"]
        == report.proactive["administrative_fees", "amount"]
    )


def test_space_separated_rows_are_read(sample: gd.AnnualReport) -> None:
    text = render(sample, lambda row: [" ".join(row)])
    report = read_text(text)
    assert report.proactive["other_external_services", "decisions"] == 869
    assert report.proactive["administrative_licensing", "previous_items"] == 5
    assert report.reviews["administrative_review", "total"] == 0


def test_one_cell_per_line_without_separators(sample: gd.AnnualReport) -> None:
    # Copied from a rendered table: every cell a line of its own, nothing else.
    text = render(sample, lambda row: row)
    report = read_text(text)
    assert report.proactive["other_external_services", "decisions"] == 869
    assert report.applications["new_received", "total"] == 0
    assert report.reviews["litigation_after_review", "total"] == 0


def test_text_document_keeps_line_numbers() -> None:
    doc = text_document(
        "标题\n\n规章\t1\t2\t3\n规范性文件\t4\t5\t6\n一、总体情况\n", source="r.txt"
    )
    paragraph, table, heading = doc.blocks
    assert isinstance(paragraph, SourceParagraph)
    assert paragraph.position == gd.Position(source="r.txt", line=1)
    assert isinstance(table, SourceTable)
    assert [c.text for c in table.rows[1]] == ["规范性文件", "4", "5", "6"]
    assert table.rows[1][0].position == gd.Position(source="r.txt", line=4)
    assert isinstance(heading, SourceParagraph)


def test_text_document_rows_read_as_cells() -> None:
    doc = text_document("规章\t1\t\t3\n规范性文件 |\n4 |\n|||\n", source="r.txt")
    (table,) = doc.blocks
    assert isinstance(table, SourceTable)
    tabbed, one_per_line = table.rows
    # A row of one line: its cells share the line's position.
    assert len(tabbed) == 4
    assert tabbed[2] == SourceCell(text="", position=gd.Position(source="r.txt", line=1))
    assert tabbed[1:3] == tuple(tabbed)[1:3]
    assert [c.text for c in tabbed] == ["规章", "1", "", "3"]
    # One cell per line: each keeps its own line.
    assert [(c.text, c.position.line if c.position else None) for c in one_per_line] == [
        ("规范性文件", 2),
        ("4", 3),
    ]
    assert table.position == gd.Position(source="r.txt", line=1)


# -- broken and drifting labels ------------------------------------------------------------


def test_header_broken_across_lines_and_half_width_punctuation(sample: gd.AnnualReport) -> None:
    text = render(sample, LAYOUTS["tabs"])
    text = text.replace("本年新制作数量", "本年新\n制作数量").replace("（", "(").replace("）", ")")
    text = text.replace("，", ",").replace("：", ":")
    report = read_text(text)
    assert same_tables(sample, report) == []
    assert report.edition.key == "2019"


def test_label_variants_numbering_and_spaces() -> None:
    lines = [
        "示例镇2020年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "一、 本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1",
        "（三） 不予公开\t(1)属于国家秘密\t2\t0\t0\t0\t0\t0\t2",
        "\t2、其他法律行政法规禁止公开\t3\t0\t0\t0\t0\t0\t3",
        "\t3.危及'三安全一稳定'\t4\t0\t0\t0\t0\t0\t4",
    ]
    report = read_text("\n".join(lines))
    apps = report.applications
    assert apps["new_received", "natural_person"] == 1
    assert apps["denied_state_secret", "natural_person"] == 2
    assert apps["denied_prohibited_by_law", "total"] == 3
    assert apps["denied_security_stability", "total"] == 4


# -- collapsed cells --------------------------------------------------------------------------

_HEAD = "示例镇2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"


def test_row_with_a_lost_cell_is_settled_when_its_total_forces_it() -> None:
    report = read_text(
        _HEAD + "一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t5\n", source="r.txt"
    )
    apps = report.applications
    # Six numbers for seven cells; only "five applicant columns + total, one lost" with the
    # lost cell 0 satisfies 总计 = sum: 5 0 0 0 0 ? 5 reads as natural 5, other 0, total 5.
    found = notes(report, "read.misaligned_row") + notes(report, "read.ambiguous_row")
    assert len(found) == 1
    assert found[0].location.row == "new_received"
    assert found[0].location.position == gd.Position(source="r.txt", line=3)
    if found[0].code == "read.misaligned_row":
        assert apps["new_received", "total"] == 5
    else:
        assert apps["new_received", "total"] is None


def test_row_of_zeros_with_a_lost_cell_is_all_zeros() -> None:
    report = read_text(_HEAD + "（一）予以公开\t0\t0\t0\t0\t0\t0\n")
    assert report.applications.row("granted") == dict.fromkeys(
        report.applications.row("granted"), 0
    )
    (note,) = notes(report, "read.misaligned_row")
    assert note.location.row == "granted"
    assert note.severity is gd.Severity.WARNING


def test_row_with_two_numbers_for_seven_cells_stays_blank_and_lists_candidates() -> None:
    report = read_text(_HEAD + "一、本年新收政府信息公开申请数量 |\n3 |\n3 |\n|||||||\n")
    assert all(v is None for v in report.applications.row("new_received").values())
    (note,) = notes(report, "read.ambiguous_row")
    assert note.location.row == "new_received"
    assert "natural_person=3" in note.message
    assert "total=3" in note.message
    assert (3, 0, 0, 0, 0, 0, 3) in note.expected  # the likely reading is among those listed


def _with_zero_leaves(rows: dict[str, str]) -> str:
    """Table 三 of a 2019 report: ``rows`` (label → numbers) as given, every other row zeros."""
    given = {"new_received", "carried_over", "granted", "outcome_total", "carried_forward"}
    leaves = [r.label for r in get_edition("2019").applications.rows if r.key not in given]
    text = _HEAD + "".join(f"{k}\t{v.replace(' ', chr(9))}\n" for k, v in rows.items())
    return text + "".join(f"{label}\t0\t0\t0\t0\t0\t0\t0\n" for label in leaves)


def test_lost_cell_settled_by_the_column_rules() -> None:
    # 予以公开 lost a cell (2 0 0 0 0 2 for seven columns, ambiguous alone), but 一 + 二 =
    # （七） + 四 and （七） = the sum of the outcome rows settle it.
    rows = {
        "一、本年新收政府信息公开申请数量": "2 0 0 0 0 0 2",
        "二、上年结转政府信息公开申请数量": "0 0 0 0 0 0 0",
        "（一）予以公开": "2 0 0 0 0 2",
        "（七）总计": "2 0 0 0 0 0 2",
        "四、结转下年度继续办理": "0 0 0 0 0 0 0",
    }
    report = read_text(_with_zero_leaves(rows))
    assert report.applications.row("granted") == {
        "natural_person": 2,
        "commercial_enterprise": 0,
        "research_institution": 0,
        "social_welfare_organization": 0,
        "legal_service_institution": 0,
        "other_legal_person": 0,
        "total": 2,
    }


def test_lost_cell_stays_ambiguous_when_the_column_rules_cannot_hold() -> None:
    # As above, but 一 + 二 (5) can never equal （七） + 四 (2), whatever 予以公开 reads as: no
    # combination holds the rules, so they settle nothing (and do not fail).
    rows = {
        "一、本年新收政府信息公开申请数量": "5 0 0 0 0 0 5",
        "二、上年结转政府信息公开申请数量": "0 0 0 0 0 0 0",
        "（一）予以公开": "2 0 0 0 0 2",
        "（七）总计": "2 0 0 0 0 0 2",
        "四、结转下年度继续办理": "0 0 0 0 0 0 0",
    }
    report = read_text(_with_zero_leaves(rows))
    assert all(v is None for v in report.applications.row("granted").values())
    (note,) = notes(report, "read.ambiguous_row")
    assert note.location.row == "granted"
    assert (2, 0, 0, 0, 0, 0, 2) in note.expected


# -- numbers run together (crawler text) -------------------------------------------------------


def test_crawler_rows_split_by_the_format_rules() -> None:
    # FORMAT.md's examples: 640020470 → 64 0 0 2 0 4 70 (the only split whose total is the sum
    # of the six); 220000325 has two splits, settled here by （四）无法提供's rows summing up.
    text = (
        "示例镇2021年政府信息公开工作年度报告"
        "三、收到和处理政府信息公开申请情况"
        "一、本年新收政府信息公开申请数量640020470"
        "二、上年结转政府信息公开申请数量0000000"
        "三、本年度办理结果（一）予以公开420020448"
        "（四）无法提供1.本机关不掌握相关政府信息2200003252.没有现成信息需要另行制作0000000"
    )
    report = read_text(text, source="crawl.txt")
    apps = report.applications
    assert apps.row("new_received") == {
        "natural_person": 64,
        "commercial_enterprise": 0,
        "research_institution": 0,
        "social_welfare_organization": 2,
        "legal_service_institution": 0,
        "other_legal_person": 4,
        "total": 70,
    }
    assert apps["carried_over", "total"] == 0
    assert apps["granted", "natural_person"] == 42
    assert apps["unavailable_needs_creation", "total"] == 0
    # 220000325: 2 20 0 0 0 3 25 or 22 0 0 0 0 3 25; nothing else decides: blank and listed.
    assert apps["unavailable_not_held", "natural_person"] is None
    (ambiguous,) = notes(report, "read.ambiguous_row")
    assert ambiguous.location.row == "unavailable_not_held"
    assert (2, 20, 0, 0, 0, 3, 25) in ambiguous.expected
    assert (22, 0, 0, 0, 0, 3, 25) in ambiguous.expected
    assert "read.run_together" in codes(report)


def test_crawler_row_settled_by_column_rules() -> None:
    rows = [
        ("一、本年新收政府信息公开申请数量", "220000325"),
        ("二、上年结转政府信息公开申请数量", "0000000"),
    ]
    edition = get_edition("2019")
    for row in edition.applications.rows:
        if row.key in {"new_received", "carried_over"}:
            continue
        if row.key == "granted" or row.key == "outcome_total":
            rows.append((row.label, "220000325"))
        else:
            rows.append((row.label, "0000000"))
    text = "示例镇2020年政府信息公开工作年度报告三、收到和处理政府信息公开申请情况"
    text += "".join(label + digits for label, digits in rows)
    report = read_text(text)
    # Each of the three rows alone allows two splits; A1/A2 do not tell them apart either
    # (the same split in every row satisfies both): all stay blank.
    assert report.applications["granted", "natural_person"] is None
    assert len(notes(report, "read.ambiguous_row")) == 3


def test_run_together_table_two_row_is_left_blank() -> None:
    text = (
        "示例局2023年政府信息公开工作年度报告二、主动公开政府信息情况第二十条第（一）项"
        "信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件693665"
    )
    report = read_text(text)
    assert report.proactive.row("rules") == {"issued": 0, "repealed": 0, "in_force": 0}
    assert all(v is None for v in report.proactive.row("normative_documents").values())
    (note,) = notes(report, "read.ambiguous_row")
    assert note.location.row == "normative_documents"


def test_crawler_text_of_the_whole_seed_report(sample: gd.AnnualReport) -> None:
    text = re.sub(r"\s+", "", render(sample, LAYOUTS["tabs"]))
    report = read_text(text)
    assert (report.agency.name, report.year, report.edition.key) == ("祥云镇", 2020, "2019")
    assert report.applications.values == sample.applications.values
    assert report.reviews.values == sample.reviews.values
    # 5 0 12 and 58 0 869 have several splits: blank, never guessed.
    assert report.proactive["administrative_licensing", "decisions"] is None
    assert report.proactive["rules", "made"] == 0


def test_crawler_number_with_a_unit_run_together_is_left_blank(sample: gd.AnnualReport) -> None:
    sample.proactive["centralized_procurement", "projects"] = 6
    sample.proactive["centralized_procurement", "amount"] = Decimal("25.1")
    text = render(sample, LAYOUTS["tabs"]).replace("\t6\t25.1", "\t6\t251000元")
    report = read_text(re.sub(r"\s+", "", text))  # 政府集中采购6251000元: 6 | 251000元? 62 | …?
    assert report.proactive.row("centralized_procurement") == {"projects": None, "amount": None}
    (note,) = [
        n
        for n in notes(report, "read.ambiguous_row")
        if n.location.row == "centralized_procurement"
    ]
    assert note.actual == "6251000元"
    # With its separators, the same row reads, the unit converted.
    tabbed = read_text(text)
    assert tabbed.proactive.row("centralized_procurement") == {
        "projects": 6,
        "amount": Decimal("25.1"),
    }


def test_crawler_text_with_a_tab_after_the_title_is_text_not_a_row(
    sample: gd.AnnualReport,
) -> None:
    # A page's whole text on one line, as lxml's text_content() gives the Shanghai page: the
    # title, a tab, then everything else run together. Two pieces, but not table cells.
    title, rest = re.sub(r"\s+", "", render(sample, LAYOUTS["tabs"])).split("报告", 1)
    report = read_text(f"{title}报告\t{rest}")
    assert (report.agency.name, report.year, report.edition.key) == ("祥云镇", 2020, "2019")
    assert report.applications.values == sample.applications.values
    assert text_document(f"{title}报告\t{rest}").blocks == (
        SourceParagraph(f"{title}报告", gd.Position(line=1)),
        SourceParagraph(rest, gd.Position(line=1)),
    )


# -- units ------------------------------------------------------------------------------------


def test_amount_with_yuan_is_converted_to_wan_yuan_with_a_note() -> None:
    text = "示例镇2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（九）项\n"
    text += "政府集中采购\t6\t251000元\n"
    report = read_text(text)
    assert report.proactive["centralized_procurement", "amount"] == Decimal("25.1")
    (note,) = notes(report, "read.unit_converted")
    assert note.actual == "251000元"
    assert note.expected == Decimal("25.1")


def test_amount_in_wan_yuan_keeps_its_value_with_a_note() -> None:
    text = "示例局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
    text += "行政事业性收费\t25.1万元\n"
    report = read_text(text)
    assert report.proactive["administrative_fees", "amount"] == Decimal("25.1")
    (note,) = notes(report, "read.unit_converted")
    assert note.actual == "25.1万元"
    plain = read_text(text.replace("万元", ""))
    assert plain.proactive["administrative_fees", "amount"] == Decimal("25.1")
    assert notes(plain, "read.unit_converted") == []


def test_unit_named_in_the_column_header_applies_to_the_cells() -> None:
    text = "示例镇2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（九）项\n"
    text += "信息内容\t采购项目数量\t采购总金额（元）\n政府集中采购\t2\t35000\n"
    report = read_text(text)
    assert report.proactive["centralized_procurement", "amount"] == Decimal("3.5")
    assert len(notes(report, "read.unit_converted")) == 1


def test_text_in_a_number_cell_is_left_blank_with_a_note() -> None:
    report = read_text(_HEAD + "二、上年结转政府信息公开申请数量\t0\t0\t无法统计\t0\t0\t0\t0\n")
    assert report.applications["carried_over", "research_institution"] is None
    (note,) = notes(report, "read.unreadable_cell")
    assert note.location.column == "research_institution"


# -- edition from the layout ------------------------------------------------------------------


def test_2021_report_printing_the_2019_tables_is_read_as_2019(sample: gd.AnnualReport) -> None:
    text = render(sample, LAYOUTS["tabs"]).replace("2020年", "2021年")
    report = read_text(text)
    assert report.year == 2021
    assert report.edition.key == "2019"
    assert "A6.edition_year" in report.validate().codes()


def test_edition_follows_the_year_when_the_layout_does_not_say() -> None:
    report = read_text("示例镇2022年政府信息公开工作年度报告\n一、总体情况\n无。\n")
    assert report.edition.key == "2021"
    assert "read.edition_assumed" in codes(report)


def test_edition_hint_is_used_when_the_layout_does_not_say() -> None:
    report = read_text("示例镇2022年政府信息公开工作年度报告\n一、总体情况\n无。\n", edition="2019")
    assert report.edition.key == "2019"


# -- extra rows ---------------------------------------------------------------------------------


def test_provincial_extra_row_is_kept_and_flagged(sample: gd.AnnualReport) -> None:
    rows = table_rows(sample.proactive)
    at = next(i for i, r in enumerate(rows) if r[0] == "规范性文件") + 1
    rows.insert(at, ["其他主动公开文件", "5", "0", "5"])
    text = "祥云镇2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
    text += "\n".join("\t".join(r) if len(r) > 1 else r[0] for r in rows)
    report = read_text(text)
    (extra,) = report.proactive.extra_rows
    assert extra == gd.ExtraRow(label="其他主动公开文件", values=(5, 0, 5), block="article20_1")
    assert "F.nonstandard_row" in report.validate().codes()
    assert report.proactive["other_external_services", "decisions"] == 869


def test_label_with_a_long_note_still_matches() -> None:
    text = "示例局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
    text += "行政规范性文件（含以部门名义印发的文件）\t3\t1\t40\n"
    report = read_text(text)
    assert report.proactive.row("normative_documents") == {
        "issued": 3,
        "repealed": 1,
        "in_force": 40,
    }


# -- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("gbk"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-8"),
    ],
    ids=["gbk", "gb18030", "utf-16-le-bom", "utf-16-be-bom", "utf-8-bom", "utf-8"],
)
def test_encodings_are_detected(encode, sample: gd.AnnualReport) -> None:  # type: ignore[no-untyped-def]
    text = render(sample, LAYOUTS["tabs"])
    report = read_text(encode(text), source="report.txt")
    assert same_tables(sample, report) == []
    assert report.overview == sample.overview


def test_undecodable_bytes_raise_read_error() -> None:
    with pytest.raises(gd.ReadError, match=r"report\.bin.*cannot decode"):
        read_text(bytes(range(256)) * 4, source="report.bin")


def test_bad_bom_raises_read_error() -> None:
    with pytest.raises(gd.ReadError, match="byte-order mark"):
        read_text(codecs.BOM_UTF8 + b"\xff\xfe\xfd", source="x.txt")


def test_text_that_is_no_report_raises_read_error() -> None:
    with pytest.raises(gd.ReadError, match=r"notes\.txt"):
        read_text("今天天气很好。\n明天也许下雨。\n2020年", source="notes.txt")


def test_text_without_any_year_raises_read_error() -> None:
    with pytest.raises(gd.ReadError, match="year"):
        read_text("一、总体情况\n我局高度重视。\n", source="x.txt")


# -- partial documents --------------------------------------------------------------------------


def test_truncated_copy_gives_a_partial_report(sample: gd.AnnualReport) -> None:
    text = render(sample, LAYOUTS["pipes"])
    cut = text[: text.index("（二）部分公开")]
    report = read_text(cut, source="cut.txt")
    assert report.proactive.values == sample.proactive.values
    assert report.applications["granted", "total"] == 0
    assert report.applications["partially_granted", "total"] is None
    result = report.validate()
    assert "A7.table_missing" in result.codes()  # table 四
    missing = {i.location.section for i in result.by_code("A7.section_missing")}
    assert missing == {"problems", "other_matters"}


def test_hints_fill_what_the_text_does_not_say() -> None:
    text = "一、总体情况\n截至2021年12月31日，我局共受理申请3件。\n"
    report = read_text(text, agency="示例局")
    assert (report.agency.name, report.year) == ("示例局", 2021)
    assert "read.inferred" in codes(report)


def test_no_agency_anywhere_gives_a_placeholder_and_a_note() -> None:
    report = read_text("一、总体情况\n2021年我局工作顺利。\n")
    assert report.agency.name == "未知机关"
    assert "read.agency_unknown" in codes(report)


# -- provenance and the narrative ------------------------------------------------------------


def test_issues_quote_the_line_they_were_read_from(sample: gd.AnnualReport) -> None:
    sample.applications["granted", "natural_person"] = 9  # breaks A2 and A3
    text = render(sample, LAYOUTS["tabs"])
    report = read_text(text, source="report.txt")
    line = (
        text.splitlines().index(
            next(x for x in text.splitlines() if x.startswith("（一）予以公开"))
        )
        + 1
    )
    issue = next(i for i in report.validate() if i.code == "A3.row_total")
    assert issue.location.row == "granted"
    assert str(issue.location.position) == f"line {line} of report.txt"
    assert report.source is not None
    assert report.source.positions["applications[granted][natural_person]"].line == line


def test_narrative_sections_headings_and_quoted_figures(sample: gd.AnnualReport) -> None:
    sample.overview.add_paragraph("本年度共受理政府信息公开申请5件。")
    text = render(sample, LAYOUTS["tabs"]).replace("一、总体情况", "一、工作基本情况")
    report = read_text(text)
    assert report.overview == sample.overview
    assert report.overview.content[0] == gd.Heading(text="（一）政府信息公开工作组织推进情况")
    (mismatch,) = report.validate().by_code("A10")
    assert (mismatch.expected, mismatch.actual) == (0, 5)


def test_repeated_first_heading_moves_the_introduction_to_the_preamble(
    sample: gd.AnnualReport,
) -> None:
    text = render(sample, LAYOUTS["tabs"])
    intro = sample.preamble[0].text
    text = text.replace(intro + "\n", "").replace(
        "一、总体情况\n", f"一、总体情况\n{intro}\n一、总体情况\n", 1
    )
    report = read_text(text)
    assert report.preamble == sample.preamble
    assert report.overview == sample.overview


@given(
    strategies.reports(with_extra_rows=False),
    st.sampled_from(sorted(LAYOUTS)),
    st.sampled_from(["", "/", "—"]),
)
def test_any_report_copied_in_any_layout_reads_back_its_tables(
    report: gd.AnnualReport, layout: str, blank: str
) -> None:
    # Narrative aside (random text is not a report's); every cell, blank or not, and the
    # edition come back from the layout alone. An empty cell is only unambiguous in rows whose
    # other cells are all filled, so empty blanks are tested on full tables only.
    report.preamble.clear()
    for section in report.sections.values():
        section.content.clear()
    if not blank:
        for table in report.tables:
            for key, value in table.items():
                if value is None:
                    table[key] = 0
    text = render(report, LAYOUTS[layout], blank=blank)
    back = read_text(text, agency=report.agency.name, year=report.year)
    assert back.edition is report.edition
    assert same_tables(report, back) == []


@pytest.mark.parametrize(
    "line",
    [
        "规章" + "1" * 250 + "x",  # a label and digits that end in text: no backtracking blow-up
        "一、本年新收政府信息公开申请数量" + "7" * 5000,  # a run far longer than any row
        "规章" + "1 " * 2000,
        "（" * 5000 + "规章",
    ],
    ids=["digits-then-text", "huge-run", "many-numbers", "open-parens"],
)
def test_pathological_lines_are_read_without_blowing_up(line: str) -> None:
    text = "示例局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + line
    report = read_text(text)
    assert report.year == 2021


_NOISE = st.one_of(
    st.characters(),
    st.sampled_from(list("一二三四、（）()|\t\n 0123456789规章总计年度报告第二十条项元万/")),
)


@given(st.one_of(st.binary(max_size=300), st.text(_NOISE, max_size=300)))
def test_any_input_reads_or_raises_read_error_only(data: str | bytes) -> None:
    error: gd.ReadError | None = None
    try:
        report = read_text(data, source="noise.txt")
    except gd.ReadError as exc:
        error = exc
    if error is not None:
        assert error.source == "noise.txt"
    else:
        assert isinstance(report, gd.AnnualReport)
