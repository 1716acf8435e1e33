"""Rules A6, A7, A10, A11 and the cross-year A8, A9; the report object; the code registry."""

from __future__ import annotations

import pytest

import govdisclosure as gd


def test_a6_edition_year_mismatch() -> None:
    report = gd.AnnualReport.blank(agency="x", year=2023, edition="2019")
    (issue,) = report.validate().by_code("A6")
    assert issue.code == "A6.edition_year"
    assert issue.severity is gd.Severity.ERROR
    assert issue.expected == "2021"
    assert issue.actual == "2019"
    assert "国办公开办函〔2021〕30号" in issue.message_zh
    assert not gd.AnnualReport.blank(agency="x", year=2020).validate().by_code("A6")
    assert gd.AnnualReport.blank(agency="x", year=2020, edition="2021").validate().by_code("A6")


def test_a7_missing_section_named(sample: gd.AnnualReport) -> None:
    sample.problems.content.clear()
    (issue,) = sample.validate().by_code("A7")
    assert issue.code == "A7.section_missing"
    assert issue.location.section == "problems"
    assert str(issue.location) == "section[problems]"


def test_a7_missing_table(sample: gd.AnnualReport) -> None:
    sample.reviews.clear()
    issues = sample.validate().by_code("A7")
    assert [(i.code, str(i.location)) for i in issues] == [("A7.table_missing", "reviews")]
    assert not sample.validate().by_code("A4")  # nothing checked in a table that is not there


def test_nonstandard_rows_are_flagged(sample: gd.AnnualReport) -> None:
    sample.proactive.add_extra_row("其他主动公开文件", [3, 3, 10], block="article20_1")
    (issue,) = sample.validate().by_code("F")
    assert issue.code == "F.nonstandard_row"
    assert issue.location.row == "其他主动公开文件"
    assert issue.actual == (3, 3, 10)


def test_a10_narrative_figure_mismatch() -> None:
    report = gd.AnnualReport.blank(agency="长春市退役军人事务局", year=2023)
    report.applications["new_received", "total"] = 3
    report.applications["carried_over", "total"] = 0
    report.overview.add_paragraph("本年度,共受理政府信息公开申请2件,都在法定期限内予以答复。")
    (issue,) = report.validate().by_code("A10")
    assert issue.code == "A10.narrative_mismatch"
    assert issue.severity is gd.Severity.WARNING
    assert (issue.expected, issue.actual) == (3, 2)
    assert issue.location.section == "overview"
    assert str(issue.location) == "applications[new_received][total]"
    report.overview.content.clear()
    report.overview.add_paragraph("全年收到依申请公开信息3条，答复率100%。上年度结转申请0件。")
    assert not report.validate().by_code("A10")


def test_a10_ignores_figures_it_cannot_check() -> None:
    report = gd.AnnualReport.blank(agency="x", year=2023)
    report.overview.add_paragraph("共受理政府信息公开申请2件。")
    assert not report.validate().by_code("A10")  # the table cell is blank


def test_a11_statistics_period() -> None:
    report = gd.AnnualReport.blank(agency="两城镇", year=2020)
    report.preamble.append(
        gd.Paragraph(text="本报告中所列数据的统计期限为2020年1月1日至2020年12月31日。")
    )
    assert not report.validate().by_code("A11")
    report.preamble.append(
        gd.Paragraph(text="本年度报告中所列数据统计期限从2019年1月1日到12月31日止。")
    )
    (issue,) = report.validate().by_code("A11")
    assert issue.code == "A11.period"
    assert issue.actual == (2019,)
    assert issue.expected == 2020
    assert issue.location.section is None


def test_ignore_codes_and_rules(sample: gd.AnnualReport) -> None:
    sample.problems.content.clear()
    assert sample.validate().by_code("A7")
    assert not gd.validate(sample, ignore=["A7"]).by_code("A7")
    assert not gd.validate(sample, ignore=["A7.section_missing"]).by_code("A7")


def test_sample_validates_clean(sample: gd.AnnualReport) -> None:
    result = sample.validate()
    assert result.ok
    assert list(result) == []
    assert gd.validate(sample) == result


def test_report_object(sample: gd.AnnualReport) -> None:
    sample.applications["granted", "natural_person"] = 1
    sample.overview.content.clear()
    result = sample.validate()
    assert not result.ok
    assert result.errors
    assert all(i.severity is gd.Severity.ERROR for i in result.errors)
    assert result.filter("error").issues == tuple(result.errors)
    assert len(result.filter(gd.Severity.WARNING)) == len(result.errors) + len(result.warnings)
    assert "A7.section_missing" in result.codes()
    with pytest.raises(gd.ValidationError) as info:
        result.raise_for_errors()
    assert info.value.report is result
    assert "A7.section_missing" in str(info.value)
    rows = result.to_dicts()
    assert rows[0]["code"] == result[0].code
    assert {"code", "severity", "location", "expected", "actual", "message", "message_zh"} <= set(
        rows[0]
    )
    assert gd.Severity.INFO < gd.Severity.WARNING < gd.Severity.ERROR
    assert max(gd.Severity) is gd.Severity.ERROR


def test_positions_from_the_source_are_quoted(sample: gd.AnnualReport) -> None:
    sample.source = gd.SourceInfo(name="report.txt", format="text")
    sample.source.positions["applications[granted]"] = gd.Position(source="report.txt", line=57)
    sample.applications["granted", "natural_person"] = 9
    issue = next(i for i in sample.validate() if i.code == "A3.row_total")
    assert issue.location.position == gd.Position(source="report.txt", line=57)
    assert str(issue.location) == "applications[granted][total] (line 57 of report.txt)"
    assert sample.validate().subject == "report.txt"


def test_a_position_is_added_without_losing_a_field() -> None:
    import attrs

    from govdisclosure.validation.checks import _located

    # Every field set to something other than its default, so that a field the helper
    # forgot to carry over shows as a difference.
    values = {"code": "A1.balance", "severity": gd.Severity.WARNING, "message": "m",
              "expected": 1, "actual": 2, "message_zh": "z"}  # fmt: skip
    assert set(values) | {"location"} == {f.name for f in attrs.fields(gd.Issue)}
    where = {"table": "applications", "row": "granted", "column": "total", "section": "s"}
    assert set(where) | {"position"} == {f.name for f in attrs.fields(gd.Location)}
    issue = gd.Issue(location=gd.Location(**where), **values)
    position = gd.Position(source="report.txt", line=57)
    located = _located(issue, position)
    assert located == attrs.evolve(issue, location=attrs.evolve(issue.location, position=position))
    assert located.location.position == position  # not part of Location's equality


def test_reader_notes_come_first(sample: gd.AnnualReport) -> None:
    from govdisclosure.validation import make_issue

    sample.source = gd.SourceInfo(name="x.txt")
    sample.source.note(
        make_issue(
            "read.ambiguous_row",
            "row 一 had 2 numbers for 7 cells",
            "该行只有2个数字",
            gd.Location(table="applications", row="new_received"),
            actual=(3, 3),
        )
    )
    result = sample.validate()
    assert result[0].code == "read.ambiguous_row"
    assert result[0].severity is gd.Severity.WARNING


def test_every_registered_code_is_documented() -> None:
    for code, info in gd.RULES.items():
        assert info.code == code
        assert info.title
        assert info.title_zh
        assert code.split(".")[0] == info.rule


# -- across years -----------------------------------------------------------------------------


def _year(year: int, forward: int, over: int) -> gd.AnnualReport:
    report = gd.AnnualReport.blank(agency="某局", year=year)
    for column in report.applications.spec.columns:
        report.applications["carried_forward", column.key] = forward
        report.applications["carried_over", column.key] = over
    return report


def test_a8_carry_over_per_column() -> None:
    previous, current = _year(2020, forward=2, over=0), _year(2021, forward=0, over=2)
    assert not gd.validate_continuity(previous, current).issues
    current.applications["carried_over", "commercial_enterprise"] = 5
    issues = gd.validate_continuity(previous, current).by_code("A8")
    assert [(i.code, str(i.location), i.expected, i.actual) for i in issues] == [
        ("A8.carry_over", "applications[carried_over][commercial_enterprise]", 2, 5)
    ]


def test_a8_blank_and_not_consecutive() -> None:
    previous, current = _year(2020, 1, 0), _year(2022, 0, 1)
    current.applications["carried_over", "total"] = None
    result = gd.validate_continuity(previous, current)
    assert "A8.not_consecutive" in result.codes()
    assert [str(i.location) for i in result.by_code("A8.unchecked")] == [
        "applications[carried_over][total]"
    ]


def test_a9_in_force() -> None:
    previous = gd.AnnualReport.blank(agency="某局", year=2022)
    current = gd.AnnualReport.blank(agency="某局", year=2023)
    previous.proactive.update({("rules", "in_force"): 11, ("normative_documents", "in_force"): 60})
    current.proactive.update(
        {
            ("rules", "issued"): 1,
            ("rules", "repealed"): 0,
            ("rules", "in_force"): 12,
            ("normative_documents", "issued"): 8,
            ("normative_documents", "repealed"): 2,
            ("normative_documents", "in_force"): 70,
        }
    )
    (issue,) = gd.validate_continuity(previous, current).by_code("A9.in_force")
    assert issue.severity is gd.Severity.WARNING
    assert str(issue.location) == "proactive[normative_documents][in_force]"
    assert (issue.expected, issue.actual) == (66, 70)
    # Across the edition change there is no 现行有效件数 last year: A9 does not apply.
    old = gd.AnnualReport.blank(agency="某局", year=2020)
    assert not gd.validate_continuity(old, current).by_code("A9")
