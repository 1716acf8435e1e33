"""The format registry: ``load``/``dump`` by format name, file suffix, or sniffed content.

Built-in formats are declared below by name and imported on first use. Third-party formats
are found through the ``govdisclosure.formats`` entry-point group, consulted only when a name
or suffix is not built in.
"""

from __future__ import annotations

import codecs
import importlib
import io
import logging
import os
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from govdisclosure.errors import UnknownFormatError, WriteError
from govdisclosure.formats._base import FormatInfo, Reader, Writer
from govdisclosure.formats._io import (
    MAX_INPUT_BYTES,
    MAX_TEXT_BYTES,
    PathOrFile,
    atomic_open,
    atomic_write,
    read_source,
    source_name,
    translate_errors,
)
from govdisclosure.model import AnnualReport

__all__ = [
    "BUILTIN_FORMATS",
    "ENTRY_POINT_GROUP",
    "MAX_INPUT_BYTES",
    "MAX_TEXT_BYTES",
    "FormatInfo",
    "PathOrFile",
    "Reader",
    "Writer",
    "atomic_open",
    "atomic_write",
    "available_formats",
    "dump",
    "dumps",
    "format_for_path",
    "get_format",
    "load",
    "loads",
    "reader_for",
    "sniff_format",
    "writer_for",
]

ENTRY_POINT_GROUP = "govdisclosure.formats"
"""The entry-point group where other packages register formats (a :class:`FormatInfo`)."""

_log = logging.getLogger(__name__)

BUILTIN_FORMATS: tuple[FormatInfo, ...] = (
    FormatInfo(
        name="text",
        suffixes=(".txt", ".text"),
        reader="govdisclosure.formats.plaintext:TextReader",
        writer="govdisclosure.formats.plaintext:TextWriter",
        media_type="text/plain; charset=utf-8",
        description="Plain text laid out as the official report; also reads text copied from portals",
    ),
    FormatInfo(
        name="xml",
        suffixes=(".xml",),
        reader="govdisclosure.formats.govxml:XmlReader",
        writer="govdisclosure.formats.govxml:XmlWriter",
        binary=True,
        media_type="application/xml",
        description="Namespaced XML with a published XSD per edition",
    ),
    FormatInfo(
        name="json",
        suffixes=(".json",),
        reader="govdisclosure.formats.govjson:JsonReader",
        writer="govdisclosure.formats.govjson:JsonWriter",
        media_type="application/json",
        description="JSON with a published JSON Schema",
    ),
    FormatInfo(
        name="docx",
        suffixes=(".docx",),
        reader="govdisclosure.formats.word:DocxReader",
        writer="govdisclosure.formats.word:DocxWriter",
        binary=True,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        description="Word document in the official layout (GB/T 9704)",
    ),
    FormatInfo(
        name="html",
        suffixes=(".html", ".htm"),
        reader="govdisclosure.formats.webpage:HtmlReader",
        writer="govdisclosure.formats.webpage:HtmlWriter",
        media_type="text/html; charset=utf-8",
        description="A web page as portals publish it",
    ),
    FormatInfo(
        name="pdf",
        suffixes=(".pdf",),
        reader="govdisclosure.formats.pdf:PdfReader",
        binary=True,
        media_type="application/pdf",
        description="PDF with a text layer (read only)",
        extra="pdf",
    ),
)
"""The formats that come with the library, in the order :func:`available_formats` lists them."""


def _entry_point_formats() -> Iterator[FormatInfo]:
    # Imported here: importlib.metadata costs tens of milliseconds, and plug-ins are consulted
    # only when a name is not built in.
    from importlib import metadata

    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            info = obj() if callable(obj) and not isinstance(obj, FormatInfo) else obj
        except Exception as exc:
            # One broken plug-in must not break the registry; say which, and go on.
            _log.warning("format plug-in %r (%s) cannot be loaded: %s", ep.name, ep.value, exc)
            continue
        if isinstance(info, FormatInfo):
            yield info
        else:
            _log.warning(
                "format plug-in %r (%s) gave %r, not a FormatInfo", ep.name, ep.value, info
            )


def available_formats() -> tuple[FormatInfo, ...]:
    """Every format: the built-in ones, then those registered through entry points."""
    builtin = {f.name for f in BUILTIN_FORMATS}
    return (*BUILTIN_FORMATS, *(f for f in _entry_point_formats() if f.name not in builtin))


def _known_names() -> list[str]:
    return [f.name for f in available_formats()]


def get_format(name: str | FormatInfo) -> FormatInfo:
    """A format by name (``"docx"``) or suffix (``".docx"``).

    Raises:
        UnknownFormatError: listing the known formats.
    """
    if isinstance(name, FormatInfo):
        return name
    key = name.lower()
    for info in BUILTIN_FORMATS:
        if key == info.name or key in info.suffixes:
            return info
    for info in _entry_point_formats():
        if key == info.name or key in info.suffixes:
            return info
    raise UnknownFormatError(name, _known_names())


def format_for_path(path: str | os.PathLike[str]) -> FormatInfo:
    """The format a file name's suffix names (``report.docx`` → docx).

    Raises:
        UnknownFormatError: the name has no suffix, or one no format claims.
    """
    suffix = PurePath(os.fspath(path)).suffix.lower()
    if not suffix:
        raise UnknownFormatError(os.fspath(path), _known_names(), "file suffix (none) of")
    try:
        return get_format(suffix)
    except UnknownFormatError:
        raise UnknownFormatError(suffix, _known_names(), "file suffix") from None


def _decoded_head(data: bytes | str) -> str:
    if isinstance(data, str):
        return data[:2048].lstrip("\ufeff \t\r\n")
    head = data[:2048]
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "ignore").lstrip()
    return head.decode("utf-8", "ignore").lstrip()


def sniff_format(data: bytes | str) -> FormatInfo:
    """Guess the format from the first bytes: this library's text rendering → text, ZIP → docx,
    ``%PDF`` → pdf, ``<`` → xml or html, ``{`` → json; anything else is read as text."""
    from govdisclosure.formats.plaintext import is_rendering  # light: no lxml

    if is_rendering(data):  # whatever its title starts with
        return get_format("text")
    if isinstance(data, bytes):
        if data.startswith(b"PK\x03\x04"):
            return get_format("docx")
        if data.startswith(b"%PDF"):
            return get_format("pdf")
    head = _decoded_head(data)
    if head.startswith("{"):
        return get_format("json")
    if head.startswith("<"):
        lowered = head.lower()
        if "urn:govdisclosure" in lowered or (
            lowered.startswith("<?xml") and "<html" not in lowered and "xhtml" not in lowered
        ):
            return get_format("xml")
        return get_format("html")
    return get_format("text")


def reader_for(format: str | FormatInfo, **options: Any) -> Reader:
    """An instance of a format's reader, configured with ``options`` (reusable, thread-safe).

    Raises:
        UnknownFormatError: no such format.
        UnsupportedFormatError: the format cannot be read.
    """
    return get_format(format).reader_class()(**options)


def writer_for(format: str | FormatInfo, **options: Any) -> Writer:
    """An instance of a format's writer, configured with ``options`` (reusable, thread-safe).

    Raises:
        UnknownFormatError: no such format.
        UnsupportedFormatError: the format cannot be written (``pdf``).
    """
    return get_format(format).writer_class()(**options)


def load(
    source: PathOrFile,
    format: str | None = None,
    *,
    max_bytes: int | None = None,
    **options: Any,
) -> AnnualReport:
    """Read a report from a path or an open file.

    The format is ``format`` if given, else the file suffix, else sniffed from the content.
    A file larger than the limit is refused from its size, before it is read.

    Args:
        source: a path, or a file opened in binary (or text) mode.
        format: a format name (``"docx"``) or suffix (``".docx"``), to override the guess.
        max_bytes: refuse a larger input. By default a file may have :data:`MAX_INPUT_BYTES`
            (64 MiB) and each reader then applies its own default (:data:`MAX_TEXT_BYTES`,
            8 MiB, for the text formats); a limit given here replaces the built-in readers'.
        **options: passed to the reader's constructor (``strict=False``, ``agency="…"`` …).

    Raises:
        ReadError: the input cannot be read as a report (the message names file and place).
        UnknownFormatError: ``format`` names no known format.
    """
    name = source_name(source)
    data = read_source(source, max_bytes=MAX_INPUT_BYTES if max_bytes is None else max_bytes)
    if format is not None:
        info = get_format(format)
    elif name is not None and PurePath(name).suffix:
        try:
            info = format_for_path(name)
        except UnknownFormatError:
            info = sniff_format(data)
    else:
        info = sniff_format(data)
    if max_bytes is not None and info in BUILTIN_FORMATS:
        options.setdefault("max_bytes", max_bytes)
    return _read(info, data, name, options)


def loads(data: str | bytes, format: str | None = None, **options: Any) -> AnnualReport:
    """Read a report from a string or bytes; the format is sniffed when not given.

    Args:
        data: the whole document.
        format: a format name or suffix; sniffed from the content when ``None``.
        **options: passed to the reader's constructor (``max_bytes=`` for the built-in ones),
            except ``source=``, a name for the input used in messages and positions.

    Raises:
        ReadError: the input cannot be read as a report (the message names the place).
        UnknownFormatError: ``format`` names no known format.
    """
    info = get_format(format) if format is not None else sniff_format(data)
    source = options.pop("source", None)
    return _read(info, data, source, options)


def _read(
    info: FormatInfo, data: str | bytes, name: str | None, options: dict[str, Any]
) -> AnnualReport:
    reader = info.reader_class()(**options)
    # The built-in readers guard themselves; this covers plug-ins too.
    with translate_errors(info.name, name):
        return reader.loads(data, source=name)


def dumps(report: AnnualReport, format: str, **options: Any) -> str | bytes:
    """The report as a document in ``format``: ``str`` for text formats, ``bytes`` for binary.

    Args:
        report: the report to write.
        format: a format name (``"xml"``) or suffix (``".xml"``).
        **options: passed to the writer's constructor (``pretty_print=False`` …).

    Raises:
        UnknownFormatError: ``format`` names no known format.
        UnsupportedFormatError: the format cannot be written (``pdf``).
        WriteError: the report holds a value the format cannot carry.
    """
    return writer_for(format, **options).dumps(report)


def dump(
    report: AnnualReport,
    target: PathOrFile,
    format: str | None = None,
    **options: Any,
) -> None:
    """Write a report to a path (atomically: never a half-written file) or an open file.

    Args:
        report: the report to write.
        target: a path, or a file opened in binary mode (text mode for text formats).
        format: a format name or suffix; by default the path's suffix (required for a file
            object).
        **options: passed to the writer's constructor (``template="…"`` for DOCX …).

    Raises:
        WriteError: the file cannot be written (a previous file is left intact).
        UnknownFormatError: no format given and the suffix names none.
    """
    if format is not None:
        info = get_format(format)
    else:
        name = source_name(target)
        if name is None:
            raise UnknownFormatError("<stream>", _known_names(), "format (give format=) for")
        info = format_for_path(name)
    data = writer_for(info, **options).dumps(report)
    if isinstance(target, (str, os.PathLike)):
        atomic_write(target, _encoded(data, info))
        return
    try:
        if isinstance(target, io.TextIOBase):
            if isinstance(data, bytes):
                raise WriteError(f"format {info.name!r} is binary; give a binary stream")
            target.write(data)
        else:
            target.write(_encoded(data, info))  # type: ignore[arg-type]
    except OSError as exc:
        raise WriteError(f"{source_name(target) or '<stream>'}: cannot write: {exc}") from exc


def _encoded(data: str | bytes, info: FormatInfo) -> bytes:
    if isinstance(data, bytes):
        return data
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate in a name the model let through
        raise WriteError(
            f"format {info.name!r}: the report holds {exc.object[exc.start : exc.end]!r},"
            " which UTF-8 cannot encode"
        ) from None


_LAZY = {
    "XML_NAMESPACE": "govxml",
    "xml_schema": "govxml",
    "xml_schema_path": "govxml",
    "json_schema": "govjson",
    "json_schema_path": "govjson",
}


def __getattr__(name: str) -> Any:
    # Format-specific helpers re-exported lazily so that importing the registry stays cheap
    # (the XML helpers import lxml).
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
