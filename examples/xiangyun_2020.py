"""The sample report: 祥云镇 (温县, 焦作, 河南) 2020, built in code, validated, and written out.

This is the report the project started from (``shared/corpus/2020_wenxian-xiangyunzhen.txt``),
typed in from its published text: every section, every paragraph, every table value.

Run it::

    python examples/xiangyun_2020.py [OUTPUT_FOLDER]      # default: out/
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import govdisclosure as gd

PREAMBLE = (
    "2020年，祥云镇始终坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实《中华人民共和国"
    "政府信息公开条例》等相关规定，紧紧围绕镇党委、镇政府中心工作，加强政府信息公开工作力度，及时、"
    "准确地向社会公开政府信息，保障公民知情权、参与权和监督权。现将祥云镇全年政府信息公开工作情况总结"
    "如下：",
)

# Section 一: sub-headings with the paragraph that follows each.
OVERVIEW = (
    (
        "（一）政府信息公开工作组织推进情况",
        "一年来，我镇严格按照《政府信息公开条例》的规定以及县委县政府关于政府信息公开工作的部署和"
        "要求，不断完善政府信息公开的运作流程和审核机制，较好的完成了政府信息公开工作。并根据人事变动"
        "情况，及时调整了政府信息公开工作领导小组人员，明确了由镇长任组长，分管班子成员为副组长，相关"
        "科室负责人为成员的信息公开工作领导小组，并选派专门人员负责相关事项。",
    ),
    (
        "（二）政府信息主动公开工作情况",
        "按照县委县政府信息公开目录和政府部门信息公开清单内容要求，完善《焦作市温县祥云镇基层政务公开"
        "标准目录汇编》，明确向公民、法人或其他组织提供的政府信息内容。并结合单位实际情况，坚持以公开为"
        "常态、不公开为例外，严格对照清单内容，及时做好本镇的政府信息工作。将主动公开的政府信息发布温县"
        "党政门户网站，公开的内容涉及部门服务内容、工作动态等与人民群众切身利益密切相关的各类信息。",
    ),
    (
        "（三）依申请公开政府信息情况和举报、投诉、行政复议和行政诉讼的处理以及应对情况",
        "截止2020年12月31日，我镇未收到过公开申请，亦未发生由政府信息公开引发的举报、投诉、行政复议"
        "和行政诉讼等。",
    ),
    (
        "（四）政府信息公开载体建设情况",
        "加大政府信息公开载体建设力度。今年以来，我镇加大对信息公开载体的建设，积极利用温县党政门户"
        "网站、今日温县、温县发布等载体，同时我镇通过制作美篇信息、微信工作群及村务公开栏及时回应社会"
        "关切及问题，并积极发布脱贫攻坚、扫黑除恶、环境保护等相关工作进展的情况，使广大社会群体能够了解"
        "祥云的发展。",
    ),
)

# Section 五 keeps the half-width commas the published text has.
PROBLEMS = (
    "2020年,虽然我镇在推进政府信息公开方面做了一些工作,取得了一定成效,但仍存在以下问题:由于基层"
    "政务信息种类繁多、数量较大,政策解读方式不够灵活,难以满足人民群众对政策了解的新要求。下一步,"
    "我们将采取以下措施加以改进:",
    "一是完善和拓宽政府信息公开的内容与渠道,加大了解和掌握惠民、利民等信息动态,不断调整和丰富完善"
    "政府信息公开内容。",
    "二是不断加强工作人员业务能力培训与提升。加强对《条例》和县委县政府有关政府信息公开管理文件精神"
    "的理解,不断强化对工作人员尤其是基层信息员的理论水平和业务能力。",
    "三是继续营造政务公开工作氛围,提高政府干部对信息公开的重视,提升政务公开信息质量。",
)

OTHER_MATTERS = ("无其他需要报告的事项。",)

# Table 二 as printed: (row, column) -> value, in the 2019 edition's keys.
PROACTIVE: dict[tuple[str, str], int | Decimal] = {
    ("rules", "made"): 0,
    ("rules", "published"): 0,
    ("rules", "total_published"): 0,
    ("normative_documents", "made"): 0,
    ("normative_documents", "published"): 0,
    ("normative_documents", "total_published"): 0,
    ("administrative_licensing", "previous_items"): 5,
    ("administrative_licensing", "change"): 0,
    ("administrative_licensing", "decisions"): 12,
    ("other_external_services", "previous_items"): 58,
    ("other_external_services", "change"): 0,
    ("other_external_services", "decisions"): 869,
    ("administrative_penalty", "previous_items"): 26,
    ("administrative_penalty", "change"): 0,
    ("administrative_penalty", "decisions"): 0,
    ("administrative_coercion", "previous_items"): 1,
    ("administrative_coercion", "change"): 0,
    ("administrative_coercion", "decisions"): 0,
    ("administrative_fees", "previous_items"): 0,
    ("administrative_fees", "change"): 0,
    ("centralized_procurement", "projects"): 0,
    ("centralized_procurement", "amount"): Decimal("0"),
}


def build_report() -> gd.AnnualReport:
    """The 祥云镇 2020 report, exactly as published."""
    report = gd.AnnualReport.blank(
        agency=gd.Agency(
            name="祥云镇", region="河南省焦作市温县", level=gd.AdministrativeLevel.TOWNSHIP
        ),
        year=2020,  # edition "2019" (国办公开办函〔2019〕60号) follows from the year
    )
    for text in PREAMBLE:
        report.preamble.append(gd.Paragraph(text=text))
    for heading, text in OVERVIEW:
        report.overview.add_heading(heading)
        report.overview.add_paragraph(text)
    for text in PROBLEMS:
        report.problems.add_paragraph(text)
    for text in OTHER_MATTERS:
        report.other_matters.add_paragraph(text)

    report.proactive.update(PROACTIVE)

    # Tables 三 and 四 print 0 in every cell: no application was received, none was pending,
    # no review or suit was brought. (The copied text lost one cell in each outcome row of 三;
    # every remaining cell there is 0.) Fill the leaves, then let the library derive totals.
    for row in report.applications.spec.rows:
        for column in report.applications.spec.columns_of(row.key):
            if column.key != "total" and row.key != "outcome_total":
                report.applications[row.key, column.key] = 0
    for row in report.reviews.spec.rows:
        for column in ("upheld", "corrected", "other", "pending"):
            report.reviews[row.key, column] = 0
    report.fill_totals()
    return report


# The formats the main job writes, by file suffix; each is read back and compared.
OUTPUTS: tuple[str, ...] = (".xml", ".json", ".txt")


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "out")
    report = build_report()
    result = report.validate()
    print(f"{report.display_title} (edition {report.edition.key}, {report.edition.document})")
    print(f"validation: {result.summary()}")
    for issue in result:
        print(f"  {issue}")
    if not result.ok:
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for suffix in OUTPUTS:
        path = out / f"xiangyun_2020{suffix}"
        gd.dump(report, path)
        same = gd.load(path) == report
        print(
            f"wrote {path} ({path.stat().st_size} bytes); read back {'equal' if same else 'DIFFERENT'}"
        )
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
