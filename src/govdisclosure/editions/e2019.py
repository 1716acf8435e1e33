"""Edition ``2019``: the trial format, 国办公开办函〔2019〕60号, for the 2019 and 2020 reports."""

from __future__ import annotations

from govdisclosure.editions import _common as c
from govdisclosure.editions._spec import Block, Column, Edition, Row, TableSpec, ValueKind

__all__ = ["EDITION"]

_ITEMS_COLUMNS = (
    Column(key="previous_items", label="上一年项目数量"),
    Column(key="change", label="本年增/减", kind=ValueKind.SIGNED, aliases=("本年增减",)),
    Column(key="decisions", label="处理决定数量"),
)

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
                Column(key="made", label="本年新制作数量"),
                Column(key="published", label="本年新公开数量"),
                Column(key="total_published", label="对外公开总数量"),
            ),
            rows=(c.RULES_ROW, Row(key="normative_documents", label="规范性文件")),
        ),
        Block(
            key="article20_5",
            label=c.ARTICLE20_5,
            columns=_ITEMS_COLUMNS,
            rows=(
                c.LICENSING_ROW,
                Row(key="other_external_services", label="其他对外管理服务事项"),
            ),
        ),
        Block(
            key="article20_6",
            label=c.ARTICLE20_6,
            columns=_ITEMS_COLUMNS,
            rows=(c.PENALTY_ROW, c.COERCION_ROW),
        ),
        Block(
            key="article20_8",
            label=c.ARTICLE20_8,
            columns=_ITEMS_COLUMNS[:2],
            rows=(c.FEES_ROW,),
        ),
        Block(
            key="article20_9",
            label=c.ARTICLE20_9,
            columns=(
                Column(key="projects", label="采购项目数量"),
                Column(
                    key="amount",
                    label="采购总金额",
                    kind=ValueKind.MONEY,
                    unit="万元",
                    aliases=("采购总金额（单位：万元，保留4位小数）", "采购总金额（单位：万元）"),
                ),
            ),
            rows=(Row(key="centralized_procurement", label="政府集中采购"),),
        ),
    ),
)

# （六）其他处理 is a single leaf row in this edition.
APPLICATIONS = c.applications_table(
    (Row(key="other_processing", label="（六）其他处理", group="outcomes"),),
    None,
)

EDITION = Edition(
    key="2019",
    document="国办公开办函〔2019〕60号",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    first_year=2019,
    last_year=2020,
    sections=c.SECTIONS,
    proactive=PROACTIVE,
    applications=APPLICATIONS,
    reviews=c.REVIEWS,
    rules=c.sum_rules(APPLICATIONS),
    narrative_figures=c.NARRATIVE_FIGURES,
)
