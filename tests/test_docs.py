"""The generated pages in docs/ match the code they are generated from, and cover all of it."""

from __future__ import annotations

import re

import pytest

import govdisclosure as gd
from support import ROOT, load_module

gendocs = load_module(ROOT / "tools" / "gendocs.py")


@pytest.mark.parametrize("name", sorted(gendocs.PAGES))
def test_generated_pages_are_current(name: str) -> None:
    page = ROOT / "docs" / name
    assert page.read_text("utf-8") == gendocs.PAGES[name](), (
        f"{name} is stale: run python tools/gendocs.py"
    )


def test_every_issue_code_has_a_worked_example_or_a_reason() -> None:
    missing = sorted(set(gd.RULES) - set(gendocs.EXAMPLES_BY_CODE))
    assert missing == [], (
        f"add a worked example for {missing} to EXAMPLES_BY_CODE in tools/gendocs.py"
    )
    assert sorted(set(gendocs.EXAMPLES_BY_CODE) - set(gd.RULES)) == []


@pytest.mark.parametrize(
    "code",
    sorted(c for c, e in gendocs.EXAMPLES_BY_CODE.items() if isinstance(e, gendocs.Example)),
)
def test_worked_example_reports_its_code(code: str) -> None:
    issue = gendocs.run_example(code, gendocs.EXAMPLES_BY_CODE[code])
    assert issue.code == code
    assert issue.severity is gd.RULES[code].severity
    assert issue.message
    assert issue.message_zh


def test_format_reference_lists_every_key_and_label() -> None:
    page = (ROOT / "docs" / "reference" / "format.md").read_text("utf-8")
    for edition in gd.EDITIONS.values():
        for spec in edition.tables:
            for block in spec.blocks:
                for row in block.rows:
                    assert f"`{row.key}`" in page
                    assert row.label.replace("|", "\\|") in page
                    assert all(alias in page for alias in row.aliases)
                for column in block.columns:
                    assert f"`{column.key}`" in page
                    assert column.label in page
                    assert all(alias in page for alias in column.aliases)
            for group in (*spec.row_groups, *spec.column_groups):
                assert f"`{group.key}`" in page
                assert group.label in page
        for section in edition.sections:
            assert section.heading in page
            assert all(alias in page for alias in section.aliases)


def test_format_reference_states_the_differences() -> None:
    page = (ROOT / "docs" / "reference" / "format.md").read_text("utf-8")
    differences = page[page.index("## Differences between the editions") :]
    assert (
        "`other_processing` (（六）其他处理) is a stored row in 2019 and a group in 2021"
        in differences
    )
    assert "row `normative_documents` is labelled 规范性文件 in 2019, 行政规范性文件 in 2021" in (
        differences
    )
    assert "block `article20_9` (第二十条第（九）项) is only in edition 2019" in differences
    assert re.search(r"table 三 \(`applications`\) \| 161 cells \| 175 cells", differences)


def test_examples_page_lists_every_example() -> None:
    page = (ROOT / "docs" / "examples.md").read_text("utf-8")
    for script in sorted((ROOT / "examples").glob("*.py")):
        assert f"## `{script.name}`" in page
        assert script.read_text("utf-8").rstrip() in page
