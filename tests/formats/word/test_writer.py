"""The DOCX writer, checked in its XML: table spans, fonts, page setup, footers, properties."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import docx
import pytest
from lxml import etree

import govdisclosure as gd
from docx_support import NSMAP, cells, expand, names, part, tables, text_of, w
from govdisclosure.editions import EDITIONS
from govdisclosure.formats.word import DocxWriter

MM = 1440 / 25.4  # twips per millimetre


@pytest.fixture(params=list(EDITIONS))
def edition(request: pytest.FixtureRequest) -> gd.Edition:
    return EDITIONS[request.param]


def blank(edition: gd.Edition) -> gd.AnnualReport:
    return gd.AnnualReport.blank(agency="某某县人民政府", year=edition.first_year, edition=edition)


def test_writes_a_package_python_docx_can_open(sample: gd.AnnualReport) -> None:
    data = DocxWriter().dumps(sample)
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) == 3
    assert document.paragraphs[0].text == "祥云镇2020年政府信息公开工作年度报告"
    headings = [p.text for p in document.paragraphs if p.style.name.endswith("Section Heading")]
    assert headings == [s.heading for s in sample.edition.sections]


def test_output_is_deterministic(sample: gd.AnnualReport) -> None:
    writer = DocxWriter()
    assert writer.dumps(sample) == writer.dumps(sample.copy())


# -- table 二 -------------------------------------------------------------------------------


def test_table_2_blocks_with_full_width_headers(edition: gd.Edition) -> None:
    proactive = tables(DocxWriter().dumps(blank(edition)))[0]
    grid = expand(proactive)
    width = len(grid[0])
    assert width == 4  # 信息内容 + the widest block's three columns
    block_rows = [r for r in cells(proactive) if len(r) == 1]
    assert [r[0].text for r in block_rows] == [b.label for b in edition.proactive.blocks]
    assert all(r[0].span == width for r in block_rows)
    # Each block header is followed by its column header row, 信息内容 first.
    for block, header in zip(edition.proactive.blocks, block_rows, strict=True):
        index = header[0].row + 1
        labels = grid[index]
        assert labels[0] == "信息内容"
        for column in block.columns:
            assert column.label in "".join(dict.fromkeys(labels[1:]))
        rows = [grid[index + 1 + i][0] for i in range(len(block.rows))]
        assert rows == [r.label for r in block.rows]


def test_table_2_headers_follow_the_edition() -> None:
    first = expand(tables(DocxWriter().dumps(blank(EDITIONS["2019"])))[0])
    assert first[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert first[13] == ["信息内容", "上一年项目数量", "本年增/减", "本年增/减"]
    assert first[16][2] == "采购总金额（单位：万元）"
    second = expand(tables(DocxWriter().dumps(blank(EDITIONS["2021"])))[0])
    assert second[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert second[5] == ["信息内容", *["本年处理决定数量"] * 3]
    # A block with fewer columns: its last cell spans the rest of the grid.
    row = cells(tables(DocxWriter().dumps(blank(EDITIONS["2021"])))[0])[6]
    assert [(c.text, c.span) for c in row] == [("行政许可", 1), ("", 3)]


# -- table 三 -------------------------------------------------------------------------------


def test_table_3_three_row_header(edition: gd.Edition) -> None:
    applications = tables(DocxWriter().dumps(blank(edition)))[1]
    rows = cells(applications)
    assert len(applications.findall("w:tblGrid/w:gridCol", NSMAP)) == 10
    top, middle, bottom = rows[:3]
    note = top[0]
    assert note.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert (note.span, note.vmerge) == (3, "restart")
    assert [(c.span, c.vmerge) for c in (middle[0], bottom[0])] == [(3, "continue")] * 2
    assert (top[1].text, top[1].span) == ("申请人情况", 7)
    assert [(c.text, c.span, c.vmerge) for c in middle[1:]] == [
        ("自然人", 1, "restart"),
        ("法人或其他组织", 5, None),
        ("总计", 1, "restart"),
    ]
    assert [(c.text, c.vmerge) for c in bottom[1:]] == [
        ("", "continue"),
        ("商业企业", None),
        ("科研机构", None),
        ("社会公益组织", None),
        ("法律服务机构", None),
        ("其他", None),
        ("", "continue"),
    ]
    for row in applications.findall("w:tr", NSMAP)[:3]:
        assert row.find("w:trPr/w:tblHeader", NSMAP) is not None
    assert applications.findall("w:tr", NSMAP)[3].find("w:trPr/w:tblHeader", NSMAP) is None


@pytest.mark.parametrize(("key", "outcome_rows"), [("2019", 20), ("2021", 22)])
def test_table_3_label_columns(key: str, outcome_rows: int) -> None:
    edition = EDITIONS[key]
    applications = tables(DocxWriter().dumps(blank(edition)))[1]
    rows = cells(applications)[3:]
    grid = expand(applications)[3:]
    spec = edition.applications
    assert len(rows) == len(spec.rows)
    # 一、二、四 span all three label columns.
    for row, declared in zip(rows, spec.rows, strict=True):
        if declared.group is None:
            assert (row[0].text, row[0].span) == (declared.label, 3)
    # 三、本年度办理结果: one vertical cell over every outcome row.
    vertical = [r for r in rows if r[0].column == 0 and r[0].vmerge is not None]
    assert len(vertical) == outcome_rows
    assert vertical[0][0].text == "三、本年度办理结果"
    assert vertical[0][0].vmerge == "restart"
    assert all(r[0].vmerge == "continue" for r in vertical[1:])
    assert sum(1 for line in grid if line[0] == "三、本年度办理结果") == outcome_rows
    # （一）（二）（七） (and （六） in 2019) span label columns 2–3.
    spanning = {r[1].text for r in vertical if r[1].span == 2}
    expected = {"（一）予以公开", spec.row("partially_granted").label, "（七）总计"}
    if key == "2019":
        expected.add("（六）其他处理")
    assert spanning == expected
    # Group labels in column 2 beside their numbered leaves in column 3.
    for group in spec.row_groups:
        if group.parent != "outcomes":
            continue
        beside = [line[2] for line in grid if line[1] == group.label]
        assert beside == [spec.row(m).label for m in group.members]


def test_table_3_other_processing_differs_by_edition() -> None:
    old = expand(tables(DocxWriter().dumps(blank(EDITIONS["2019"])))[1])
    new = expand(tables(DocxWriter().dumps(blank(EDITIONS["2021"])))[1])
    assert [line[1] for line in old].count("（六）其他处理") == 1
    assert [line[2] for line in new if line[1] == "（六）其他处理"] == [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]


# -- table 四 -------------------------------------------------------------------------------


def test_table_4_two_level_header(edition: gd.Edition) -> None:
    reviews = tables(DocxWriter().dumps(blank(edition)))[2]
    rows = cells(reviews)
    assert len(rows) == 4
    assert [(c.text, c.span) for c in rows[0]] == [("行政复议", 5), ("行政诉讼", 10)]
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [(c.text, c.vmerge) for c in rows[1][:5]] == [(t, "restart") for t in labels]
    assert [(c.text, c.span) for c in rows[1][5:]] == [("未经复议直接起诉", 5), ("复议后起诉", 5)]
    assert [c.vmerge for c in rows[2][:5]] == ["continue"] * 5
    assert [c.text for c in rows[2][5:]] == labels * 2
    assert len(rows[3]) == 15
    grid = expand(reviews)
    assert grid[1][:5] == grid[2][:5] == labels
    for row in reviews.findall("w:tr", NSMAP)[:3]:
        assert row.find("w:trPr/w:tblHeader", NSMAP) is not None


def test_table_4_values_in_order(sample: gd.AnnualReport) -> None:
    sample.reviews["litigation_direct", "upheld"] = 7
    sample.reviews["litigation_after_review", "pending"] = 9
    data_row = cells(tables(DocxWriter().dumps(sample))[2])[3]
    assert data_row[5].text == "7"
    assert data_row[13].text == "9"


# -- cells ----------------------------------------------------------------------------------


def test_blank_cells_stay_empty_and_zero_prints_0(edition: gd.Edition) -> None:
    report = blank(edition)
    report.applications["granted", "natural_person"] = 0
    report.applications["granted", "total"] = 12
    applications = tables(DocxWriter().dumps(report))[1]
    granted = cells(applications)[5]
    values = granted[-7:]
    assert [c.text for c in values] == ["0", "", "", "", "", "", "12"]
    for cell in values[1:-1]:
        assert cell.element.find(".//w:t", NSMAP) is None


def test_money_and_signed_values() -> None:
    report = blank(EDITIONS["2019"])
    report.proactive["centralized_procurement", "amount"] = Decimal("25.1000")
    report.proactive["administrative_licensing", "change"] = -3
    report.proactive["rules", "made"] = 0
    grid = expand(tables(DocxWriter().dumps(report))[0])
    assert grid[17][2] == "25.1000"
    assert grid[6][2] == "-3"
    assert grid[2][1] == "0"
    big = blank(EDITIONS["2021"])
    big.proactive["administrative_fees", "amount"] = Decimal("1E+3")
    assert expand(tables(DocxWriter().dumps(big))[0])[13][1] == "1000"


def test_extra_rows_at_the_end_of_their_block() -> None:
    report = blank(EDITIONS["2019"])
    report.proactive.add_extra_row("其他主动公开文件", [4, 5], block="article20_1")
    report.applications.add_extra_row("（八）补充说明", [1, None, 2])
    report.reviews.add_extra_row("行政复议（其他）", [1, 2, 3, 4, 10])
    proactive, applications, reviews = (expand(t) for t in tables(DocxWriter().dumps(report)))
    assert proactive[4] == ["其他主动公开文件", "4", "5", ""]
    assert proactive[5][0] == "第二十条第（五）项"
    assert applications[-1] == ["（八）补充说明"] * 3 + ["1", "", "2", "", "", "", ""]
    assert applications[-2][0] == "四、结转下年度继续办理"
    # Table 四: a row under the data row, its values under the columns every group repeats.
    assert len(reviews[0]) == 15
    assert reviews[4] == ["行政复议（其他）"] * 10 + ["1", "2", "3", "4", "10"]
    assert reviews[2][10:] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    extra_labels = {"其他主动公开文件", "（八）补充说明", "行政复议（其他）"}
    styles = {
        text_of(p): p.find("w:pPr/w:pStyle", NSMAP).get(w("val"))
        for t in tables(DocxWriter().dumps(report))
        for p in t.iter(w("p"))
    }
    assert {label: styles[label] for label in extra_labels} == dict.fromkeys(
        extra_labels, "GovTableExtra"
    )
    assert styles["规章"] == styles["四、结转下年度继续办理"] == "GovTableLabel"


def test_every_row_has_the_grid_width_and_rows_do_not_split(sample: gd.AnnualReport) -> None:
    sample.reviews.add_extra_row("补充", [1])
    for table in tables(DocxWriter().dumps(sample)):
        width = len(table.findall("w:tblGrid/w:gridCol", NSMAP))
        widths = [int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NSMAP)]
        for row in cells(table):
            assert sum(c.span for c in row) == width
            for cell in row:
                stated = int(cell.element.find("w:tcPr/w:tcW", NSMAP).get(w("w")))
                assert stated == sum(widths[cell.column : cell.column + cell.span])
        for tr in table.findall("w:tr", NSMAP):
            assert tr.find("w:trPr/w:cantSplit", NSMAP) is not None
        assert sum(widths) == 11906 - 1587 - 1474


def test_single_borders_on_every_cell(sample: gd.AnnualReport) -> None:
    for table in tables(DocxWriter().dumps(sample)):
        borders = table.find("w:tblPr/w:tblBorders", NSMAP)
        sides = {b.tag.rpartition("}")[2]: b.get(w("val")) for b in borders}
        assert sides == dict.fromkeys(
            ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
        )
        assert table.find("w:tblPr/w:tblLayout", NSMAP).get(w("type")) == "fixed"


# -- fonts and paragraphs -------------------------------------------------------------------


def _styles(data: bytes) -> dict[str, etree._Element]:
    return {s.get(w("styleId")): s for s in part(data, "word/styles.xml").findall("w:style", NSMAP)}


def _effective(styles: dict[str, etree._Element], style_id: str | None, prop: str) -> str | None:
    """An rPr property of a paragraph style, following basedOn; the defaults last."""
    while style_id is not None:
        style = styles[style_id]
        element = style.find(f"w:rPr/{prop}", NSMAP)
        if element is not None:
            return etree.tostring(element).decode()
        based = style.find("w:basedOn", NSMAP)
        style_id = based.get(w("val")) if based is not None else None
    return None


def _east_asia(styles: dict[str, etree._Element], style_id: str | None) -> tuple[str, str, int]:
    while style_id is not None:
        style = styles[style_id]
        fonts = style.find("w:rPr/w:rFonts", NSMAP)
        size = style.find("w:rPr/w:sz", NSMAP)
        if fonts is not None and size is not None:
            return fonts.get(w("eastAsia")), fonts.get(w("ascii")), int(size.get(w("val")))
        based = style.find("w:basedOn", NSMAP)
        style_id = based.get(w("val")) if based is not None else None
    raise AssertionError("no font")


def test_every_run_has_an_east_asian_font_and_times_for_latin(sample: gd.AnnualReport) -> None:
    data = DocxWriter().dumps(sample)
    styles = _styles(data)
    body = part(data, "word/document.xml").find("w:body", NSMAP)
    expected = {
        "GovTitle": ("方正小标宋简体", "Times New Roman", 44),
        "GovSectionHeading": ("黑体", "Times New Roman", 32),
        "GovHeading": ("楷体_GB2312", "Times New Roman", 32),
        "GovBody": ("仿宋_GB2312", "Times New Roman", 32),
        "GovTableText": ("仿宋_GB2312", "Times New Roman", 21),
        "GovTableLabel": ("仿宋_GB2312", "Times New Roman", 21),
    }
    seen = set()
    for paragraph in body.iter(w("p")):
        if paragraph.find("w:r", NSMAP) is None:
            continue
        style = paragraph.find("w:pPr/w:pStyle", NSMAP).get(w("val"))
        assert _east_asia(styles, style) == expected[style]
        seen.add(style)
    assert seen == set(expected)
    # The defaults carry an East-Asian font too, and the language is Chinese.
    defaults = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NSMAP)
    assert defaults.find("w:rFonts", NSMAP).get(w("eastAsia")) == "仿宋_GB2312"
    assert defaults.find("w:lang", NSMAP).get(w("eastAsia")) == "zh-CN"


def test_paragraph_formatting(sample: gd.AnnualReport) -> None:
    styles = _styles(DocxWriter().dumps(sample))
    title = styles["GovTitle"].find("w:pPr", NSMAP)
    assert title.find("w:jc", NSMAP).get(w("val")) == "center"
    body = styles["GovBody"].find("w:pPr", NSMAP)
    assert body.find("w:ind", NSMAP).get(w("firstLineChars")) == "200"
    spacing = body.find("w:spacing", NSMAP)
    assert spacing.get(w("lineRule")) == "exact"
    assert 28 * 20 <= int(spacing.get(w("line"))) <= 29 * 20
    assert styles["GovSectionHeading"].find("w:pPr/w:outlineLvl", NSMAP).get(w("val")) == "0"
    assert styles["GovTableText"].find("w:pPr/w:jc", NSMAP).get(w("val")) == "center"


def test_text_with_tabs_spaces_and_markup_characters() -> None:
    report = blank(EDITIONS["2021"])
    report.overview.add_paragraph("甲\t乙  丙 <b>&amp;\"'")
    data = DocxWriter().dumps(report)
    body = part(data, "word/document.xml").find("w:body", NSMAP)
    paragraph = next(p for p in body.findall("w:p", NSMAP) if "甲" in text_of(p))
    run = paragraph.find("w:r", NSMAP)
    assert [child.tag.rpartition("}")[2] for child in run] == ["t", "tab", "t"]
    assert text_of(paragraph) == "甲乙  丙 <b>&amp;\"'"


def test_control_characters_are_refused_with_write_error() -> None:
    report = gd.AnnualReport.blank(agency="某县", year=2021)
    object.__setattr__(report.agency, "name", "某县\x01")  # past the model's own check
    with pytest.raises(gd.WriteError, match="control character"):
        DocxWriter().dumps(report)


# -- page ---------------------------------------------------------------------------------


def test_page_size_and_margins(sample: gd.AnnualReport) -> None:
    sect = part(DocxWriter().dumps(sample), "word/document.xml").find("w:body/w:sectPr", NSMAP)
    size = sect.find("w:pgSz", NSMAP)
    assert (int(size.get(w("w"))), int(size.get(w("h")))) == (11906, 16838)
    margins = sect.find("w:pgMar", NSMAP)
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert int(margins.get(w(side))) / MM == pytest.approx(mm, abs=0.1)


def _footer_texts(data: bytes) -> dict[str, etree._Element]:
    document = part(data, "word/document.xml")
    rels = part(data, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for reference in document.findall("w:body/w:sectPr/w:footerReference", NSMAP):
        target = targets[reference.get(f"{{{NSMAP['r']}}}id")]
        out[reference.get(w("type"))] = part(data, f"word/{target}")
    return out


def _page_field(footer: etree._Element) -> tuple[str, str]:
    paragraph = footer.find("w:p", NSMAP)
    instruction = "".join(t.text for t in paragraph.iter(w("instrText"))).strip()
    shown = "".join(t.text for t in paragraph.iter(w("t")))
    return instruction, shown


def test_footer_page_numbers_outside_as_gbt_9704(sample: gd.AnnualReport) -> None:
    data = DocxWriter().dumps(sample)
    footers = _footer_texts(data)
    assert set(footers) == {"default", "even"}
    for kind, side in (("default", "right"), ("even", "left")):
        instruction, shown = _page_field(footers[kind])
        assert instruction == "PAGE"
        assert shown == "— 1 —"
        assert footers[kind].find("w:p/w:pPr/w:jc", NSMAP).get(w("val")) == side
    assert part(data, "word/settings.xml").find("w:evenAndOddHeaders", NSMAP) is not None


def test_footer_page_numbers_centred_or_none(sample: gd.AnnualReport) -> None:
    centred = DocxWriter(page_numbers="center").dumps(sample)
    footers = _footer_texts(centred)
    assert set(footers) == {"default"}
    assert footers["default"].find("w:p/w:pPr/w:jc", NSMAP).get(w("val")) == "center"
    assert part(centred, "word/settings.xml").find("w:evenAndOddHeaders", NSMAP) is None
    assert _footer_texts(DocxWriter(page_numbers="none").dumps(sample)) == {}
    with pytest.raises(ValueError, match="page_numbers"):
        DocxWriter(page_numbers="left")  # type: ignore[arg-type]


# -- properties ---------------------------------------------------------------------------


def test_core_properties(sample: gd.AnnualReport) -> None:
    sample.published_on = datetime.date(2021, 1, 20)
    core = part(DocxWriter().dumps(sample), "docProps/core.xml")
    assert core.findtext("dc:title", namespaces=NSMAP) == "祥云镇2020年政府信息公开工作年度报告"
    assert core.findtext("dc:creator", namespaces=NSMAP) == "祥云镇"
    assert core.findtext("dc:language", namespaces=NSMAP) == "zh-CN"
    created = core.find("{http://purl.org/dc/terms/}created")
    assert created.text == "2021-01-20T00:00:00Z"


def test_custom_properties_carry_the_metadata(sample: gd.AnnualReport) -> None:
    sample.published_on = datetime.date(2021, 1, 20)
    sample.title = "祥云镇2020年度政府信息公开工作报告"
    custom = part(DocxWriter().dumps(sample), "docProps/custom.xml")
    found = {
        p.get("name"): p.findtext("vt:lpwstr", namespaces=NSMAP)
        for p in custom.findall("custom:property", NSMAP)
    }
    assert found == {
        "govdisclosure:agency": "祥云镇",
        "govdisclosure:region": "河南省焦作市温县",
        "govdisclosure:level": "township",
        "govdisclosure:year": "2020",
        "govdisclosure:edition": "2019",
        "govdisclosure:published_on": "2021-01-20",
        "govdisclosure:title": "祥云镇2020年度政府信息公开工作报告",
    }
    pids = [int(p.get("pid")) for p in custom.findall("custom:property", NSMAP)]
    assert pids == list(range(2, 2 + len(pids)))


def test_content_types_cover_every_part(sample: gd.AnnualReport) -> None:
    data = DocxWriter().dumps(sample)
    types = part(data, "[Content_Types].xml")
    overrides = {o.get("PartName").lstrip("/") for o in types.findall("ct:Override", NSMAP)}
    xml_parts = {n for n in names(data) if n.endswith(".xml") and n != "[Content_Types].xml"}
    assert overrides == xml_parts


# -- closing lines ----------------------------------------------------------------------------


def _signature_lines(data: bytes) -> list[tuple[str, str]]:
    body = part(data, "word/document.xml").find("w:body", NSMAP)
    return [
        (p.find("w:pPr/w:pStyle", NSMAP).get(w("val")), text_of(p))
        for p in body.findall("w:p", NSMAP)
        if p.find("w:pPr/w:pStyle", NSMAP).get(w("val")) == "GovSignature" and text_of(p)
    ]


def test_closing_lines_with_the_publishing_date(sample: gd.AnnualReport) -> None:
    sample.published_on = datetime.date(2021, 1, 5)
    data = DocxWriter().dumps(sample)
    assert _signature_lines(data) == [("GovSignature", "祥云镇"), ("GovSignature", "2021年1月5日")]
    body = part(data, "word/document.xml").find("w:body", NSMAP)
    assert text_of(body.findall("w:p", NSMAP)[-1]) == "2021年1月5日"
    style = _styles(data)["GovSignature"]
    assert style.find("w:pPr/w:jc", NSMAP).get(w("val")) == "right"
    assert _signature_lines(DocxWriter(signature=False).dumps(sample)) == []


def test_no_closing_lines_without_a_date(sample: gd.AnnualReport) -> None:
    assert _signature_lines(DocxWriter().dumps(sample)) == []
