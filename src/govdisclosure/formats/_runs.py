"""Text whose separators were dropped (crawler output): find the labels inside a run of text.

A crawler that saves a page's text without its markup runs everything together:
``…三、收到和处理政府信息公开申请情况…一、本年新收政府信息公开申请数量640020470二、上年结转…``,
``…本机关不掌握相关政府信息2200003252.没有现成信息…``. :func:`segment` finds the section
headings and the table labels of every edition in such a text (by their words, then the
numbering the label is printed with), and cuts it into pieces: headings, labels, and the text
between them (a label's numbers, or narrative). Whether the numbers can be split into cells is
the recogniser's business (:mod:`._align`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import attrs

from govdisclosure.editions import EDITIONS
from govdisclosure.formats._labels import body_of, label_key

__all__ = ["Piece", "segment", "worth_scanning"]

_CN = "一二三四五六七八九十"
_RUN = re.compile(r"\d{5,}")
_NOT_ALNUM = re.compile(r"[\W_]+")
"""What ``str.isalnum`` is not (``\\w`` is ``isalnum`` and ``_``)."""
_MIN_SCAN = 40
_MAX_SCAN = 200_000
"""A whole report run together is some tens of thousands of characters; more is not scanned."""
_CLOSING = frozenset("”’\"')）」』】〕 \u3000")
_PREFIX = re.compile(
    r"^(\d{1,2})\.|^\(([一二三四五六七八九十\d]{1,3})\)|^([一二三四五六七八九十]{1,3})、"
)


@attrs.frozen
class Piece:
    """A piece of a run-together text: ``kind`` is ``"section"``, ``"row"``, ``"label"``
    (a block, group or header label), or ``"text"`` (what lies between labels)."""

    kind: str
    text: str


@attrs.frozen
class _Entry:
    body: str
    kind: str
    section: str | None
    """For a section heading: the key of the section; ``"table"`` if it holds a table."""
    number: str | None
    """The numbering the label is printed with (``2`` for ``2.没有现成信息…``), if any."""
    paren: bool
    """Numbering in parentheses: ``（三）``."""


def _entries() -> tuple[_Entry, ...]:
    found: dict[tuple[str, str | None], _Entry] = {}

    def add(labels: Iterable[str], kind: str, section: str | None = None) -> None:
        for label in labels:
            key = label_key(label)
            body = body_of(key)
            prefix = key[: len(key) - len(body)]
            match = _PREFIX.match(prefix) if prefix else None
            number = next((g for g in match.groups() if g), None) if match else None
            if body:
                found.setdefault(
                    (body, number), _Entry(body, kind, section, number, prefix.startswith("("))
                )

    for edition in EDITIONS.values():
        for section in edition.sections:
            add(
                (section.heading, *section.aliases),
                "section",
                "table" if section.table else "narrative",
            )
        for table in edition.tables:
            for block in table.blocks:
                for row in block.rows:
                    add((row.label, *row.aliases), "row")
                if block.label:
                    add((block.label, *block.aliases), "label")
                for column in block.columns:
                    add((column.label, *column.aliases), "label")
            for group in table.row_groups:
                add((group.label, *group.aliases), "label")
            for group in table.column_groups:
                add((group.label, *group.aliases), "label")
            add([x for x in (table.corner_label, table.column_header) if x], "label")
    # Longest first, so that 行政规范性文件 claims its words before 规范性文件 does.
    return tuple(sorted(found.values(), key=lambda e: -len(e.body)))


_ENTRIES = _entries()


def worth_scanning(text: str) -> bool:
    """Cheap test: a long text with a long digit run may be a table run together."""
    return _MIN_SCAN <= len(text) <= _MAX_SCAN and _RUN.search(text) is not None


def _words(text: str) -> tuple[str, list[int]]:
    """The text's letters and digits (NFKC), with each one's index in ``text``."""
    if unicodedata.is_normalized("NFKC", text):
        # Each character is its own NFKC form (the usual case): no need to fold one by one.
        return _NOT_ALNUM.sub("", text), [i for i, char in enumerate(text) if char.isalnum()]
    chars: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char):
            if folded.isalnum():
                chars.append(folded)
                where.append(i)
    return "".join(chars), where


def _numbering_before(text: str, end: int, entry: _Entry) -> int | None:
    """Where the label's own numbering starts, if ``text[:end]`` ends with it."""
    if entry.number is None:
        return end
    head = unicodedata.normalize("NFKC", text[max(0, end - 6) : end]).rstrip()
    offset = max(0, end - 6)
    number = re.escape(entry.number)
    if entry.paren:
        pattern = rf"\({number}\)$"
    elif entry.number[0] in _CN:
        pattern = rf"(?<![{_CN}]){number}[、.,]$"
    else:
        pattern = rf"(?<!\d\.){number}[.、,]$"
    match = re.search(pattern, head)
    if match is None:
        return None
    # NFKC keeps these characters one for one, so the offset maps back.
    return offset + match.start()


def segment(text: str) -> list[Piece] | None:
    """The pieces of a run-together text, or ``None`` when it is not one (fewer than three
    table rows with numbers right after their label, and no section heading)."""
    words, where = _words(text)
    taken = [False] * len(words)
    found: list[tuple[int, int, _Entry]] = []
    for entry in _ENTRIES:
        start = words.find(entry.body)
        while start >= 0:
            end = start + len(entry.body)
            if not any(taken[start:end]):
                origin = where[start]
                begin = _numbering_before(text, origin, entry)
                needs_number = entry.number is not None
                if begin is not None and not (needs_number and begin == origin):
                    for k in range(start, end):
                        taken[k] = True
                    stop = where[end - 1] + 1
                    while stop < len(text) and text[stop] in _CLOSING:
                        stop += 1
                    found.append((begin, stop, entry))
            start = words.find(entry.body, start + 1)
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    # Table labels count only outside narrative sections (一, 五, 六 speak of 法人或其他组织 and
    # 规章 in sentences).
    region = "table"
    kept = []
    for item in found:
        entry = item[2]
        if entry.kind == "section":
            region = entry.section or "table"
        if entry.kind == "section" or region == "table":
            kept.append(item)
    found = kept
    rows = sum(
        1
        for _, end, entry in found
        if entry.kind == "row" and text[end : end + 1].strip()[:1].isdigit()
    )
    sections = sum(1 for f in found if f[2].kind == "section")
    if rows < 3 and not sections:
        return None
    pieces: list[Piece] = []
    cursor = 0
    for begin, end, entry in found:
        before = text[cursor:begin].strip()
        if before:
            pieces.append(Piece("text", before))
        kind = entry.kind if rows >= 3 or sections else "text"
        pieces.append(Piece(kind, text[begin:end].strip()))
        cursor = end
    tail = text[cursor:].strip()
    if tail:
        pieces.append(Piece("text", tail))
    return _merge_text(pieces)


def _merge_text(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if merged and piece.kind == "text" and merged[-1].kind == "text":
            merged[-1] = Piece("text", merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged
