"""Filling a report from a spreadsheet: rows and columns named by their printed labels.

Officers often keep the year's figures in a spreadsheet laid out like the official tables, one
row per printed row label (``（一）予以公开``) and one column per printed column label
(``自然人``). Read into Python (``openpyxl``, ``csv``, or ``pandas.read_excel(...).to_dict()``),
such a sheet is a dict of dicts. This script maps the labels to the canonical keys through the
edition data (so a label that is not in the format is reported, not guessed), fills the report,
derives the totals, validates it, and writes it as DOCX and JSON.

Run it::

    python examples/fill_from_dict.py [OUTPUT_FOLDER]     # default: a temporary folder
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import govdisclosure as gd
from govdisclosure.editions import TableSpec

Sheet = Mapping[str, Mapping[str, object]]

# 某某县市场监督管理局, 2023 (edition 2021): the sheet as an officer typed it. Empty cells are
# None (or ""), 总计 columns are left for the library to derive.
PROACTIVE_SHEET: Sheet = {
    "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
    "行政规范性文件": {"本年制发件数": 2, "本年废止件数": 1, "现行有效件数": 15},
    "行政许可": {"本年处理决定数量": 1268},
    "行政处罚": {"本年处理决定数量": 342},
    "行政强制": {"本年处理决定数量": 17},
    "行政事业性收费": {"本年收费金额（单位：万元）": Decimal("0")},
}

APPLICATIONS_SHEET: Sheet = {
    "一、本年新收政府信息公开申请数量": {"自然人": 21, "商业企业": 4, "法律服务机构": 2},
    "二、上年结转政府信息公开申请数量": {"自然人": 1},
    "（一）予以公开": {"自然人": 9, "商业企业": 2},
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": {"自然人": 2},
    "4.保护第三方合法权益": {"商业企业": 1},
    "1.本机关不掌握相关政府信息": {"自然人": 6, "法律服务机构": 1},
    "3.补正后申请内容仍不明确": {"自然人": 1},
    "1.信访举报投诉类申请": {"自然人": 2},
    "2.重复申请": {"自然人": 1, "法律服务机构": 1},
    "四、结转下年度继续办理": {"自然人": 1, "商业企业": 1},
}

REVIEWS_SHEET: Sheet = {
    "行政复议": {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 1},
    "未经复议直接起诉": {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0},
    "复议后起诉": {"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 0},
}


def label_index(spec: TableSpec) -> tuple[dict[str, str], dict[str, str]]:
    """Printed labels (and the variants the format knows) → row keys and column keys."""
    rows: dict[str, str] = {}
    columns: dict[str, str] = {}
    for block in spec.blocks:
        for row in block.rows:
            for label in (row.label, *row.aliases):
                rows.setdefault(label, row.key)
        for column in block.columns:
            for label in (column.label, *column.aliases):
                columns.setdefault(label, column.key)
    return rows, columns


def fill(table: gd.Table, sheet: Sheet, *, zeros: bool = True) -> list[str]:
    """Fill ``table`` from a sheet keyed by printed labels; return the labels not understood.

    With ``zeros``, cells the sheet leaves out are 0 (a sheet that lists only non-zero figures);
    a cell given as ``None`` or ``""`` stays blank either way (blank is not zero).
    """
    rows, columns = label_index(table.spec)
    unknown: list[str] = []
    values: dict[tuple[str, str], gd.Value] = {}
    if zeros:
        for row, column in table.spec.cells:
            if column != "total" and row != "outcome_total":
                values[row, column] = 0
    for row_label, cells in sheet.items():
        row = rows.get(row_label.strip())
        if row is None:
            unknown.append(f"row {row_label!r}")
            continue
        for column_label, value in cells.items():
            column = columns.get(column_label.strip())
            if column is None:
                unknown.append(f"column {column_label!r} of row {row_label!r}")
                continue
            values[row, column] = None if value in (None, "") else value  # type: ignore[assignment]
    table.update(values)
    return unknown


def build_report() -> tuple[gd.AnnualReport, list[str]]:
    """The report filled from the three sheets, and every label that could not be placed."""
    report = gd.AnnualReport.blank(
        agency=gd.Agency(name="某某县市场监督管理局", level="county"), year=2023
    )
    unknown = fill(report.proactive, PROACTIVE_SHEET, zeros=False)
    unknown += fill(report.applications, APPLICATIONS_SHEET)
    unknown += fill(report.reviews, REVIEWS_SHEET)
    report.fill_totals()  # 总计 column, （七）总计 and table 四's 总计, from the leaves
    report.overview.add_paragraph("2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》……")
    report.problems.add_paragraph("一是政策解读形式还不够丰富。下一步，我局将……")
    report.other_matters.add_paragraph("本年度未收取信息处理费。")
    return report, unknown


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="govdisclosure-"))
    report, unknown = build_report()
    if unknown:
        # Never guess where a figure goes: a label the format does not have stops the run.
        for label in unknown:
            print(f"not a label of edition {report.edition.key}: {label}")
        return 1
    apps = report.applications
    print(
        f"{report.display_title}: {apps['new_received', 'total']} new applications,"
        f" {apps['carried_over', 'total']} carried over, {apps['outcome_total', 'total']} handled,"
        f" {apps['carried_forward', 'total']} carried forward"
    )
    result = report.validate()
    print(f"validation: {result.summary()}")
    for issue in result:
        print(f"  {issue}")
    if not result.ok:
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for suffix in (".docx", ".json"):
        path = out / f"report_2023{suffix}"
        gd.dump(report, path)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
