"""Characters to text: spacing inside a line, and lines joined where the layout wrapped them.

Chinese text has no spaces between words, and a PDF has no space characters at all where the
layout merely left a gap (WPS and Word add a quarter em between Chinese and Latin script). So a
space is written only where the gap is as wide as a typed space, or between two Latin words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["char_lines", "join_wrapped", "line_text"]

Char = dict[str, Any]
"""A pdfplumber character: ``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``…"""

_SPACE_EM = 0.4
"""A gap this wide (in ems of the font size) is a typed space, whatever the script."""
_WORD_SPACE_EM = 0.15
"""Between two Latin letters or digits a narrower gap already separates words."""
_SPACES = re.compile(r"\s+")


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def line_text(chars: Sequence[Char]) -> str:
    """The text of one line of characters, spaced by the gaps between them."""
    out: list[str] = []
    previous: Char | None = None
    for char in sorted(chars, key=lambda c: float(c["x0"])):
        text = str(char["text"])
        if previous is not None and out:
            gap = float(char["x0"]) - float(previous["x1"])
            em = max(float(previous["size"]), float(char["size"]), 1.0)
            latin_pair = _latin(out[-1][-1]) and _latin(text[:1])
            if gap >= _SPACE_EM * em or (latin_pair and gap >= _WORD_SPACE_EM * em):
                out.append(" ")
        out.append(text)
        previous = char
    return _SPACES.sub(" ", "".join(out)).strip()


def join_wrapped(parts: Iterable[str]) -> str:
    """Lines the layout wrapped, joined back: directly for Chinese and numbers, with a space
    between two Latin words."""
    result = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if result and _letter(result[-1]) and _letter(part[0]):
            result += " "
        result += part
    return result


def char_lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Characters grouped into lines, top to bottom; each line's characters left to right.

    Two characters share a line when their vertical centres are within half a font size of
    each other, so superscripts and mixed fonts stay on their line.
    """
    ordered = sorted(
        chars, key=lambda c: ((float(c["top"]) + float(c["bottom"])) / 2, float(c["x0"]))
    )
    lines: list[list[Char]] = []
    centre = 0.0
    size = 0.0
    for char in ordered:
        middle = (float(char["top"]) + float(char["bottom"])) / 2
        char_size = float(char["size"]) or 1.0
        if lines and abs(middle - centre) <= 0.5 * max(size, char_size):
            lines[-1].append(char)
            continue
        lines.append([char])
        centre = middle
        size = char_size
    for line in lines:
        line.sort(key=lambda c: float(c["x0"]))
    return lines
