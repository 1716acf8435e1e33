"""Reports as text copied from portals: tab-separated, ``|``-separated, one cell per line.

Text copied out of a web page keeps the words but loses the tables' grid: cells become tab
runs, ``|`` rows (with or without a leading pipe), or one cell per line with rows closed by a
line of pipes; merged cells collapse; headers break mid-word. :func:`text_document` turns such
text into the paragraphs and table rows of a
:class:`~govdisclosure.formats._source.SourceDocument`, keeping each cell's line number, and
:func:`read_text` hands that to the shared recogniser
(:func:`govdisclosure.formats._recognize.assemble`), which finds the report in it.

This is the fallback of the ``text`` format: :class:`~govdisclosure.formats.plaintext.TextReader`
reads this library's own rendering itself and passes anything else here, so
``gd.load("report.txt")`` reads copied text too.
"""

from __future__ import annotations

import re

from govdisclosure.editions import Edition
from govdisclosure.formats._decode import decode_text
from govdisclosure.formats._io import reader_guard
from govdisclosure.formats._recognize import MAX_SPLIT_STEPS, assemble
from govdisclosure.formats._source import (
    MAX_GRID_CELLS,
    SourceBlock,
    SourceCell,
    SourceDocument,
    SourceParagraph,
    SourceTable,
    TextRow,
)
from govdisclosure.model import Agency, AnnualReport, Position

__all__ = ["read_text", "text_document"]

_PIPES = re.compile(r"[|｜]")
_ONLY_PIPES = re.compile(r"^[|｜\s]+$")
_MAX_CELL = 200
"""The longest text a table cell holds (the longest label is under 40 characters); a line
whose tab-separated pieces are longer is text, not a row."""


class _Builder:
    """Collects paragraphs and table rows in document order."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.blocks: list[SourceBlock] = []
        self.rows: list[TextRow | tuple[SourceCell, ...]] = []
        self.pending: list[SourceCell] = []
        """Cells of the one-cell-per-line layout (each on its own line), until a line of pipes
        closes the row."""

    def row(self, parts: list[str], line: int) -> None:
        """A row of the cells ``parts`` (stripped)."""
        if self.pending:
            self.close_cells()
        if parts:
            # (Positional arguments: an attrs class is made in about half the time.)
            self.rows.append(TextRow(tuple(parts), Position(self.source, line)))

    def cell(self, part: str, line: int) -> None:
        self.pending.append(SourceCell(part.strip(), 1, 1, Position(self.source, line)))

    def close_cells(self) -> None:
        if self.pending:
            cells, self.pending = self.pending, []
            self.rows.append(tuple(cells))

    def paragraph(self, text: str, line: int) -> None:
        if self.rows or self.pending:
            self.close_table()
        self.blocks.append(SourceParagraph(text, Position(self.source, line)))

    def close_table(self) -> None:
        if self.pending:
            self.close_cells()
        if self.rows:
            first = self.rows[0][0].position
            self.blocks.append(SourceTable(rows=tuple(self.rows), position=first))
            self.rows = []


def text_document(text: str, *, source: str | None = None) -> SourceDocument:
    """The paragraphs and table rows of copied text, each with its line number.

    A line is a table row when it holds two or more cells separated by tabs or ``|``; a line
    ending in one ``|`` is one cell of a row that a line of pipes closes (the one-cell-per-line
    layout). Other lines are paragraphs. Consecutive rows form one table; blank lines do not
    break it.
    """
    builder = _Builder(source)
    # Every report has a hundred lines or more, and every report read goes through here: the
    # loop keeps to what each line needs.
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip(" \u3000\r\n\ufeff")
        stripped = line.strip()
        if not stripped:
            continue
        if "|" in line or "｜" in line:
            _pipe_line(builder, stripped, number)
            continue
        if "\t" in line:
            parts = line.split("\t")
            if " " in line or not line.replace("\t", " ").isprintable():
                # A cell may have white space around it (every other kind of white space is
                # unprintable): found in C, most rows have none.
                parts = [p.strip() for p in parts]
            if len(parts) - parts.count("") >= 2:
                if len(line) <= _MAX_CELL or max(map(len, parts)) <= _MAX_CELL:
                    builder.row(parts, number)
                    continue
                # Not a row: text with a tab in it (a page's whole text on one line, the
                # title and the rest separated by a tab). Each piece is a paragraph.
                for part in parts:
                    if part.strip():
                        builder.paragraph(part.strip(), number)
                continue
        builder.paragraph(stripped, number)
    builder.close_table()
    return SourceDocument(blocks=tuple(builder.blocks), name=source, format="text")


def _pipe_line(builder: _Builder, line: str, number: int) -> None:
    if _ONLY_PIPES.match(line):
        builder.close_cells()
        return
    parts = _PIPES.split(line)
    leading = not parts[0].strip()
    trailing = not parts[-1].strip()
    if leading:
        parts = parts[1:]
    if trailing and parts:
        # A trailing pipe closes the row (``a | 1 | 2 |``, as most copies have it). Cells
        # joined by " | " with an empty last cell look the same (``a | 1 | 2 | ``): their
        # numbers are then one cell short, and placed only where the row's sums allow.
        parts = parts[:-1]
    if len(parts) == 1 and trailing and not leading:
        builder.cell(parts[0], number)  # ``cell |``: one cell of the one-cell-per-line layout
        return
    builder.row([p.strip() for p in parts], number)


@reader_guard("text")
def read_text(
    data: str | bytes,
    *,
    source: str | None = None,
    agency: Agency | str | None = None,
    year: int | None = None,
    edition: Edition | str | int | None = None,
    max_grid_cells: int = MAX_GRID_CELLS,
    max_split_steps: int = MAX_SPLIT_STEPS,
) -> AnnualReport:
    """Read a report from text copied from a portal (or saved by a crawler).

    Bytes are decoded first (UTF-8 with or without BOM, UTF-16, GB18030/GBK, detected). The
    hints fill in what the text does not say (an excerpt that only says 我局 has no agency).
    ``max_grid_cells`` and ``max_split_steps`` are the recogniser's limits (see
    :func:`~govdisclosure.formats._recognize.assemble`; ``docs/security.md``).

    Raises:
        ReadError: the bytes are not text in a supported encoding, or nothing of an annual
            report is found in them.
    """
    text = decode_text(data, source=source)
    document = text_document(text, source=source)
    return assemble(
        document,
        agency=agency,
        year=year,
        edition=edition,
        max_grid_cells=max_grid_cells,
        max_split_steps=max_split_steps,
    )
