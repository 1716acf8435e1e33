"""Checks made on a PDF's bytes before any parser sees them: is it a PDF, and can it be decoded
in bounded memory.

A compressed stream of a few kilobytes can inflate to gigabytes (a "zip bomb"); pdfminer
inflates streams whole, without a limit. So every FlateDecode stream the parser could inflate
(page content, fonts, object and cross-reference streams: everything but images, which this
reader never decodes) is inflated here first, incrementally, and refused once it passes a limit.
"""

from __future__ import annotations

import re
import zlib

from govdisclosure.errors import ReadError

__all__ = ["HEADER_WINDOW", "MAX_STREAM_BYTES", "check_header", "check_streams"]

HEADER_WINDOW = 1024
"""The ``%PDF-`` header may follow some junk; readers (Acrobat too) look this far for it."""

MAX_STREAM_BYTES = 64 * 1024 * 1024
"""The largest a single non-image stream may inflate to (64 MiB)."""

MAX_TOTAL_STREAM_BYTES = 512 * 1024 * 1024
"""The most all non-image streams of one document may inflate to together (512 MiB)."""

_STREAM = re.compile(rb"stream\r?\n")
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


def _inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes ``raw`` inflates to, counting at most ``limit + 1``; 0 if it is not zlib."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        pending = raw
        while pending:
            out = inflater.decompress(pending, _CHUNK)
            size += len(out)
            if size > limit:
                return size
            if inflater.eof or (not out and inflater.unconsumed_tail == pending):
                break
            pending = inflater.unconsumed_tail
    except zlib.error:
        # Damaged or encrypted data: what inflated before the error is all pdfminer gets too.
        return size
    return size


def check_streams(
    data: bytes,
    name: str | None,
    *,
    max_stream_bytes: int = MAX_STREAM_BYTES,
    max_total_bytes: int = MAX_TOTAL_STREAM_BYTES,
) -> None:
    """Refuse a PDF whose compressed streams would inflate past the limits.

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
        if b"/Fl" not in header or b"/Image" in header:
            continue
        size = _inflated_size(data[start:end], max_stream_bytes)
        if size > max_stream_bytes:
            raise ReadError(
                f"a compressed stream inflates to more than {max_stream_bytes} bytes",
                source=name,
                place=f"byte {match.start()}",
            )
        total += size
        if total > max_total_bytes:
            raise ReadError(
                f"the compressed streams inflate to more than {max_total_bytes} bytes in all",
                source=name,
                place=f"byte {match.start()}",
            )
