"""Hypothesis strategies for reports: any report the model can hold, and consistent ones.

Every format's round-trip property draws from :func:`reports`.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.editions import EDITIONS, ValueKind

editions = st.sampled_from(list(EDITIONS.values()))

# Narrative text: any Unicode a report could carry (CJK, full-width punctuation, characters
# XML and HTML must escape), minus what the model refuses (control characters, line breaks).
_ALPHABET = st.one_of(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Zl", "Zp"),
        exclude_characters="\ufffe\uffff\x85\u2028\u2029",
    ),
    st.sampled_from("祥云镇政府信息公开（一）、。；：“”‘’<>&\"' \t　—…１２３"),
)


def _usable(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and len(stripped.splitlines()) == 1


texts = st.text(_ALPHABET, min_size=1, max_size=60).filter(_usable).map(str.strip)

content = st.lists(
    st.one_of(
        st.builds(gd.Paragraph, text=texts),
        st.builds(gd.Heading, text=texts),
    ),
    max_size=4,
)


def values(kind: ValueKind, *, blank: float = 0.2) -> st.SearchStrategy[gd.Value]:
    """Cell values of ``kind``; ``None`` with some probability."""
    if kind is ValueKind.MONEY:
        filled: st.SearchStrategy[gd.Value] = st.builds(
            lambda n, places: Decimal(n).scaleb(-places),
            st.integers(0, 10**12),
            st.integers(0, 4),
        )
    elif kind is ValueKind.SIGNED:
        filled = st.integers(-(10**6), 10**6)
    else:
        filled = st.integers(0, 10**7)
    if blank <= 0:
        return filled
    return (
        st.one_of(st.none(), filled)
        if blank >= 0.5
        else st.one_of(filled, filled, filled, st.none())
    )


def _random_value(rnd: random.Random, kind: ValueKind, blank: float) -> gd.Value:
    if rnd.random() < blank:
        return None
    magnitude = rnd.choice((0, 10, 1000, 10**7))
    if kind is ValueKind.MONEY:
        return Decimal(rnd.randint(0, magnitude * 10**4)).scaleb(-rnd.randint(0, 4))
    if kind is ValueKind.SIGNED:
        return rnd.randint(-magnitude, magnitude)
    return rnd.randint(0, magnitude)


agencies = st.builds(
    gd.Agency,
    name=texts,
    region=st.none() | texts,
    level=st.none() | st.sampled_from(list(gd.AdministrativeLevel)),
)


@st.composite
def extra_rows(
    draw: st.DrawFn, table: gd.Table
) -> list[tuple[str, tuple[gd.Value, ...], str | None]]:
    rows = []
    for _ in range(draw(st.integers(0, 2))):
        block = draw(st.sampled_from(table.spec.blocks))
        cells = tuple(draw(values(c.kind)) for c in block.columns)
        key = block.key if len(table.spec.blocks) > 1 else None
        rows.append((draw(texts), cells, key))
    return rows


@st.composite
def reports(
    draw: st.DrawFn,
    edition: gd.Edition | None = None,
    *,
    blank: float = 0.2,
    with_extra_rows: bool = True,
) -> gd.AnnualReport:
    """Any report the model can hold: random values and blanks, random text, metadata."""
    chosen = edition or draw(editions)
    year = draw(st.integers(chosen.first_year, (chosen.last_year or chosen.first_year + 6)))
    report = gd.AnnualReport.blank(
        agency=draw(agencies),
        year=year,
        edition=chosen,
        title=draw(st.none() | texts),
        published_on=draw(
            st.none() | st.dates(datetime.date(2019, 1, 1), datetime.date(2030, 12, 31))
        ),
    )
    report.preamble.extend(draw(content))
    for section in report.sections.values():
        section.content.extend(draw(content))
    # Cells come from a hypothesis-seeded Random: hundreds of separate draws per report would
    # make every round-trip property slow for no gain in what it explores.
    rnd = draw(st.randoms(use_true_random=False))
    ratio = draw(st.sampled_from([0.0, blank, 0.5, 1.0]))
    for table in report.tables:
        for row, column in table.spec.cells:
            table[row, column] = _random_value(rnd, table.kind(row, column), ratio)
        if with_extra_rows and draw(st.booleans()):
            for label, cells, block in draw(extra_rows(table)):
                table.add_extra_row(label, cells, block)
    return report


def _derived_cells(edition: gd.Edition) -> set[tuple[str, str, str]]:
    """Cells that ``fill_totals`` derives: the single left term of each deriving rule."""
    from govdisclosure.model import rule_instances

    report = gd.AnnualReport.blank(agency="x", year=edition.first_year, edition=edition)
    derived = set()
    for rule in edition.rules:
        if rule.derives:
            table = report.table(rule.table)
            for inst in rule_instances(table, rule):
                derived.update((rule.table, r, c) for r, c in inst.left)
    return derived


@st.composite
def consistent_reports(draw: st.DrawFn, edition: gd.Edition | None = None) -> gd.AnnualReport:
    """Fully filled reports that satisfy every arithmetic rule (A1–A4).

    Leaves are drawn, totals derived with ``fill_totals``, and 一、本年新收 chosen so that
    一 + 二 = （七） + 四 holds in every column.
    """
    chosen = edition or draw(editions)
    report = gd.AnnualReport.blank(agency=draw(agencies), year=chosen.first_year, edition=chosen)
    derived = _derived_cells(chosen)
    for table in report.tables:
        for row, column in table.spec.cells:
            if (table.key, row, column) not in derived:
                table[row, column] = draw(values(table.kind(row, column), blank=0))
    apps = report.applications
    applicant_columns = [c.key for c in apps.spec.columns_of("new_received") if c.key != "total"]
    outcome_rows = apps.spec.group("outcomes")
    assert outcome_rows is not None
    for column in applicant_columns:
        handled = sum(int(apps[r, column] or 0) for r in outcome_rows.members)
        forward = int(apps["carried_forward", column] or 0)
        over = draw(st.integers(0, handled + forward))
        apps["carried_over", column] = over
        apps["new_received", column] = handled + forward - over
    report.fill_totals()
    return report
