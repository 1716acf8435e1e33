"""Parts of the format that both editions print identically, declared once (FORMAT.md).

The edition modules (:mod:`.e2019`, :mod:`.e2021`) assemble these with what is their own.
Labels are the official wording with full-width punctuation, as FORMAT.md prints them.
"""

from __future__ import annotations

from govdisclosure.editions._spec import (
    Axis,
    Block,
    Column,
    Group,
    NarrativeFigure,
    Row,
    SectionSpec,
    SumRule,
    TableSpec,
)

# -- Sections (FORMAT.md, "Sections (both editions)") -------------------------------------

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        key="overview",
        number="一",
        heading="一、总体情况",
        aliases=("一、工作基本情况", "—、总体情况", "一、基本情况", "一、概述"),
    ),
    SectionSpec(
        key="proactive",
        number="二",
        heading="二、主动公开政府信息情况",
        aliases=("二、主动公开政府信息的情况",),
        table="proactive",
    ),
    SectionSpec(
        key="applications",
        number="三",
        heading="三、收到和处理政府信息公开申请情况",
        aliases=("三、收到和处理政府信息公开申请的情况",),
        table="applications",
    ),
    SectionSpec(
        key="reviews",
        number="四",
        heading="四、政府信息公开行政复议、行政诉讼情况",
        aliases=(
            "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "四、政府信息公开行政复议和行政诉讼情况",
        ),
        table="reviews",
    ),
    SectionSpec(
        key="problems",
        number="五",
        heading="五、存在的主要问题及改进情况",
        aliases=(
            "五、政府信息公开工作存在的主要问题及改进情况",
            "五、存在的主要问题和改进情况",
        ),
    ),
    SectionSpec(
        key="other_matters",
        number="六",
        heading="六、其他需要报告的事项",
        aliases=("六、其它需要报告的事项",),
    ),
)

# -- Table 二: pieces shared by both editions ----------------------------------------------

PROACTIVE_CORNER = "信息内容"
ARTICLE20_1 = "第二十条第（一）项"
ARTICLE20_5 = "第二十条第（五）项"
ARTICLE20_6 = "第二十条第（六）项"
ARTICLE20_8 = "第二十条第（八）项"
ARTICLE20_9 = "第二十条第（九）项"

RULES_ROW = Row(key="rules", label="规章")
LICENSING_ROW = Row(key="administrative_licensing", label="行政许可")
PENALTY_ROW = Row(key="administrative_penalty", label="行政处罚")
COERCION_ROW = Row(key="administrative_coercion", label="行政强制")
FEES_ROW = Row(key="administrative_fees", label="行政事业性收费")

# -- Table 三 (FORMAT.md, "Table 三") ------------------------------------------------------

APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column(key="natural_person", label="自然人"),
    Column(key="commercial_enterprise", label="商业企业", group="legal_person"),
    Column(key="research_institution", label="科研机构", group="legal_person"),
    Column(
        key="social_welfare_organization",
        label="社会公益组织",
        aliases=("社会公益",),
        group="legal_person",
    ),
    Column(
        key="legal_service_institution",
        label="法律服务机构",
        aliases=("法律服务",),
        group="legal_person",
    ),
    Column(key="other_legal_person", label="其他", group="legal_person"),
)
TOTAL_COLUMN = Column(key="total", label="总计", aliases=("合计",))
APPLICATION_COLUMNS: tuple[Column, ...] = (*APPLICANT_COLUMNS, TOTAL_COLUMN)

LEGAL_PERSON = Group(
    key="legal_person",
    label="法人或其他组织",
    members=tuple(c.key for c in APPLICANT_COLUMNS if c.group == "legal_person"),
)

NEW_RECEIVED = Row(key="new_received", label="一、本年新收政府信息公开申请数量")
CARRIED_OVER = Row(key="carried_over", label="二、上年结转政府信息公开申请数量")
GRANTED = Row(key="granted", label="（一）予以公开", group="outcomes")
PARTIALLY_GRANTED = Row(
    key="partially_granted",
    label="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    aliases=("（二）部分公开",),
    group="outcomes",
)
DENIED_ROWS: tuple[Row, ...] = (
    Row(key="denied_state_secret", label="1.属于国家秘密", group="denied"),
    Row(key="denied_prohibited_by_law", label="2.其他法律行政法规禁止公开", group="denied"),
    Row(key="denied_security_stability", label="3.危及“三安全一稳定”", group="denied"),
    Row(key="denied_third_party_rights", label="4.保护第三方合法权益", group="denied"),
    Row(key="denied_internal_affairs", label="5.属于三类内部事务信息", group="denied"),
    Row(key="denied_process_information", label="6.属于四类过程性信息", group="denied"),
    Row(key="denied_enforcement_case_file", label="7.属于行政执法案卷", group="denied"),
    Row(key="denied_administrative_query", label="8.属于行政查询事项", group="denied"),
)
UNAVAILABLE_ROWS: tuple[Row, ...] = (
    Row(key="unavailable_not_held", label="1.本机关不掌握相关政府信息", group="unavailable"),
    Row(
        key="unavailable_needs_creation",
        label="2.没有现成信息需要另行制作",
        group="unavailable",
    ),
    Row(
        key="unavailable_unclear_after_correction",
        label="3.补正后申请内容仍不明确",
        group="unavailable",
    ),
)
NOT_PROCESSED_ROWS: tuple[Row, ...] = (
    Row(key="not_processed_petition", label="1.信访举报投诉类申请", group="not_processed"),
    Row(key="not_processed_duplicate", label="2.重复申请", group="not_processed"),
    Row(key="not_processed_publication", label="3.要求提供公开出版物", group="not_processed"),
    Row(key="not_processed_excessive", label="4.无正当理由大量反复申请", group="not_processed"),
    Row(
        key="not_processed_confirmation",
        label="5.要求行政机关确认或重新出具已获取信息",
        group="not_processed",
    ),
)
OUTCOME_TOTAL = Row(key="outcome_total", label="（七）总计", group="outcomes", summary=True)
CARRIED_FORWARD = Row(key="carried_forward", label="四、结转下年度继续办理")

OUTCOMES_LABEL = "三、本年度办理结果"


def outcome_groups(other_processing: Group | None, leaves: tuple[Row, ...]) -> tuple[Group, ...]:
    """Groups of table 三: 三、本年度办理结果 over every outcome leaf, and （三）（四）（五）[（六）]."""
    groups = [
        Group(
            key="outcomes",
            label=OUTCOMES_LABEL,
            members=tuple(r.key for r in leaves if r.group is not None and not r.summary),
        ),
        Group(
            key="denied",
            label="（三）不予公开",
            members=tuple(r.key for r in DENIED_ROWS),
            parent="outcomes",
        ),
        Group(
            key="unavailable",
            label="（四）无法提供",
            members=tuple(r.key for r in UNAVAILABLE_ROWS),
            parent="outcomes",
        ),
        Group(
            key="not_processed",
            label="（五）不予处理",
            members=tuple(r.key for r in NOT_PROCESSED_ROWS),
            parent="outcomes",
        ),
    ]
    if other_processing is not None:
        groups.append(other_processing)
    return tuple(groups)


def applications_table(
    other_processing_rows: tuple[Row, ...], other_processing: Group | None
) -> TableSpec:
    """Table 三 with the edition's own （六）其他处理 rows (a leaf in 2019, a group in 2021)."""
    rows = (
        NEW_RECEIVED,
        CARRIED_OVER,
        GRANTED,
        PARTIALLY_GRANTED,
        *DENIED_ROWS,
        *UNAVAILABLE_ROWS,
        *NOT_PROCESSED_ROWS,
        *other_processing_rows,
        OUTCOME_TOTAL,
        CARRIED_FORWARD,
    )
    return TableSpec(
        key="applications",
        number="三",
        title="收到和处理政府信息公开申请情况",
        blocks=(Block(key="applications", label=None, columns=APPLICATION_COLUMNS, rows=rows),),
        row_groups=outcome_groups(other_processing, rows),
        column_groups=(LEGAL_PERSON,),
        corner_label=APPLICATIONS_NOTE,
        column_header=APPLICANT_HEADER,
    )


# -- Table 四 (FORMAT.md, "Table 四") ------------------------------------------------------

REVIEW_COLUMNS: tuple[Column, ...] = (
    Column(key="upheld", label="结果维持"),
    Column(key="corrected", label="结果纠正"),
    Column(key="other", label="其他结果"),
    Column(key="pending", label="尚未审结"),
    Column(key="total", label="总计", aliases=("合计",)),
)

REVIEWS = TableSpec(
    key="reviews",
    number="四",
    title="政府信息公开行政复议、行政诉讼情况",
    blocks=(
        Block(
            key="reviews",
            label=None,
            columns=REVIEW_COLUMNS,
            rows=(
                Row(key="administrative_review", label="行政复议"),
                Row(
                    key="litigation_direct",
                    label="未经复议直接起诉",
                    group="litigation",
                ),
                Row(
                    key="litigation_after_review",
                    label="复议后起诉",
                    group="litigation",
                ),
            ),
        ),
    ),
    row_groups=(
        Group(
            key="litigation",
            label="行政诉讼",
            members=("litigation_direct", "litigation_after_review"),
        ),
    ),
    transposed=True,
)

# -- Arithmetic rules (FORMAT.md, "Arithmetic and consistency rules") ------------------------


def sum_rules(applications: TableSpec) -> tuple[SumRule, ...]:
    """Rules A1–A4 for an edition whose table 三 is ``applications``."""
    outcomes = applications.group("outcomes")
    assert outcomes is not None
    return (
        SumRule(
            id="A1",
            code="A1.balance",
            table="applications",
            along=Axis.COLUMNS,
            left=("new_received", "carried_over"),
            right=("outcome_total", "carried_forward"),
            official_text=APPLICATIONS_NOTE,
        ),
        SumRule(
            id="A2",
            code="A2.outcome_total",
            table="applications",
            along=Axis.COLUMNS,
            left=("outcome_total",),
            right=outcomes.members,
            derives=True,
        ),
        SumRule(
            id="A3",
            code="A3.row_total",
            table="applications",
            along=Axis.ROWS,
            left=("total",),
            right=tuple(c.key for c in APPLICANT_COLUMNS),
            derives=True,
        ),
        SumRule(
            id="A4",
            code="A4.review_total",
            table="reviews",
            along=Axis.ROWS,
            left=("total",),
            right=("upheld", "corrected", "other", "pending"),
            derives=True,
        ),
    )


# -- Figures the narrative quotes (rule A10) ------------------------------------------------

# The gaps exclude sentence punctuation and digits so that a number is only tied to the
# phrase right before it.
_GAP = r"[^。；;，,、\d]"

NARRATIVE_FIGURES: tuple[NarrativeFigure, ...] = (
    NarrativeFigure(
        key="received",
        pattern=rf"(?:收到|受理|新收|接收){_GAP}{{0,16}}?申请{_GAP}{{0,8}}?(\d+)\s*(?:件|条|个)",
        table="applications",
        rows=("new_received",),
        description="本年新收申请数量 (收到/受理申请X件)",
    ),
    NarrativeFigure(
        key="carried_over",
        pattern=rf"上一?年度?结转{_GAP}{{0,10}}?(\d+)\s*件",
        table="applications",
        rows=("carried_over",),
        description="上年结转申请数量 (上年结转X件)",
    ),
    NarrativeFigure(
        key="carried_forward",
        pattern=rf"结转(?:至|到)?下一?年度?{_GAP}{{0,10}}?(\d+)\s*件",
        table="applications",
        rows=("carried_forward",),
        description="结转下年度继续办理 (结转下年度X件)",
    ),
)
