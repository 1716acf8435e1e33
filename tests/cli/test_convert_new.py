"""``govdisclosure convert`` and ``govdisclosure new``: writing files, and refusing to."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govdisclosure as gd
from cli_support import Folder, Run, town


def _other_writable(fmt: gd.FormatInfo) -> list[gd.FormatInfo]:
    found = []
    for info in gd.available_formats():
        if info.name == fmt.name or not info.can_write:
            continue
        try:
            info.writer_class()
        except ImportError:
            continue
        found.append(info)
    return found


# -- convert ------------------------------------------------------------------------------------


def test_convert_writes_the_same_report(run: Run, folder: Folder, fmt: gd.FormatInfo) -> None:
    source = folder.write("in", town("甲镇"))
    target = folder.root / f"copy{fmt.suffixes[0]}"
    result = run("convert", source, "-o", target)
    assert result.code == 0
    assert result.err.startswith(f"wrote {target} ({fmt.name}): 甲镇2020年政府信息公开工作年度报告")
    assert gd.load(target) == gd.load(source)


def test_convert_to_every_other_writable_format(
    run: Run, folder: Folder, fmt: gd.FormatInfo
) -> None:
    source = folder.write("in", town("甲镇"))
    others = _other_writable(fmt)
    if not others:
        pytest.skip(f"only {fmt.name} can be written on this branch")
    for info in others:
        target = folder.root / f"out{info.suffixes[0]}"
        assert run("convert", source, "-o", target).code == 0, info.name
        assert target.stat().st_size > 0
        # --to overrides the suffix
        odd = folder.root / f"out-{info.name}.data"
        assert run("convert", source, "-o", odd, "--to", info.name).code == 0
        assert odd.read_bytes() == target.read_bytes()


def test_convert_never_overwrites_its_input(run: Run, folder: Folder) -> None:
    source = folder.write("in", town("甲镇"))
    before = source.read_bytes()
    for extra in ((), ("--force",)):
        result = run("convert", source, "-o", source, *extra)
        assert result.code == 1
        assert "refusing to overwrite the input" in result.err
    # the same file under another name
    alias = folder.root / "sub" / ".." / source.name
    (folder.root / "sub").mkdir()
    assert run("convert", source, "-o", alias, "--force").code == 1
    assert source.read_bytes() == before


def test_convert_replaces_an_existing_output_only_with_force(run: Run, folder: Folder) -> None:
    source = folder.write("in", town("甲镇"))
    target = folder.path("out")
    target.write_text("keep me", "utf-8")
    result = run("convert", source, "-o", target)
    assert result.code == 1
    assert f"{target} exists; give --force to replace it" in result.err
    assert target.read_text("utf-8") == "keep me"
    assert run("convert", source, "-o", target, "--force").code == 0
    assert gd.load(target).agency.name == "甲镇"


def test_convert_unreadable_input_exits_2(run: Run, folder: Folder) -> None:
    source = folder.path("empty")
    source.write_bytes(b"")
    target = folder.path("out")
    result = run("convert", source, "-o", target)
    assert result.code == 2
    assert result.err.startswith(f"govdisclosure convert: error: cannot read {source}: ")
    assert not target.exists()
    assert run("convert", folder.path("missing"), "-o", target).code == 2


def test_convert_unknown_or_read_only_output_format(run: Run, folder: Folder) -> None:
    source = folder.write("in", town("甲镇"))
    unknown = run("convert", source, "-o", folder.root / "out.xyz")
    assert unknown.code == 1
    assert "unknown file suffix '.xyz'" in unknown.err
    assert "give the format with --to" in unknown.err
    pdf = run("convert", source, "-o", folder.root / "out.pdf")
    assert pdf.code == 1
    assert "format 'pdf' can be read but not written" in pdf.err
    assert not (folder.root / "out.pdf").exists()


def test_convert_edition_refuses_to_lose_values(run: Run, folder: Folder) -> None:
    source = folder.write("in", town("甲镇"))
    target = folder.path("out")
    result = run("convert", source, "-o", target, "--edition", "2021")
    assert result.code == 1
    assert "edition 2021 has no cell for 26 filled value(s) of this edition-2019 report" in (
        result.err
    )
    assert "  applications[other_processing][natural_person]\n" in result.err
    assert "  proactive[rules][made]\n" in result.err
    assert not target.exists()


def test_convert_edition_with_drop_lists_what_was_dropped(run: Run, folder: Folder) -> None:
    source = folder.write("in", town("甲镇"))
    target = folder.path("out")
    result = run("convert", source, "-o", target, "--edition", "2021", "--drop-unmapped")
    assert result.code == 0
    dropped = [line for line in result.err.splitlines() if "dropped" in line]
    assert len(dropped) == 26
    assert "govdisclosure convert: dropped proactive[centralized_procurement][amount] = 0" in (
        dropped
    )
    converted = gd.load(target)
    assert converted.edition.key == "2021"
    assert converted.proactive["administrative_licensing", "decisions"] == 12
    assert converted.applications["other_other", "total"] is None
    assert "note: the report has 1 validation error(s)" in result.err  # A6: 2020 in 2021 edition


def test_convert_edition_that_loses_nothing(run: Run, folder: Folder) -> None:
    report = gd.AnnualReport.blank(agency="甲镇", year=2021, edition="2019")
    report.applications["granted", "natural_person"] = 3
    report.proactive["administrative_licensing", "decisions"] = 7
    source = folder.write("old-format", report)
    target = folder.path("fixed")
    result = run("convert", source, "-o", target, "--edition", "2021")
    assert result.code == 0
    fixed = gd.load(target)
    assert fixed.edition.key == "2021"
    assert fixed.applications["granted", "natural_person"] == 3
    assert fixed.proactive["administrative_licensing", "decisions"] == 7
    assert "A6.edition_year" not in fixed.validate().codes()


def test_convert_unknown_edition(run: Run, folder: Folder) -> None:
    source = folder.write("in", town("甲镇"))
    result = run("convert", source, "-o", folder.path("out"), "--edition", "2030")
    assert result.code == 1
    assert "unknown edition '2030'" in result.err


# -- new ----------------------------------------------------------------------------------------


def test_new_writes_a_blank_report(run: Run, folder: Folder) -> None:
    target = folder.path("blank")
    result = run(
        "new", "--year", "2024", "--agency", "祥云镇", "--region", "河南省焦作市温县",
        "--level", "township", "-o", target,
    )  # fmt: skip
    assert result.code == 0
    assert "edition 2021 (国办公开办函〔2021〕30号)" in result.err
    report = gd.load(target)
    assert report.agency == gd.Agency(
        name="祥云镇", region="河南省焦作市温县", level=gd.AdministrativeLevel.TOWNSHIP
    )
    assert (report.year, report.edition.key) == (2024, "2021")
    assert all(table.is_blank for table in report.tables)
    assert all(section.is_empty for section in report.sections.values())


def test_new_with_zeros_and_an_edition(run: Run, folder: Folder) -> None:
    target = folder.path("zeros")
    result = run("new", "--year", "2020", "--agency", "甲镇", "--zeros", "-o", target)
    assert result.code == 0
    report = gd.load(target)
    assert report.edition.key == "2019"
    assert all(v == 0 for t in report.tables for _, v in t.items())
    assert report.proactive["centralized_procurement", "amount"] == Decimal(0)
    assert {i.code for i in report.validate()} == {"A7.section_missing"}
    old = folder.path("old")
    assert (
        run("new", "--year", "2022", "--agency", "甲镇", "--edition", "2019", "-o", old).code == 0
    )
    assert gd.load(old).edition.key == "2019"


def test_new_never_replaces_a_file_without_force(run: Run, folder: Folder) -> None:
    target = folder.write("filled", town("甲镇"))
    before = target.read_bytes()
    result = run("new", "--year", "2020", "--agency", "甲镇", "-o", target)
    assert result.code == 1
    assert "exists; give --force" in result.err
    assert target.read_bytes() == before
    assert run("new", "--year", "2020", "--agency", "甲镇", "-o", target, "--force").code == 0
    assert gd.load(target).applications.is_blank


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "1800", "--agency", "甲镇"), "year must be an int between 1990 and 2200"),
        (("--year", "2020", "--agency", "  "), "agency name must be a non-empty str"),
        (("--year", "2020", "--agency", "甲镇", "--edition", "2030"), "unknown edition '2030'"),
    ],
)
def test_new_rejects_bad_metadata(
    run: Run, folder: Folder, args: tuple[str, ...], message: str
) -> None:
    target = folder.path("x")
    result = run("new", *args, "-o", target)
    assert result.code == 1
    assert message in result.err
    assert not target.exists()


def test_new_into_a_missing_folder_fails_cleanly(run: Run, folder: Folder) -> None:
    target = folder.root / "no" / "such" / f"x{folder.suffix}"
    result = run("new", "--year", "2020", "--agency", "甲镇", "-o", target)
    assert result.code == 1
    assert "cannot write" in result.err
    assert not Path(folder.root / "no").exists()
