"""Edition ``2021``: the revised format, 国办公开办函〔2021〕30号, for reports from 2021 on."""

from __future__ import annotations

from govdisclosure.editions import _common as c
from govdisclosure.editions._spec import Block, Column, Edition, Group, Row, TableSpec, ValueKind

__all__ = ["EDITION"]

_DECISIONS = Column(key="decisions", label="本年处理决定数量", aliases=("处理决定数量",))

PROACTIVE = TableSpec(
    key="proactive",
    number="二",
    title="主动公开政府信息情况",
    corner_label=c.PROACTIVE_CORNER,
    blocks=(
        Block(
            key="article20_1",
            label=c.ARTICLE20_1,
            columns=(
                Column(key="issued", label="本年制发件数", aliases=("本年发件数", "本年发件")),
                Column(key="repealed", label="本年废止件数"),
                Column(key="in_force", label="现行有效件数"),
            ),
            rows=(
                c.RULES_ROW,
                Row(key="normative_documents", label="行政规范性文件", aliases=("规范性文件",)),
            ),
        ),
        Block(
            key="article20_5", label=c.ARTICLE20_5, columns=(_DECISIONS,), rows=(c.LICENSING_ROW,)
        ),
        Block(
            key="article20_6",
            label=c.ARTICLE20_6,
            columns=(_DECISIONS,),
            rows=(c.PENALTY_ROW, c.COERCION_ROW),
        ),
        Block(
            key="article20_8",
            label=c.ARTICLE20_8,
            columns=(
                Column(
                    key="amount",
                    label="本年收费金额（单位：万元）",
                    kind=ValueKind.MONEY,
                    unit="万元",
                    aliases=("本年收费金额",),
                ),
            ),
            rows=(c.FEES_ROW,),
        ),
    ),
)

# （六）其他处理 became a group of three numbered leaves in this edition.
_OTHER_ROWS = (
    Row(
        key="other_no_correction",
        label="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        group="other_processing",
    ),
    Row(
        key="other_unpaid_fee",
        label="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        group="other_processing",
    ),
    Row(key="other_other", label="3.其他", group="other_processing"),
)

APPLICATIONS = c.applications_table(
    _OTHER_ROWS,
    Group(
        key="other_processing",
        label="（六）其他处理",
        members=tuple(r.key for r in _OTHER_ROWS),
        parent="outcomes",
    ),
)

EDITION = Edition(
    key="2021",
    document="国办公开办函〔2021〕30号",
    title="中华人民共和国政府信息公开工作年度报告格式",
    first_year=2021,
    last_year=None,
    sections=c.SECTIONS,
    proactive=PROACTIVE,
    applications=APPLICATIONS,
    reviews=c.REVIEWS,
    rules=c.sum_rules(APPLICATIONS),
    narrative_figures=c.NARRATIVE_FIGURES,
)
