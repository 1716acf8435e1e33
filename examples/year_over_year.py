"""Year over year: one agency's reports for two years compared cell by cell, with the carry-over check.

Compares 祥云镇's 2020 report (the sample report, edition 2019) with its 2021 report (built
here, edition 2021): the cross-year checks (A8: this year's 上年结转 must equal last year's
结转下年度, column by column), then every cell that changed. Across the 2020→2021 change of
edition only the cells both editions declare are compared; group sums such as （六）其他处理 (one
row in 2019, three in 2021) are compared too. Give two report files to compare your own.

Run it::

    python examples/year_over_year.py                        # 祥云镇 2020 → 2021
    python examples/year_over_year.py 2022.docx 2023.docx    # any two reports, any format
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import govdisclosure as gd
from govdisclosure.analysis import Comparison, compare


def sample_2020() -> gd.AnnualReport:
    """The 祥云镇 2020 report of ``xiangyun_2020.py``, next to this script."""
    path = Path(__file__).with_name("xiangyun_2020.py")
    spec = importlib.util.spec_from_file_location("xiangyun_2020", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report: gd.AnnualReport = module.build_report()
    return report


def report_2021(previous: gd.AnnualReport) -> gd.AnnualReport:
    """祥云镇 2021, in the 2021 edition: the first applications the town received."""
    report = gd.AnnualReport.blank(agency=previous.agency, year=2021)
    for table in report.tables:
        table.update(
            {
                (row, column): 0
                for row, column in table.spec.cells
                if column != "total" and row != "outcome_total"
            }
        )
    # 上年结转 is last year's 结转下年度, column by column (rule A8).
    for column in report.applications.spec.columns_of("carried_over"):
        if column.key != "total":
            value = previous.applications["carried_forward", column.key]
            report.applications["carried_over", column.key] = value
    report.applications.update(
        {
            ("new_received", "natural_person"): 4,
            ("new_received", "commercial_enterprise"): 1,
            ("granted", "natural_person"): 2,
            ("partially_granted", "commercial_enterprise"): 1,
            ("unavailable_not_held", "natural_person"): 1,
            ("other_other", "natural_person"): 1,
        }
    )
    report.proactive.update(
        {
            ("administrative_licensing", "decisions"): 20,
            ("administrative_penalty", "decisions"): 3,
        }
    )
    report.fill_totals()
    report.overview.add_paragraph("2021年，我镇共收到政府信息公开申请5件……")
    report.problems.add_paragraph("一是……")
    report.other_matters.add_paragraph("本年度未收取信息处理费。")
    return report


def show(comparison: Comparison) -> None:
    """Print the continuity checks and every changed cell, as a table."""
    print(f"{comparison.previous} → {comparison.current}")
    print(f"compared {len(comparison.cells)} cells; {len(comparison.changes)} changed")
    print(f"continuity (A8, A9): {comparison.continuity.summary()}")
    for issue in comparison.issues:
        print(f"  {issue}")
    print(f"{'table':<13} {'row':<26} {'column':<22} {'previous':>8} {'current':>8} {'change':>7}")
    for change in comparison.changes:
        delta = "—" if change.delta is None else f"{change.delta:+}"
        print(
            f"{change.table:<13} {change.row:<26} {change.column:<22}"
            f" {change.previous!s:>8} {change.current!s:>8} {delta:>7}"
            + ("  (group sum)" if change.derived else "")
        )


def main(argv: list[str]) -> int:
    if len(argv) == 3:
        previous, current = gd.load(argv[1]), gd.load(argv[2])
    elif len(argv) == 1:
        previous = sample_2020()
        current = report_2021(previous)
    else:
        print("usage: year_over_year.py [PREVIOUS CURRENT]", file=sys.stderr)
        return 2
    comparison = compare(previous, current, groups=True)
    show(comparison)
    return 0 if comparison.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
