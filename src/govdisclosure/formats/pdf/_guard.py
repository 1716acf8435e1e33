"""Checks that a PDF can be decoded in bounded memory, made before pdfminer decodes anything.

A compressed stream of a few kilobytes can inflate to gigabytes (a "zip bomb"); pdfminer
decodes streams whole, without a limit. So every stream the parser could decode (page content,
fonts, forms, object and cross-reference streams: everything but images, which this reader
never decodes) is decoded here first, incrementally, through its filters, and refused once it
passes a limit. That happens twice: on the raw bytes before the parser opens the file
(:func:`check_streams`: the cross-reference streams pdfminer decodes on opening), and on the
parsed objects before any page is read (:func:`check_objects`: with the document's own view
of each stream's filters, indirect or chained, and decrypted when the file is encrypted). A
page's content is measured the same way (:func:`decoded_size`) before it is laid out.
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral

from govdisclosure.errors import ReadError

__all__ = [
    "HEADER_WINDOW",
    "MAX_OBJECTS",
    "MAX_STREAM_BYTES",
    "MAX_TOTAL_STREAM_BYTES",
    "check_header",
    "check_objects",
    "check_streams",
    "decoded_size",
]

HEADER_WINDOW = 1024
"""The ``%PDF-`` header may follow some junk; readers (Acrobat too) look this far for it."""

MAX_STREAM_BYTES = 64 * 1024 * 1024
"""The largest a single non-image stream may inflate to (64 MiB)."""

MAX_TOTAL_STREAM_BYTES = 512 * 1024 * 1024
"""The most all non-image streams of one document may inflate to together (512 MiB)."""

MAX_OBJECTS = 500_000
"""The most objects the cross-reference tables of one document may list (a report has a few
thousand): each is looked at before any page is read."""

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_FILTER = re.compile(rb"/(?:Filter|F)\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FILTERS = {
    "FlateDecode": "flate",
    "Fl": "flate",
    "LZWDecode": "lzw",
    "LZW": "lzw",
    "ASCII85Decode": "a85",
    "A85": "a85",
    "ASCIIHexDecode": "ahx",
    "AHx": "ahx",
    "RunLengthDecode": "rl",
    "RL": "rl",
}
"""The filters that can make data larger, or that stand before one that can."""
_DICT_LOOKBEHIND = 4096
_CHUNK = 1024 * 1024


def check_header(data: bytes, name: str | None) -> None:
    """Refuse bytes that are not a PDF.

    Raises:
        ReadError: no ``%PDF-`` header near the start.
    """
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        head = data[:8]
        raise ReadError(
            f"not a PDF: no '%PDF-' header in the first {HEADER_WINDOW} bytes (it starts with"
            f" {head!r})",
            source=name,
        )


def _stream_dict(data: bytes, start: int) -> bytes:
    window = data[max(0, start - _DICT_LOOKBEHIND) : start]
    cut = window.rfind(b" obj")
    return window[cut:] if cut >= 0 else window


class _Sink:
    """Where decoded bytes go: kept for the next filter of a chain, or only counted."""

    def __init__(self, keep: bool, limit: int) -> None:
        self.keep = keep
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def add(self, data: bytes) -> bool:
        """Take ``data``; whether the limit is passed."""
        self.size += len(data)
        if self.keep:
            self.parts.append(data)
        return self.size > self.limit

    def data(self) -> bytes:
        return b"".join(self.parts)


def _inflate(raw: bytes, sink: _Sink) -> None:
    # What inflated before an error is what pdfminer keeps of damaged data too.
    inflater = zlib.decompressobj()
    try:
        pending = raw
        while pending:
            chunk = inflater.decompress(pending, _CHUNK)
            if sink.add(chunk):
                return
            if inflater.eof or (not chunk and inflater.unconsumed_tail == pending):
                return
            pending = inflater.unconsumed_tail
    except zlib.error:
        return


def _unlzw(raw: bytes, sink: _Sink) -> None:
    try:
        for chunk in LZWDecoder(io.BytesIO(raw)).run():
            if sink.add(chunk):
                return
    except Exception:  # damaged data: pdfminer stops there too
        return


def _unrunlength(raw: bytes, sink: _Sink) -> None:
    at = 0
    while at < len(raw):
        length = raw[at]
        if length == 128:
            return
        if length < 128:
            run = raw[at + 1 : at + length + 2]
            at += length + 2
        else:
            run = raw[at + 1 : at + 2] * (257 - length)
            at += 2
        if sink.add(run):
            return


def _decode(kind: str, data: bytes, sink: _Sink) -> None:
    if kind == "flate":
        _inflate(data, sink)
    elif kind == "lzw":
        _unlzw(data, sink)
    elif kind == "rl":
        _unrunlength(data, sink)
    else:
        try:
            sink.add(ascii85decode(data) if kind == "a85" else asciihexdecode(data))
        except Exception:  # damaged: shorter than its input either way
            return


def _decoded_size(data: bytes, filters: Sequence[str], limit: int) -> int:
    """How many bytes ``data`` decodes to through ``filters``, counting at most ``limit + 1``;
    filters that cannot make data larger (image codecs) end the count. Only the input of the
    next filter is kept in memory, never the last output."""
    kinds: list[str] = []
    for name in filters:
        kind = _FILTERS.get(name)
        if kind is None:
            break
        kinds.append(kind)
    size = len(data)
    for number, kind in enumerate(kinds):
        sink = _Sink(number < len(kinds) - 1, limit)
        _decode(kind, data, sink)
        size = sink.size
        if size > limit:
            break
        data = sink.data()
    return size


def _names(spec: bytes) -> list[str]:
    return [
        _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), n).decode("latin-1")
        for n in _NAME.findall(spec)
    ]


def _filters_in(header: bytes, data: bytes) -> list[str]:
    """The filters a stream dictionary names, following an indirect reference; Flate if it
    names none that can be found (a stream that is not zlib data fails that at once)."""
    found = _FILTER.search(header)
    if found is None:
        return ["FlateDecode"]
    spec = found.group(1)
    reference = re.fullmatch(rb"(\d+)\s+(\d+)\s+R", spec)
    if reference is not None:
        target = re.search(
            rb"(?<!\d)" + reference.group(1) + rb"\s+" + reference.group(2) + rb"\s+obj\s*"
            rb"(\[[^\]]*\]|/[^\s/\[\]<>()]+)",
            data,
        )
        spec = target.group(1) if target is not None else b"/FlateDecode"
    return _names(spec) or ["FlateDecode"]


def check_streams(
    data: bytes,
    name: str | None,
    *,
    max_stream_bytes: int = MAX_STREAM_BYTES,
    max_total_bytes: int = MAX_TOTAL_STREAM_BYTES,
) -> None:
    """Refuse a PDF whose streams, as the raw bytes show them, would decode past the limits.

    Raises:
        ReadError: naming the byte offset of the first stream over the limit.
    """
    total = 0
    position = 0
    while True:
        match = _STREAM.search(data, position)
        if match is None:
            return
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        position = end
        header = _stream_dict(data, match.start())
        if b"/Image" in header:
            continue
        size = _decoded_size(data[start:end], _filters_in(header, data), max_stream_bytes)
        total = _add(total, size, max_stream_bytes, max_total_bytes, name, f"byte {match.start()}")


def _add(total: int, size: int, each: int, limit: int, name: str | None, place: str) -> int:
    if size > each:
        raise ReadError(
            f"a compressed stream inflates to more than {each} bytes", source=name, place=place
        )
    total += size
    if total > limit:
        raise ReadError(
            f"the compressed streams inflate to more than {limit} bytes in all",
            source=name,
            place=place,
        )
    return total


def _stream_filters(stream: PDFStream) -> list[str]:
    names: list[str] = []
    for spec, _params in stream.get_filters():
        literal: Any = resolve1(spec)
        if not isinstance(literal, PSLiteral):
            break
        name = literal.name
        names.append(name.decode("latin-1") if isinstance(name, bytes) else str(name))
    return names


def decoded_size(stream: PDFStream, limit: int) -> int:
    """How many bytes a parsed stream decodes to, counting at most ``limit + 1``, without
    decoding it in pdfminer (decrypted first when the document is encrypted)."""
    if stream.data is not None:
        return len(stream.data)
    data = stream.rawdata or b""
    if stream.decipher is not None and stream.objid is not None and stream.genno is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    return _decoded_size(data, _stream_filters(stream), limit)


def _is_image(stream: PDFStream) -> bool:
    subtype: Any = resolve1(stream.get("Subtype"))
    return isinstance(subtype, PSLiteral) and subtype.name in ("Image", b"Image")


def check_objects(
    doc: PDFDocument,
    name: str | None,
    *,
    max_stream_bytes: int = MAX_STREAM_BYTES,
    max_total_bytes: int = MAX_TOTAL_STREAM_BYTES,
    max_objects: int = MAX_OBJECTS,
) -> None:
    """Refuse a parsed PDF with a stream that would decode past the limits, before any page is
    read: every stream object but images, through the filters the document gives it.

    Raises:
        ReadError: naming the object over the limit, or too many objects.
    """
    total = 0
    seen: set[int] = set()
    for count, objid in enumerate(itertools.islice(_object_ids(doc), max_objects + 1)):
        if count >= max_objects:
            raise ReadError(
                f"the PDF lists more than {max_objects} objects (a report has a few thousand)",
                source=name,
            )
        if objid in seen:
            continue
        seen.add(objid)
        try:
            obj = doc.getobj(objid)
        except Exception:  # a damaged object: pdfminer fails on it later, or never needs it
            continue
        if isinstance(obj, PDFStream) and not _is_image(obj):
            size = decoded_size(obj, max_stream_bytes)
            total = _add(total, size, max_stream_bytes, max_total_bytes, name, f"object {objid}")


def _object_ids(doc: PDFDocument) -> Iterable[int]:
    """The objects stored in the file itself (those inside object streams are never streams)."""
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                stream_id, _index, _generation = xref.get_pos(objid)
            except Exception:  # a free or damaged entry
                continue
            if stream_id is None:
                yield objid
