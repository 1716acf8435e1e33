"""Bytes to text for published reports: UTF-8 (with or without BOM), UTF-16/32, GB18030/GBK.

Government sites still serve many files in GBK; text saved on Windows is often UTF-16 with a
BOM. Detection needs no third-party library: BOMs first, then a strict UTF-8 decode, then
UTF-16 without BOM (recognised by its zero bytes), then GB18030 (a superset of GBK and GB2312).
If ``charset-normalizer`` happens to be installed it is asked last, for anything else.
"""

from __future__ import annotations

import codecs
import importlib
import re

from govdisclosure.errors import ReadError

__all__ = ["decode_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that text never holds (tab, LF, CR, FF are fine): a decode that yields
# many of them read a binary file, or the wrong encoding.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_ASCII_CONTROLS = frozenset(["ascii", "utf-8", "gb18030", "gbk", "gb2312"])
"""Encodings in which those characters are those bytes, and no other character uses them."""


def _plausible(text: str) -> bool:
    if not text:
        return True
    controls = len(_CONTROL.findall(text[:65536]))
    return controls * 200 < min(len(text), 65536)


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII in UTF-16 has a zero byte in every pair; CJK text has few, so this catches only
    # mostly-ASCII files, which are the only ones the check is needed for.
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if codecs.lookup(encoding).name in _ASCII_CONTROLS and len(
        data.translate(None, _CONTROL_BYTES)
    ) == len(data):
        return text  # no control character at all (the usual case), found at C speed
    return text if _plausible(text) else None


def decode_text(
    data: bytes | str, *, source: str | None = None, declared: str | None = None
) -> str:
    """The text of ``data``, its encoding detected; a ``str`` is returned as is (less a BOM).

    Args:
        data: the document.
        source: name used in error messages.
        declared: an encoding the document names for itself (an HTML ``<meta charset>``); tried
            after any BOM and before detection.

    Raises:
        ReadError: no supported encoding decodes the input to text.
    """
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom) :], encoding)
            if text is None:
                raise ReadError(
                    f"the file starts with a {encoding} byte-order mark but is not valid {encoding}",
                    source=source,
                )
            return text
    candidates = []
    if declared:
        candidates.append(declared)
    candidates.append("utf-8")
    guess = _utf16_guess(data)
    if guess:
        candidates.append(guess)
    candidates.append("gb18030")
    for encoding in candidates:
        text = _try(data, encoding)
        if text is not None:
            return text
    text = _detected(data)
    if text is not None:
        return text
    raise ReadError(
        "cannot decode the input as text (tried UTF-8, UTF-16, GB18030/GBK); is it a text file?",
        source=source,
    )


def _detected(data: bytes) -> str | None:
    try:
        detector = importlib.import_module("charset_normalizer")  # optional, when installed
    except ImportError:
        return None
    best = detector.from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    return text if _plausible(text) else None
