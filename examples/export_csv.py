"""Exporting a corpus to CSV: every cell of every report as one row of a tidy table.

Researchers turn published reports into data: one CSV row per table cell (agency, year,
edition, table, row, column, value, source file), which a spreadsheet, a database or pandas
reads directly. A blank cell stays an empty field, never 0; amounts keep their decimal places.
Reports are read one at a time, so the corpus can be as large as the disk; a file that cannot
be read is reported and skipped.

Without input paths it reads the project's corpus of real published reports
(``../shared/corpus``, or the folder ``GOVDISCLOSURE_SHARED`` names), and when that is absent
it says so and exports a small corpus generated in a temporary folder instead.

Run it::

    python examples/export_csv.py [-o OUTPUT.csv] [PATH ...]   # default: a temporary file
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import govdisclosure as gd
from govdisclosure.analysis import to_records, write_csv
from govdisclosure.analysis.batch import find_reports

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GOVDISCLOSURE_SHARED", ROOT.parent / "shared"))


def generated_corpus(folder: Path, count: int = 6, seed: int = 2023) -> Path:
    """``count`` reports of made-up agencies over 2020–2023 (both editions), in two formats."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        year = 2020 + n % 4
        report = gd.AnnualReport.blank(agency=f"示例县第{n + 1}局", year=year)
        for table in report.tables:
            for row, column in table.spec.cells:
                if column != "total" and row != "outcome_total":
                    table[row, column] = rng.randrange(0, 4)
        report.applications["carried_over", "natural_person"] = None  # blank stays blank
        report.fill_totals()
        gd.dump(report, folder / f"report_{n + 1}{'.json' if n % 2 else '.xml'}")
    return folder


def default_inputs() -> list[Path]:
    """The shared corpus if it is here, else a generated one (saying which)."""
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        print(f"reading the corpus of published reports in {corpus}")
        # Its top level only: expected/ holds hand-checked values, not reports.
        readable = {s for f in gd.available_formats() if f.can_read for s in f.suffixes}
        return sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix in readable)
    print(f"corpus not found at {corpus} (set GOVDISCLOSURE_SHARED); using generated reports")
    return [generated_corpus(Path(tempfile.mkdtemp(prefix="govdisclosure-")))]


def readable_reports(paths: Iterable[Path], skipped: list[str]) -> Iterator[gd.AnnualReport]:
    """Each report in ``paths`` (files or folders), loaded one at a time; unreadable files are
    reported on stderr, added to ``skipped`` and passed over."""
    for path in find_reports(paths):
        try:
            yield gd.load(path)
        except gd.ReadError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
            skipped.append(path)
        except gd.MissingDependencyError as exc:  # a PDF without the pdf extra
            print(f"skipped {path}: {exc}", file=sys.stderr)
            skipped.append(path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="report files or folders")
    parser.add_argument("-o", "--output", type=Path, help="the CSV file to write")
    args = parser.parse_args(argv[1:])
    inputs = args.paths or default_inputs()
    output = args.output or Path(tempfile.mkdtemp(prefix="govdisclosure-")) / "cells.csv"
    skipped: list[str] = []
    per_report: Counter[tuple[int, str, str]] = Counter()
    blanks = 0

    def counted(records: Iterable[dict[str, object]]) -> Iterator[dict[str, object]]:
        nonlocal blanks
        for record in records:
            per_report[int(str(record["year"])), str(record["agency"]), str(record["source"])] += 1
            blanks += record["value"] is None
            yield record

    # bom=True: Excel opens the file as UTF-8 (without it, the Chinese shows as mojibake).
    rows = write_csv(counted(to_records(readable_reports(inputs, skipped))), output, bom=True)
    print(f"wrote {output}: {rows} rows from {len(per_report)} reports ({blanks} blank cells)")
    for (year, agency, source), count in sorted(per_report.items()):
        print(f"  {year} {agency}: {count} cells ({Path(source).name})")
    if skipped:
        print(f"{len(skipped)} files could not be read")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
