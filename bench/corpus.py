"""The benchmark's corpus: varied reports generated from a fixed seed, and built through the API.

A report is generated as a *recipe* (plain data: agency, year, narrative, cell values) and
built by :func:`build` the way an officer's program would build it (``AnnualReport.blank``,
``table[row, column] = value``, ``add_paragraph``), so that "build" can be timed apart from
generating random numbers. Every report layout comes from the edition data; nothing here names
a row or a column.

Kinds of report, in turn (so that any slice of the corpus mixes them):

* ``typical``: every cell filled, the arithmetic holds, a page of narrative;
* ``blanks``: about a third of the cells blank, one narrative section left empty;
* ``large``: large counts, amounts with four decimals, figures quoted in the narrative;
* ``long``: a long narrative (about 60 paragraphs, some 20,000 characters);
* ``flawed``: random cells whose sums do not hold (validation has much to say);
* ``extra``: rows the format does not define, as provincial variants print them.

Years run 2019–2024, so both editions appear.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import govdisclosure as gd
from govdisclosure.editions import ValueKind, edition_for_year

__all__ = ["KINDS", "SEED", "build", "generate", "recipes"]

SEED = 20240607
KINDS = ("typical", "blanks", "large", "long", "flawed", "extra")

_PLACES = (
    "祥云镇",
    "城关镇",
    "南湖街道",
    "温县",
    "长春市体育局",
    "淮安市",
    "黄庄乡",
    "市生态环境局",
)
_REGIONS = ("河南省焦作市温县", "湖南省岳阳市", "吉林省长春市", "江苏省淮安市", None)
_PHRASES = (
    "坚持以习近平新时代中国特色社会主义思想为指导",
    "深入贯彻落实《中华人民共和国政府信息公开条例》",
    "紧紧围绕中心工作，加强政府信息公开工作力度",
    "及时、准确地向社会公开政府信息",
    "保障公民知情权、参与权和监督权",
    "完善政府信息公开的运作流程和审核机制",
    "明确由主要负责同志任组长的信息公开工作领导小组",
    "按照政府信息公开目录和信息公开清单内容要求",
    "坚持以公开为常态、不公开为例外",
    "加大政府信息公开载体建设力度",
    "积极利用门户网站、政务新媒体和公开栏",
    "及时回应社会关切",
    "政策解读方式不够灵活，难以满足人民群众的新要求",
    "进一步加强工作人员业务能力培训",
)
_HEADINGS = (
    "（一）主动公开情况",
    "（二）依申请公开情况",
    "（三）政府信息管理",
    "（四）平台建设",
    "（五）监督保障",
)


def _sentence(rnd: random.Random, clauses: int) -> str:
    return "，".join(rnd.choice(_PHRASES) for _ in range(clauses)) + "。"


def _paragraph(rnd: random.Random, sentences: int) -> str:
    return "".join(_sentence(rnd, rnd.randint(2, 4)) for _ in range(sentences))


def _value(rnd: random.Random, kind: ValueKind, scale: int) -> int | Decimal:
    if kind is ValueKind.MONEY:
        return Decimal(rnd.randint(0, scale * 10_000)).scaleb(-4)
    if kind is ValueKind.SIGNED:
        return rnd.randint(-scale, scale)
    return rnd.randint(0, scale)


def _derived(edition: gd.Edition) -> set[tuple[str, str, str]]:
    """Cells ``fill_totals`` derives (the single left term of each deriving rule)."""
    return {
        (rule.table, *cell)
        for rule in edition.rules
        if rule.derives
        for instance in edition.rule_instances(rule)
        for cell in instance.left
    }


def generate(rnd: random.Random, index: int) -> dict[str, Any]:
    """One recipe: plain data from which :func:`build` makes a report."""
    kind = KINDS[index % len(KINDS)]
    year = 2019 + (index // len(KINDS) + index) % 6
    edition = edition_for_year(year)
    recipe: dict[str, Any] = {
        "kind": kind,
        "agency": f"{rnd.choice(_PLACES)}{index:05d}",
        "region": rnd.choice(_REGIONS),
        "year": year,
        "preamble": [_paragraph(rnd, 2)],
        "sections": {},
        "cells": {},
        "fill_totals": kind not in ("flawed", "blanks"),
        "extra_rows": [],
    }
    long = kind == "long"
    for section in edition.sections:
        if section.table is not None:
            continue
        items: list[tuple[str, str]] = []
        if kind == "blanks" and section.key == "other_matters":
            recipe["sections"][section.key] = items
            continue
        count = 20 if long else (4 if section.key == "overview" else 2)
        for number in range(count):
            if section.key == "overview" and number % 2 == 0:
                items.append(("h", _HEADINGS[(number // 2) % len(_HEADINGS)]))
            items.append(("p", _paragraph(rnd, 6 if long else rnd.randint(1, 3))))
        recipe["sections"][section.key] = items
    scale = 100_000 if kind == "large" else 30
    blank = 0.35 if kind == "blanks" else 0.0
    derived = _derived(edition) if recipe["fill_totals"] else set()
    for spec in edition.tables:
        for cell in spec.cells:
            if (spec.key, *cell) in derived:
                continue
            key = (spec.key, *cell)
            blank_cell = rnd.random() < blank
            recipe["cells"][key] = None if blank_cell else _value(rnd, spec.kinds[cell], scale)
    if recipe["fill_totals"]:
        _balance(edition, recipe["cells"], derived)
    if kind == "extra":
        for spec in edition.tables:
            block = rnd.choice(spec.blocks)
            values = tuple(_value(rnd, c.kind, scale) for c in block.columns)
            where = block.key if len(spec.blocks) > 1 else None
            recipe["extra_rows"].append((spec.key, "其他主动公开文件（本地区自设）", values, where))
    if kind == "large":
        figure = edition.narrative_figures[0] if edition.narrative_figures else None
        if figure is not None:
            recipe["sections"]["overview"].append(
                ("p", f"本年度共收到政府信息公开申请{rnd.randint(1, 999)}件，均按时答复。")
            )
    return recipe


def _balance(
    edition: gd.Edition, cells: dict[tuple[str, str, str], Any], derived: set[tuple[str, str, str]]
) -> None:
    """Make the rules that ``fill_totals`` cannot derive hold (A1: 一 + 二 = （七） + 四), by
    choosing their first term."""
    report = gd.AnnualReport.blank(agency="x", year=edition.first_year, edition=edition)
    for (name, row, column), value in cells.items():
        report.table(name)[row, column] = value
    report.fill_totals()
    for rule in edition.rules:
        if rule.derives:
            continue
        table = report.table(rule.table)
        for instance in edition.rule_instances(rule):
            first, *others = instance.left
            if (rule.table, *first) in derived:
                continue
            wanted = sum(table[c] or 0 for c in instance.right)
            if wanted < sum(table[c] or 0 for c in others):
                for cell in others:
                    where = (rule.table, *cell)
                    if where not in derived:
                        table[cell] = 0
                        cells[where] = 0
            value = wanted - sum(table[c] or 0 for c in others)
            table[first] = value
            cells[(rule.table, first[0], first[1])] = value
        report.fill_totals()


def recipes(count: int, seed: int = SEED) -> list[dict[str, Any]]:
    """``count`` recipes, the same for the same seed."""
    rnd = random.Random(seed)
    return [generate(rnd, index) for index in range(count)]


def build(recipe: dict[str, Any]) -> gd.AnnualReport:
    """The report a recipe describes, built through the public API."""
    report = gd.AnnualReport.blank(
        agency=gd.Agency(name=recipe["agency"], region=recipe["region"]), year=recipe["year"]
    )
    for text in recipe["preamble"]:
        report.preamble.append(gd.Paragraph(text=text))
    for key, items in recipe["sections"].items():
        section = report.section(key)
        for what, text in items:
            if what == "h":
                section.add_heading(text)
            else:
                section.add_paragraph(text)
    for (table, row, column), value in recipe["cells"].items():
        report.table(table)[row, column] = value
    for table, label, values, block in recipe["extra_rows"]:
        report.table(table).add_extra_row(label, values, block)
    if recipe["fill_totals"]:
        report.fill_totals()
    return report
