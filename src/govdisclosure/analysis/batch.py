"""Many files at once: finding reports in folders, and reading them in parallel with flat memory.

Work crosses process boundaries as file paths, and comes back as small plain data (validation
dicts, cell records), never as whole documents; results stream back in input order while a
bounded number of files is in flight, so memory does not grow with the number of files.
"""

from __future__ import annotations

import concurrent.futures
import functools
import multiprocessing
import os
import pickle
import re
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs

from govdisclosure.analysis.records import RECORD_FIELDS, to_records
from govdisclosure.errors import GovDisclosureError, ReadError
from govdisclosure.formats import available_formats, load
from govdisclosure.model import AnnualReport, Severity
from govdisclosure.validation import validate

__all__ = [
    "FileRecords",
    "FileResult",
    "LoadedReport",
    "default_jobs",
    "describe_failure",
    "find_reports",
    "load_figures",
    "map_files",
    "read_records",
    "validate_file",
    "validate_files",
]

T = TypeVar("T")
Status = Literal["ok", "invalid", "unreadable"]

_BATCH = 16
"""Most files per task sent to a worker: each task costs the parent about half a millisecond of
thread and queue handling, as much as reading a small report, so tasks carry many files. The
first tasks are smaller (1, 2, 4 … files) so that a handful of files still spreads over every
worker."""
_IN_FLIGHT = 4
"""Tasks in flight per worker: keeps every worker busy while results are consumed in order."""
_LINE_CHARS = 200
"""How much of a source line a validation result quotes."""
_SPACES = re.compile(r"[ \t\u3000]{2,}")


def default_jobs() -> int:
    """The number of CPUs this process may use (the default for ``jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def readable_suffixes() -> frozenset[str]:
    """File suffixes of every format that can be read (``.txt``, ``.docx`` …)."""
    return frozenset(s for f in available_formats() if f.can_read for s in f.suffixes)


def find_reports(
    paths: Iterable[str | os.PathLike[str]], *, suffixes: Iterable[str] | None = None
) -> Iterator[str]:
    """Every report file named by ``paths``, lazily, in a stable order.

    A file is yielded as given, whatever its suffix (its format is then sniffed). A folder is
    walked recursively in sorted order, yielding files whose suffix a readable format claims;
    hidden files and folders (``.name``, such as an interrupted write's temporary file) are
    skipped. A path that does not exist is yielded too, so that the caller reports it as
    unreadable rather than losing it.

    Args:
        paths: files and folders.
        suffixes: the suffixes to take from folders (``{".docx"}``); by default those of
            every readable format.
    """
    wanted = frozenset(s.lower() for s in suffixes) if suffixes is not None else None
    for given in paths:
        path = os.fspath(given)
        if not os.path.isdir(path):
            yield path
            continue
        known = wanted if wanted is not None else readable_suffixes()
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and Path(name).suffix.lower() in known:
                    yield os.path.join(folder, name)


def describe_failure(exc: BaseException) -> str:
    """Why a file could not be read, without the file name (the caller shows it).

    ``ReadError``: its line or place and reason; another library error: its message; a reader
    module that is not installed: says so; anything else (a reader bug): marked as internal.
    """
    if isinstance(exc, ReadError):
        place = [p for p in (f"line {exc.line}" if exc.line else None, exc.place) if p]
        return ": ".join([*place, exc.reason])
    if isinstance(exc, GovDisclosureError):
        return str(exc)
    if isinstance(exc, ImportError):
        return f"the reader of this format is not installed ({exc})"
    # Readers must raise only ReadError; anything else is a bug, but one bad file must not
    # stop a run over thousands.
    return f"internal error ({type(exc).__name__}): {exc}"


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _source_lines(path: str, numbers: set[int]) -> tuple[tuple[int, str], ...]:
    try:
        text = _decode(Path(path).read_bytes())
    except OSError:
        return ()
    lines = text.splitlines()
    # Runs of spaces that align table columns would push the numbers off the screen.
    return tuple(
        (n, _SPACES.sub("  ", lines[n - 1].strip())[:_LINE_CHARS])
        for n in sorted(numbers)
        if 0 < n <= len(lines)
    )


@attrs.frozen
class FileResult:
    """The validation of one file, as plain data (cheap to send between processes).

    Attributes:
        path: the file.
        status: ``"ok"`` (no error), ``"invalid"`` (validation errors) or ``"unreadable"``.
        format: the format it was read as.
        agency, year, edition: what the report says it is (``None`` when unreadable).
        issues: every issue, as :meth:`ValidationReport.to_dicts` gives them.
        error: why the file could not be read (``None`` when it could).
        lines: ``(line number, text)`` of the source lines issues point at (text formats,
            when asked for).
    """

    path: str
    status: Status
    format: str | None = None
    agency: str | None = None
    year: int | None = None
    edition: str | None = None
    issues: tuple[dict[str, Any], ...] = ()
    error: str | None = None
    lines: tuple[tuple[int, str], ...] = ()

    def count(self, severity: Severity | str) -> int:
        """How many issues of this severity."""
        level = Severity(severity).value
        return sum(1 for i in self.issues if i["severity"] == level)

    @property
    def errors(self) -> int:
        """How many ERROR issues."""
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many WARNING issues."""
        return self.count(Severity.WARNING)

    @property
    def notes(self) -> int:
        """How many INFO issues."""
        return self.count(Severity.INFO)

    def to_dict(self, min_severity: Severity | str = Severity.INFO) -> dict[str, Any]:
        """JSON-ready, with the issues at least as severe as ``min_severity``."""
        floor = Severity(min_severity)
        return {
            "path": self.path,
            "status": self.status,
            "format": self.format,
            "agency": self.agency,
            "year": self.year,
            "edition": self.edition,
            "errors": self.errors,
            "warnings": self.warnings,
            "notes": self.notes,
            "error": self.error,
            "issues": [i for i in self.issues if Severity(i["severity"]) >= floor],
        }


def validate_file(
    path: str,
    *,
    ignore: tuple[str, ...] = (),
    source_lines: bool = False,
    max_bytes: int | None = None,
) -> FileResult:
    """Read and validate one file; never raises (an unreadable file is a result too).

    Args:
        path: the file.
        ignore: codes or rules to leave out, as for :func:`~govdisclosure.validate`.
        source_lines: for text files, also quote the source lines the issues point at.
        max_bytes: refuse a larger file, as :func:`~govdisclosure.load` does (``None``: the
            built-in limits).
    """
    try:
        report = load(path, max_bytes=max_bytes)
        result = validate(report, ignore=ignore)
    except Exception as exc:
        return FileResult(path=path, status="unreadable", error=describe_failure(exc))
    issues = tuple(result.to_dicts())
    fmt = report.source.format if report.source is not None else None
    lines: tuple[tuple[int, str], ...] = ()
    if source_lines and fmt == "text":
        numbers = {i["line"] for i in issues if isinstance(i["line"], int)}
        if numbers:
            lines = _source_lines(path, numbers)
    return FileResult(
        path=path,
        status="ok" if result.ok else "invalid",
        format=fmt,
        agency=report.agency.name,
        year=report.year,
        edition=report.edition.key,
        issues=issues,
        lines=lines,
    )


@attrs.frozen
class FileRecords:
    """The records (:func:`to_records`) of one file as tuples in :data:`RECORD_FIELDS` order,
    or why the file could not be read."""

    path: str
    rows: tuple[tuple[Any, ...], ...] = ()
    error: str | None = None


def read_records(
    path: str, *, derived: bool = False, extra_rows: bool = False, max_bytes: int | None = None
) -> FileRecords:
    """Read one file into records; never raises (a file that cannot be read gives ``error``).

    Args:
        path: the file.
        derived: also emit group sums (as :func:`~govdisclosure.analysis.to_records`).
        extra_rows: also emit non-standard rows.
        max_bytes: refuse a larger file, as :func:`~govdisclosure.load` does.
    """
    try:
        report = load(path, max_bytes=max_bytes)
        rows = tuple(
            tuple(r[f] for f in RECORD_FIELDS)
            for r in to_records(report, derived=derived, extra_rows=extra_rows)
        )
    except Exception as exc:
        return FileRecords(path=path, error=describe_failure(exc))
    return FileRecords(path=path, rows=rows)


@attrs.frozen
class LoadedReport:
    """One file read for its figures (narrative dropped, to travel light), or why it could not be.

    ``errors`` counts the validation errors of the report as read (its narrative included), so
    that a roll-up can say which inputs were flawed.
    """

    path: str
    report: AnnualReport | None = None
    error: str | None = None
    errors: int = 0


def load_figures(path: str, *, max_bytes: int | None = None) -> LoadedReport:
    """Read one file, count its validation errors, and keep its tables (for roll-ups); never
    raises.

    Args:
        path: the file.
        max_bytes: refuse a larger file, as :func:`~govdisclosure.load` does.
    """
    try:
        report = load(path, max_bytes=max_bytes)
        errors = len(validate(report).errors)
    except Exception as exc:
        return LoadedReport(path=path, error=describe_failure(exc))
    report.preamble.clear()
    for section in report.sections.values():
        section.content.clear()
    return LoadedReport(path=path, report=report, errors=errors)


def _run_batch(function: Callable[[str], T], paths: list[str]) -> list[T]:
    return [function(p) for p in paths]


def _single_threaded() -> bool:
    """Whether this process runs one thread, counting threads of C extensions too (Linux)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    # fork starts workers at once, with every module already loaded, but it is only safe from
    # a single-threaded process (a thread holding a lock at the fork deadlocks the child), and
    # only on Linux (macOS frameworks do not survive it).
    if sys.platform.startswith("linux") and "fork" in methods and _single_threaded():
        return multiprocessing.get_context("fork")
    # forkserver: workers fork from a clean single-threaded server, so neither a progress bar's
    # thread nor the caller's can deadlock them. The server loads this module once (about half
    # a second), and every worker starts with it loaded.
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def map_files(
    function: Callable[[str], T], paths: Iterable[str], *, jobs: int = 1
) -> Generator[T, None, None]:
    """``function(path)`` for every path, in input order, in ``jobs`` worker processes.

    Streams: paths are taken lazily and at most ``jobs × 64`` files are in flight, so memory
    stays flat however many paths there are. ``function`` must be importable by the workers (a
    module-level function, or a :func:`functools.partial` of one) and should not raise: return
    a failure as data (as :func:`validate_file` does). With ``jobs=1``, or a single path, no
    process is started.

    Args:
        function: a module-level function of one path (or a ``functools.partial`` of one).
        paths: the paths, taken lazily.
        jobs: worker processes; 1 runs everything in this process.

    Raises:
        TypeError: ``function`` cannot be sent to another process.
        concurrent.futures.process.BrokenProcessPool: a worker process died (killed for memory, or a crash in a C
            extension); results already yielded stand.
    """
    pending = iter(paths)
    head = list(islice(pending, 2))
    if jobs <= 1 or len(head) < 2:
        for path in [*head, *pending]:
            yield function(path)
        return
    try:
        pickle.dumps(function)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        # Found here, before any process starts: the pool would fail in a background thread.
        raise TypeError(
            f"map_files() runs {function!r} in other processes, so it must be a module-level"
            f" function (or a functools.partial of one): {exc}"
        ) from exc
    batches = _batches([*head], pending)
    window: deque[concurrent.futures.Future[list[T]]] = deque()
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=_context())
    try:
        for batch in batches:
            window.append(pool.submit(_run_batch, function, batch))
            if len(window) >= jobs * _IN_FLIGHT:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    except BaseException:
        # Stopped early (an error, Ctrl-C, or the caller dropped us): drop the queued work and
        # do not wait. An abandoned generator may be finalised on any thread, even the pool's
        # own, which could not join itself.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _batches(head: list[str], rest: Iterator[str]) -> Iterator[list[str]]:
    size = 1
    batch = head
    for path in rest:
        if len(batch) >= size:
            yield batch
            batch = []
            size = min(size * 2, _BATCH)
        batch.append(path)
    while batch:
        yield batch[:size]
        batch = batch[size:]


def validate_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    ignore: Iterable[str] = (),
    source_lines: bool = False,
    max_bytes: int | None = None,
) -> Generator[FileResult, None, None]:
    """Validate every report file in ``paths`` (files or folders), in parallel, streaming.

    Results come in input order, one :class:`FileResult` per file, whatever ``jobs`` is.

    Args:
        paths: files and folders (folders are walked as :func:`find_reports` does).
        jobs: worker processes (see :func:`map_files`).
        ignore: codes or rules to leave out, as for :func:`~govdisclosure.validate`.
        source_lines: for text files, also quote the source lines the issues point at.
        max_bytes: refuse a larger file, as :func:`~govdisclosure.load` does (``None``: the
            built-in limits).

    Example::

        for result in validate_files(["reports/"], jobs=4):
            if result.status != "ok":
                print(result.path, result.error or f"{result.errors} errors")
    """
    worker = functools.partial(
        validate_file, ignore=tuple(ignore), source_lines=source_lines, max_bytes=max_bytes
    )
    return map_files(worker, find_reports(paths), jobs=jobs)
