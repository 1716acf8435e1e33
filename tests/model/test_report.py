"""The report: metadata, sections, narrative text, totals."""

from __future__ import annotations

import datetime

import pytest

import govdisclosure as gd


def test_agency_from_string_and_metadata() -> None:
    r = gd.AnnualReport.blank(
        agency=gd.Agency(name=" 祥云镇 ", region="河南省焦作市温县", level="township"),
        year=2020,
        published_on=datetime.date(2021, 1, 20),
    )
    assert r.agency.name == "祥云镇"
    assert r.agency.level is gd.AdministrativeLevel.TOWNSHIP
    assert gd.AnnualReport.blank(agency="祥云镇", year=2020).agency == gd.Agency(name="祥云镇")
    with pytest.raises(ValueError, match="agency name"):
        gd.AnnualReport.blank(agency="  ", year=2020)


@pytest.mark.parametrize("year", [1900, 2020.0, "2020", True])
def test_year_is_checked(year: object) -> None:
    with pytest.raises(ValueError, match="year"):
        gd.AnnualReport.blank(agency="x", year=year)  # type: ignore[arg-type]


def test_titles() -> None:
    r = gd.AnnualReport.blank(agency="祥云镇", year=2020)
    assert r.display_title == "祥云镇2020年政府信息公开工作年度报告"
    r.title = "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert r.display_title == r.title


def test_sections_are_the_six_of_the_edition() -> None:
    r = gd.AnnualReport.blank(agency="x", year=2022)
    assert list(r.sections) == [
        "overview",
        "proactive",
        "applications",
        "reviews",
        "problems",
        "other_matters",
    ]
    assert r.section("problems") is r.problems
    with pytest.raises(gd.UnknownKeyError):
        r.section("summary")
    with pytest.raises(gd.UnknownKeyError):
        gd.AnnualReport(agency="x", year=2022, sections={"overview": gd.Section(key="overview")})


def test_narrative_text_is_normalised_and_checked() -> None:
    assert gd.Paragraph(text="\u3000\u3000一年来，我镇…… ").text == "一年来，我镇……"
    assert gd.Heading(text="（一）主动公开").text == "（一）主动公开"
    for bad in ("", "  ", "two\nlines", "bell\x07", "nul\x00"):
        with pytest.raises(ValueError):  # noqa: PT011 -- each message differs
            gd.Paragraph(text=bad)
    with pytest.raises(TypeError):
        gd.Paragraph(text=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        gd.Section(key="overview", content=["plain string"])  # type: ignore[list-item]


def test_narrative_iterates_in_order(sample: gd.AnnualReport) -> None:
    pieces = list(sample.narrative())
    assert pieces[0][0] is None  # the preamble
    assert pieces[1] == ("overview", gd.Heading(text="（一）政府信息公开工作组织推进情况"))
    assert pieces[-1] == ("other_matters", gd.Paragraph(text="无其他需要报告的事项。"))


def test_fill_totals_derives_and_counts_changes() -> None:
    r = gd.AnnualReport.blank(agency="x", year=2021)
    t = r.applications
    for column in (
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_organization",
        "legal_service_institution",
        "other_legal_person",
    ):
        for row in t.spec.row_keys:
            if row != "outcome_total":
                t[row, column] = 1
    t["granted", "natural_person"] = 5
    changed = r.fill_totals()
    assert t["granted", "total"] == 10
    assert t["outcome_total", "natural_person"] == 21 - 1 + 5
    assert t["outcome_total", "total"] == sum(
        t[row, "total"] for row in t.spec.group("outcomes").members
    )  # type: ignore[misc,union-attr]
    assert changed == 25 + 6  # 25 row totals (incl. （七）), 6 column sums of （七）
    assert r.fill_totals() == 0


def test_fill_totals_leaves_totals_with_blank_operands() -> None:
    r = gd.AnnualReport.blank(agency="x", year=2021)
    r.applications["new_received", "natural_person"] = 3
    r.applications["new_received", "total"] = 3  # as published; five cells blank
    r.fill_totals()
    assert r.applications["new_received", "total"] == 3
    assert r.applications["outcome_total", "natural_person"] is None
    r.reviews.update(
        {("administrative_review", c): 1 for c in ("upheld", "corrected", "other", "pending")}
    )
    r.fill_totals()
    assert r.reviews["administrative_review", "total"] == 4
    assert r.reviews["litigation_direct", "total"] is None
