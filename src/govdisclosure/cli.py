"""The ``govdisclosure`` command: validate, convert, new, rollup, compare, export, formats.

Every command reads and writes through the format registry (:func:`govdisclosure.load`,
:func:`govdisclosure.dump`), so each format that is installed works here without changes.
Exit codes: 0 success, 1 errors found (or the command refused), 2 an input could not be read
(also used by argparse for a usage error), 130 interrupted, 141 output pipe closed.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import os
import sys
import textwrap
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from typing import IO, Any, TypeVar

import attrs

import govdisclosure as gd
from govdisclosure.analysis import RECORD_FIELDS, compare, rollup, to_edition, write_csv
from govdisclosure.analysis.batch import (
    FileRecords,
    FileResult,
    LoadedReport,
    default_jobs,
    describe_failure,
    find_reports,
    load_figures,
    map_files,
    read_records,
    validate_file,
)
from govdisclosure.analysis.compare import CellChange, Comparison
from govdisclosure.formats import format_for_path

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_ERRORS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "build_parser",
    "main",
]

EXIT_OK = 0
EXIT_ERRORS = 1
"""Validation errors were found, or the command refused to do what was asked."""
EXIT_UNREADABLE = 2
"""An input could not be read (argparse also exits 2 on a usage error)."""
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""The reader of our output went away (``… | head``): 128 + SIGPIPE, as a shell reports it."""

PROG = "govdisclosure"

T = TypeVar("T")


class _Fail(Exception):
    """Stop the command with a message on stderr and an exit code."""

    def __init__(self, message: str, code: int = EXIT_ERRORS) -> None:
        super().__init__(message)
        self.code = code


# -- output helpers ----------------------------------------------------------------------------


class _Progress:
    """A progress bar on stderr (tqdm), and printing that does not break it; inert if disabled."""

    def __init__(self, bar: Any = None) -> None:
        self._bar = bar

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def echo(self, text: str, file: IO[str] | None = None) -> None:
        stream = file if file is not None else sys.stdout
        if self._bar is not None:
            self._bar.write(text, file=stream)
        else:
            print(text, file=stream)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _tqdm() -> Any:
    try:
        return importlib.import_module("tqdm").tqdm
    except ImportError:
        return None


@contextlib.contextmanager
def _progress(args: argparse.Namespace, what: str) -> Iterator[_Progress]:
    enabled = args.progress
    if enabled is None:
        enabled = sys.stderr.isatty() and sys.stdout.isatty()
    tqdm = _tqdm() if enabled else None
    if tqdm is None:
        bar = _Progress()
    else:
        # The total needs a walk of its own; only worth it when a bar will show it.
        total = sum(1 for _ in find_reports(args.paths))
        bar = _Progress(tqdm(total=total, unit=" files", desc=what, file=sys.stderr, leave=False))
    try:
        yield bar
    finally:
        bar.close()


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _plain(value: Any) -> str:
    """A value as a person reads it: blank for ``None``, a list joined by commas, and a cell
    ``(row, column)`` inside a list as ``row/column``."""
    if isinstance(value, (list, tuple)):
        return ", ".join(
            "/".join(_plain(part) for part in v) if isinstance(v, (list, tuple)) else _plain(v)
            for v in value
        )
    if value is None:
        return "blank"
    return str(value)


def _expected_actual(expected: Any, actual: Any) -> str | None:
    """``expected: 5; actual: 4``, leaving out a side the issue does not give."""
    if expected is None and actual is None:
        return None
    if expected is None:
        return f"actual: {_plain(actual)}"
    return f"expected: {_plain(expected)}; actual: {_plain(actual)}"


def _signed(value: int | Decimal | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def _default_lang() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _message(issue: dict[str, Any], lang: str) -> str:
    text: str = issue["message_zh"] if lang == "zh" and issue["message_zh"] else issue["message"]
    return text


def _issue_lines(
    path: str, issue: dict[str, Any], lang: str, lines: dict[int, str]
) -> Iterator[str]:
    line = issue["line"]
    if isinstance(line, int):
        where = f" (line {line})"
    elif issue["source"]:
        # A position without a line (a DOCX table cell): "table 2, row 5 of report.docx".
        where = f" ({str(issue['source']).removesuffix(f' of {path}')})"
    else:
        where = ""
    severity = str(issue["severity"]).upper()
    yield f"  {severity} {issue['code']} at {issue['location']}{where}: {_message(issue, lang)}"
    values = _expected_actual(issue["expected"], issue["actual"])
    if values is not None:
        yield f"      {values}"
    if isinstance(line, int) and line in lines:
        yield f"      {line} | {lines[line]}"


def _counts(errors: int, warnings: int, notes: int) -> str:
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return f"{n(errors, 'error')}, {n(warnings, 'warning')}, {n(notes, 'note')}"


# -- validate ----------------------------------------------------------------------------------


class _Tally:
    """Counts over a run: files by status, issues by severity (of every file, not only shown)."""

    def __init__(self) -> None:
        self.files = self.ok = self.invalid = self.unreadable = 0
        self.errors = self.warnings = self.notes = 0

    def add(self, result: _Checked) -> None:
        self.files += 1
        if result.status == "ok":
            self.ok += 1
        elif result.status == "invalid":
            self.invalid += 1
        else:
            self.unreadable += 1
        self.errors += result.errors
        self.warnings += result.warnings
        self.notes += result.notes

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        return EXIT_ERRORS if self.errors else EXIT_OK

    def to_dict(self) -> dict[str, int]:
        return dict(vars(self))

    def __str__(self) -> str:
        files = f"{self.files} file{'' if self.files == 1 else 's'}"
        return (
            f"{files}: {self.ok} ok, {self.invalid} with errors, {self.unreadable} unreadable;"
            f" {_counts(self.errors, self.warnings, self.notes)}"
        )


def _file_header(result: FileResult) -> str:
    if result.status == "unreadable":
        return f"{result.path}: unreadable: {result.error}"
    what = f"{result.agency} {result.year}, edition {result.edition}, {result.format}"
    if result.status == "ok" and not result.issues:
        return f"{result.path}: ok ({what})"
    state = "ok" if result.status == "ok" else "invalid"
    return (
        f"{result.path}: {state}, {_counts(result.errors, result.warnings, result.notes)} ({what})"
    )


@attrs.frozen
class _Checked:
    """One file validated and rendered for the output, in a worker process: the main process
    only counts and prints, so that it does not become the bottleneck of ``--jobs N``."""

    status: str
    errors: int
    warnings: int
    notes: int
    text: str | None
    """What to print for the file (``None``: nothing, ``-q`` and ok)."""


def _check_file(
    path: str,
    *,
    ignore: tuple[str, ...],
    max_bytes: int | None,
    output: str,
    floor: str,
    lang: str,
    quiet: bool,
) -> _Checked:
    result = validate_file(path, ignore=ignore, source_lines=output == "text", max_bytes=max_bytes)
    return _Checked(
        result.status,
        result.errors,
        result.warnings,
        result.notes,
        _render(result, output, gd.Severity(floor), lang, quiet),
    )


def _render(
    result: FileResult, output: str, floor: gd.Severity, lang: str, quiet: bool
) -> str | None:
    if output == "jsonl":
        return json.dumps({"type": "file", **result.to_dict(floor)}, ensure_ascii=False)
    if output == "json":
        return json.dumps(result.to_dict(floor), ensure_ascii=False)
    shown = [i for i in result.issues if gd.Severity(i["severity"]) >= floor]
    if quiet and result.status == "ok" and not shown:
        return None
    lines = dict(result.lines)
    text = [_file_header(result)]
    for issue in shown:
        text.extend(_issue_lines(result.path, issue, lang, lines))
    return "\n".join(text)


def _cmd_validate(args: argparse.Namespace) -> int:
    tally = _Tally()
    worker = functools.partial(
        _check_file,
        ignore=tuple(args.ignore),
        max_bytes=args.max_bytes,
        output=args.format,
        floor=args.min_severity,
        lang=args.lang,
        quiet=args.quiet,
    )
    held: str | None = None  # JSON: the previous file, printed once we know a comma follows
    with _progress(args, "validating") as bar, _files(args, worker) as results:
        if args.format == "json":
            bar.echo('{"files": [')
        for result in results:
            tally.add(result)
            bar.advance()
            if args.format != "json":
                if result.text is not None:
                    bar.echo(result.text)
            else:
                if held is not None:
                    bar.echo(f"  {held},")
                held = result.text
    if args.format == "text":
        print(str(tally))
    elif args.format == "jsonl":
        print(json.dumps({"type": "summary", **tally.to_dict()}))
    else:
        if held is not None:
            print(f"  {held}")
        print(f'], "summary": {json.dumps(tally.to_dict())}}}')
    return tally.exit_code


# -- writing files -----------------------------------------------------------------------------


def _output_format(path: str, name: str | None) -> gd.FormatInfo:
    try:
        info = gd.get_format(name) if name is not None else format_for_path(path)
    except gd.UnknownFormatError as exc:
        raise _Fail(f"{exc}; give the format with --to") from None
    if not info.can_write:
        writable = ", ".join(f.name for f in gd.available_formats() if f.can_write)
        raise _Fail(f"format {info.name!r} can be read but not written; writable: {writable}")
    try:
        info.writer_class()
    except ImportError as exc:  # MissingDependencyError names the extra
        raise _Fail(f"cannot write {info.name}: {exc}") from None
    return info


def _check_output(path: str, force: bool, inputs: Sequence[str] = ()) -> None:
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.exists(path) and os.path.samefile(source, path):
                raise _Fail(f"refusing to overwrite the input {source!r} with the output")
    if os.path.isdir(path):
        raise _Fail(f"{path} is a folder; give a file name")
    if os.path.exists(path) and not force:
        raise _Fail(f"{path} exists; give --force to replace it")


def _load(path: str, format: str | None = None, max_bytes: int | None = None) -> gd.AnnualReport:
    try:
        return gd.load(path, format=format, max_bytes=max_bytes)
    except (gd.GovDisclosureError, ImportError) as exc:
        raise _Fail(f"cannot read {path}: {describe_failure(exc)}", EXIT_UNREADABLE) from None


def _dump(report: gd.AnnualReport, path: str, info: gd.FormatInfo) -> None:
    try:
        gd.dump(report, path, format=info.name)
    except (gd.WriteError, gd.MissingDependencyError) as exc:
        raise _Fail(str(exc)) from None


def _agency(args: argparse.Namespace) -> gd.Agency:
    try:
        return gd.Agency(name=args.agency, region=args.region, level=args.level)
    except ValueError as exc:
        raise _Fail(str(exc)) from None


# -- convert, new ----------------------------------------------------------------------------------


def _cmd_convert(args: argparse.Namespace) -> int:
    info = _output_format(args.output, args.to)
    _check_output(args.output, args.force, [args.input])
    report = _load(args.input, args.input_format, args.max_bytes)
    if args.edition is not None:
        try:
            report = to_edition(report, args.edition, drop=args.drop_unmapped)
        except gd.EditionChangeError as exc:
            _err(
                f"{PROG} convert: error: edition {exc.target} has no cell for {len(exc.lost)}"
                f" filled value(s) of this edition-{exc.source} report; nothing was written"
                " (give --drop-unmapped to drop them):"
            )
            for path in exc.lost:
                _err(f"  {path}")
            return EXIT_ERRORS
        except gd.UnknownEditionError as exc:
            raise _Fail(str(exc)) from None
        notes = report.source.notes if report.source is not None else []
        for note in notes:
            if note.code == "edition.dropped_value":
                _err(f"{PROG} convert: dropped {note.location.path} = {_plain(note.actual)}")
    errors = len(gd.validate(report).errors)
    _dump(report, args.output, info)
    _err(f"wrote {args.output} ({info.name}): {report.display_title}, edition {report.edition.key}")
    if errors:
        _err(
            f"note: the report has {errors} validation error(s); see: {PROG} validate {args.output}"
        )
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    info = _output_format(args.output, args.to)
    _check_output(args.output, args.force)
    try:
        report = gd.AnnualReport.blank(agency=_agency(args), year=args.year, edition=args.edition)
    except (ValueError, gd.UnknownEditionError) as exc:
        raise _Fail(str(exc)) from None
    if args.zeros:
        for table in report.tables:
            table.update(dict.fromkeys(table.spec.cells, 0))
    _dump(report, args.output, info)
    _err(
        f"wrote {args.output} ({info.name}): {report.display_title}, edition"
        f" {report.edition.key} ({report.edition.document})"
    )
    return EXIT_OK


# -- rollup --------------------------------------------------------------------------------------


def _files(
    args: argparse.Namespace, worker: Callable[[str], T]
) -> contextlib.closing[Generator[T, None, None]]:
    """``worker(path)`` over every report file of ``args.paths``, in parallel; closed on exit so
    that the worker processes stop however the command ends."""
    return contextlib.closing(map_files(worker, find_reports(args.paths), jobs=args.jobs))


class _Inputs:
    """What a roll-up met among its inputs, beyond the reports themselves."""

    def __init__(self) -> None:
        self.unreadable: list[str] = []
        self.flawed: list[tuple[str, int]] = []


def _readable_reports(
    items: Iterator[LoadedReport], bar: _Progress, inputs: _Inputs, output: str
) -> Iterator[gd.AnnualReport]:
    for item in items:
        bar.advance()
        if os.path.abspath(item.path) == os.path.abspath(output):
            raise _Fail(f"refusing to roll up the output {output} into itself")
        if item.report is None:
            inputs.unreadable.append(item.path)
            bar.echo(f"{item.path}: unreadable: {item.error}", sys.stderr)
            continue
        if item.errors:
            inputs.flawed.append((item.path, item.errors))
        yield item.report


def _cmd_rollup(args: argparse.Namespace) -> int:
    info = _output_format(args.output, args.to)
    _check_output(args.output, args.force)
    agency = _agency(args)
    inputs = _Inputs()
    with (
        _progress(args, "reading") as bar,
        _files(args, functools.partial(load_figures, max_bytes=args.max_bytes)) as items,
    ):
        try:
            total = rollup(
                _readable_reports(items, bar, inputs, args.output),
                agency=agency,
                title=args.title,
            )
        except gd.IncompatibleReportsError as exc:
            raise _Fail(str(exc)) from None
        except gd.NoReportsError:
            code = EXIT_UNREADABLE if inputs.unreadable else EXIT_ERRORS
            raise _Fail("no readable report among the inputs", code) from None
    unreadable = len(inputs.unreadable)
    if unreadable and not args.partial:
        _err(
            f"{PROG} rollup: {unreadable} input(s) could not be read; nothing written"
            " (give --partial to write the roll-up of the others)"
        )
        return EXIT_UNREADABLE
    if unreadable:
        _err(f"{PROG} rollup: {unreadable} unreadable input(s) left out (--partial)")
    _dump(total, args.output, info)
    notes = total.source.notes if total.source is not None else []
    described = total.source.name if total.source is not None else "rollup"
    result = gd.validate(total)
    narrative = len(result.by_code("A7.section_missing"))
    print(
        f"wrote {args.output} ({info.name}): {total.agency.name} {total.year} (edition"
        f" {total.edition.key}), the {described}"
    )
    if inputs.flawed:
        shown = ", ".join(f"{path} ({n})" for path, n in inputs.flawed[:5])
        more = f" and {len(inputs.flawed) - 5} more" if len(inputs.flawed) > 5 else ""
        print(
            f"inputs with validation errors: {len(inputs.flawed)}: {shown}{more};"
            f" see: {PROG} validate"
        )
    print(
        f"validation: {_counts(len(result.errors), len(result.warnings), len(result.infos))}"
        + (f" ({narrative} for the narrative sections left to the author)" if narrative else "")
    )
    for note in notes:
        print(f"  {note.severity} {note.code} at {note.location}: {_message_of(note, args.lang)}")
    return EXIT_UNREADABLE if unreadable else EXIT_OK


def _message_of(issue: gd.Issue, lang: str) -> str:
    return issue.message_zh if lang == "zh" and issue.message_zh else issue.message


# -- compare -------------------------------------------------------------------------------------


def _table(rows: list[tuple[str, ...]], right: set[int]) -> Iterator[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        yield "  " + "  ".join(cells).rstrip()


def _change_row(change: CellChange) -> tuple[str, ...]:
    return (
        change.table,
        change.row + (" (sum)" if change.derived else ""),
        change.column,
        _plain(change.previous),
        _plain(change.current),
        _signed(change.delta),
        _percent(change.relative),
    )


def _print_comparison(result: Comparison, args: argparse.Namespace) -> None:
    before, after = result.previous, result.current
    print(f"{before} → {after}")
    cells = result.cells if args.all else result.changes
    print(f"compared {len(result.cells)} cells both reports have; {len(result.changes)} changed")
    continuity = result.continuity
    counts = _counts(len(continuity.errors), len(continuity.warnings), len(continuity.infos))
    print(f"continuity (A8, A9): {counts}")
    for issue in result.continuity:
        text = _message_of(issue, args.lang)
        print(f"  {issue.severity} {issue.code} at {issue.location}: {text}")
        values = _expected_actual(issue.expected, issue.actual)
        if values is not None:
            print(f"      {values}")
    if cells:
        print("changes:" if not args.all else "cells:")
        header = ("table", "row", "column", "previous", "current", "change", "relative")
        rows = [header, *(_change_row(c) for c in cells)]
        for line in _table(rows, right={3, 4, 5, 6}):
            print(line)


def _cmd_compare(args: argparse.Namespace) -> int:
    previous = _load(args.previous, max_bytes=args.max_bytes)
    current = _load(args.current, max_bytes=args.max_bytes)
    result = compare(previous, current, groups=args.groups)
    if args.format == "json":
        print(json.dumps(result.to_dict(all_cells=args.all), ensure_ascii=False, indent=2))
    else:
        _print_comparison(result, args)
    return EXIT_OK if result.ok else EXIT_ERRORS


# -- export --------------------------------------------------------------------------------------


class _Count:
    files = 0
    unreadable = 0


def _export_rows(
    items: Iterator[FileRecords], bar: _Progress, count: _Count
) -> Iterator[dict[str, Any]]:
    for item in items:
        bar.advance()
        count.files += 1
        if item.error is not None:
            count.unreadable += 1
            bar.echo(f"{item.path}: unreadable: {item.error}", sys.stderr)
            continue
        for row in item.rows:
            yield dict(zip(RECORD_FIELDS, row, strict=True))


def _cmd_export(args: argparse.Namespace) -> int:
    to_stdout = args.output == "-"
    if not to_stdout:
        _check_output(args.output, args.force)
    worker = functools.partial(
        read_records, derived=args.derived, extra_rows=args.extra_rows, max_bytes=args.max_bytes
    )
    count = _Count()
    with _progress(args, "exporting") as bar, _files(args, worker) as items:
        target: str | IO[str] = sys.stdout if to_stdout else args.output
        try:
            rows = write_csv(_export_rows(items, bar, count), target, bom=args.bom)
        except gd.WriteError as exc:
            if isinstance(exc.__cause__, BrokenPipeError):
                raise exc.__cause__ from None
            raise _Fail(str(exc)) from None
    where = "standard output" if to_stdout else args.output
    _err(
        f"exported {rows} rows from {count.files - count.unreadable} of {count.files} files"
        f" to {where}" + (f"; {count.unreadable} unreadable" if count.unreadable else "")
    )
    return EXIT_UNREADABLE if count.unreadable else EXIT_OK


# -- formats -------------------------------------------------------------------------------------


def _status(info: gd.FormatInfo) -> str:
    """Whether the format's reader and writer can be imported here."""
    try:
        if info.can_read:
            info.reader_class()
        if info.can_write:
            info.writer_class()
    except gd.MissingDependencyError:
        return f"needs: pip install 'govdisclosure[{info.extra}]'"
    except ImportError:
        return "not installed"
    return "ready"


def _cmd_formats(args: argparse.Namespace) -> int:
    rows: list[tuple[str, ...]] = [("name", "suffixes", "read", "write", "status", "description")]
    for info in gd.available_formats():
        rows.append(
            (
                info.name,
                " ".join(info.suffixes),
                "yes" if info.can_read else "no",
                "yes" if info.can_write else "no",
                _status(info),
                info.description,
            )
        )
    for line in _table(rows, right=set()):
        print(line)
    return EXIT_OK


# -- the parser ------------------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number ≥ 1, got {value}")
    return value


_SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def _size(text: str) -> int:
    """A byte count: ``1000000``, ``512K``, ``64M``, ``1G`` (binary units; ``KiB``/``MB`` read
    the same)."""
    spec = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = spec[-1:] if spec[-1:] in _SIZE_UNITS else ""
    number = spec[: len(spec) - len(unit)]
    try:
        value = int(number) * _SIZE_UNITS[unit]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a size such as 1000000, 512K or 64M, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a size ≥ 1 byte, got {text!r}")
    return value


class _Formatter(argparse.HelpFormatter):
    """Wraps the description's paragraphs; keeps the examples' lines as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = []
        for paragraph in text.split("\n\n"):
            if "\n" in paragraph:
                paragraphs.append("\n".join(indent + line for line in paragraph.splitlines()))
            else:
                paragraphs.append(
                    textwrap.fill(paragraph, width, initial_indent=indent, subsequent_indent=indent)
                )
        return "\n\n".join(paragraphs)


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=_size,
        metavar="SIZE",
        help="refuse an input larger than SIZE (1000000, 512K, 64M; default: the readers'"
        " limits, 64M for a file and 8M for text formats; see docs/security.md)",
    )


def _add_batch_options(parser: argparse.ArgumentParser) -> None:
    _add_max_bytes(parser)
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=default_jobs(),
        metavar="N",
        help="files read in parallel, in N processes (default: the CPU count, %(default)s)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: only on a terminal; needs the"
        " 'progress' extra, tqdm)",
    )


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=_default_lang(),
        help="language of issue messages (default: from the locale, %(default)s)",
    )


def _add_output(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=f"{what}; its suffix names the format"
    )
    parser.add_argument("--to", metavar="FORMAT", help="output format, if not the suffix's")
    parser.add_argument("-f", "--force", action="store_true", help="replace OUT if it exists")


def _add_agency(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--agency", required=required, metavar="NAME", help="the agency (制作机关)")
    parser.add_argument("--region", metavar="REGION", help="its region (河南省焦作市温县)")
    parser.add_argument(
        "--level",
        choices=[level.value for level in gd.AdministrativeLevel],
        help="its administrative level",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``govdisclosure`` command."""
    formatter = _Formatter
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Validate, convert, roll up, compare and export annual Government"
        " Information Disclosure reports (政府信息公开工作年度报告).",
        epilog=_examples(
            f"{PROG} validate reports/",
            f"{PROG} convert report.txt -o report.docx",
            f"{PROG} COMMAND --help",
        )
        + "\n\nexit codes: 0 ok, 1 errors found or refused, 2 an input could not be read",
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {gd.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser(
        "validate",
        help="check reports: arithmetic (勾稽关系), completeness, edition",
        description="Check report files (or every report in folders) against the rules of"
        " their edition. Prints each file's issues with location, expected and actual values"
        " and the source line where known, then a summary. Exit 0 when no file has an error,"
        " 1 when errors were found, 2 when a file could not be read.",
        epilog=_examples(
            f"{PROG} validate report.docx",
            f"{PROG} validate reports/ --jobs 4 --min-severity error",
            f"{PROG} validate reports/ --format json > issues.json",
        ),
        formatter_class=formatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    p.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default="text",
        help="output: readable text, one JSON document, or JSON lines (default: text)",
    )
    p.add_argument(
        "--min-severity",
        choices=[s.value for s in gd.Severity],
        default="info",
        help="show only issues at least this severe (default: info; the exit code and the"
        " summary count every issue)",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODE",
        help="leave out an issue code or rule (A7.blank_cells, A10); repeatable",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing for files without issues"
    )
    _add_lang(p)
    _add_batch_options(p)
    p.set_defaults(handler=_cmd_validate)

    p = commands.add_parser(
        "convert",
        help="convert a report to another format (or edition)",
        description="Read a report and write it in another format, chosen by the output's"
        " suffix (or --to). Never overwrites its input, nor an existing file without --force;"
        " the output is written atomically. --edition re-expresses the report in another"
        " edition: cells both editions declare keep their values, the others are blank; if a"
        " filled value has no place in the target edition, nothing is written unless"
        " --drop-unmapped is given, and each dropped value is listed.",
        epilog=_examples(
            f"{PROG} convert report.txt -o report.docx",
            f"{PROG} convert report.docx -o report.xml",
            f"{PROG} convert page.html -o report.json --from html",
            f"{PROG} convert 2021-in-old-format.json -o fixed.json --edition 2021",
        ),
        formatter_class=formatter,
    )
    p.add_argument("input", metavar="IN", help="the report to read")
    _add_output(p, "the file to write")
    p.add_argument(
        "--from",
        dest="input_format",
        metavar="FORMAT",
        help="input format, if not the suffix's (else sniffed)",
    )
    _add_max_bytes(p)
    p.add_argument("--edition", metavar="EDITION", help="re-express in this edition (2019, 2021)")
    p.add_argument(
        "--drop-unmapped",
        action="store_true",
        help="with --edition: drop (and list) values the target edition has no cell for",
    )
    p.set_defaults(handler=_cmd_convert)

    p = commands.add_parser(
        "new",
        help="write a blank report, ready to fill",
        description="Write a blank report for an agency and year in any writable format:"
        " DOCX for officers to fill in, XML or JSON for systems. The edition follows the year"
        " (≤ 2020: 2019, 国办公开办函〔2019〕60号; ≥ 2021: 2021, 国办公开办函〔2021〕30号).",
        epilog=_examples(
            f"{PROG} new --year 2024 --agency 祥云镇 -o 2024.docx",
            f"{PROG} new --year 2024 --agency 温县人民政府 --level county -o 2024.xml",
            f"{PROG} new --year 2020 --agency 祥云镇 --zeros -o 2020.json",
        ),
        formatter_class=formatter,
    )
    p.add_argument("--year", type=int, required=True, help="the report year")
    _add_agency(p, required=True)
    p.add_argument("--edition", help="the edition, if not the year's (2019, 2021)")
    p.add_argument(
        "--zeros",
        action="store_true",
        help="fill every table cell with 0 instead of leaving it blank",
    )
    _add_output(p, "the file to write")
    p.set_defaults(handler=_cmd_new)

    p = commands.add_parser(
        "rollup",
        help="sum reports of one year into one (a county over its townships)",
        description="Sum the tables of many reports of one year and edition into one report"
        " for --agency. A cell stays blank only where every input left it blank; a cell"
        " filled in some inputs and blank in others is the sum of those filled, and is noted."
        " The narrative is left empty for the author. If an input cannot be read nothing is"
        " written (exit 2) unless --partial is given.",
        epilog=_examples(
            f"{PROG} rollup townships/ --agency 温县 -o county-2020.docx",
            f"{PROG} rollup a.xml b.xml c.xml --agency 温县 -o county.json --jobs 4",
        ),
        formatter_class=formatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    _add_agency(p, required=True)
    p.add_argument("--title", help="the title, if not the one composed from agency and year")
    p.add_argument(
        "--partial",
        action="store_true",
        help="write the roll-up of the readable inputs even if some could not be read",
    )
    _add_output(p, "the roll-up to write")
    _add_lang(p)
    _add_batch_options(p)
    p.set_defaults(handler=_cmd_rollup)

    p = commands.add_parser(
        "compare",
        help="year-over-year changes and the carry-over checks (A8, A9)",
        description="Compare an agency's report with the previous year's: every cell both"
        " reports have (across the 2020→2021 edition change, the rows and columns both"
        " editions declare), and the cross-year checks A8 (上年结转 = last year's 结转下年度,"
        " per column) and A9 (现行有效件数). Exit 1 when a cross-year check fails.",
        epilog=_examples(
            f"{PROG} compare 2020.docx 2021.docx",
            f"{PROG} compare 2020.xml 2021.xml --format json --all",
        ),
        formatter_class=formatter,
    )
    p.add_argument("previous", metavar="OLD", help="the earlier report")
    p.add_argument("current", metavar="NEW", help="the later report")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--all", action="store_true", help="list every compared cell, not only changes")
    _add_max_bytes(p)
    p.add_argument(
        "--groups",
        action="store_true",
        help="also compare group sums (（三）不予公开, 法人或其他组织 …)",
    )
    _add_lang(p)
    p.set_defaults(handler=_cmd_compare)

    p = commands.add_parser(
        "export",
        help="export table values of many reports as a tidy CSV",
        description="Write one CSV row per table cell of every report (agency, year, edition,"
        " table, row, column, value, source): a long table for spreadsheets, databases and"
        " pandas. Blank cells are empty fields (not 0). Unreadable files are reported and"
        " skipped (exit 2 at the end).",
        epilog=_examples(
            f"{PROG} export reports/ -o data.csv",
            f"{PROG} export reports/ -o data.csv --bom        # for Excel",
            f"{PROG} export a.docx b.docx -o - | head",
        ),
        formatter_class=formatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the CSV file, or - for stdout"
    )
    p.add_argument("-f", "--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("--bom", action="store_true", help="start with a UTF-8 byte-order mark (Excel)")
    p.add_argument(
        "--derived", action="store_true", help="also export group sums (denied, legal_person …)"
    )
    p.add_argument(
        "--extra-rows",
        action="store_true",
        help="also export non-standard rows (their row is the printed label)",
    )
    _add_batch_options(p)
    p.set_defaults(handler=_cmd_export)

    p = commands.add_parser(
        "formats",
        help="list the formats that can be read and written",
        description="List every registered format: name, file suffixes, read/write support.",
        epilog=_examples(f"{PROG} formats"),
        formatter_class=formatter,
    )
    p.set_defaults(handler=_cmd_formats)
    return parser


def _utf8_streams() -> None:
    # Chinese text on a console whose encoding cannot show it: escape rather than crash.
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    # After a closed pipe (``govdisclosure export … -o - | head``), flushing at exit would
    # raise again; point stdout at /dev/null.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _utf8_streams()
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except _Fail as exc:
        _err(f"{PROG} {args.command}: error: {exc}")
        return exc.code
    except KeyboardInterrupt:
        _err(f"{PROG} {args.command}: interrupted; no output file was left half-written")
        return EXIT_INTERRUPTED
    except BrokenProcessPool:
        _err(
            f"{PROG} {args.command}: error: a worker process died (out of memory, or a crash"
            " in a C extension) while reading a file; no output file was left half-written;"
            " run again with --jobs 1 to find the file"
        )
        return EXIT_UNREADABLE
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
