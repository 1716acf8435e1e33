"""Validating a folder: every report in it read and checked, in parallel, with a summary by rule.

A supervising office receives reports in whatever format the agencies publish (DOCX, text
copied from a portal, HTML, PDF, XML, JSON). This script reads every report file in a folder
(and its sub-folders) in worker processes, validates each, prints one line per file with its
errors, and ends with how often each issue code occurred across the folder. A file that cannot
be read is reported and counted; it never stops the run. Without a folder, it makes a demo
folder of four files in a temporary folder: one clean report, one with an arithmetic error,
one 2021 report in the 2019 tables, and one file that is not a report.

The exit code is that of ``govdisclosure validate``: 0 all reports valid, 1 validation errors,
2 a file could not be read.

Run it::

    python examples/validate_folder.py FOLDER [--jobs N]   # your reports (only read)
    python examples/validate_folder.py                     # the demo folder
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import govdisclosure as gd
from govdisclosure.analysis.batch import FileResult, default_jobs, validate_files


def demo_folder(folder: Path) -> Path:
    """Write the four demo files into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    good = gd.AnnualReport.blank(agency="城关镇", year=2023)
    for table in good.tables:
        table.update(
            {
                (row, column): 0
                for row, column in table.spec.cells
                if column != "total" and row != "outcome_total"
            }
        )
    good.applications.update(
        {("new_received", "natural_person"): 2, ("granted", "natural_person"): 2}
    )
    good.fill_totals()
    for section in (good.overview, good.problems, good.other_matters):
        section.add_paragraph("……")
    gd.dump(good, folder / "chengguan_2023.docx")

    # The same figures with a slip: one 予以公开 too many, so the table no longer balances.
    slip = good.copy()
    slip.agency = gd.Agency(name="北冷乡")
    slip.applications["granted", "natural_person"] = 3
    slip.fill_totals()
    gd.dump(slip, folder / "beileng_2023.txt")

    # A 2021 report still printed in the 2019 tables (a common error: rule A6).
    old = gd.AnnualReport.blank(agency="南张羌镇", year=2021, edition="2019")
    for table in old.tables:
        table.update(dict.fromkeys(table.spec.cells, 0))
    for section in (old.overview, old.problems, old.other_matters):
        section.add_paragraph("……")
    (folder / "2021").mkdir(exist_ok=True)
    gd.dump(old, folder / "2021" / "nanzhangqiang_2021.xml")

    (folder / "notes.docx").write_bytes(b"not a Word document")
    return folder


def show(result: FileResult) -> None:
    """One line for the file, then its errors (warnings are counted, not listed)."""
    if result.status == "unreadable":
        print(f"{result.path}: unreadable: {result.error}")
        return
    print(
        f"{result.path}: {result.status} ({result.agency} {result.year}, edition"
        f" {result.edition}, {result.format}): {result.errors} errors, {result.warnings} warnings"
    )
    for issue in result.issues:
        if issue["severity"] == "error":
            print(f"    {issue['code']} at {issue['location']}: {issue['message']}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="the reports (default: a demo)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes")
    args = parser.parse_args(argv[1:])
    folder = args.folder or demo_folder(Path(tempfile.mkdtemp(prefix="govdisclosure-")))
    statuses: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for result in validate_files([folder], jobs=args.jobs):
        show(result)
        statuses[result.status] += 1
        codes.update(issue["code"] for issue in result.issues)
    total = sum(statuses.values())
    print(
        f"{total} files: {statuses['ok']} ok, {statuses['invalid']} with errors,"
        f" {statuses['unreadable']} unreadable"
    )
    for code, count in codes.most_common():
        print(f"  {code:<24} {count:>5}  {gd.RULES[code].title_zh}")
    if statuses["unreadable"]:
        return 2
    return 1 if statuses["invalid"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
