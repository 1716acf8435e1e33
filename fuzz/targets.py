"""What the fuzz harness fuzzes: one target per reader, each with its seeds (real documents:
the writers' output, the golden files, the corpus when present), its check (a report or a
deliberate ReadError, nothing else), and the mutations that fit its input (bytes, or the
members of a DOCX's zip)."""

from __future__ import annotations

import importlib.util
import io
import os
import random
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

import govdisclosure as gd
from govdisclosure.errors import ReadError, WriteError
from govdisclosure.formats._io import is_reader_bug

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CORPUS = Path(os.environ.get("GOVDISCLOSURE_SHARED", ROOT.parent / "shared")) / "corpus"

__all__ = [
    "TARGETS",
    "Finding",
    "Target",
    "check",
    "mutate",
    "mutate_bytes",
    "mutate_package",
]


class Finding(Exception):
    """A reader did something it must not: let an exception other than ReadError escape, hide
    a bug behind a ReadError, or hand back a report that validation or a writer chokes on."""


@attrs.frozen
class Target:
    name: str
    make_reader: Callable[[], Any]
    seeds: Callable[[], list[bytes]]
    package: bool = False
    """Inputs are DOCX (zip) packages: mutate their members, not only their bytes."""
    max_len: int = 1 << 20
    """The longest input libFuzzer may make (bytes)."""
    modules: tuple[str, ...] = ()
    """The modules the reader runs, to instrument for coverage (their imports come along)."""
    needs: str | None = None
    """A module of an optional extra the reader needs; without it the target is skipped."""

    @property
    def available(self) -> bool:
        return self.needs is None or importlib.util.find_spec(self.needs) is not None


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_fuzz_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _reports() -> list[gd.AnnualReport]:
    sample: gd.AnnualReport = _load(ROOT / "examples" / "xiangyun_2020.py").build_report()
    reports = [sample, gd.AnnualReport.blank(agency="某市某局", year=2022)]
    golden = GOLDEN / "features_2023.json"
    if golden.exists():
        reports.append(gd.load(golden))
    return reports


def _written(format: str) -> list[bytes]:
    out = []
    for report in _reports():
        data = gd.dumps(report, format)
        out.append(data.encode("utf-8") if isinstance(data, str) else data)
    return out


def _files(folder: Path, pattern: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(folder.glob(pattern))] if folder.is_dir() else []


def _copied_text() -> list[bytes]:
    """Text as copied from a portal page: paragraphs as lines, table rows as tab-separated
    cells (the layout ``realtext`` reads), made from the HTML writer's output; and the corpus's
    copied texts when present."""
    from govdisclosure.formats._source import SourceTable
    from govdisclosure.formats.webpage import html_document

    out = _files(CORPUS, "*.txt")
    for page in _written("html"):
        lines = []
        for block in html_document(page).blocks:
            if isinstance(block, SourceTable):
                lines.extend("\t".join(cell.text for cell in row) for row in block.rows)
            else:
                lines.append(block.text)
        out.append("\n".join(lines).encode("utf-8"))
    return out


def _pdfs() -> list[bytes]:
    out = _files(CORPUS, "*.pdf")
    try:
        draw = _load(ROOT / "tests" / "pdfdraw.py")
    except ImportError:  # reportlab (the test extra) is not installed
        return out
    out.append(draw.report_pdf(_reports()[0]))
    out.append(draw.raw_pdf([(b"", draw.text_content("2020 report"))]))
    return out


def _reader(format: str, **options: Any) -> Callable[[], Any]:
    return lambda: gd.formats.reader_for(format, **options)


_F = "govdisclosure.formats."
_TEXT = (_F + "plaintext", _F + "realtext")

TARGETS: dict[str, Target] = {
    t.name: t
    for t in [
        Target(
            "text",
            _reader("text"),
            lambda: [*_written("text"), *_files(GOLDEN, "*.txt")],
            modules=_TEXT,
        ),
        Target("copied-text", _reader("text", year=2020), _copied_text, modules=_TEXT),
        Target(
            "xml",
            _reader("xml", strict=False),
            lambda: [*_written("xml"), *_files(GOLDEN, "*.xml")],
            modules=(_F + "govxml",),
        ),
        Target(
            "json",
            _reader("json", strict=False),
            lambda: [*_written("json"), *_files(GOLDEN, "*.json")],
            modules=(_F + "govjson",),
        ),
        Target(
            "html",
            _reader("html"),
            lambda: [*_written("html"), *_files(CORPUS, "*.html")],
            modules=(_F + "webpage",),
        ),
        Target(
            "docx",
            _reader("docx"),
            lambda: _written("docx"),
            package=True,
            max_len=4 << 20,
            modules=(_F + "word.reader",),
        ),
        Target(
            "pdf",
            _reader("pdf"),
            _pdfs,
            max_len=4 << 20,
            modules=(_F + "pdf",),
            needs="pdfplumber",
        ),
    ]
}


def check(reader: Any, data: bytes) -> None:
    """Read ``data``; raise :class:`Finding` unless it gives a report (which validates and
    writes) or a deliberate :class:`ReadError`."""
    try:
        report = reader.loads(data, source="fuzz")
    except ReadError as exc:
        if is_reader_bug(exc):
            raise Finding(f"a bug behind a ReadError: {exc}") from exc.__cause__
        return
    except Exception as exc:
        raise Finding(f"{type(exc).__name__} escaped the reader: {exc}") from exc
    try:
        report.validate()
    except Exception as exc:
        raise Finding(f"validation raised {type(exc).__name__}: {exc}") from exc
    try:
        gd.dumps(report, "json")
    except WriteError:
        pass  # a character the format cannot carry: the writer says so, as documented
    except Exception as exc:
        raise Finding(f"writing the report raised {type(exc).__name__}: {exc}") from exc


# -- mutations ---------------------------------------------------------------------------------

TOKENS: tuple[bytes, ...] = (
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"\t",
    b"|",
    b"/",
    b"-1",
    b"9" * 40,
    b"1e999999999",
    b"&#0;",
    b"&amp;",
    b"<!DOCTYPE r [<!ENTITY e 'x'>]>",
    b"<![CDATA[",
    b"]]>",
    b'xsi:nil="true"',
    b'<table><tr><td rowspan="9999" colspan="9999">1</td></tr>',
    b"<br>",
    "（一）".encode(),
    "合计".encode(),
    "总计".encode(),
    "万元".encode(),
    "2020年".encode(),
    "　　".encode(),
    b'"\\ud800"',
    b"*1[",
    b"{}",
    b"[]",
    b"null",
    b"endstream",
    b"/FlateDecode",
    b"obj",
    b"R",
    b"xref",
)


def mutate_bytes(data: bytes, rnd: random.Random, others: Sequence[bytes] = ()) -> bytes:
    """``data`` changed by one to four byte-level mutations: bit flips, random bytes, deleted,
    repeated or inserted runs, tokens that matter to one reader or another, truncation, and
    splicing with another input."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        size = len(out)
        choice = rnd.randrange(9)
        at = rnd.randrange(size + 1)
        if choice == 0 and size:
            out[min(at, size - 1)] ^= 1 << rnd.randrange(8)
        elif choice == 1 and size:
            out[min(at, size - 1)] = rnd.randrange(256)
        elif choice == 2:
            out[at:at] = rnd.randbytes(rnd.randint(1, 16))
        elif choice == 3:
            del out[at : at + rnd.randint(1, 256)]
        elif choice == 4:
            run = bytes(out[at : at + rnd.randint(1, 64)])
            out[at:at] = run * rnd.randint(2, 200)
        elif choice == 5:
            out[at:at] = rnd.choice(TOKENS)
        elif choice == 6:
            del out[at:]
        elif choice == 7 and others:
            other = rnd.choice(others)
            out[at:] = other[rnd.randrange(len(other) + 1) :]
        else:
            end = min(size, at + rnd.randint(1, 32))
            out[at:end] = bytes(out[at:end])[::-1]
    return bytes(out)


_MAX_UNPACKED = 16 << 20


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if len(infos) > 200 or sum(i.file_size for i in infos) > _MAX_UNPACKED:
                return None
            return [(info, package.read(info)) for info in infos]
    except Exception:  # a mutated package: mutate its bytes instead
        return None


def mutate_package(
    data: bytes, rnd: random.Random, mutate_member: Callable[[bytes], bytes]
) -> bytes:
    """A DOCX changed inside its zip: one member's content mutated (the main document most
    often), or a member dropped, duplicated, renamed, marked encrypted or stored uncompressed,
    then packed again; a package that does not unpack is mutated as bytes."""
    members = _members(data)
    if members is None or not members:
        return mutate_member(data)
    index = rnd.randrange(len(members))
    for i, (info, _) in enumerate(members):
        if info.filename == "word/document.xml" and rnd.random() < 0.5:
            index = i
    info, content = members[index]
    choice = rnd.randrange(10)
    if choice < 6:
        members[index] = (info, mutate_member(content))
    elif choice == 6:
        del members[index]
    elif choice == 7:
        members.append((info, content))
    elif choice == 8:
        renamed = zipfile.ZipInfo(
            rnd.choice(["../../evil.xml", "word/DOCUMENT.xml", "/word/document.xml", "a\\b.xml"])
        )
        members[index] = (renamed, content)
    else:
        info.flag_bits |= 0x1
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as package:
        warnings.simplefilter("ignore")  # a duplicated name is the point
        for member, body in members:
            member.compress_type = rnd.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
            package.writestr(member, body)
    return buffer.getvalue()


def mutate(target: Target, data: bytes, rnd: random.Random, others: Sequence[bytes]) -> bytes:
    """One mutation of ``data`` as fits ``target`` (the engine used without atheris)."""
    if target.package and rnd.random() < 0.8:
        return mutate_package(data, rnd, lambda member: mutate_bytes(member, rnd, ()))
    return mutate_bytes(data, rnd, others)


def seeds_of(target: Target) -> Iterator[bytes]:
    yield from (seed for seed in target.seeds() if seed)
