"""The registry of issue codes: every code validation or a reader can report, described once.

Codes are public API. The rules reference in ``docs/`` is generated from :data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from govdisclosure.model.diagnostics import Severity

__all__ = ["RULES", "RuleInfo", "rule_info"]


@attrs.frozen
class RuleInfo:
    """What an issue code means.

    Attributes:
        code: the stable code (``"A1.balance"``).
        rule: the FORMAT.md rule it belongs to (``"A1"``), or a family (``"read"``, ``"F"``).
        severity: the severity issues with this code carry.
        title: short English description.
        title_zh: the same in Chinese.
        formula: the check, in canonical keys; empty where there is none.
        scope: ``"report"`` (one report), ``"pair"`` (two consecutive years) or ``"reader"``.
        example: a message as a user would see it.
    """

    code: str
    rule: str
    severity: Severity
    title: str
    title_zh: str
    formula: str = ""
    scope: str = "report"
    example: str = ""


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

_RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "A1.balance",
        "A1",
        _E,
        "Table 三: new + carried over must equal handled + carried forward, in every column",
        "表三：第一项加第二项之和，应等于第三项加第四项之和（每一列）",
        "new_received + carried_over = outcome_total + carried_forward  (per column)",
        example="applications[*][natural_person]: 一+二 = 5 but （七）+四 = 4",
    ),
    RuleInfo(
        "A1.unchecked",
        "A1",
        _W,
        "A1 cannot be checked in a column: an operand is blank",
        "因有空白单元格，无法核对第一项加第二项之和等于第三项加第四项之和",
    ),
    RuleInfo(
        "A2.outcome_total",
        "A2",
        _E,
        "Table 三: （七）总计 must equal the sum of all outcome rows",
        "表三：（七）总计应等于各项办理结果之和",
        "outcome_total = granted + partially_granted + denied_* + unavailable_* + not_processed_*"
        " + other_*  (per column)",
    ),
    RuleInfo(
        "A2.unchecked",
        "A2",
        _W,
        "A2 cannot be checked in a column: an operand is blank",
        "因有空白单元格，无法核对（七）总计",
    ),
    RuleInfo(
        "A3.row_total",
        "A3",
        _E,
        "Table 三: 总计 must equal the sum of the six applicant columns",
        "表三：总计栏应等于自然人与法人或其他组织各栏之和",
        "total = natural_person + commercial_enterprise + research_institution"
        " + social_welfare_organization + legal_service_institution + other_legal_person"
        "  (per row)",
    ),
    RuleInfo(
        "A3.unchecked",
        "A3",
        _W,
        "A3 cannot be checked in a row: an operand is blank",
        "因有空白单元格，无法核对该行总计",
    ),
    RuleInfo(
        "A4.review_total",
        "A4",
        _E,
        "Table 四: 总计 must equal upheld + corrected + other + pending, in each group",
        "表四：总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
        "total = upheld + corrected + other + pending  (per group)",
    ),
    RuleInfo(
        "A4.unchecked",
        "A4",
        _W,
        "A4 cannot be checked in a group: an operand is blank",
        "因有空白单元格，无法核对该项总计",
    ),
    RuleInfo(
        "A5.invalid_value",
        "A5",
        _E,
        "A cell holds a value of the wrong kind: counts are integers ≥ 0 (本年增/减 may be"
        " negative), amounts decimals ≥ 0",
        "单元格数值不符合要求：数量应为非负整数（本年增/减可为负），金额应为非负数",
    ),
    RuleInfo(
        "A6.edition_year",
        "A6",
        _E,
        "The report uses the edition of the format meant for other years",
        "年度报告所用格式版本与报告年度不符",
        "year ≥ 2021 → edition 2021; 2019–2020 → edition 2019",
        example="report: a 2021 report in edition 2019 (国办公开办函〔2019〕60号)",
    ),
    RuleInfo(
        "A7.section_missing",
        "A7",
        _E,
        "A narrative section has no text",
        "缺少报告章节内容",
    ),
    RuleInfo(
        "A7.table_missing",
        "A7",
        _E,
        "A table is missing (no cell filled); the format requires it even when all zero",
        "缺少统计表格（全部为零也须列出）",
    ),
    RuleInfo(
        "A7.blank_cells",
        "A7",
        _W,
        "Cells of a table row are blank; write 0 where the count is zero",
        "表格中有空白单元格，数量为零的应填写0",
    ),
    RuleInfo(
        "A8.carry_over",
        "A8",
        _E,
        "This year's 上年结转 differs from last year's 结转下年度",
        "本年度“上年结转”与上年度“结转下年度继续办理”不一致",
        "current.carried_over = previous.carried_forward  (per column)",
        scope="pair",
    ),
    RuleInfo(
        "A8.unchecked",
        "A8",
        _W,
        "A8 cannot be checked in a column: a cell is blank in one of the two reports",
        "因有空白单元格，无法核对跨年度结转",
        scope="pair",
    ),
    RuleInfo(
        "A8.not_consecutive",
        "A8",
        _W,
        "The two reports are not of consecutive years (or not of the same agency)",
        "两份报告不是同一机关的相邻年度",
        scope="pair",
    ),
    RuleInfo(
        "A9.in_force",
        "A9",
        _W,
        "现行有效件数 does not follow from last year's and this year's 制发/废止",
        "现行有效件数与上年现行有效件数及本年制发、废止件数不符",
        "current.in_force = previous.in_force + current.issued − current.repealed  (edition 2021)",
        scope="pair",
    ),
    RuleInfo(
        "A9.unchecked",
        "A9",
        _I,
        "A9 cannot be checked for a row: a cell is blank",
        "因有空白单元格，无法核对现行有效件数",
        scope="pair",
    ),
    RuleInfo(
        "A10.narrative_mismatch",
        "A10",
        _W,
        "A number quoted in the narrative differs from the table",
        "正文所述数字与表格数据不一致",
        example="section[overview]: the text says 共受理政府信息公开申请2件, table 三 says 3",
    ),
    RuleInfo(
        "A11.period",
        "A11",
        _W,
        "The statistics period stated in the text is not 1 January – 31 December of the report year",
        "正文所述统计期限不是报告年度的1月1日至12月31日",
    ),
    RuleInfo(
        "F.nonstandard_row",
        "F",
        _W,
        "A row the format does not define (a provincial variant), kept as printed",
        "表格中有格式未规定的行（地方自设），已按原文保留",
    ),
    RuleInfo(
        "read.misaligned_row",
        "read",
        _W,
        "A row had fewer numbers than columns; they were placed by the only alignment that fits",
        "该行数字少于栏数，已按唯一可行的对应方式读取",
        scope="reader",
    ),
    RuleInfo(
        "read.ambiguous_row",
        "read",
        _W,
        "A row's numbers could not be placed in columns for sure; its cells were left blank",
        "无法确定该行数字所属栏目，相关单元格留空",
        scope="reader",
    ),
    RuleInfo(
        "read.unit_converted",
        "read",
        _W,
        "An amount written with a unit was converted to 万元",
        "金额已按单位换算为万元",
        scope="reader",
    ),
    RuleInfo(
        "read.unreadable_cell",
        "read",
        _W,
        "A cell's text is not a number; the cell was left blank",
        "单元格内容不是数字，已留空",
        scope="reader",
    ),
    RuleInfo(
        "read.run_together",
        "read",
        _W,
        "A row's numbers ran together (separators lost); they were split by the only split the"
        " format's rules allow",
        "该行数字连在一起，已按格式规则唯一可行的拆分方式读取",
        scope="reader",
    ),
    RuleInfo(
        "read.unplaced_values",
        "read",
        _W,
        "Numbers without a row label could not be placed in a table",
        "有数字无法确定所属行，未读入表格",
        scope="reader",
    ),
    RuleInfo(
        "read.duplicate_row",
        "read",
        _W,
        "A table row is printed twice; the first one is kept",
        "表格中某行重复出现，保留第一次的数据",
        scope="reader",
    ),
    RuleInfo(
        "read.agency_unknown",
        "read",
        _W,
        "The document does not name its agency; a placeholder name is used",
        "文档未写明制作机关，已用占位名称",
        scope="reader",
    ),
    RuleInfo(
        "read.inferred",
        "read",
        _I,
        "The report year (or agency) was inferred from the text, not read from the title",
        "报告年度（或机关）系根据正文推断，并非取自标题",
        scope="reader",
    ),
    RuleInfo(
        "read.edition_assumed",
        "read",
        _I,
        "The tables do not show which edition of the format they follow; the edition was"
        " assumed from the year",
        "表格未体现格式版本，已按年度推定",
        scope="reader",
    ),
    RuleInfo(
        "read.extra_column",
        "read",
        _W,
        "A table has a column the format does not define (a 小计 added by the agency); its cells"
        " were not read",
        "表格中有格式未规定的栏目（如自设小计栏），未读入",
        scope="reader",
    ),
    RuleInfo(
        "read.schema",
        "read",
        _E,
        "The document does not conform to the published schema (lenient reading)",
        "文档不符合发布的架构（XML Schema或JSON Schema，宽松读取）",
        scope="reader",
    ),
    RuleInfo(
        "read.pdf_no_text",
        "read",
        _W,
        "A PDF page has no text layer (an image: a scan?); it was not read and needs OCR",
        "PDF页面没有文字层（可能是扫描图像），未读取，需要文字识别（OCR）",
        scope="reader",
    ),
    RuleInfo(
        "read.pdf_undecodable_text",
        "read",
        _W,
        "Characters of a PDF page use fonts without a Unicode map and were left out",
        "PDF页面部分字符的字体缺少Unicode映射，已略去",
        scope="reader",
    ),
    RuleInfo(
        "read.pdf_page_too_large",
        "read",
        _W,
        "A PDF page's content is over the size limit; the page was skipped",
        "PDF页面内容超过大小上限，未读取该页",
        scope="reader",
    ),
    RuleInfo(
        "read.pdf_tables_not_searched",
        "read",
        _W,
        "A PDF page draws too many lines to search for tables; its text was read as paragraphs",
        "PDF页面线条过多，未识别表格，其文字按段落读取",
        scope="reader",
    ),
    RuleInfo(
        "read.pdf_page_unreadable",
        "read",
        _W,
        "A PDF page is damaged and could not be read; the other pages were read",
        "PDF页面已损坏，无法读取；其余页面已读取",
        scope="reader",
    ),
    RuleInfo(
        "read.pdf_cell_across_pages",
        "read",
        _I,
        "A table cell cut in two by a page break was joined back",
        "被分页截断的表格单元格已合并",
        scope="reader",
    ),
    RuleInfo(
        "rollup.partial_blank",
        "rollup",
        _W,
        "A roll-up cell is the sum of the reports that filled it; some left it blank",
        "汇总单元格仅为已填报告之和，部分报告该单元格为空白",
        "sum of the filled inputs; blank only where every input is blank",
        scope="analysis",
        example="applications[granted][total]: summed 3 of 5 reports; 2 left it blank",
    ),
    RuleInfo(
        "rollup.duplicate_agency",
        "rollup",
        _W,
        "A roll-up includes more than one report of the same agency",
        "汇总中同一机关的报告出现不止一次",
        scope="analysis",
    ),
    RuleInfo(
        "edition.dropped_value",
        "edition",
        _W,
        "A filled value was dropped when the report was re-expressed in another edition",
        "转换格式版本时，目标版本没有对应单元格的数值已舍弃",
        scope="analysis",
    ),
)

RULES: Mapping[str, RuleInfo] = MappingProxyType({r.code: r for r in _RULES})
"""Every issue code, in documentation order. Read-only."""


def rule_info(code: str) -> RuleInfo:
    """The registry entry for ``code``; :class:`KeyError` if the code is not registered."""
    return RULES[code]
