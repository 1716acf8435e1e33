"""Reading DOCX: the writer's own output back to an equal report, DOCX reports made by other
tools to the values they print, and bad input to a clear ReadError."""

from __future__ import annotations

import copy
import io
import zipfile
from decimal import Decimal
from typing import Any

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
import strategies as sts
from docx_foreign import Style, build, expected_cells, values_of
from govdisclosure.editions import EDITIONS
from govdisclosure.formats.word import DocxReader, DocxWriter
from support import expected_values, sample_report

# -- the writer's own output ----------------------------------------------------------------


@given(sts.reports())
def test_round_trip_any_report(report: gd.AnnualReport) -> None:
    back = gd.loads(gd.dumps(report, "docx"), "docx")
    assert back == report
    assert back.title == report.title  # None stays None: the title shown is composed


@given(sts.consistent_reports())
def test_round_trip_consistent_reports(report: gd.AnnualReport) -> None:
    back = gd.loads(gd.dumps(report, "docx"), "docx")
    assert back == report
    # Its sections have no text; its arithmetic holds, and nothing else is reported.
    assert {i.code for i in back.validate()} == {"A7.section_missing"}


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_round_trip_blank_report(edition: str) -> None:
    report = gd.AnnualReport.blank(agency="某某县人民政府", year=EDITIONS[edition].first_year)
    back = gd.loads(gd.dumps(report, "docx"), "docx")
    assert back == report
    assert all(t.is_blank for t in back.tables)


def test_round_trip_through_a_file(sample: gd.AnnualReport, tmp_path: Any) -> None:
    path = tmp_path / "祥云镇.docx"
    gd.dump(sample, path)
    back = gd.load(path)
    assert back == sample
    assert back.source is not None
    assert back.source.format == "docx"
    assert back.source.name == str(path)
    assert back.source.notes == []


def test_positions_point_at_table_cells(sample: gd.AnnualReport) -> None:
    back = gd.loads(gd.dumps(sample, "docx"), "docx", source="x.docx")
    assert back.source is not None
    position = back.source.positions["applications[new_received][natural_person]"]
    assert (position.source, position.table, position.row) == ("x.docx", 2, 4)
    position = back.source.positions["proactive[administrative_licensing][decisions]"]
    assert (position.table, position.row) == (1, 7)


def test_round_trip_with_a_template(sample: gd.AnnualReport) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "某某县人民政府办公室"
    buffer = io.BytesIO()
    template.save(buffer)
    data = DocxWriter(template=buffer.getvalue()).dumps(sample)
    assert gd.loads(data, "docx") == sample


def test_extra_rows_keep_their_order_across_blocks() -> None:
    report = gd.AnnualReport.blank(agency="某县", year=2021)
    report.proactive.add_extra_row("其他（六）", [1], block="article20_6")
    report.proactive.add_extra_row("其他（一）", [2, 3, 4], block="article20_1")
    report.reviews.add_extra_row("行政复议（其他）", [1, 2, 3, 4, 10])
    back = gd.loads(gd.dumps(report, "docx"), "docx")
    assert back.proactive.extra_rows == report.proactive.extra_rows
    assert back.reviews.extra_rows == report.reviews.extra_rows


def test_edited_document_without_marks_keeps_document_order() -> None:
    report = gd.AnnualReport.blank(agency="某县", year=2021)
    report.proactive.add_extra_row("其他（六）", [1], block="article20_6")
    report.proactive.add_extra_row("其他（一）", [2, 3, 4], block="article20_1")
    data = gd.dumps(report, "docx")
    assert isinstance(data, bytes)
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(b"_gdx_", b"_other_")
            target.writestr(info, content)
    back = gd.loads(buffer.getvalue(), "docx")
    assert [e.label for e in back.proactive.extra_rows] == ["其他（一）", "其他（六）"]


# -- documents made by other tools ----------------------------------------------------------


def _filled(edition: gd.Edition) -> gd.AnnualReport:
    """A report whose every cell holds a distinct value (so that a shifted cell shows)."""
    report = gd.AnnualReport.blank(agency="某某县人民政府", year=edition.first_year)
    number = 1
    for table in report.tables:
        for row, column in table.spec.cells:
            kind = table.kind(row, column)
            table[row, column] = Decimal(f"{number}.5") if kind.value == "money" else number
            number += 1
    return report


def _title(report: gd.AnnualReport) -> str:
    return f"{report.agency.name}{report.year}年政府信息公开工作年度报告"


def _read(data: bytes, **hints: Any) -> gd.AnnualReport:
    return DocxReader(**hints).loads(data, source="foreign.docx")


def _assert_values(
    report: gd.AnnualReport, expected: dict[str, dict[tuple[str, str], Any]]
) -> None:
    for key, cells in expected.items():
        table = report.table(key)
        got = {cell: table[cell] for cell in cells}
        assert got == cells, key


FOREIGN_STYLES = {
    "word merges": Style(),
    "unmerged, text repeated": Style(merge="repeat"),
    "unmerged, text in the first cell": Style(merge="first"),
    "numbers with stray spaces": Style(spaced_numbers=True),
    "table 三 split across a page": Style(split_applications=9),
    "table 三 split, no repeated header": Style(
        split_applications=12, repeat_header_after_split=False
    ),
    "an extra 小计 column": Style(subtotal_column=True),
    "half-width punctuation": Style(
        label=lambda s: s.replace("（", "(").replace("）", ")").replace("：", ":")
    ),
}


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("style", list(FOREIGN_STYLES))
def test_foreign_layouts_read_to_their_values(edition: str, style: str) -> None:
    report = _filled(EDITIONS[edition])
    data = build(
        edition=report.edition,
        title=_title(report),
        values=values_of(report),
        style=FOREIGN_STYLES[style],
    )
    back = _read(data)
    assert back.edition is report.edition
    assert back.year == report.year
    assert back.agency.name == report.agency.name
    _assert_values(back, values_of(report))
    assert back.proactive.extra_rows == back.applications.extra_rows == []
    assert back.source is not None
    notes = {n.code for n in back.source.notes}
    assert ("read.extra_column" in notes) == FOREIGN_STYLES[style].subtotal_column


def test_label_variants_of_real_reports() -> None:
    variants = {
        "行政规范性文件": "规范性文件",
        "本年制发件数": "本年发件数",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开",
        "法律服务机构": "法律服务",
        "社会公益组织": "社会公益",
    }
    report = _filled(EDITIONS["2021"])
    data = build(
        edition=report.edition,
        title=_title(report),
        values=values_of(report),
        style=Style(label=lambda s: variants.get(s, s)),
    )
    _assert_values(_read(data), values_of(report))


def test_blanks_written_as_slash_are_blank_not_zero() -> None:
    report = _filled(EDITIONS["2019"])
    for row in report.applications.spec.rows:
        report.applications[row.key, "total"] = None
    report.reviews["litigation_direct", "pending"] = None
    report.proactive["rules", "made"] = 0
    data = build(
        edition=report.edition,
        title=_title(report),
        values=values_of(report),
        style=Style(blank="/"),
    )
    back = _read(data)
    _assert_values(back, values_of(report))
    assert back.applications["granted", "total"] is None
    assert back.proactive["rules", "made"] == 0


def test_headings_in_word_heading_styles_and_narrative() -> None:
    report = _filled(EDITIONS["2021"])
    narrative = {
        "preamble": ["根据《中华人民共和国政府信息公开条例》规定，现公布本年度报告。"],
        "overview": ["（一）主动公开情况", "本年度主动公开政府信息1234条。"],
        "problems": ["存在的问题是……"],
        "other_matters": ["本年度未收取信息处理费。"],
    }
    data = build(
        edition=report.edition,
        title=_title(report),
        values=values_of(report),
        narrative=narrative,
        heading_style="Heading 1",
    )
    back = _read(data)
    assert back.preamble == [gd.Paragraph(text=narrative["preamble"][0])]
    assert back.overview.content == [
        gd.Heading(text="（一）主动公开情况"),
        gd.Paragraph(text="本年度主动公开政府信息1234条。"),
    ]
    assert back.problems.text == "存在的问题是……"
    assert back.other_matters.text == "本年度未收取信息处理费。"
    _assert_values(back, values_of(report))


CORPUS = [
    "2019_shanghai-szfbgt",
    "2020_wenxian-xiangyunzhen",
    "2024_huaian-szf",
    "excerpt_2019_yueyang-nanhu-ju",
    "excerpt_2020_weishan-liangchengzhen",
    "excerpt_2023_changchun-tyjrswj",
]


@pytest.mark.parametrize("stem", CORPUS)
@pytest.mark.parametrize("merge", ["word", "repeat"])
def test_corpus_values_in_a_word_document(stem: str, merge: str) -> None:
    """The hand-checked values of the real corpus reports, laid out in a Word document."""
    expected = expected_values(stem)
    edition = EDITIONS[expected["edition"]]
    cells = expected_cells(expected)
    present = tuple(t for t in ("proactive", "applications", "reviews") if expected.get(t))
    # Shanghai prints the amount in 元 (251000元); the reader converts it to 万元.
    amount_text = (lambda v: f"{int(v * 10000)}元") if stem.startswith("2019_shanghai") else None
    data = build(
        edition=edition,
        title=f"{expected['agency']}{expected['year']}年政府信息公开工作年度报告",
        values=cells,
        style=Style(merge=merge, amount_text=amount_text),  # type: ignore[arg-type]
        tables=present,
    )
    back = _read(data)
    assert back.year == expected["year"]
    assert back.edition is edition
    _assert_values(back, cells)
    missing = {t for t in ("proactive", "applications", "reviews") if t not in present}
    found = {i.location.table for i in back.validate() if i.code == "A7.table_missing"}
    assert found == missing


# -- partial documents and bad input ----------------------------------------------------------


def test_only_some_tables_gives_a_partial_report() -> None:
    report = _filled(EDITIONS["2021"])
    data = build(
        edition=report.edition,
        title=_title(report),
        values=values_of(report),
        tables=("proactive",),
        sections=("overview", "proactive", "applications"),
        narrative={"overview": ["本年度工作情况。"]},
    )
    back = _read(data)
    _assert_values(back, {"proactive": values_of(report)["proactive"]})
    assert back.applications.is_blank
    assert back.reviews.is_blank
    issues = back.validate()
    assert {i.location.table for i in issues if i.code == "A7.table_missing"} == {
        "applications",
        "reviews",
    }
    assert {i.location.section for i in issues if i.code == "A7.section_missing"} >= {
        "problems",
        "other_matters",
    }


def test_no_tables_is_a_read_error() -> None:
    document = docx.Document()
    document.add_paragraph("某某县2021年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("本年度工作情况。")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(gd.ReadError, match="none of the report's tables") as caught:
        _read(buffer.getvalue())
    assert caught.value.source == "foreign.docx"


def test_unrelated_document_is_a_read_error() -> None:
    document = docx.Document()
    document.add_paragraph("会议通知")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "时间"
    table.cell(1, 0).text = "地点"
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(gd.ReadError):
        _read(buffer.getvalue())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"not a zip at all", "not a readable zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "password"),
    ],
)
def test_bad_input_through_the_registry(data: bytes, message: str) -> None:
    with pytest.raises(gd.ReadError, match=message):
        gd.loads(data, "docx")


def test_text_is_refused() -> None:
    with pytest.raises(gd.ReadError, match="binary"):
        DocxReader().loads("<w:document/>")


def test_registry_sniffs_docx(sample: gd.AnnualReport, tmp_path: Any) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(DocxWriter().dumps(sample))
    assert gd.load(path) == sample
    assert gd.loads(path.read_bytes()) == sample


def test_hints_fill_what_the_document_does_not_say() -> None:
    report = _filled(EDITIONS["2021"])
    data = build(
        edition=report.edition,
        title="政府信息公开工作年度报告",
        values=values_of(report),
    )
    back = _read(data, agency="某某县人民政府", year=2022)
    assert back.agency.name == "某某县人民政府"
    assert back.year == 2022
    _assert_values(back, values_of(report))


def _with_rows(data: bytes, edit: Any) -> bytes:
    """The document with its tables changed by ``edit(document)`` (python-docx)."""
    document = docx.Document(io.BytesIO(data))
    edit(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_extra_and_missing_rows_in_a_foreign_document() -> None:
    report = _filled(EDITIONS["2021"])
    data = build(edition=report.edition, title=_title(report), values=values_of(report))

    def edit(document: Any) -> None:
        proactive, applications, _ = document.tables
        # A provincial row after 行政规范性文件, and the row 2.重复申请 left out.
        normative = proactive.rows[3]._tr
        normative.addnext(copy.deepcopy(normative))
        cells = proactive.rows[4].cells
        for cell, text in zip(cells, ["其他主动公开文件", "4", "5", "6"], strict=True):
            cell.text = text
        for row in applications.rows:
            if row.cells[2].text == "2.重复申请":
                row._tr.getparent().remove(row._tr)
                break

    back = _read(_with_rows(data, edit))
    assert back.proactive.extra_rows == [
        gd.ExtraRow(label="其他主动公开文件", values=(4, 5, 6), block="article20_1")
    ]
    expected = values_of(report)
    for column in report.applications.spec.columns_of("not_processed_duplicate"):
        expected["applications"].pop(("not_processed_duplicate", column.key))
        assert back.applications["not_processed_duplicate", column.key] is None
    _assert_values(back, expected)
    codes = {i.code for i in back.validate()}
    assert "F.nonstandard_row" in codes


def test_tables_are_found_by_their_labels_not_their_position() -> None:
    report = _filled(EDITIONS["2019"])
    data = build(edition=report.edition, title=_title(report), values=values_of(report))

    def edit(document: Any) -> None:
        # A contact table before everything, and table 四 moved before table 三.
        body = document.element.body
        _, applications, reviews = document.tables
        contact = document.add_table(rows=2, cols=2)
        contact.cell(0, 0).text = "联系电话"
        contact.cell(0, 1).text = "0391-1234567"
        body.remove(contact._tbl)
        body.insert(0, contact._tbl)
        applications._tbl.addprevious(reviews._tbl)

    back = _read(_with_rows(data, edit))
    _assert_values(back, values_of(report))


# -- damaged input: a report or a ReadError, never anything else -----------------------------


def _rezip(data: bytes, name: str, change: Any) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return buffer.getvalue()


def _outcome(data: bytes, source: str) -> gd.AnnualReport | gd.ReadError:
    """The report read, or the ReadError raised; any other exception fails the test."""
    try:
        return gd.loads(data, "docx", source=source)
    except gd.ReadError as error:
        return error


@given(st.data())
def test_damaged_packages_raise_read_error_only(data: st.DataObject) -> None:
    package = bytearray(_SAMPLE_DOCX)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(package) - 1))
        package[at] = data.draw(st.integers(0, 255))
    outcome = _outcome(bytes(package), "damaged.docx")
    if isinstance(outcome, gd.ReadError):
        assert outcome.source == "damaged.docx"
    else:
        assert outcome.year == 2020


_ODD_VALUES = st.sampled_from(
    ["0", "-1", "1", "2", "3", "999999999999", "abc", "", "continue", "restart", "１"]
)


@given(st.data())
def test_odd_table_markup_gives_a_report_or_read_error(data: st.DataObject) -> None:
    """Spans, merges and rows as a careless converter might write them."""

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        for pattern in ('w:gridSpan w:val="', 'w:vMerge w:val="'):
            pieces = text.split(pattern)
            text = pieces[0] + "".join(
                pattern + data.draw(_ODD_VALUES) + piece[piece.index('"') :]
                if data.draw(st.booleans())
                else pattern + piece
                for piece in pieces[1:]
            )
        rows = text.split("<w:tr>")
        kept = [rows[0]] + [r for r in rows[1:] if data.draw(st.integers(0, 9)) > 0]
        return "<w:tr>".join(kept).encode("utf-8")

    damaged = _rezip(_SAMPLE_DOCX, "word/document.xml", change)
    outcome = _outcome(damaged, "odd.docx")
    if isinstance(outcome, gd.ReadError):
        assert outcome.source == "odd.docx"
    else:
        assert outcome.edition.key == "2019"


_SAMPLE_DOCX = DocxWriter().dumps(sample_report())  # built once: the properties damage it


def test_headings_numbered_by_a_word_list() -> None:
    """Headings whose 一、 二、 … Word draws from a list linked to the heading style."""
    report = _filled(EDITIONS["2021"])
    narrative = {"overview": ["本年度工作情况。"], "other_matters": ["无。"]}
    data = build(
        edition=report.edition,
        title=_title(report),
        values=values_of(report),
        narrative=narrative,
        numbered_headings=True,
    )
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert ">总体情况<" in xml
    assert "一、总体情况" not in xml
    back = _read(data)
    assert back.overview.text == "本年度工作情况。"
    assert back.other_matters.text == "无。"
    _assert_values(back, values_of(report))
    missing = {i.location.section for i in back.validate().by_code("A7.section_missing")}
    assert missing == {"problems"}  # the only section without text
