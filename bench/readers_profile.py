"""Where the published-layout readers spend their time: copied text, HTML and PDF, phase by phase.

Run from a checkout with the package installed::

    python bench/readers_profile.py                    # all three, the corpus in /work/shared/corpus
    python bench/readers_profile.py --only text html   # some of them
    python bench/readers_profile.py --profile text     # and a cProfile of loads + validate
    python bench/readers_profile.py --corpus DIR --repeat 9

Times are CPU seconds of this process (``time.process_time``), the best of ``--repeat`` rounds
of many calls each: on a shared machine, wall time mostly measures the neighbours. A phase is
timed alone, on the output of the phase before it, so the phases of one reader add up to about
its ``loads``. The PDF is timed once per round (it takes a good part of a second) and split into
what pdfminer/pdfplumber do to turn pages into characters and lines (not ours to speed up) and
the rest (the guards, our page layout, tables, the recogniser).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import govdisclosure as gd
from govdisclosure.formats import _decode, _recognize, realtext, webpage

CORPUS = Path("/work/shared/corpus")
TEXT = "2020_wenxian-xiangyunzhen.txt"
HTML = "2019_shanghai-szfbgt.html"
PDF = "2024_huaian-szf.pdf"


def best(fn: Callable[[], object], repeat: int, budget: float = 0.2) -> float:
    """CPU seconds per call: the best of ``repeat`` rounds, each about ``budget`` seconds."""
    fn()
    start = time.process_time()
    fn()
    once = max(time.process_time() - start, 1e-6)
    calls = max(1, int(budget / once))
    rounds = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(calls):
            fn()
        rounds.append((time.process_time() - start) / calls)
    return min(rounds)


def row(label: str, seconds: float, unit: str = "report") -> None:
    print(f"  {label:<28} {seconds * 1e3:9.3f} ms   {1 / seconds:9.1f} {unit}s/s")


def text_phases(data: bytes, repeat: int) -> None:
    print(f"copied text: {TEXT} ({len(data)} bytes)")
    text = _decode.decode_text(data, source=TEXT)
    doc = realtext.text_document(text, source=TEXT)
    report = _recognize.assemble(doc)
    row("decode", best(lambda: _decode.decode_text(data, source=TEXT), repeat))
    row("text_document", best(lambda: realtext.text_document(text, source=TEXT), repeat))
    row("assemble (recogniser)", best(lambda: _recognize.assemble(doc), repeat))
    row("validate", best(report.validate, repeat))
    row("gd.loads", best(lambda: gd.loads(data, "text", source=TEXT), repeat))
    row(
        "gd.loads + validate",
        best(lambda: gd.loads(data, "text", source=TEXT).validate(), repeat),
    )


def html_phases(data: bytes, repeat: int) -> None:
    import lxml.html

    print(f"HTML: {HTML} ({len(data)} bytes)")
    text = _decode.decode_text(data, source=HTML)
    doc = webpage.html_document(data, source=HTML)
    report = _recognize.assemble(doc)
    parser = webpage._parser()
    row("decode", best(lambda: _decode.decode_text(data, source=HTML), repeat))
    row("lxml parse", best(lambda: lxml.html.document_fromstring(text, parser=parser), repeat))
    row(
        "html_document (incl. above)",
        best(lambda: webpage.html_document(data, source=HTML), repeat),
    )
    row("assemble (recogniser)", best(lambda: _recognize.assemble(doc), repeat))
    row("validate", best(report.validate, repeat))
    row("gd.loads", best(lambda: gd.loads(data, "html", source=HTML), repeat))
    row(
        "gd.loads + validate",
        best(lambda: gd.loads(data, "html", source=HTML).validate(), repeat),
    )


def pdf_phases(data: bytes, repeat: int) -> None:
    try:
        import pdfplumber
        from pdfplumber.page import Page

        from govdisclosure.formats.pdf import PdfReader
        from govdisclosure.formats.pdf._document import build_blocks
        from govdisclosure.formats.pdf._guard import check_streams
        from govdisclosure.formats.pdf._layout import read_page
    except ImportError:
        print("PDF: skipped (pip install 'govdisclosure[pdf]')")
        return
    reader = PdfReader()
    pages = len(reader.extract(data, source=PDF).blocks) and _page_count(data)
    print(f"PDF: {PDF} ({len(data)} bytes, {pages} pages)")

    def parsed() -> list[Any]:
        # pdfminer and pdfplumber's own work: content streams to characters, lines, rects.
        pdf = pdfplumber.open(io.BytesIO(data))
        result = []
        for page in pdf.pages:
            _ = page.objects
            result.append(page)
        return result

    def layout(plumbed: list[Any]) -> list[Any]:
        return [read_page(page) for page in plumbed]

    laid_out = layout(parsed())
    doc = reader.extract(data, source=PDF)
    whole = best(lambda: reader.loads(data, source=PDF), repeat, budget=0.0)
    plumbing = best(parsed, repeat, budget=0.0)
    row("guards (check_streams)", best(lambda: check_streams(data, PDF), repeat), "report")
    row("pdfminer/pdfplumber objects", plumbing, "report")
    row(
        "read_page x pages (ours*)",
        best(lambda: layout(parsed()), repeat, budget=0.0) - plumbing,
        "report",
    )
    row("build_blocks", best(lambda: build_blocks(laid_out, PDF), repeat), "report")
    row("assemble (recogniser)", best(lambda: _recognize.assemble(doc), repeat), "report")
    row("PdfReader.loads", whole, "report")
    print(f"  {'pages per second':<28} {pages / whole:9.1f}")
    print(
        f"  {'ours (loads - pdfminer)':<28} {(whole - plumbing) * 1e3:9.3f} ms"
        f"   ({(whole - plumbing) / whole:.0%} of loads)"
    )
    print("  * read_page also calls pdfplumber's dedupe_chars and find_tables")
    del Page


def _page_count(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def profile(name: str, data: bytes, top: int) -> None:
    fmt = {"text": "text", "html": "html", "pdf": "pdf"}[name]
    count = {"text": 300, "html": 60, "pdf": 2}[name]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        gd.loads(data, fmt).validate()
    profiler.disable()
    print(f"\ncProfile of {count} x gd.loads({name}) + validate, by own time:")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=7, help="rounds; the best is shown")
    parser.add_argument("--only", nargs="+", choices=["text", "html", "pdf"])
    parser.add_argument("--profile", choices=["text", "html", "pdf"])
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    files = {"text": TEXT, "html": HTML, "pdf": PDF}
    phases = {"text": text_phases, "html": html_phases, "pdf": pdf_phases}
    print(f"Python {sys.version.split()[0]}, CPU time per call, best of {args.repeat} rounds")
    for name in args.only or ["text", "html", "pdf"]:
        path = args.corpus / files[name]
        if not path.exists():
            print(f"{name}: skipped ({path} not found)")
            continue
        phases[name](path.read_bytes(), args.repeat)
    if args.profile:
        profile(args.profile, (args.corpus / files[args.profile]).read_bytes(), args.top)


if __name__ == "__main__":
    main()
