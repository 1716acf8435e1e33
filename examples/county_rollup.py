"""A county roll-up: three township reports summed into one, checked, and written out.

A county's 政务公开办 collects its townships' reports and sums their tables. This script builds
three 2021 township reports of 温县 in code (as they would arrive: one of them left a cell
blank), sums them with ``govdisclosure.analysis.rollup``, shows which figures rest on fewer
than three reports, adds the narrative the roll-up leaves for its author, validates the
result, and writes it as DOCX and XML.

Run it::

    python examples/county_rollup.py [OUTPUT_FOLDER]      # default: a temporary folder
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import govdisclosure as gd
from govdisclosure.analysis import rollup

# Each township's figures, by canonical key: table 三 (applicant column → count, per row),
# table 二 and table 四. Cells not listed are 0; None is a cell the township left blank.
TOWNSHIPS: dict[str, dict[str, dict[tuple[str, str], int | Decimal | None]]] = {
    "祥云镇": {
        "applications": {
            ("new_received", "natural_person"): 3,
            ("granted", "natural_person"): 2,
            ("unavailable_not_held", "natural_person"): 1,
        },
        "proactive": {
            ("normative_documents", "issued"): 1,
            ("normative_documents", "in_force"): 6,
            ("administrative_licensing", "decisions"): 12,
            ("administrative_penalty", "decisions"): 4,
        },
        "reviews": {},
    },
    "番田镇": {
        "applications": {
            ("new_received", "natural_person"): 5,
            ("new_received", "commercial_enterprise"): 1,
            ("carried_over", "natural_person"): 1,
            ("granted", "natural_person"): 3,
            ("partially_granted", "commercial_enterprise"): 1,
            ("not_processed_duplicate", "natural_person"): 2,
            ("carried_forward", "natural_person"): 1,
        },
        "proactive": {
            ("normative_documents", "in_force"): 4,
            ("administrative_licensing", "decisions"): 30,
            ("administrative_penalty", "decisions"): 9,
            ("administrative_coercion", "decisions"): 1,
        },
        "reviews": {("administrative_review", "upheld"): 1},
    },
    "黄庄镇": {
        "applications": {
            ("new_received", "natural_person"): 2,
            ("granted", "natural_person"): 2,
        },
        "proactive": {
            ("administrative_licensing", "decisions"): 7,
            ("administrative_fees", "amount"): None,  # left blank in the township's report
        },
        "reviews": {},
    },
}


def township_report(name: str) -> gd.AnnualReport:
    """One township's 2021 report: its figures, zeros elsewhere, totals derived, a narrative."""
    report = gd.AnnualReport.blank(
        agency=gd.Agency(name=name, region="河南省焦作市温县", level="township"), year=2021
    )
    for table in report.tables:
        # Every leaf cell 0, the totals left to fill_totals(); then this township's figures.
        table.update(
            {
                (row, column): 0
                for row, column in table.spec.cells
                if column != "total" and row != "outcome_total"
            }
        )
        table.update(TOWNSHIPS[name][table.key])
    report.fill_totals()
    for section in (report.overview, report.problems, report.other_matters):
        section.add_paragraph(f"{name}2021年政府信息公开工作……")
    return report


def county_rollup() -> gd.AnnualReport:
    """The roll-up of the three townships, with the narrative its author adds."""
    county = rollup(
        (township_report(name) for name in TOWNSHIPS),
        agency=gd.Agency(name="温县", region="河南省焦作市", level="county"),
        title="温县各乡镇2021年政府信息公开工作年度报告汇总",
    )
    county.overview.add_paragraph(f"本汇总由{len(TOWNSHIPS)}个乡镇的年度报告合计而成。")
    county.problems.add_paragraph("各乡镇存在的问题及改进情况见各乡镇年度报告。")
    county.other_matters.add_paragraph("无其他需要报告的事项。")
    return county


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="govdisclosure-"))
    for name in TOWNSHIPS:
        result = township_report(name).validate()
        print(f"{name}: {result.summary()}")
    county = county_rollup()
    apps, proactive = county.applications, county.proactive
    print(f"{county.display_title}:")
    print(f"  新收申请 {apps['new_received', 'total']}, 上年结转 {apps['carried_over', 'total']}")
    print(f"  予以公开 {apps['granted', 'total']}, 办理结果总计 {apps['outcome_total', 'total']}")
    print(f"  行政许可处理决定 {proactive['administrative_licensing', 'decisions']}")
    print(f"  行政复议 {county.reviews['administrative_review', 'total']}")
    result = county.validate()
    print(f"validation: {result.summary()}")
    for issue in result:
        print(f"  {issue}")
    if not result.ok:
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for suffix in (".docx", ".xml"):
        path = out / f"wenxian_2021_rollup{suffix}"
        gd.dump(county, path)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
