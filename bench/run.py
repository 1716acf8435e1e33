"""The govdisclosure benchmark: every path, against baselines measured in the same run.

    python bench/run.py            # the full benchmark (a few minutes on two cores)
    python bench/run.py --quick    # every path with tiny sizes: proves the script works (CI)

One process run generates a corpus of varied reports from a fixed seed (``bench/corpus.py``),
times every path per report (the median of repeated passes over the corpus, after a warm-up
pass), measures the baselines in the same run (interleaved with the paths compared to them, so
that both see the same machine), and prints a table: path, median time per item, rate or
ratio to the baseline, target, pass/fail. The same goes to ``bench/results.json`` (not
committed). ``docs/performance.md`` says what each path measures and why.

Exit status: 0, or 1 with ``--strict`` when a target was missed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import importlib.util
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, beside this script)

import govdisclosure as gd  # noqa: E402
from govdisclosure.formats.govjson import to_data  # noqa: E402

SHARED = Path(os.environ.get("GOVDISCLOSURE_SHARED", ROOT.parent / "shared"))
FIXTURES = {
    "text": SHARED / "corpus" / "2020_wenxian-xiangyunzhen.txt",
    "html": SHARED / "corpus" / "2019_shanghai-szfbgt.html",
    "pdf": SHARED / "corpus" / "2024_huaian-szf.pdf",
}


@dataclass(frozen=True)
class Sizes:
    """How much work each path does: the full benchmark, or a quick check that it runs."""

    corpus: int
    """Generated reports in a timed pass."""
    repeats: int
    """Timed passes per path; the median is reported."""
    fixture: int
    """Reads of a real-world fixture in a timed pass."""
    batch: int
    """Files in the folder validated through the command line (issue 6 asks for 2,000)."""
    memory: tuple[int, int]
    """Files in the smaller and the larger run whose peak memory is compared."""


FULL = Sizes(corpus=120, repeats=7, fixture=20, batch=2000, memory=(1000, 10000))
QUICK = Sizes(corpus=6, repeats=2, fixture=2, batch=24, memory=(12, 36))


# -- targets and results --------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a path must achieve: a rate, a ratio to its baseline, a time, a speed-up."""

    kind: str  # "rate" (≥ per second), "ratio" (≤ × baseline), "seconds" (≤), "speedup" (≥ ×)
    value: float
    source: str
    """Where the target was set (an issue, or the lead's notes)."""

    def met(self, row: Row) -> bool | None:
        measured = {
            "rate": row.rate,
            "ratio": row.ratio,
            "seconds": row.seconds,
            "speedup": row.ratio,
        }[self.kind]
        if measured is None:
            return None
        if self.kind in ("rate", "speedup"):
            return measured >= self.value
        return measured <= self.value

    def __str__(self) -> str:
        if self.kind == "rate":
            return f">= {self.value:,.0f}/s"
        if self.kind == "seconds":
            return f"<= {_duration(self.value)}"
        if self.kind == "speedup":
            return f">= {self.value:g}x faster"
        return f"<= {self.value:g}x"


@dataclass
class Row:
    """One line of the table (and one entry of the JSON results)."""

    group: str
    path: str
    seconds: float | None = None
    """Median time per item (per report, per file, per document): CPU time of this process,
    or wall time for paths that run several processes (``clock``)."""
    clock: str = "cpu"
    unit: str = "report"
    rate: float | None = None
    """Items per second on one core (``1 / seconds``), or as the path defines it."""
    ratio: float | None = None
    """``seconds`` over the baseline's, or a speed-up (for ``speedup`` targets)."""
    baseline: str | None = None
    target: Target | None = None
    passed: bool | None = None
    note: str = ""
    samples: list[float] = field(default_factory=list)
    """Every timed pass, per item, in seconds."""

    def finish(self) -> Row:
        if self.rate is None and self.seconds:
            self.rate = 1 / self.seconds
        if self.target is not None:
            self.passed = self.target.met(self)
        return self

    def shown(self) -> str:
        if self.target is not None and self.target.kind == "speedup" and self.ratio:
            return f"{self.ratio:.2f}x faster"
        if self.ratio is not None:
            return f"{self.ratio:.2f}x {self.baseline}"
        if self.rate is not None:
            return f"{self.rate:,.0f} {self.unit}s/s"
        return ""


def _duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.0f} us"


# -- timing -----------------------------------------------------------------------------------


def passes(
    runs: dict[str, Callable[[], object]],
    repeats: int,
    *,
    warmup: int = 1,
    clock: Callable[[], float] = time.process_time,
) -> dict[str, list[float]]:
    """Time each function ``repeats`` times, after ``warmup`` untimed runs.

    The functions run in turn within each round (A, B, A, B …), so that a path and its
    baseline see the same machine: on a shared machine the load changes from second to second.
    The clock is this process's CPU time by default: the targets are per core, and CPU time
    leaves out the time other processes had the core (wall time would count it). The garbage
    collector runs between timed runs, and during them only if the work itself triggers it
    (as it would in use).
    """
    for _ in range(warmup):
        for run in runs.values():
            run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            gc.collect()
            start = clock()
            run()
            times[name].append(clock() - start)
    return times


def each(function: Callable[[Any], object], items: Sequence[Any]) -> Callable[[], None]:
    """A pass: ``function`` applied to every item."""

    def run() -> None:
        for item in items:
            function(item)

    return run


def per_item(times: list[float], count: int) -> tuple[float, list[float]]:
    samples = [t / count for t in times]
    return statistics.median(samples), samples


# -- the benchmark ----------------------------------------------------------------------------


class Benchmark:
    """Runs every path and collects the rows."""

    def __init__(self, sizes: Sizes, *, only: str | None = None, log: Callable[[str], None]):
        self.sizes = sizes
        self.only = only
        self.log = log
        self.rows: list[Row] = []

    def wanted(self, group: str) -> bool:
        return self.only is None or self.only in group

    def add(self, row: Row) -> Row:
        self.rows.append(row.finish())
        status = "" if row.passed is None else (" ok" if row.passed else " MISSED")
        when = _duration(row.seconds) if row.seconds is not None else row.note
        self.log(f"  {row.group}: {row.path}: {when} {row.shown()}{status}")
        return row

    def timed(
        self,
        group: str,
        path: str,
        times: list[float],
        count: int,
        *,
        unit: str = "report",
        target: Target | None = None,
        note: str = "",
    ) -> Row:
        seconds, samples = per_item(times, count)
        return self.add(
            Row(group, path, seconds, unit=unit, target=target, note=note, samples=samples)
        )

    def skipped(self, group: str, path: str, reason: str, target: Target | None = None) -> None:
        self.add(Row(group, path, target=target, note=f"skipped: {reason}"))

    def run(self) -> list[Row]:
        self.log(f"generating {self.sizes.corpus} reports (seed {corpus.SEED}) …")
        recipes = corpus.recipes(self.sizes.corpus)
        reports = [corpus.build(r) for r in recipes]
        steps = [
            ("model", self.model),
            ("text", self.text),
            ("xml", self.xml),
            ("json", self.json),
            ("html", self.html),
            ("docx", self.docx),
            ("real-world", self.real_world),
            ("batch", self.batch),
            ("memory", self.memory),
        ]
        for group, step in steps:
            if self.wanted(group):
                self.log(f"{group} …")
                step(recipes, reports)
        return self.rows

    # model ---------------------------------------------------------------------------------

    def model(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        n = len(reports)
        sample = _sample()
        times = passes(
            {
                "build": each(corpus.build, recipes),
                "validate": each(gd.validate, reports),
                "sample": each(gd.validate, [sample] * n),
            },
            self.sizes.repeats,
        )
        build = self.timed("model", "build (generated corpus)", times["build"], n)
        check = self.timed("model", "validate (generated corpus)", times["validate"], n)
        assert build.seconds is not None
        assert check.seconds is not None
        self.add(
            Row(
                "model",
                "build + validate",
                build.seconds + check.seconds,
                note="sum of the two medians",
            )
        )
        self.timed(
            "model",
            "validate (xiangyun sample)",
            times["sample"],
            n,
            target=Target("seconds", 0.15e-3, "lead's notes"),
        )

    # the lossless formats -----------------------------------------------------------------

    def round_trip(
        self,
        name: str,
        reports: list[gd.AnnualReport],
        *,
        baselines: dict[str, Callable[[], object]] | None = None,
        count_baseline: int | None = None,
    ) -> tuple[dict[str, list[float]], list[str | bytes]]:
        """Times writing and reading every report in format ``name``, with any baselines."""
        documents = [gd.dumps(r, name) for r in reports]
        for report, document in zip(reports, documents, strict=True):
            if gd.loads(document, name) != report:
                raise AssertionError(f"{name}: a report does not read back equal")
        runs: dict[str, Callable[[], object]] = {
            "write": each(lambda r: gd.dumps(r, name), reports),
            "read": each(lambda d: gd.loads(d, name), documents),
            **(baselines or {}),
        }
        return passes(runs, self.sizes.repeats), documents

    def write_read_rows(
        self,
        group: str,
        times: dict[str, list[float]],
        count: int,
        *,
        target: Target | None = None,
        baseline: tuple[str, str] | None = None,
    ) -> None:
        write = self.timed(group, "write", times["write"], count)
        read = self.timed(group, "read", times["read"], count)
        assert write.seconds is not None
        assert read.seconds is not None
        both = Row(
            group,
            "write + read",
            write.seconds + read.seconds,
            target=target,
            note="sum of the two medians",
        )
        if baseline is not None:
            key, label = baseline
            base = self.timed(group, f"baseline: {label}", times[key], count)
            assert base.seconds is not None
            both.ratio = both.seconds / base.seconds if both.seconds else None
            both.baseline = "baseline"
        self.add(both)

    def text(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        times, _ = self.round_trip("text", reports)
        self.write_read_rows("text", times, len(reports), target=Target("rate", 2000, "issue 7"))

    def xml(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        from lxml import etree

        documents = [gd.dumps(r, "xml") for r in reports]

        def lxml_round_trip(data: bytes) -> bytes:
            return etree.tostring(etree.fromstring(data))

        times, _ = self.round_trip(
            "xml", reports, baselines={"lxml": each(lxml_round_trip, documents)}
        )
        self.write_read_rows(
            "xml",
            times,
            len(reports),
            target=Target("ratio", 3, "issue 7"),
            baseline=("lxml", "lxml parse + serialise the same bytes"),
        )

    def json(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        data = [to_data(r) for r in reports]
        # The writer's own settings (indent=2, ensure_ascii=False): the same document, so the
        # ratio is what the library adds to the standard library's work.
        writer = gd.formats.writer_for("json")

        def json_round_trip(value: dict[str, Any]) -> object:
            text = json.dumps(value, ensure_ascii=False, indent=writer.indent)  # type: ignore[attr-defined]
            return json.loads(text)

        times, _ = self.round_trip("json", reports, baselines={"json": each(json_round_trip, data)})
        self.write_read_rows(
            "json",
            times,
            len(reports),
            target=Target("ratio", 3, "issue 7"),
            baseline=("json", "json.dumps + json.loads of the same data"),
        )

    def html(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        times, _ = self.round_trip("html", reports)
        self.write_read_rows("html", times, len(reports))

    def docx(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        import docx

        def empty_document() -> None:
            docx.Document().save(io.BytesIO())

        n = len(reports)
        sample = _sample()
        empties = [None] * n
        times, _ = self.round_trip(
            "docx",
            reports,
            baselines={
                "empty": each(lambda _: empty_document(), empties),
                "sample": each(lambda r: gd.dumps(r, "docx"), [sample] * n),
            },
        )
        target = Target("ratio", 1.5, "issues 4 and 7")
        write = self.timed("docx", "write", times["write"], n)
        self.timed("docx", "read", times["read"], n)
        base = self.timed("docx", "baseline: python-docx empty Document() saved", times["empty"], n)
        sample_row = self.timed("docx", "write (xiangyun sample)", times["sample"], n)
        assert base.seconds
        for row in (write, sample_row):
            assert row.seconds is not None
            ratio_row = Row(
                "docx",
                f"{row.path} vs empty",
                row.seconds,
                ratio=row.seconds / base.seconds,
                baseline="baseline",
                target=target,
            )
            self.add(ratio_row)

    # real-world fixtures -------------------------------------------------------------------

    def real_world(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        k = self.sizes.fixture
        cases = [
            (
                "text",
                "copied text read + validate (xiangyunzhen)",
                lambda data: gd.validate(gd.loads(data, "text")),
                Target("rate", 1000, "issues 5 and 7"),
            ),
            (
                "html",
                "HTML read (Shanghai)",
                lambda data: gd.loads(data, "html"),
                Target("rate", 500, "issues 5 and 7"),
            ),
        ]
        for key, path, function, target in cases:
            fixture = FIXTURES[key]
            if not fixture.exists():
                self.skipped("real-world", path, f"{fixture} not present", target)
                continue
            data = fixture.read_bytes()
            times = passes({"read": each(function, [data] * k)}, self.sizes.repeats)
            self.timed("real-world", path, times["read"], k, target=target)
        self.pdf()

    def pdf(self) -> None:
        path = "PDF read (Huai'an), pages/s"
        fixture = FIXTURES["pdf"]
        try:
            import pdfplumber
        except ImportError:
            self.skipped("real-world", path, "the pdf extra is not installed")
            return
        if not fixture.exists():
            self.skipped("real-world", path, f"{fixture} not present")
            return
        data = fixture.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as document:
            pages = len(document.pages)
        k = max(1, self.sizes.fixture // 10)
        times = passes({"read": each(lambda d: gd.loads(d, "pdf"), [data] * k)}, self.sizes.repeats)
        seconds, samples = per_item(times["read"], k)
        self.add(
            Row(
                "real-world",
                path,
                seconds,
                unit="page",
                rate=pages / seconds,
                note=f"{pages} pages a document; seconds are per document",
                samples=samples,
            )
        )

    # many files: the command line ----------------------------------------------------------

    def write_folder(self, folder: Path, reports: list[gd.AnnualReport], count: int) -> None:
        """``count`` text reports in ``folder``: the corpus, over and over."""
        documents = [str(gd.dumps(r, "text")).encode("utf-8") for r in reports]
        for index in range(count):
            (folder / f"report-{index:05d}.txt").write_bytes(documents[index % len(documents)])

    def batch(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        from govdisclosure import cli

        n = self.sizes.batch
        with tempfile.TemporaryDirectory(prefix="govdisclosure-bench-") as tmp:
            folder = Path(tmp)
            self.write_folder(folder, reports, n)

            def validate(jobs: int) -> Callable[[], None]:
                argv = ["validate", str(folder), "--jobs", str(jobs), "--no-progress"]

                def run() -> None:
                    with (
                        open(os.devnull, "w", encoding="utf-8") as sink,
                        contextlib.redirect_stdout(sink),
                    ):
                        cli.main(argv)

                return run

            # Wall time: the work is spread over processes.
            times = passes(
                {"1": validate(1), "2": validate(2)},
                max(1, self.sizes.repeats // 2),
                clock=time.perf_counter,
            )
        one = self.timed("batch", "validate folder, --jobs 1", times["1"], n, unit="file")
        two = self.timed("batch", "validate folder, --jobs 2", times["2"], n, unit="file")
        one.clock = two.clock = "wall"
        assert one.seconds
        assert two.seconds
        cpus = _cpus()
        self.add(
            Row(
                "batch",
                "--jobs 2 vs --jobs 1",
                two.seconds,
                clock="wall",
                unit="file",
                ratio=one.seconds / two.seconds,
                target=Target("speedup", 1.7, "issue 6"),
                note=f"{n} files; {cpus} CPUs available to this process",
            )
        )

    def memory(self, recipes: list[dict[str, Any]], reports: list[gd.AnnualReport]) -> None:
        try:
            import resource  # noqa: F401  (Unix only)
        except ImportError:
            self.skipped("memory", "peak memory", "needs the resource module (Unix)")
            return
        small, large = self.sizes.memory
        target = Target("ratio", 1.10, "issues 6 and 7")
        with tempfile.TemporaryDirectory(prefix="govdisclosure-bench-") as tmp:
            folder = Path(tmp)
            for count in (small, large):
                (folder / str(count)).mkdir()
                self.write_folder(folder / str(count), reports, count)
            for jobs in (1, 2):
                peaks = [_peak_rss(folder / str(count), jobs) for count in (small, large)]
                # The process, and with --jobs 2 its workers: each must not grow.
                parts = ["own", "workers"] if jobs > 1 else ["own"]
                ratios = {part: peaks[1][part] / peaks[0][part] for part in parts}
                worst = max(ratios, key=ratios.__getitem__)
                self.add(
                    Row(
                        "memory",
                        f"peak RSS, {large:,} vs {small:,} files, --jobs {jobs}",
                        unit="file",
                        ratio=ratios[worst],
                        baseline=f"{small:,} files",
                        target=target,
                        note="; ".join(
                            f"{'process' if part == 'own' else 'largest worker'}"
                            f" {peaks[0][part] / 2**20:.1f} MiB vs {peaks[1][part] / 2**20:.1f} MiB"
                            for part in parts
                        ),
                    )
                )


_PEAK = """
import contextlib, json, os, resource, sys
from govdisclosure.cli import main
with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
    main(["validate", sys.argv[1], "--jobs", sys.argv[2], "--no-progress"])
unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
try:  # Linux: the peak of this process's own memory since it started
    with open("/proc/self/status", encoding="ascii") as status:
        own = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * unit
print(json.dumps({"own": own, "workers": workers}))
"""


def _peak_rss(folder: Path, jobs: int) -> dict[str, int]:
    """Peak resident memory (bytes) of a fresh process validating ``folder`` via the CLI:
    ``own`` for the process, ``workers`` for the largest of its worker processes (0 without).

    A process of its own, so that nothing this benchmark holds counts; resident memory counts
    everything the process touched (lxml's C heap too, which tracemalloc would miss). On Linux
    the process's own peak is ``VmHWM`` from ``/proc/self/status``: ``ru_maxrss`` would
    include the memory of this benchmark process, which the child inherits as its peak when
    it is started (vfork + exec). A worker's ``ru_maxrss`` counts the pages it shares with the
    process it was forked from, as it uses them.
    """
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(folder), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
    )
    peaks: dict[str, int] = json.loads(done.stdout.splitlines()[-1])
    return peaks


def _sample() -> gd.AnnualReport:
    """The 祥云镇 2020 report of ``examples/xiangyun_2020.py``."""
    spec = importlib.util.spec_from_file_location(
        "xiangyun_2020", ROOT / "examples" / "xiangyun_2020.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report: gd.AnnualReport = module.build_report()
    return report


def _load() -> tuple[float, float, float] | None:
    """The load average (1, 5, 15 minutes): how busy the machine was, for reading the numbers."""
    return os.getloadavg() if hasattr(os, "getloadavg") else None


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# -- output -----------------------------------------------------------------------------------


def table(rows: list[Row]) -> Iterator[str]:
    head = ("path", "median", "ratio or rate", "target", "result")
    lines = [
        (
            f"{r.group}: {r.path}",
            (_duration(r.seconds) + (" wall" if r.clock == "wall" else ""))
            if r.seconds is not None
            else "",
            r.shown(),
            str(r.target) if r.target else "",
            {True: "pass", False: "FAIL", None: r.note if r.note.startswith("skipped") else ""}[
                r.passed
            ],
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [head, *lines]) for i in range(len(head))]
    for number, line in enumerate([head, *lines]):
        yield "  ".join(
            text.rjust(w) if i in (1, 2) else text.ljust(w)
            for i, (text, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        if number == 0:
            yield "  ".join("-" * w for w in widths)


def environment(sizes: Sizes, started: float, load_before: Any) -> dict[str, Any]:
    from importlib import metadata

    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "commit": commit,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": _cpus(),
        "load_average": {"before": load_before, "after": _load()},
        "versions": {
            name: version(name)
            for name in ("govdisclosure", "lxml", "python-docx", "attrs", "pdfplumber")
        },
        "sizes": asdict(sizes),
        "seed": corpus.SEED,
    }


def to_json(row: Row) -> dict[str, Any]:
    data = asdict(row)
    data["target"] = (
        {"text": str(row.target), **asdict(row.target)} if row.target is not None else None
    )
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: check the script runs")
    parser.add_argument(
        "--json",
        type=Path,
        default=HERE / "results.json",
        metavar="PATH",
        help="where to write the results (default: bench/results.json)",
    )
    parser.add_argument("--only", metavar="GROUP", help="run only the groups whose name has this")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target is missed (full runs)"
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    started = time.perf_counter()
    load_before = _load()

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    rows = Benchmark(sizes, only=args.only, log=log).run()
    env = environment(sizes, started, load_before)
    print(
        f"govdisclosure benchmark ({'quick' if args.quick else 'full'}), Python {env['python']},"
        f" {env['cpus']} CPUs, commit {env['commit']}"
    )
    print(
        "load average (1, 5, 15 min) before {before}, after {after}".format(**env["load_average"])
    )
    print("median: CPU time of this process per item (wall time where marked)")
    for line in table(rows):
        print(line)
    notes = [r for r in rows if r.note and not r.note.startswith("skipped")]
    if notes:
        print("notes:")
    for row in notes:
        print(f"  {row.group}: {row.path}: {row.note}")
    missed = [r for r in rows if r.passed is False]
    print(f"{sum(r.passed is True for r in rows)} targets met, {len(missed)} missed")
    args.json.write_text(
        json.dumps(
            {"environment": env, "quick": args.quick, "rows": [to_json(r) for r in rows]},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"results written to {args.json}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
