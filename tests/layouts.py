"""Test helpers: a report rendered as the text copies of portals render it (tabs, pipes, one
cell per line), built from the edition data so that the tests never spell the format out."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import govdisclosure as gd


def cell(value: gd.Value, blank: str = "") -> str:
    if value is None:
        return blank
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def table_rows(table: gd.Table, blank: str = "") -> list[list[str]]:
    """The rows of a table as a portal prints them: labels, then values (no spans)."""
    spec = table.spec
    rows: list[list[str]] = []
    if spec.key == "reviews":
        units: list[str] = []
        for row in spec.rows:
            group = spec.group(row.group) if row.group else None
            label = group.label if group else row.label
            if label not in units:
                units.append(label)
        rows.append(units)
        columns = [c.label for c in spec.blocks[0].columns]
        rows.append([*columns, *(r.label for r in spec.rows if r.group)])
        rows.append(columns * sum(1 for r in spec.rows if r.group))
        rows.append(
            [
                cell(table[r.key, c.key], blank)
                for r in spec.rows
                for c in table.spec.columns_of(r.key)
            ]
        )
        return rows
    for block in spec.blocks:
        if block.label:
            rows.append([block.label])
        if spec.corner_label:
            rows.append([spec.corner_label, *(c.label for c in block.columns)])
        for row in block.rows:
            rows.append([row.label, *(cell(table[row.key, c.key], blank) for c in block.columns)])
    return rows


def render(
    report: gd.AnnualReport,
    join: Callable[[list[str]], list[str]],
    *,
    blank: str = "",
    title: bool = True,
) -> str:
    """The whole report as text, each table row turned into lines by ``join``."""
    lines: list[str] = []
    if title:
        lines.append(report.display_title)
    lines.extend(c.text for c in report.preamble)
    for spec in report.edition.sections:
        lines.append(spec.heading)
        lines.extend(c.text for c in report.sections[spec.key].content)
        if spec.table:
            for row in table_rows(report.table(spec.table), blank):
                lines.extend(join(row))
    return "\n".join(lines) + "\n"


def tabs(row: list[str]) -> list[str]:
    return ["\t".join(row) if len(row) > 1 else row[0] + "\t\t"]


def pipes(row: list[str]) -> list[str]:
    return [" | ".join(row) + " |"]


def joined_pipes(row: list[str]) -> list[str]:
    """Cells joined by " | " and nothing around them (an empty last cell leaves the line
    ending in a pipe, ``label | 3 | 1 | ``, read as the pipe that closes the row)."""
    return [" | ".join(row)]


def leading_pipes(row: list[str]) -> list[str]:
    return ["| " + " | ".join(row) + " | "]


def cell_per_line(row: list[str]) -> list[str]:
    return [f"{c} |" for c in row] + ["|" * max(1, len(row) - 1)]


LAYOUTS = {
    "tabs": tabs,
    "pipes": pipes,
    "joined_pipes": joined_pipes,
    "leading_pipes": leading_pipes,
    "cell_per_line": cell_per_line,
}


def wrapped(
    report: gd.AnnualReport, *, width: int = 14, footer_every: int = 9, centred: bool = False
) -> str:
    """The report as text copied out of a PDF viewer (``pdftotext -raw``, or selecting the page):
    the title split over two lines (agency, then the rest), values of a row separated by spaces,
    row labels longer than ``width`` characters wrapped over lines with the numbers on a line of
    their own, group labels of table 三 cut into short pieces on lines of their own (one piece
    run into the next row's label), and page footers (``- 3 -``) between the lines. With
    ``centred``, a wrapped label's numbers come after its first line (a label cell of several
    lines with its numbers centred, as pdfplumber's text has it)."""
    lines: list[str] = [report.agency.name, f"{report.year}年政府信息公开工作年度报告"]
    lines.extend(c.text for c in report.preamble)
    for spec in report.edition.sections:
        lines.append(spec.heading)
        lines.extend(c.text for c in report.sections[spec.key].content)
        if spec.table is None:
            continue
        table = report.table(spec.table)
        if spec.table == "reviews":
            lines.extend(" ".join(row) for row in table_rows(table))
            continue
        printed: set[str] = set()
        for row in table_rows(table):
            label, values = row[0], row[1:]
            key = next((r.key for r in table.spec.rows if r.label == label), None)
            group = table.spec.group(table.spec.row(key).group or "") if key else None
            carry = ""
            if group is not None and group.key not in printed:
                printed.add(group.key)
                pieces = [group.label[i : i + 3] for i in range(0, len(group.label), 3)]
                lines.extend(pieces[:-1])
                carry = pieces[-1] + " "
            label = carry + label
            if not values or not any(values):
                lines.append(" ".join(row))
            elif len(label) > width:
                pieces = [label[i : i + width] for i in range(0, len(label), width)]
                at = 1 if centred else len(pieces)
                lines.extend([*pieces[:at], " ".join(values), *pieces[at:]])
            else:
                lines.append(" ".join([label, *values]))
    out: list[str] = []
    for n, line in enumerate(lines, 1):
        out.append(line)
        if n % footer_every == 0:
            out.append(f"- {n // footer_every} -")
    return "\n".join(out) + "\n"
