"""Helpers for lossless round trips: a stricter sameness than ``==``, and a report that uses
every feature the model has (for golden files and edge cases)."""

from __future__ import annotations

import datetime
import difflib
import os
from decimal import Decimal
from pathlib import Path

import govdisclosure as gd


def _same_value(a: gd.Value, b: gd.Value, where: str) -> None:
    assert type(a) is type(b), f"{where}: {a!r} came back as {b!r}"
    if isinstance(a, Decimal):
        assert isinstance(b, Decimal)
        # == ignores the scale (0 == 0.0000); a lossless format keeps it.
        assert a.as_tuple() == b.as_tuple(), f"{where}: {a!r} came back as {b!r}"


def assert_same_report(original: gd.AnnualReport, read: gd.AnnualReport) -> None:
    """``read == original``, and every value has the same type and the same digits."""
    assert read.title == original.title
    assert read.agency == original.agency
    assert read.published_on == original.published_on
    assert read.preamble == original.preamble
    assert read.sections == original.sections
    assert read.edition is original.edition
    for table, other in zip(original.tables, read.tables, strict=True):
        assert other.extra_rows == table.extra_rows, table.key
        for key, value in table.items():
            _same_value(value, other[key], f"{table.key}{list(key)}")
        for extra, back in zip(table.extra_rows, other.extra_rows, strict=True):
            for i, (v, w) in enumerate(zip(extra.values, back.values, strict=True)):
                _same_value(v, w, f"{table.key} extra row {extra.label!r} value {i + 1}")
    assert read == original


def features_report() -> gd.AnnualReport:
    """A 2021 report that uses everything the model holds: an explicit title, a date, blanks and
    zeros, amounts with a scale, a negative-free signed column, extra rows in several places,
    and narrative text that a careless writer would mangle."""
    report = gd.AnnualReport.blank(
        agency=gd.Agency(name="示例市数据局", region="某省示例市", level="municipal"),
        year=2023,
        title="示例市数据局2023年度政府信息公开工作年度报告",
        published_on=datetime.date(2024, 1, 31),
    )
    report.preamble.append(
        gd.Paragraph(text="本报告依据《条例》编制，统计期限为2023年1月1日至12月31日。")
    )
    report.overview.add_heading("（一）主动公开")
    report.overview.add_paragraph('全年主动公开信息1,024条；<b>"引号"</b> & 其他 <符号>。')
    report.overview.add_heading("二、主动公开政府信息情况")  # looks like a section heading
    report.overview.add_heading('"以引号开头的小标题"')
    report.overview.add_paragraph("　　首行缩进的段落（缩进不属于正文）")
    report.problems.add_paragraph("存在问题：\t制表符、😀 与组合字符 é。")
    report.other_matters.add_paragraph("本年度未收取信息处理费。")
    report.section("applications").add_paragraph("注：表中数据为本机关汇总数据。")

    report.proactive["rules", "issued"] = 0
    report.proactive["rules", "repealed"] = None
    report.proactive["rules", "in_force"] = 3
    report.proactive["normative_documents", "issued"] = 12
    report.proactive["normative_documents", "repealed"] = 2
    report.proactive["normative_documents", "in_force"] = 145
    report.proactive["administrative_licensing", "decisions"] = 1024
    report.proactive["administrative_penalty", "decisions"] = 37
    report.proactive["administrative_coercion", "decisions"] = 0
    report.proactive["administrative_fees", "amount"] = Decimal("25.1000")
    report.proactive.add_extra_row("其他主动公开文件", [5, 0, 5], block="article20_1")
    report.proactive.add_extra_row("行政确认（湖北省自设）", [7], block="article20_5")

    apps = report.applications
    for row in apps.spec.rows:
        for column in apps.spec.columns_of(row.key):
            if column.key != "total" and row.key != "outcome_total":
                apps[row.key, column.key] = 0
    apps["new_received", "natural_person"] = 9
    apps["granted", "natural_person"] = 6
    apps["partially_granted", "natural_person"] = 1
    apps["other_other", "natural_person"] = 1
    apps["carried_forward", "natural_person"] = 1
    apps["unavailable_not_held", "research_institution"] = None
    report.fill_totals()
    apps.add_extra_row("其中：通过网络提交", [7, 0, 0, 0, 0, 0, 7])
    for row in report.reviews.spec.rows:
        for column in ("upheld", "corrected", "other", "pending"):
            report.reviews[row.key, column] = 0
    report.reviews["administrative_review", "upheld"] = 1
    report.fill_totals()
    return report


GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = "GOVDISCLOSURE_REGENERATE_GOLDEN"
"""Set this environment variable to 1 to rewrite the golden files from the current writers."""

GOLDEN_REPORTS = {"xiangyun_2020": "sample", "features_2023": "features"}
"""Golden file stem → the report it holds (the 祥云镇 sample, :func:`features_report`)."""


def golden_report(stem: str) -> gd.AnnualReport:
    from support import sample_report

    report: gd.AnnualReport = (
        sample_report() if GOLDEN_REPORTS[stem] == "sample" else features_report()
    )
    return report


def check_golden(stem: str, suffix: str, output: str | bytes) -> None:
    """Compare a writer's output with ``tests/golden/<stem><suffix>``.

    Run with ``GOVDISCLOSURE_REGENERATE_GOLDEN=1`` to rewrite the file on purpose, then review
    the diff before committing it.
    """
    data = output.encode("utf-8") if isinstance(output, str) else output
    path = GOLDEN / f"{stem}{suffix}"
    if os.environ.get(REGENERATE) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing; run with {REGENERATE}=1 to create it"
    expected = path.read_bytes()
    if data != expected:
        diff = "\n".join(
            difflib.unified_diff(
                expected.decode("utf-8").splitlines(),
                data.decode("utf-8").splitlines(),
                f"golden/{path.name}",
                "writer output",
                lineterm="",
                n=2,
            )
        )
        raise AssertionError(
            f"output differs from golden/{path.name} (set {REGENERATE}=1 to accept):\n{diff}"
        )
