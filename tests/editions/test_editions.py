"""The edition data against FORMAT.md: counts, keys, labels, differences between editions."""

from __future__ import annotations

import re

import pytest

import govdisclosure as gd
from govdisclosure.editions import EDITIONS, ValueKind, edition_for_year, get_edition
from support import spec_text

E2019 = EDITIONS["2019"]
E2021 = EDITIONS["2021"]


@pytest.mark.parametrize(
    ("edition", "rows", "cells"), [(E2019, 23, 161), (E2021, 25, 175)], ids=["2019", "2021"]
)
def test_applications_size(edition: gd.Edition, rows: int, cells: int) -> None:
    spec = edition.applications
    assert len(spec.rows) == rows
    assert len(spec.cells) == cells
    assert [c.key for c in spec.columns] == [
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_organization",
        "legal_service_institution",
        "other_legal_person",
        "total",
    ]


@pytest.mark.parametrize("edition", [E2019, E2021], ids=["2019", "2021"])
def test_reviews_has_fifteen_cells(edition: gd.Edition) -> None:
    assert len(edition.reviews.cells) == 15
    assert edition.reviews.row_keys == (
        "administrative_review",
        "litigation_direct",
        "litigation_after_review",
    )


def test_differences_between_editions() -> None:
    rows_2019 = set(E2019.proactive.row_keys)
    rows_2021 = set(E2021.proactive.row_keys)
    assert rows_2019 - rows_2021 == {"other_external_services", "centralized_procurement"}
    assert rows_2021 <= rows_2019
    assert not E2019.applications.has_row("other_no_correction")
    assert E2021.applications.has_row("other_no_correction")
    # （六）其他处理: a stored leaf in 2019, a derived group in 2021.
    assert E2019.applications.has_row("other_processing")
    assert E2019.applications.group("other_processing") is None
    group = E2021.applications.group("other_processing")
    assert group is not None
    assert group.members == ("other_no_correction", "other_unpaid_fee", "other_other")
    assert not E2021.applications.has_row("other_processing")


def test_outcome_groups_span_the_vertical_label() -> None:
    # FORMAT.md: 三、本年度办理结果 is a vertical cell over 20 (2019) or 22 (2021) rows.
    for edition, printed in ((E2019, 20), (E2021, 22)):
        spec = edition.applications
        under = [r for r in spec.rows if any(g.key == "outcomes" for g in spec.ancestors(r.key))]
        assert len(under) == printed
        outcomes = spec.group("outcomes")
        assert outcomes is not None
        assert "outcome_total" not in outcomes.members  # （七）总计 is printed there, not summed


def test_value_kinds() -> None:
    assert (
        E2019.proactive.block_of("administrative_licensing").column("change").kind
        is ValueKind.SIGNED
    )
    assert (
        E2019.proactive.block_of("centralized_procurement").column("amount").kind is ValueKind.MONEY
    )
    assert E2021.proactive.block_of("administrative_fees").column("amount").kind is ValueKind.MONEY
    kinds = {c.kind for spec in (E2019.applications, E2019.reviews) for c in spec.columns}
    assert kinds == {ValueKind.COUNT}


def test_edition_for_year() -> None:
    assert edition_for_year(2019) is E2019
    assert edition_for_year(2020) is E2019
    assert edition_for_year(2018) is E2019
    assert edition_for_year(2021) is E2021
    assert edition_for_year(2030) is E2021


def test_get_edition_accepts_keys_and_names_the_known_ones() -> None:
    assert get_edition(2021) is E2021
    assert get_edition("2019") is E2019
    assert get_edition(E2021) is E2021
    with pytest.raises(gd.UnknownEditionError) as info:
        get_edition("2008")
    assert "2019" in str(info.value)
    assert "2021" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_editions_survive_copy_and_pickle() -> None:
    import copy
    import pickle

    assert copy.deepcopy(E2021) is E2021
    assert pickle.loads(pickle.dumps(E2019)) is E2019


# -- against the reference text ---------------------------------------------------------------

_T3_ROW = re.compile(r"^\| `(\w+)` \|(.+?)\|(.*?)\|(.*?)\|$", re.M)
_PAIR = re.compile(r"`(\w+)`: ([^·|]+)")


def _table3_rows() -> dict[str, tuple[str, str, str]]:
    text = spec_text()
    part = text[text.index("## Table 三") : text.index("## Table 四")]
    return {m[1]: (m[2].strip(), m[3].strip(), m[4].strip()) for m in _T3_ROW.finditer(part)}


def test_table3_labels_match_format_md() -> None:
    reference = _table3_rows()
    for edition, col in ((E2019, 1), (E2021, 2)):
        spec = edition.applications
        listed = [key for key, marks in reference.items() if marks[col] in ("✔", "leaf")]
        assert list(spec.row_keys) == listed, edition.key
        for row in spec.rows:
            assert row.label == reference[row.key][0]
    group = E2021.applications.group("other_processing")
    assert group is not None
    assert group.label == reference["other_processing"][0]


def test_table3_columns_and_note_match_format_md() -> None:
    text = spec_text()
    for column in E2021.applications.columns:
        assert f"`{column.key}` {column.label}" in text
    assert E2021.applications.corner_label in text
    assert E2019.applications.corner_label == E2021.applications.corner_label


@pytest.mark.parametrize("edition", [E2019, E2021], ids=["2019", "2021"])
def test_table2_labels_match_format_md(edition: gd.Edition) -> None:
    text = spec_text()
    part = text[text.index(f"### Edition {edition.key}") :]
    part = part[: part.index("\n### ") if "\n### " in part[5:] else part.index("## Table 三")]
    pairs = {k: v.strip() for k, v in _PAIR.findall(part)}
    for block in edition.proactive.blocks:
        assert block.label is not None
        assert block.label in part
        for row in block.rows:
            assert pairs[row.key] == row.label
        for column in block.columns:
            # The 2019 （六） row says "same three as （五）"; those columns are checked there.
            assert pairs[column.key] == column.label


def test_table4_labels_match_format_md() -> None:
    text = " ".join(spec_text().split())
    for column in E2019.reviews.columns:
        assert f"`{column.key}` {column.label}" in text
    for key in E2019.reviews.row_keys:
        assert f"`{key}`" in text


@pytest.mark.parametrize("edition", [E2019, E2021], ids=["2019", "2021"])
def test_section_headings_match_format_md(edition: gd.Edition) -> None:
    text = spec_text()
    assert [s.key for s in edition.sections] == [
        "overview",
        "proactive",
        "applications",
        "reviews",
        "problems",
        "other_matters",
    ]
    for section in edition.sections:
        assert f"| `{section.key}` | {section.heading} |" in text
