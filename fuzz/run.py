"""Fuzz every reader for a bounded time; exit 1 if any input made one misbehave.

    python fuzz/run.py                     # every target, 100 s in all (what .ci/run does)
    python fuzz/run.py --seconds 600 xml   # one target, longer
    python fuzz/run.py --engine mutate     # the built-in engine even where atheris is installed

Each target (``fuzz/targets.py``) runs in its own process, ``--jobs`` at a time, on seeds made
from real documents. With atheris installed (``pip install 'govdisclosure[fuzz]'``) the engine
is libFuzzer, guided by the coverage of govdisclosure's own code, with a structure-aware
mutator for DOCX (the members of the zip are mutated, then packed again); without it, a
built-in engine applies the same mutations at random. An input is a finding when the reader
lets anything but a deliberate ReadError escape (see ``govdisclosure.formats._io.is_reader_bug``),
takes longer than ``--timeout`` seconds, needs more than ``--rss-mb`` of memory, or gives a report
that validation or a writer cannot handle. Findings are saved under ``--out`` (the input, and
its traceback) for a regression test. The number of inputs tried is printed per target.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_STARTUP = {"atheris": 10.0, "mutate": 2.0}
"""Seconds a worker needs before it fuzzes (imports, seeds, instrumentation)."""


def _has_atheris() -> bool:
    return importlib.util.find_spec("atheris") is not None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="targets to fuzz (default: all)")
    parser.add_argument(
        "--seconds", type=float, default=100.0, help="wall-clock budget in all (default 100)"
    )
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--engine", choices=["auto", "atheris", "mutate"], default="auto")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take")
    parser.add_argument("--rss-mb", type=int, default=1536, help="memory one worker may use")
    parser.add_argument("--seed", type=int, default=None, help="seed of the built-in engine")
    parser.add_argument("--out", type=Path, default=None, help="where findings are kept")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    sys.path.insert(0, str(HERE))
    if args.worker:
        return _work(args)
    from targets import TARGETS

    names = args.targets or list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        print(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
        return 2
    for name in [n for n in names if not TARGETS[n].available]:
        print(f"skipping {name}: {TARGETS[name].needs} is not installed (an optional extra)")
        names.remove(name)
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if _has_atheris() else "mutate"
    jobs = max(1, min(args.jobs, len(names)))
    rounds = -(-len(names) // jobs)
    each = max(2.0, args.seconds / rounds - _STARTUP[engine])
    out = args.out or Path(tempfile.mkdtemp(prefix="govdisclosure-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(
        f"fuzzing {', '.join(names)} with {engine}: {each:.0f} s each, {jobs} at a time"
        f" (seed {seed}); findings go to {out}",
        flush=True,
    )
    started = time.monotonic()

    def one(name: str) -> dict[str, Any]:
        return _spawn(name, engine, each, args, out, seed)

    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(one, names))
    total = sum(r["inputs"] for r in results)
    findings = [f for r in results for f in r["findings"]]
    width = max(len(n) for n in names)
    for r in results:
        status = "ok" if not r["findings"] else f"{len(r['findings'])} finding(s)"
        print(f"  {r['name']:<{width}}  {r['inputs']:>9} inputs  {r['seconds']:6.1f} s  {status}")
    print(
        f"{total} inputs in {time.monotonic() - started:.0f} s, {len(findings)} finding(s)",
        flush=True,
    )
    for finding in findings:
        print(f"\n--- {finding['target']}: {finding['file']}\n{finding['detail']}")
    return 1 if findings else 0


def _spawn(
    name: str, engine: str, seconds: float, args: argparse.Namespace, out: Path, seed: int
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        name,
        "--engine",
        engine,
        "--seconds",
        str(seconds),
        "--timeout",
        str(args.timeout),
        "--rss-mb",
        str(args.rss_mb),
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=seconds + 60,
            check=False,
        )
        stdout, stderr, code = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as exc:
        stdout = exc.stdout if isinstance(exc.stdout, str) else ""
        stderr = exc.stderr if isinstance(exc.stderr, str) else ""
        code = -1
    elapsed = time.monotonic() - started
    (out / f"{name}.log").write_text(stderr + stdout, "utf-8")
    if engine == "atheris":
        return _atheris_result(name, stderr, code, out, elapsed)
    match = re.search(r"^RESULT (.*)$", stdout, re.MULTILINE)
    if match is None:
        detail = (stderr or stdout)[-4000:]
        return _result(name, 0, elapsed, [_finding(name, "(worker)", f"exit {code}: {detail}")])
    data = json.loads(match.group(1))
    return _result(name, data["inputs"], elapsed, data["findings"])


def _result(
    name: str, inputs: int, seconds: float, findings: list[dict[str, str]]
) -> dict[str, Any]:
    return {"name": name, "inputs": inputs, "seconds": seconds, "findings": findings}


def _finding(target: str, file: str, detail: str) -> dict[str, str]:
    return {"target": target, "file": file, "detail": detail}


def _atheris_result(name: str, log: str, code: int, out: Path, seconds: float) -> dict[str, Any]:
    stat = re.search(r"stat::number_of_executed_units: (\d+)", log)
    runs = [int(n) for n in re.findall(r"^#(\d+)\s", log, re.MULTILINE)]
    inputs = int(stat.group(1)) if stat else max(runs, default=0)
    findings = []
    artifacts = sorted(out.glob(f"{name}-*"))
    if code != 0 or artifacts:
        tail = log[log.find("=== Uncaught Python exception") :] if "=== Uncaught" in log else log
        detail = tail[-6000:]
        files = ", ".join(str(a) for a in artifacts) or "(no artifact)"
        findings.append(_finding(name, files, f"exit {code}\n{detail}"))
    return _result(name, inputs, seconds, findings)


# -- workers -----------------------------------------------------------------------------------


def _work(args: argparse.Namespace) -> int:
    if args.engine == "atheris":
        return _work_atheris(args)
    return _work_mutate(args)


def _work_atheris(args: argparse.Namespace) -> int:
    import atheris

    # Only govdisclosure's own code is instrumented, and only what this target runs: the
    # modules must be imported inside the block (the readers are otherwise imported lazily).
    with atheris.instrument_imports(include=["govdisclosure"]):
        from targets import TARGETS, check, mutate_package, seeds_of

        for module in TARGETS[args.worker].modules:
            # Without the pdf extra the import fails; the reader then says so on every input.
            with contextlib.suppress(ImportError):
                importlib.import_module(module)

    target = TARGETS[args.worker]
    corpus = Path(tempfile.mkdtemp(prefix=f"corpus-{target.name}-", dir=args.out))
    for number, seed in enumerate(seeds_of(target)):
        (corpus / f"seed-{number}").write_bytes(seed)
    reader = target.make_reader()

    def one(data: bytes) -> None:
        check(reader, data)

    custom = None
    if target.package:

        def custom(data: bytes, max_size: int, seed: int) -> bytes:
            rnd = random.Random(seed)
            mutated = mutate_package(
                data, rnd, lambda member: atheris.Mutate(member, len(member) + 1024)
            )
            return mutated if len(mutated) <= max_size else atheris.Mutate(data, max_size)

    libfuzzer = [
        sys.argv[0],
        f"-max_total_time={max(1, int(args.seconds))}",
        f"-timeout={args.timeout}",
        f"-rss_limit_mb={args.rss_mb}",
        f"-max_len={target.max_len}",
        "-len_control=0",
        f"-seed={args.seed}",
        f"-artifact_prefix={args.out}/{target.name}-",
        "-print_final_stats=1",
        str(corpus),
    ]
    atheris.Setup(libfuzzer, one, custom_mutator=custom)
    atheris.Fuzz()
    return 0


class _Timeout(BaseException):
    """Raised by the alarm in an input that takes too long (a BaseException, so that the reader
    guard, which turns every Exception into a ReadError, lets it through)."""


def _work_mutate(args: argparse.Namespace) -> int:
    import resource

    from targets import TARGETS, check, mutate, seeds_of

    limit = args.rss_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit * 2, hard))  # address space, not RSS

    def alarm(signum: int, frame: Any) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    target = TARGETS[args.worker]
    rnd = random.Random(f"{args.seed}-{target.name}")
    seeds = list(seeds_of(target))
    pool = list(seeds)
    reader = target.make_reader()
    findings: list[dict[str, str]] = []
    inputs = 0
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline and len(findings) < 5:
        data = mutate(target, rnd.choice(pool), rnd, seeds)
        if len(data) > target.max_len:
            continue
        inputs += 1
        signal.setitimer(signal.ITIMER_REAL, args.timeout)
        try:
            check(reader, data)
        except _Timeout:
            findings.append(_save(args.out, target.name, data, f"took over {args.timeout} s"))
        except Exception:
            findings.append(_save(args.out, target.name, data, traceback.format_exc()))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if rnd.random() < 0.05:
            # Keep some mutants as new starting points, so that mutations stack up.
            pool.append(data)
            if len(pool) > 64:
                pool.pop(len(seeds) + rnd.randrange(len(pool) - len(seeds)))
    print("RESULT " + json.dumps({"inputs": inputs, "findings": findings}), flush=True)
    return 0


def _save(out: Path, name: str, data: bytes, detail: str) -> dict[str, str]:
    import hashlib

    path = out / f"{name}-{hashlib.sha1(data).hexdigest()[:12]}"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(detail, "utf-8")
    return _finding(name, str(path), detail[-4000:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
