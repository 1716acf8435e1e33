"""Plain text: the whole report laid out as the official one, readable in a terminal, and read
back exactly.

:class:`TextWriter` prints the title, a short header of labelled lines, the preamble, the six
sections with their canonical headings and the three tables with the official labels, columns
aligned for a monospace terminal (CJK characters count two columns). :class:`TextReader` reads
that rendering back to an equal report; any other text (a report copied from a portal) goes to
the heuristic reader :func:`govdisclosure.formats.realtext.read_text`, imported only then.

The rendering, for a person::

    祥云镇2020年政府信息公开工作年度报告

    文本格式：govdisclosure-text/1
    制作机关：祥云镇
    …

    一、总体情况

    （一）政府信息公开工作组织推进情况

    一年来，我镇严格按照……

    二、主动公开政府信息情况

    第二十条第（一）项
    信息内容    本年新制作数量  本年新公开数量  对外公开总数量
    规章                     0               0               0
    …

What makes it exact, for a program (docs/formats.md has the full description):

* paragraphs are indented with two full-width spaces (``　　``); a line without the indent is a
  sub-heading; a sub-heading that could be mistaken for structure, or any value that is not a
  plain single line, is written as a JSON string literal (``"…"``);
* a blank cell is ``/``, never ``0``; amounts keep their digits (``0.0000``);
* a row the format does not define is marked ``*N`` (its place in the table's list of extra
  rows) and explained in a note under the table.
"""

from __future__ import annotations

import codecs
import datetime
import functools
import importlib
import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, NoReturn

import attrs

from govdisclosure.editions import EDITIONS, Block, Column, Edition, TableSpec
from govdisclosure.errors import GovDisclosureError, ReadError, WriteError
from govdisclosure.formats._decode import decode_text
from govdisclosure.formats._io import MAX_TEXT_BYTES, check_limit, reader_guard
from govdisclosure.formats._vocab import format_value, parse_value, position_paths, value_for_extra
from govdisclosure.model import (
    AdministrativeLevel,
    Agency,
    AnnualReport,
    Content,
    ExtraRow,
    Heading,
    Location,
    Paragraph,
    Position,
    SourceInfo,
    Table,
    Value,
)

__all__ = [
    "BLANK",
    "SIGNATURE",
    "TEXT_VERSION",
    "TextReader",
    "TextWriter",
    "display_width",
    "is_rendering",
]

TEXT_VERSION = 1
"""Version of the rendering; written on its signature line."""

_SIGNATURE_KEY = "文本格式"
SIGNATURE = f"{_SIGNATURE_KEY}：govdisclosure-text/{TEXT_VERSION}"
"""The third line of every rendering: how :class:`TextReader` recognises its own output."""

BLANK = "/"
"""How a blank (not filled) cell is printed."""

INDENT = "\u3000\u3000"
"""Two full-width spaces: the first-line indent of a paragraph, as Chinese documents print it."""

EXTRA_NOTE = "注：标“*”的行是格式未规定的行，按原文保留。"
"""The note printed under a table that has rows the format does not define."""

_COLUMN_GAP = "  "
_LEVEL_INDENT = "  "

# Header fields, in the order they are printed.
_AGENCY = "制作机关"
_REGION = "行政区划"
_LEVEL = "机关层级"
_YEAR = "报告年度"
_EDITION = "格式版本"
_TITLE = "标题来源"
_PUBLISHED = "发布日期"
_TITLE_COMPOSED = "按格式生成"
_TITLE_GIVEN = "报告原文"

_LEVEL_LABELS: dict[AdministrativeLevel, str] = {
    AdministrativeLevel.NATIONAL: "国家级",
    AdministrativeLevel.PROVINCIAL: "省级",
    AdministrativeLevel.MUNICIPAL: "地市级",
    AdministrativeLevel.COUNTY: "县级",
    AdministrativeLevel.TOWNSHIP: "乡镇级",
}
_LEVELS_BY_LABEL = {
    **{label: level for level, label in _LEVEL_LABELS.items()},
    **{level.value: level for level in AdministrativeLevel},
}

# -- display width ------------------------------------------------------------------------------


def display_width(text: str, *, ambiguous: int = 1) -> int:
    """Columns ``text`` takes in a monospace terminal.

    East Asian wide and full-width characters take two columns, combining marks and format
    characters none, characters of ambiguous width (``“”``, ``…``) ``ambiguous`` columns: one
    in most terminals, two in terminals set up for CJK.
    """
    if text.isascii():  # numbers, blanks, spaces: most of what a table holds
        return len(text)
    width = 0
    for ch in text:
        if ch.isascii():
            width += 1
            continue
        if unicodedata.category(ch) in {"Mn", "Me", "Cf"}:
            continue
        kind = unicodedata.east_asian_width(ch)
        width += 2 if kind in {"W", "F"} else ambiguous if kind == "A" else 1
    return width


# -- quoting ------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """``text`` as a JSON string literal with every non-printable character escaped."""
    out = ['"']
    for ch in text:
        if ch in {'"', "\\"}:
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
    out.append('"')
    return "".join(out)


def _plain_value(text: str) -> bool:
    # A header value or title runs to the end of its line.
    return bool(text) and text.isprintable() and text == text.strip() and not text.startswith('"')


def _plain_label(text: str) -> bool:
    # An extra row's label is followed by its values on the same line.
    return _plain_value(text) and " " not in text


def _value_text(text: str) -> str:
    return text if _plain_value(text) else _quote(text)


# -- layout: shared by writer and reader ---------------------------------------------------------


@attrs.frozen
class _GroupLine:
    label: str
    depth: int


@attrs.frozen
class _RowLine:
    key: str
    label: str
    depth: int


def _block_lines(spec: TableSpec, block: Block) -> Iterator[_GroupLine | _RowLine]:
    """The label lines of a block in print order: each group before its first member."""
    opened: set[str] = set()
    for row in block.rows:
        ancestors = list(reversed(list(spec.ancestors(row.key))))
        for depth, group in enumerate(ancestors):
            if group.key not in opened:
                opened.add(group.key)
                yield _GroupLine(group.label, depth)
        yield _RowLine(row.key, row.label, len(ancestors))


def _column_label(column: Column) -> str:
    """A column's label as printed, with its unit when the label does not already say it."""
    if column.unit and column.unit not in column.label:
        return f"{column.label}（单位：{column.unit}）"
    return column.label


def _extra_home(spec: TableSpec, extra: ExtraRow) -> tuple[str | None, str | None]:
    """Where an extra row is printed (a block key, or ``None`` for the end of the table) and the
    block override its marker needs (``None``: none; ``""``: "no block")."""
    if len(spec.blocks) > 1:
        if extra.block is not None:
            return extra.block, None
        return None, ""
    return None, extra.block


# -- table layout: what a table prints whatever its values, measured once per edition ------------


@attrs.frozen
class _Line:
    """A label line of a table as printed: a group (no values) or a row."""

    label: str
    text: str
    """The label, indented by its depth."""
    width: int
    """Display width of :attr:`text`."""
    row: str | None
    """The row's key; ``None`` for a group line."""


@attrs.frozen
class _Placed:
    """A text of a column header line, and the column it starts over."""

    column: int
    text: str
    width: int


@attrs.frozen
class _BlockLayout:
    block: Block
    lines: tuple[_Line, ...]
    header: tuple[tuple[_Placed, ...], ...]
    """The column header lines above the column labels: the header over all columns, the
    column groups (each over its first column)."""
    labels: tuple[_Placed, ...]
    """The column labels, one per column."""


@attrs.frozen
class _TableLayout:
    corner: str
    corner_width: int
    label_width: int
    """Widest of the corner label and the row labels."""
    blocks: tuple[_BlockLayout, ...]


@functools.lru_cache(maxsize=32)
def _table_layout(spec: TableSpec, ambiguous: int) -> _TableLayout:
    """The fixed texts of a table and their widths; immutable, built once per table and width.

    Measuring CJK labels is most of what printing a table costs; every report of an edition
    prints the same labels.
    """

    def width(text: str) -> int:
        return display_width(text, ambiguous=ambiguous)

    blocks = []
    for block in spec.blocks:
        lines = []
        for item in _block_lines(spec, block):
            text = _LEVEL_INDENT * item.depth + item.label
            row = item.key if isinstance(item, _RowLine) else None
            lines.append(_Line(item.label, text, width(text), row))
        header: list[tuple[_Placed, ...]] = []
        if spec.column_header is not None:
            header.append((_Placed(0, spec.column_header, width(spec.column_header)),))
        if any(c.group is not None for c in block.columns):
            placed: list[_Placed] = []
            seen: set[str] = set()
            for index, column in enumerate(block.columns):
                group = spec.column_group(column.group) if column.group else None
                if group is not None and group.key not in seen:
                    seen.add(group.key)
                    placed.append(_Placed(index, group.label, width(group.label)))
            header.append(tuple(placed))
        labels = tuple(
            _Placed(index, label, width(label))
            for index, label in enumerate(_column_label(c) for c in block.columns)
        )
        blocks.append(_BlockLayout(block, tuple(lines), tuple(header), labels))
    corner = spec.corner_label or ""
    corner_width = width(corner)
    label_width = max(
        [corner_width, *(line.width for b in blocks for line in b.lines if line.row is not None)]
    )
    return _TableLayout(corner, corner_width, label_width, tuple(blocks))


# -- writing ------------------------------------------------------------------------------------


class TextWriter:
    """Writes a report as plain text laid out like the official report (a ``str``).

    Args:
        ambiguous_width: columns taken by characters of East Asian ambiguous width (the quotes
            in 3.危及“三安全一稳定”): 1 (default; most terminals) or 2 (terminals set up for CJK).
            Only the alignment changes; the reader reads both.
    """

    def __init__(self, *, ambiguous_width: Literal[1, 2] = 1) -> None:
        if ambiguous_width not in (1, 2):
            raise ValueError(f"ambiguous_width must be 1 or 2, got {ambiguous_width!r}")
        self.ambiguous_width = ambiguous_width

    def dumps(self, report: AnnualReport) -> str:
        """The report as text; :class:`TextReader` reads it back to an equal report.

        Raises:
            WriteError: an extra row names a block its table does not have.
        """
        title = report.display_title if report.title is None else report.title
        lines = [_value_text(title), "", *_header(report), ""]
        structural = _structural(report.edition)
        lines.extend(_narrative(report.preamble, structural))
        for spec in report.edition.sections:
            lines.append(spec.heading)
            lines.append("")
            if spec.table is not None:
                lines.extend(self._table(report.table(spec.table)))
                lines.append("")
            lines.extend(_narrative(report.sections[spec.key].content, structural))
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines) + "\n"

    def _width(self, text: str) -> int:
        return display_width(text, ambiguous=self.ambiguous_width)

    def _table(self, table: Table) -> list[str]:
        spec = table.spec
        layout = _table_layout(spec, self.ambiguous_width)
        known = {b.key for b in spec.blocks}
        for extra in table.extra_rows:
            if extra.block is not None and extra.block not in known:
                raise WriteError(
                    f"table {spec.key}: extra row {extra.label!r} names block {extra.block!r},"
                    f" which edition {table.edition.key} does not have"
                )
        extras: dict[str | None, list[tuple[str, int, list[str]]]] = {}
        extra_values = []
        for index, extra in enumerate(table.extra_rows, start=1):
            home, override = _extra_home(spec, extra)
            marker = f"*{index}" + (f"[{override}]" if override is not None else "")
            label = extra.label if _plain_label(extra.label) else _quote(extra.label)
            head = f"{marker} {label}"
            values = [_cell_text(v) for v in extra.values]
            extra_values.append(values)
            extras.setdefault(home, []).append((head, self._width(head), values))
        label_width = max(
            [layout.label_width, *(width for heads in extras.values() for _, width, _ in heads)]
        )
        # Every cell's text, in reading order (blocks, their rows, their columns), which is the
        # order the table holds its cells in: each block's rows follow one another.
        texts = [
            str(v) if type(v) is int else _cell_text(v)  # most cells are counts
            for v in table.values.values()
        ]
        lines: list[str] = []
        last = layout.blocks[-1]
        start = 0
        for block_layout in layout.blocks:
            block = block_layout.block
            size = len(block.columns)
            end = start + size * len(block.rows)
            rows = [texts[i : i + size] for i in range(start, end, size)]
            # Values print in ASCII (digits, sign, point, "/"): one column a character.
            widths = [
                max([label.width, *map(len, texts[start + i : end : size])])
                for i, label in enumerate(block_layout.labels)
            ]
            start = end
            for values in extra_values:
                for i, text in enumerate(values[: len(widths)]):
                    widths[i] = max(widths[i], len(text))
            if block_layout is not layout.blocks[0]:
                lines.append("")
            if block.label:
                lines.append(block.label)
            lines.extend(self._column_header(layout, block_layout, widths, label_width))
            # The values of a row, right-aligned in their columns, in one call a row:
            # "{:>3}  {:>5} …" (values print in ASCII, one column a character).
            values_line = _COLUMN_GAP.join([f"{{:>{w}}}" for w in widths]).format
            row_texts = iter(rows)  # for the row lines, in order
            for line in block_layout.lines:
                if line.row is None:
                    lines.append(line.text)
                else:
                    padding = " " * (label_width - line.width) + _COLUMN_GAP
                    lines.append((line.text + padding + values_line(*next(row_texts))).rstrip())
            homes = [block.key] + ([None] if block_layout is last else [])
            for home in homes:
                for head, width, values in extras.get(home, []):
                    lines.append(_row(head, width, values, widths, label_width))
        if table.extra_rows:
            lines.append(EXTRA_NOTE)
        return lines

    def _column_header(
        self, layout: _TableLayout, block: _BlockLayout, widths: list[int], label_width: int
    ) -> list[str]:
        """The column header lines: the header over all columns, column groups, column labels."""
        starts = []
        position = label_width
        for width in widths:
            position += len(_COLUMN_GAP)
            starts.append(position)
            position += width
        # Column labels end where their column ends.
        labels = [(starts[p.column] + widths[p.column] - p.width, p) for p in block.labels]
        rows = [[(starts[p.column], p) for p in placed] for placed in block.header]
        lines = []
        for number, placed in enumerate([*rows, labels]):
            if number == 0:
                line = layout.corner + " " * (label_width - layout.corner_width)
                width = label_width
            else:
                line, width = "", 0
            for start, text in placed:
                gap = max(start - width, 1 if line else 0)
                line += " " * gap + text.text
                width += gap + text.width
            lines.append(line.rstrip())
        return lines


def _cell_text(value: Value) -> str:
    if type(value) is int:  # most cells: skip the general formatting
        return str(value)
    return format_value(value) or BLANK


def _row(label: str, label_width: int, values: list[str], widths: list[int], width: int) -> str:
    """A table line: the label padded to ``width``, then each value right-aligned in its column
    (values print in ASCII, one column a character)."""
    cells = [value.rjust(w) for value, w in zip(values, widths, strict=False)]
    cells.extend(values[len(widths) :])  # an extra row's values beyond the block's columns
    line = label + " " * (width - label_width) + _COLUMN_GAP + _COLUMN_GAP.join(cells)
    return line.rstrip()


def _header(report: AnnualReport) -> Iterator[str]:
    agency = report.agency
    yield SIGNATURE
    yield f"{_AGENCY}：{_value_text(agency.name)}"
    if agency.region is not None:
        yield f"{_REGION}：{_value_text(agency.region)}"
    if agency.level is not None:
        yield f"{_LEVEL}：{_LEVEL_LABELS[agency.level]}"
    yield f"{_YEAR}：{report.year}"
    yield f"{_EDITION}：{report.edition.key}（{report.edition.document}）"
    yield f"{_TITLE}：{_TITLE_COMPOSED if report.title is None else _TITLE_GIVEN}"
    if report.published_on is not None:
        yield f"{_PUBLISHED}：{report.published_on.isoformat()}"


def _structural(edition: Edition) -> frozenset[str]:
    return frozenset(h for s in edition.sections for h in (s.heading, *s.aliases))


def _narrative(content: Iterable[Content], structural: frozenset[str]) -> Iterator[str]:
    for item in content:
        match item:
            case Paragraph():
                yield INDENT + item.text
            case Heading():
                text = item.text
                plain = not text.startswith('"') and text not in structural
                yield text if plain else _quote(text)
            case _:
                _assert_never(item)
        yield ""


def _assert_never(item: NoReturn) -> NoReturn:  # typing.assert_never is Python ≥ 3.11
    raise AssertionError(f"unhandled content {item!r}")


# -- reading ------------------------------------------------------------------------------------


def _encoding(data: bytes) -> str:
    # The writer writes UTF-8; an editor may have saved it as UTF-16 (with a byte order mark).
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def is_rendering(data: str | bytes) -> bool:
    """Whether ``data`` is this library's text rendering (its third line is the signature).

    Cheap: looks at the first three lines only.
    """
    if isinstance(data, bytes):
        head = data[: 1 << 16].decode(_encoding(data), "ignore")
    else:
        head = data[: 1 << 16].removeprefix("\ufeff")
    lines = head.split("\n", 3)
    return len(lines) >= 3 and lines[2].rstrip("\r").startswith(
        _SIGNATURE_KEY + "：govdisclosure-text/"
    )


class TextReader:
    """Reads text: this library's rendering exactly, anything else through the portal-text reader.

    Args:
        **hints: passed to :func:`govdisclosure.formats.realtext.read_text` for text that is not
            this library's rendering (``agency=``, ``year=`` … where the text does not say;
            the recogniser's limits ``max_grid_cells=`` and ``max_split_steps=``); the
            rendering itself carries everything and needs none.
        max_bytes: refuse a text longer than this (:data:`~govdisclosure.formats.MAX_TEXT_BYTES`)
            before reading it.
    """

    def __init__(self, *, max_bytes: int = MAX_TEXT_BYTES, **hints: Any) -> None:
        self.max_bytes = check_limit("max_bytes", max_bytes)
        self.hints = hints

    @reader_guard("text")
    def loads(self, data: str | bytes, *, source: str | None = None) -> AnnualReport:
        """Read a report from text (``str``, or bytes in any encoding the readers decode).

        Args:
            data: the whole text.
            source: a name for the input, used in messages and positions.

        Raises:
            ReadError: the text cannot be read as a report (the message names the line).
        """
        # Decoded once, with the detection copied text needs (the rendering is UTF-8, or
        # UTF-16 with a byte-order mark, which it detects too).
        text = decode_text(data, source=source)
        if is_rendering(text):
            return _Parser(text, source).parse()
        return self._portal_text(text, source)

    def _portal_text(self, data: str, source: str | None) -> AnnualReport:
        module_name = "govdisclosure.formats.realtext"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            raise ReadError(
                f"not a govdisclosure text rendering (its third line is not {SIGNATURE!r});"
                " reading text copied from portals is not available",
                source=source or "<text>",
            ) from None
        read_text: Callable[..., AnnualReport] = module.read_text
        return read_text(data, source=source, **self.hints)


_EXTRA = re.compile(r"\*([0-9]+)(?:\[([A-Za-z0-9_]*)\])?(?: |$)")


class _Parser:
    """Reads one rendering, line by line, against the layout the edition declares."""

    def __init__(self, text: str, source: str | None) -> None:
        self.source = source or "<text>"
        self.lines = text.split("\n")
        if "\r" in text:
            self.lines = [line.removesuffix("\r") for line in self.lines]
        self.index = 0
        self.current = 0
        """1-based number of the line last taken."""
        self.positions: dict[str, Position] = {}

    # cursor

    def fail(self, message: str, line: int | None = None) -> NoReturn:
        raise ReadError(message, source=self.source, line=line or self.current or 1)

    def fail_at(self, line: int, message: str) -> NoReturn:
        """Fail at ``line`` (1-based), with the cursor there."""
        self.index = self.current = line
        self.fail(message, line)

    def peek(self) -> str | None:
        return self.lines[self.index] if self.index < len(self.lines) else None

    def take(self, what: str, name: str | None = None) -> str:
        """The next line; ``what`` (and ``name``, quoted) say what was expected if none is left."""
        if self.index >= len(self.lines):
            expected = what if name is None else f"{what} {name!r}"
            self.fail(f"the text ends where {expected} was expected", len(self.lines))
        line = self.lines[self.index]
        self.index += 1
        self.current = self.index
        return line

    def skip_blank(self) -> None:
        while (line := self.peek()) is not None and not line.strip():
            self.index += 1

    def here(self, location: Location) -> None:
        self.positions[location.path] = Position(self.source, self.current)  # (source, line)

    def literal(self, text: str, what: str) -> str:
        try:
            value = json.loads(text)
        except ValueError as exc:
            self.fail(f"{what}: a quoted value is not a valid string literal ({exc})")
        if not isinstance(value, str):
            self.fail(f"{what}: expected a quoted string, found {text[:40]!r}")
        return value

    def value_text(self, text: str, what: str) -> str:
        return self.literal(text, what) if text.startswith('"') else text

    # document

    def parse(self) -> AnnualReport:
        title = self.value_text(self.take("the title"), "title")
        self.skip_blank()
        fields = self.header()
        report = self.report(title, fields)
        report.preamble.extend(self.narrative(report.edition.sections[0].heading, None))
        for number, spec in enumerate(report.edition.sections):
            heading = self.take(f"the heading {spec.heading!r}")
            if heading != spec.heading:
                self.fail(f"expected the heading {spec.heading!r}, found {heading[:40]!r}")
            self.here(Location(section=spec.key))
            if spec.table is not None:
                self.skip_blank()
                self.table(report.table(spec.table))
            following = report.edition.sections[number + 1 :]
            stop = following[0].heading if following else None
            report.sections[spec.key].content.extend(self.narrative(stop, spec.key))
        report.source = SourceInfo(name=self.source, format="text", positions=self.positions)
        return report

    def header(self) -> dict[str, tuple[str, int]]:
        fields: dict[str, tuple[str, int]] = {}
        while (line := self.peek()) is not None and line.strip():
            number = self.index + 1
            key, sep, value = line.partition("：")
            if not sep:
                self.fail(f"expected a header line 'name：value', found {line[:40]!r}")
            if key in fields:
                self.fail(f"the header field {key!r} appears twice")
            fields[key] = (value, number)
            self.take("a header line")
        signature = fields.pop(_SIGNATURE_KEY, ("", 0))[0]
        if signature != SIGNATURE.partition("：")[2]:
            self.fail(
                f"unsupported text rendering {signature!r}; this version reads {SIGNATURE!r}", 3
            )
        known = {_AGENCY, _REGION, _LEVEL, _YEAR, _EDITION, _TITLE, _PUBLISHED}
        for key, (_, number) in fields.items():
            if key not in known:
                self.fail(f"unknown header field {key!r}", number)
        for key in (_AGENCY, _YEAR, _EDITION, _TITLE):
            if key not in fields:
                self.fail(f"the header has no {key!r} line", self.index)
        return fields

    def report(self, title: str, fields: dict[str, tuple[str, int]]) -> AnnualReport:
        def field(key: str) -> tuple[str, int] | None:
            return fields.get(key)

        edition_text, line = fields[_EDITION]
        key = edition_text.partition("（")[0]
        if key not in EDITIONS:
            self.fail(f"unknown edition {key!r}; known editions: {', '.join(EDITIONS)}", line)
        edition = EDITIONS[key]
        year_text, line = fields[_YEAR]
        if not re.fullmatch(r"[0-9]{4}", year_text):
            self.fail(f"expected the report year as four digits, found {year_text!r}", line)
        title_source, title_line = fields[_TITLE]
        if title_source not in {_TITLE_COMPOSED, _TITLE_GIVEN}:
            self.fail(
                f"expected {_TITLE_COMPOSED!r} or {_TITLE_GIVEN!r}, found {title_source!r}",
                title_line,
            )
        level: AdministrativeLevel | None = None
        if (found := field(_LEVEL)) is not None:
            if found[0] not in _LEVELS_BY_LABEL:
                self.fail(
                    f"unknown agency level {found[0]!r}; known: {', '.join(_LEVEL_LABELS.values())}",
                    found[1],
                )
            level = _LEVELS_BY_LABEL[found[0]]
        published: datetime.date | None = None
        if (found := field(_PUBLISHED)) is not None:
            try:
                published = datetime.date.fromisoformat(found[0])
            except ValueError:
                self.fail(f"expected the date as YYYY-MM-DD, found {found[0]!r}", found[1])
        name_text, name_line = fields[_AGENCY]
        region = field(_REGION)
        try:
            agency = Agency(
                name=self.value_text(name_text, _AGENCY),
                region=self.value_text(region[0], _REGION) if region else None,
                level=level,
            )
            report = AnnualReport.blank(
                agency=agency,
                year=int(year_text),
                edition=edition,
                title=title if title_source == _TITLE_GIVEN else None,
                published_on=published,
            )
        except ReadError:
            raise
        except (ValueError, TypeError) as exc:
            self.fail(str(exc), name_line)
        if title_source == _TITLE_COMPOSED and title != report.display_title:
            self.fail(
                f"the title {title[:40]!r} is not the composed title {report.display_title!r}"
                f" that {_TITLE}：{_TITLE_COMPOSED} says it is",
                1,
            )
        return report

    def narrative(self, stop: str | None, section: str | None) -> Iterator[Content]:
        end = len(self.lines)
        if stop is not None:
            try:
                end = self.lines.index(stop, self.index)
            except ValueError:
                self.fail(f"no heading {stop!r} after line {self.current}", self.current)
        while self.index < end:
            line = self.take("text")
            if not line.strip():
                continue
            try:
                if line.startswith(INDENT):
                    yield Paragraph(text=line[len(INDENT) :])
                elif line.startswith('"'):
                    yield Heading(text=self.literal(line, "a quoted sub-heading"))
                else:
                    yield Heading(text=line)
            except ReadError:
                raise
            except ValueError as exc:
                where = f"section {section!r}" if section else "the preamble"
                self.fail(f"{where}: {exc}")

    # tables

    def table(self, table: Table) -> None:
        spec = table.spec
        extras: list[tuple[int, ExtraRow, int]] = []
        layout = _table_layout(spec, 1)  # the labels; their widths do not matter here
        for number, block_layout in enumerate(layout.blocks):
            block = block_layout.block
            if number:
                self.skip_blank()
            if block.label:
                line = self.take("the block", block.label)
                if line.strip() != block.label:
                    self.fail(
                        f"expected the block {block.label!r} of table {spec.number}, found {line[:40]!r}"
                    )
            self.column_header(spec, block_layout)
            self.label_lines(table, spec, block_layout)
            last = block_layout is layout.blocks[-1]
            while (following := self.peek()) is not None and _EXTRA.match(following):
                extras.append(self.extra(table, block, following, last))
        if extras:
            line = self.take("the note on extra rows")
            if line.strip() != EXTRA_NOTE:
                self.fail(f"expected the note {EXTRA_NOTE!r}, found {line[:40]!r}")
            numbers = sorted(n for n, _, _ in extras)
            if numbers != list(range(1, len(extras) + 1)):
                self.fail(
                    f"extra rows of table {spec.number} are numbered {numbers}, expected 1…{len(extras)}",
                    extras[-1][2],
                )
            table.extra_rows.extend(extra for _, extra, _ in sorted(extras, key=lambda e: e[0]))
        after = self.peek()
        if after is not None and after.strip():
            self.fail(
                f"expected a blank line after table {spec.number}, found {after[:40]!r}",
                self.index + 1,
            )

    def column_header(self, spec: TableSpec, block: _BlockLayout) -> None:
        lines = [
            self.take(f"the column header of table {spec.number}")
            for _ in range(len(block.header) + 1)
        ]
        labels = lines[-1]
        position = 0
        for placed in block.labels:
            found = labels.find(placed.text, position)
            if found < 0:
                self.fail(f"expected the column label {placed.text!r} of table {spec.number}")
            position = found + len(placed.text)

    def label_lines(self, table: Table, spec: TableSpec, block: _BlockLayout) -> None:
        """The group and row lines of a block: labels checked, values read, rows set at once.

        Runs for every row of every report read: one loop over the block's lines (a slice of
        the text), then one :meth:`Table.set_rows` for the block. The cursor moves past the
        block at the end (or to the line of a problem, before saying what is wrong there).
        """
        paths = position_paths(spec)
        money = spec.money_rows
        width = len(block.block.columns)
        start = self.index
        chunk = self.lines[start : start + len(block.lines)]
        if len(chunk) < len(block.lines):  # the text ends inside the block
            self.index = len(self.lines)
            self.take("the row", block.lines[len(chunk)].label)
        source = self.source
        positions = self.positions
        rows: dict[str, list[Value]] = {}
        for number, item, line in zip(itertools.count(start + 1), block.lines, chunk):
            label, row = item.label, item.row
            text = line.strip()
            if row is None:
                if text != label:
                    self.fail_at(
                        number,
                        f"expected the group {label!r} of table {spec.number}, found {text[:40]!r}",
                    )
                continue
            rest = text.removeprefix(label)
            if rest == text or (rest and not rest[0].isspace()):
                self.fail_at(
                    number,
                    f"expected the row {label!r} of table {spec.number}, found {text[:40]!r}",
                )
            tokens = rest.split()
            if len(tokens) != width:
                self.fail_at(
                    number, f"expected {width} values after {label!r}, found {len(tokens)}"
                )
            # One position for the row and its cells: they share the line.
            positions.update(dict.fromkeys(paths[row], Position(source, number)))  # (source, line)
            digits = "".join(tokens)
            try:
                if digits.isdigit() and digits.isascii() and row not in money:
                    rows[row] = list(map(int, tokens))  # counts only: most rows
                else:
                    rows[row] = [
                        None if token == BLANK else parse_value(token, kind)
                        for token, kind in zip(tokens, spec.row_kinds(row), strict=True)
                    ]
            except ValueError as exc:  # not a number, or more digits than int() converts
                self.fail_at(number, str(exc))
        self.index = self.current = start + len(block.lines)
        try:
            table.set_rows(rows)
        except GovDisclosureError:
            for number, item in enumerate(block.lines, start + 1):  # which row: one by one
                if item.row is not None:
                    try:
                        table.set_row(item.row, rows[item.row])
                    except GovDisclosureError as exc:
                        self.fail_at(number, str(exc))

    def value(self, token: str, column: Column | None, kind: Any = None) -> Value:
        if token == BLANK:
            return None
        try:
            return parse_value(token, column.kind if column is not None else kind)
        except ValueError as exc:
            self.fail(str(exc))

    def extra(self, table: Table, block: Block, line: str, last: bool) -> tuple[int, ExtraRow, int]:
        spec = table.spec
        self.take("an extra row")
        number = self.current
        match = _EXTRA.match(line)
        assert match is not None
        index, override = int(match.group(1)), match.group(2)
        rest = line[match.end() :]
        if rest.startswith('"'):
            try:
                label, end = json.JSONDecoder().raw_decode(rest)
            except ValueError as exc:
                self.fail(f"extra row *{index}: the quoted label is not a string literal ({exc})")
            if not isinstance(label, str):
                self.fail(f"extra row *{index}: expected a quoted label")
            rest = rest[end:]
        else:
            label, _, rest = rest.partition(" ")
        if len(spec.blocks) > 1:
            home: str | None = block.key
        else:
            home = None
        if override is not None:
            if override and override not in {b.key for b in spec.blocks}:
                self.fail(f"extra row *{index}: unknown block {override!r}")
            if len(spec.blocks) > 1 and not last:
                self.fail(f"extra row *{index}: a block override may only follow the last block")
            home = override or None
        values = tuple(
            self.value(token, None, value_for_extra(spec, home, i))
            for i, token in enumerate(rest.split())
        )
        try:
            return index, ExtraRow(label=label, values=values, block=home), number
        except GovDisclosureError as exc:
            self.fail(str(exc))
