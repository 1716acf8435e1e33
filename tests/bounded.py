"""The hardening tests' harness (``tests/hardening/``): each attack is read in a forked child
process, bounded in time (the child is killed when the bound passes) and in memory
(``RLIMIT_AS`` over what the child starts with); the outcome comes back as data to assert on."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import select
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from govdisclosure.errors import ReadError
from govdisclosure.formats._io import is_reader_bug

SECONDS = 5.0
"""Default time bound of one read: every attack here is refused in well under a second."""
MEMORY_MB = 512
"""Default memory bound of one read (address space the child may add to what it has)."""

_FORK = hasattr(os, "fork") and sys.platform.startswith("linux")


@attrs.frozen
class Outcome:
    """What one bounded read did."""

    kind: str
    """``"report"``, ``"raised"``, ``"timeout"`` or ``"died"`` (killed by a signal, say)."""
    error: str | None = None
    """The exception's class name, when it raised."""
    message: str = ""
    bug: bool = False
    """A ``ReadError`` standing for a bug in the reader (:func:`is_reader_bug`)."""
    seconds: float = 0.0
    peak_mb: float = 0.0
    """How much the child's resident memory grew at its peak (Linux), in MiB."""
    detail: dict[str, Any] = attrs.field(factory=dict)
    """What ``inspect`` returned about the report, when one was read."""


def _status(field: str) -> int:
    """A ``/proc/self/status`` value in bytes (``VmSize``, ``VmHWM`` …), 0 if unavailable."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(
    call: Callable[[], Any], inspect: Callable[[Any], dict[str, Any]], memory_mb: int | None
) -> dict[str, Any]:
    import resource

    size = _status("VmSize")
    if size and memory_mb is not None:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (size + memory_mb * 1024 * 1024, hard))
    try:  # reset the peak-RSS mark, so that it shows this read only
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass
    base = _status("VmRSS")
    start = time.perf_counter()
    try:
        result = call()
    except BaseException as exc:
        outcome: dict[str, Any] = {
            "kind": "raised",
            "error": type(exc).__name__,
            "message": str(exc),
            "bug": isinstance(exc, ReadError) and is_reader_bug(exc),
        }
        if not isinstance(exc, ReadError):
            import traceback

            outcome["message"] += "\n" + "".join(traceback.format_exception(exc))
    else:
        outcome = {"kind": "report", "detail": inspect(result)}
    outcome["seconds"] = time.perf_counter() - start
    outcome["peak_mb"] = max(0, _status("VmHWM") - base) / 2**20
    return outcome


def run_bounded(
    call: Callable[[], Any],
    *,
    seconds: float = SECONDS,
    memory_mb: int = MEMORY_MB,
    inspect: Callable[[Any], dict[str, Any]] = lambda _: {},
) -> Outcome:
    """Run ``call()`` in a forked child within ``seconds`` and ``memory_mb``; its outcome.

    Where ``fork`` is not available the call runs in this process, unbounded.
    """
    if not _FORK:
        return Outcome(**_child(call, inspect, None))
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12 warns when forking with threads alive (a test's HTTP server, say): the
        # child only reads and exits, touching no lock another thread may hold.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_end)
            payload = json.dumps(_child(call, inspect, memory_mb), default=str).encode()
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    timed_out = False
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([pipe], [], [], left)
            if not ready:
                continue
            chunk = os.read(pipe.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return Outcome(kind="timeout", seconds=seconds)
    if not chunks:
        return Outcome(kind="died", message=f"wait status {status}")
    return Outcome(**json.loads(b"".join(chunks)))


def _report_detail(report: Any) -> dict[str, Any]:
    notes = report.source.notes if report.source is not None else []
    return {"year": report.year, "notes": [n.code for n in notes]}


def read_bounded(
    reader: Any,
    data: str | bytes,
    *,
    source: str = "attack",
    seconds: float = SECONDS,
    memory_mb: int = MEMORY_MB,
) -> Outcome:
    """``reader.loads(data, source=source)`` under :func:`run_bounded`."""
    return run_bounded(
        lambda: reader.loads(data, source=source),
        seconds=seconds,
        memory_mb=memory_mb,
        inspect=_report_detail,
    )


def refused(outcome: Outcome, match: str, *, max_mb: float | None = None) -> Outcome:
    """Assert that the read raised a deliberate :class:`ReadError` whose message matches
    ``match`` (a regular expression), in time, and within ``max_mb`` of memory if given."""
    assert outcome.kind == "raised", f"expected a ReadError, got {outcome}"
    assert outcome.error == "ReadError", f"{outcome.error} escaped the reader: {outcome.message}"
    assert not outcome.bug, f"the ReadError stands for a bug in the reader: {outcome.message}"
    assert re.search(match, outcome.message), f"{outcome.message!r} does not match {match!r}"
    if max_mb is not None:
        assert outcome.peak_mb <= max_mb, f"took {outcome.peak_mb:.0f} MiB, more than {max_mb}"
    return outcome


def read_or_refused(outcome: Outcome) -> Outcome:
    """Assert that the read gave a report or a deliberate :class:`ReadError`, in time."""
    assert outcome.kind in {"report", "raised"}, f"the read did not finish: {outcome}"
    if outcome.kind == "raised":
        assert outcome.error == "ReadError", f"{outcome.error} escaped: {outcome.message}"
        assert not outcome.bug, f"a bug in the reader: {outcome.message}"
    return outcome


def billion_laughs() -> bytes:
    """The "billion laughs": ten levels of ten references, 10⁹ copies of one word if expanded."""
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", ' <!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" * 10
        lines.append(f' <!ENTITY lol{level} "{refs}">')
    lines += ["]>", "<lolz>&lol9;</lolz>"]
    return "\n".join(lines).encode()


@contextlib.contextmanager
def recording_server(
    handler: type[http.server.BaseHTTPRequestHandler],
) -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server answering with ``handler`` (which appends each requested path to
    its ``hits``): its URL and the paths requested, to prove a reader fetched nothing."""
    hits: list[str] = []
    recorder = type("Handler", (handler,), {"hits": hits})
    httpd = http.server.HTTPServer(("127.0.0.1", 0), recorder)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
