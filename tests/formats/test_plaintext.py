"""The text format: a readable rendering in the official layout, read back exactly; other text
goes to the portal-text reader."""

from __future__ import annotations

import re
import sys
import types
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.formats import plaintext
from govdisclosure.formats.plaintext import (
    BLANK,
    SIGNATURE,
    TextReader,
    TextWriter,
    display_width,
    is_rendering,
)
from govdisclosure.model.narrative import check_chars
from roundtrip import GOLDEN_REPORTS, assert_same_report, check_golden, golden_report
from strategies import reports, texts, values


def dump(report: gd.AnnualReport, **options: Any) -> str:
    data = gd.dumps(report, "text", **options)
    assert isinstance(data, str)
    return data


# -- round trips -------------------------------------------------------------------------------


@given(reports())
def test_round_trip_is_lossless(report: gd.AnnualReport) -> None:
    assert_same_report(report, gd.loads(dump(report), "text"))


@given(reports(), st.sampled_from([1, 2]))
def test_round_trip_with_either_ambiguous_width(report: gd.AnnualReport, width: int) -> None:
    assert_same_report(report, gd.loads(dump(report, ambiguous_width=width), "text"))


def _model_accepts(text: str) -> bool:
    try:
        check_chars(text, "text")
    except ValueError:
        return False
    return True


@st.composite
def awkward_reports(draw: st.DrawFn) -> gd.AnnualReport:
    """Values a line-based format must quote: spaces, quotes, line breaks, control characters."""
    awkward = st.one_of(
        texts,
        st.text(max_size=12).filter(_model_accepts),
        st.sampled_from(['"', " x ", "", "*1 x", "a\nb", "\r", "\t", "\u3000", "\\"]),
    )
    edition = draw(st.sampled_from(list(gd.EDITIONS.values())))
    name = draw(awkward.filter(lambda s: bool(s.strip())))
    report = gd.AnnualReport.blank(
        agency=gd.Agency(name=name, region=draw(st.none() | awkward)),
        year=edition.first_year,
        edition=edition,
        title=draw(st.none() | awkward),
    )
    for table in report.tables:
        for _ in range(draw(st.integers(0, 3))):
            # Any block, or none at all (even for table 二), and any number of values.
            block = draw(st.none() | st.sampled_from(table.spec.blocks))
            columns = (block or table.spec.blocks[0]).columns
            count = draw(st.integers(0, len(columns)))
            table.extra_rows.append(
                gd.ExtraRow(
                    label=draw(awkward),
                    values=tuple(draw(values(c.kind)) for c in columns[:count]),
                    block=block.key if block is not None else None,
                )
            )
    return report


@given(awkward_reports())
def test_round_trip_of_awkward_values(report: gd.AnnualReport) -> None:
    text = dump(report)
    assert_same_report(report, gd.loads(text, "text"))


@pytest.mark.parametrize("stem", GOLDEN_REPORTS)
def test_golden_file(stem: str) -> None:
    check_golden(stem, ".txt", dump(golden_report(stem)))


def test_deterministic(sample: gd.AnnualReport) -> None:
    assert dump(sample) == dump(sample.copy())


def test_blank_and_zero_and_amounts() -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2020)
    report.proactive["centralized_procurement", "amount"] = Decimal("12.3400")
    report.proactive["centralized_procurement", "projects"] = 0
    text = dump(report)
    line = next(x for x in text.splitlines() if x.startswith("政府集中采购"))
    assert line.split()[1:] == ["0", "12.3400"]
    assert re.search(r"^规章\s+/\s+/\s+/$", text, re.M)
    back = gd.loads(text, "text")
    assert str(back.proactive["centralized_procurement", "amount"]) == "12.3400"
    assert back.proactive["rules", "made"] is None


def test_title_composed_or_given(sample: gd.AnnualReport) -> None:
    assert "标题来源：按格式生成" in dump(sample)
    sample.title = sample.display_title
    assert "标题来源：报告原文" in dump(sample)
    assert gd.loads(dump(sample), "text").title == sample.display_title


def test_sub_heading_that_looks_like_structure_is_quoted() -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2022)
    report.preamble.append(gd.Heading(text="一、总体情况"))
    report.overview.add_heading("六、其他需要报告的事项")
    text = dump(report)
    assert '\n"一、总体情况"\n' in text
    assert gd.loads(text, "text") == report


def test_positions_name_lines(sample: gd.AnnualReport) -> None:
    text = dump(sample)
    report = gd.loads(text, "text", source="sample.txt")
    assert report.source is not None
    assert report.source.format == "text"
    position = report.source.positions["applications[granted][total]"]
    assert position.line is not None
    assert text.splitlines()[position.line - 1].strip().startswith("（一）予以公开")
    heading = report.source.positions["section[problems]"]
    assert heading.line is not None
    assert text.splitlines()[heading.line - 1] == "五、存在的主要问题及改进情况"


def test_crlf_byte_order_mark_and_utf16(sample: gd.AnnualReport) -> None:
    text = dump(sample)
    assert gd.loads(text.replace("\n", "\r\n"), "text") == sample
    assert gd.loads(text.encode("utf-8-sig"), "text") == sample
    assert gd.loads(text.encode("utf-16"), "text") == sample
    assert gd.loads(text.replace("\n", "\r\n").encode("utf-16"), "text") == sample


@pytest.mark.parametrize("title", ["{不是JSON}", "<不是XML>", '"引号"', "%PDF 标题"])
def test_sniffed_as_text_whatever_the_title(title: str) -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2022, title=title)
    assert gd.formats.sniff_format(dump(report)).name == "text"
    assert gd.loads(dump(report)) == report
    assert gd.loads(dump(report).encode()) == report


# -- layout ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "one", "two"),
    [
        ("abc", 3, 3),
        ("祥云镇", 6, 6),
        ("（一）", 6, 6),
        ("“三安全一稳定”", 14, 16),
        ("e\u0301", 1, 1),  # e + combining acute accent
        ("\u200b", 0, 0),
        ("１２", 4, 4),
    ],
)
def test_display_width(text: str, one: int, two: int) -> None:
    assert display_width(text) == one
    assert display_width(text, ambiguous=2) == two


def _column_ends(line: str, ambiguous: int) -> list[int]:
    """The display column where each value of a table row ends."""
    ends = []
    for match in re.finditer(r"(?<=\s)(?:/|-?[0-9][0-9.]*)(?=\s|$)", line):
        ends.append(display_width(line[: match.end()], ambiguous=ambiguous))
    return ends


@pytest.mark.parametrize("ambiguous", [1, 2])
@pytest.mark.parametrize("stem", GOLDEN_REPORTS)
def test_columns_line_up_in_a_terminal(stem: str, ambiguous: int) -> None:
    report = golden_report(stem)
    text = dump(report, ambiguous_width=ambiguous)
    for spec in report.edition.tables:
        for block in spec.blocks:
            labels = {r.label for r in block.rows}
            lines = [
                line for line in text.splitlines() if line.strip().split("  ")[0].strip() in labels
            ]
            assert len(lines) == len(block.rows), (spec.key, block.key)
            ends = {tuple(_column_ends(line, ambiguous)) for line in lines}
            assert len(ends) == 1, f"table {spec.number} block {block.key}: columns do not line up"
            all_lines = text.splitlines()
            header = all_lines[all_lines.index(lines[0]) - 1]  # the column labels
            assert display_width(header, ambiguous=ambiguous) == next(iter(ends))[-1]


def test_official_labels_in_official_order(sample: gd.AnnualReport) -> None:
    text = dump(sample)
    position = 0
    for spec in sample.edition.sections:
        position = text.index(f"\n{spec.heading}\n", position)
    apps = sample.edition.applications
    position = text.index(apps.corner_label or "")
    for row in apps.rows:
        position = text.index(row.label, position)
    assert "\n三、本年度办理结果\n" in text
    assert "\n  （三）不予公开\n" in text
    assert "\n    1.属于国家秘密 " in text


def test_extra_rows_are_marked_and_explained() -> None:
    report = golden_report("features_2023")
    text = dump(report)
    assert re.search(r"^\*1 其他主动公开文件\s+5\s+0\s+5$", text, re.M)
    assert re.search(r"^\*2 行政确认（湖北省自设）\s+7$", text, re.M)
    assert text.count(plaintext.EXTRA_NOTE) == 2
    assert gd.loads(text, "text").proactive.extra_rows == report.proactive.extra_rows


def test_extra_row_order_across_blocks_is_kept() -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2020)
    report.proactive.add_extra_row("后", [1], block="article20_9")
    report.proactive.add_extra_row("先", [2], block="article20_1")
    report.proactive.extra_rows.append(gd.ExtraRow(label="无块", values=(3,)))
    report.applications.extra_rows.append(
        gd.ExtraRow(label="有块", values=(1,), block="applications")
    )
    back = gd.loads(dump(report), "text")
    assert back.proactive.extra_rows == report.proactive.extra_rows
    assert back.applications.extra_rows == report.applications.extra_rows


def test_extra_row_with_an_unknown_block_is_a_write_error() -> None:
    report = gd.AnnualReport.blank(agency="甲", year=2020)
    report.reviews.extra_rows.append(gd.ExtraRow(label="x", values=(), block="nowhere"))
    with pytest.raises(gd.WriteError, match="nowhere"):
        dump(report)


def test_writer_option_is_checked() -> None:
    with pytest.raises(ValueError, match="ambiguous_width"):
        TextWriter(ambiguous_width=3)  # type: ignore[arg-type]


# -- detection and the portal-text reader ------------------------------------------------------


def test_is_rendering(sample: gd.AnnualReport) -> None:
    text = dump(sample)
    assert is_rendering(text)
    assert is_rendering(text.encode())
    assert is_rendering("\ufeff" + text)
    assert text.splitlines()[2] == SIGNATURE
    assert not is_rendering("祥云镇2020年政府信息公开工作年度报告\n\n一、总体情况\n")
    assert not is_rendering("")


@pytest.fixture
def no_realtext(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the portal-text reader is not installed (whether or not it is)."""
    monkeypatch.setitem(sys.modules, "govdisclosure.formats.realtext", None)


@pytest.mark.usefixtures("no_realtext")
def test_other_text_without_the_portal_reader() -> None:
    with pytest.raises(gd.ReadError) as caught:
        gd.loads("祥云镇2020年政府信息公开工作年度报告\n一、总体情况\n", "text", source="copy.txt")
    message = str(caught.value)
    assert message.startswith("copy.txt: not a govdisclosure text rendering")
    assert "reading text copied from portals is not available" in message


def test_other_text_goes_to_the_portal_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, dict[str, Any]]] = []
    report = gd.AnnualReport.blank(agency="甲", year=2020)

    def read_text(data: str | bytes, **kwargs: Any) -> gd.AnnualReport:
        calls.append((data, kwargs))
        return report

    fake = types.ModuleType("govdisclosure.formats.realtext")
    fake.read_text = read_text  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "govdisclosure.formats.realtext", fake)
    portal = "某局2023年政府信息公开工作年度报告\n一、总体情况\n".encode("gb18030")
    assert TextReader(agency="某局").loads(portal, source="copy.txt") is report
    # Decoded once, by the text reader (GB18030 detected), and handed on as text.
    assert calls == [(portal.decode("gb18030"), {"source": "copy.txt", "agency": "某局"})]


# -- bad input -------------------------------------------------------------------------------


def _broken(sample: gd.AnnualReport, old: str, new: str, count: int = 1) -> str:
    text = dump(sample)
    assert old in text
    return text.replace(old, new, count)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "（一）予以公开                                                           0",
            "（一）予以公开                                                            ",
            "expected 7 values after '（一）予以公开', found 6",
        ),
        (
            "\n二、主动公开政府信息情况\n",
            "\n二、主动公开情况\n",
            "no heading '二、主动公开政府信息情况' after line",
        ),
        ("格式版本：2019", "格式版本：2030", "unknown edition '2030'"),
        ("报告年度：2020", "报告年度：二〇二〇", "four digits"),
        ("机关层级：乡镇级", "机关层级：村级", "unknown agency level '村级'"),
        ("标题来源：按格式生成", "标题来源：原文", "expected '按格式生成' or '报告原文'"),
        ("govdisclosure-text/1", "govdisclosure-text/9", "unsupported text rendering"),
        ("    1.属于国家秘密", "    1.属于秘密", "expected the row '1.属于国家秘密'"),
        ("  （三）不予公开\n", "  （三）不公开\n", "expected the group '（三）不予公开'"),
        (
            "行政许可                           5",
            "行政许可                           五",
            "whole number",
        ),
        ("制作机关：祥云镇", '制作机关："祥云镇', "not a valid string literal"),
        ("第二十条第（五）项", "第二十条第（五）款", "expected the block '第二十条第（五）项'"),
        ("祥云镇2020年政府", "祥云县2020年政府", "is not the composed title"),
        ("报告年度：2020\n", "", "the header has no '报告年度' line"),
        ("报告年度：2020\n", "报告年度：2020\n页数：3\n", "unknown header field '页数'"),
    ],
)
def test_bad_rendering(sample: gd.AnnualReport, old: str, new: str, message: str) -> None:
    text = _broken(sample, old, new)
    with pytest.raises(gd.ReadError) as caught:
        gd.loads(text, "text", source="bad.txt")
    error = caught.value
    assert message in str(error)
    assert error.source == "bad.txt"
    assert error.line is not None
    assert 1 <= error.line <= text.count("\n") + 1


def test_error_names_the_line(sample: gd.AnnualReport) -> None:
    text = _broken(
        sample, "其他对外管理服务事项              58", "其他对外管理服务事项              5８"
    )
    with pytest.raises(gd.ReadError) as caught:
        gd.loads(text, "text")
    assert caught.value.line is not None
    assert text.splitlines()[caught.value.line - 1].startswith("其他对外管理服务事项")


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_rendering(sample: gd.AnnualReport, keep: float) -> None:
    text = dump(sample)
    cut = text[: int(len(text) * keep)]
    with pytest.raises(gd.ReadError) as caught:
        gd.loads(cut, "text")
    assert caught.value.line is not None


def test_blank_marker_is_documented() -> None:
    assert BLANK == "/"
