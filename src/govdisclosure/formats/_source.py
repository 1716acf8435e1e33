"""A document as readers see it before recognition: an ordered stream of paragraphs and tables.

Every reader of a *published* layout (HTML, DOCX, PDF, text copied from portals) turns its input
into a :class:`SourceDocument`; one recogniser (:mod:`govdisclosure.formats._recognize`) turns
that into an :class:`~govdisclosure.model.AnnualReport`: it finds the title, agency and year,
splits the narrative into the six sections by their headings, finds the three tables by their
labels, and records provenance and reader notes. Format-specific code stays small (extract
paragraphs and cells); everything the format defines (labels, rows, columns) is matched in one
place, from the edition data.

Tables keep cells as the source has them, in document order, with their spans: a merged cell
appears once, with ``rowspan``/``colspan`` (DOCX ``w:vMerge``/``w:gridSpan`` become spans too).
The recogniser expands spans itself when it needs a grid, and can also map cells by order,
which some portal pages need (header and data rows whose spans do not line up). A row of copied
text, whose cells are plain text on one line, is a :class:`TextRow`: it reads as a tuple of
cells but holds only their texts and the line's position.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple, Union, overload

import attrs

from govdisclosure.errors import ReadError
from govdisclosure.model.diagnostics import Position

__all__ = [
    "MAX_GRID_CELLS",
    "META_AGENCY",
    "META_EDITION",
    "META_LEVEL",
    "META_PUBLISHED_ON",
    "META_REGION",
    "META_TITLE",
    "META_YEAR",
    "SourceBlock",
    "SourceCell",
    "SourceDocument",
    "SourceParagraph",
    "SourceTable",
    "TextRow",
    "check_grid",
]

# Metadata keys a writer of this library embeds (HTML <meta name="govdisclosure:…">, DOCX
# custom properties) so that its own output reads back losslessly. Values are strings.
META_AGENCY = "agency"
META_REGION = "region"
META_LEVEL = "level"
"""An :class:`~govdisclosure.model.AdministrativeLevel` value."""
META_YEAR = "year"
META_EDITION = "edition"
META_PUBLISHED_ON = "published_on"
"""ISO date ``2021-01-20``."""
META_TITLE = "title"
"""Present only when the report has an explicit title (``AnnualReport.title``)."""


class SourceCell(NamedTuple):
    """One cell of a source table, as the source has it.

    A named tuple: a page has hundreds of cells, and a tuple is made in about half the time
    of a frozen attrs instance.
    """

    text: str
    """Cell text; line breaks inside the cell (``<br>``, several paragraphs) as ``"\\n"``."""
    rowspan: int = 1
    colspan: int = 1
    position: Position | None = None
    role: str | None = None
    """What the source says the cell is, where it says it (this library's own output does):
    ``"extra"`` (the label of a non-standard row, never matched against the format's labels),
    ``"pad"`` (layout filler, ignored); ``None`` when unknown."""


@attrs.frozen
class TextRow(Sequence[SourceCell]):
    """A table row of copied text: plain cells (no spans, no roles) that share their line's
    position.

    It reads as a tuple of :class:`SourceCell` (``row[0].text``, ``row[0].position``), each
    made on access; the recogniser reads :attr:`texts` directly. Copied text has hundreds of
    cells per report, and an object for each was a fifth of the time it took to read one.
    """

    texts: tuple[str, ...]
    position: Position | None = None

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> SourceCell: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[SourceCell, ...]: ...

    def __getitem__(self, index: int | slice) -> SourceCell | tuple[SourceCell, ...]:
        if isinstance(index, slice):
            return tuple(SourceCell(text=t, position=self.position) for t in self.texts[index])
        return SourceCell(text=self.texts[index], position=self.position)

    def __iter__(self) -> Iterator[SourceCell]:
        return (SourceCell(text=t, position=self.position) for t in self.texts)


@attrs.frozen
class SourceTable:
    """A table: rows of cells in document order (merged cells once, with their spans)."""

    rows: tuple[tuple[SourceCell, ...] | TextRow, ...]
    position: Position | None = None


@attrs.frozen
class SourceParagraph:
    """A paragraph of text outside tables."""

    text: str
    position: Position | None = None
    role: str | None = None
    """What the source says the paragraph is, where it says it: ``"title"``,
    ``"section_heading"``, ``"heading"`` (a sub-heading), ``"paragraph"``; ``None`` when unknown
    (the recogniser then decides from the text)."""


SourceBlock = Union[SourceParagraph, SourceTable]  # noqa: UP007 -- runtime alias for 3.10


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@attrs.frozen
class SourceDocument:
    """A whole source document, before recognition."""

    blocks: tuple[SourceBlock, ...]
    name: str | None = None
    """File name or other description, for messages and provenance."""
    format: str = "unknown"
    """The registry name of the format it was read from."""
    metadata: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    """``META_*`` keys, when the document carries them (this library's own output does)."""


MAX_GRID_CELLS = 1_000_000
"""The most grid cells the tables of one document may cover, each merged cell counted by the
cells it spans (clipped to its table). A report's tables cover a few thousand; spans are how a
few bytes of HTML or DOCX could claim billions."""


def check_grid(document: SourceDocument, *, max_span: int, limit: int = MAX_GRID_CELLS) -> None:
    """Refuse a document whose tables' cells, spans expanded, would cover more than ``limit``
    grid cells (spans clipped to ``max_span`` and to the rows the table has).

    Raises:
        ReadError: naming the table where the count passed the limit.
    """
    total = 0
    number = 0
    for block in document.blocks:
        if not isinstance(block, SourceTable):
            continue
        number += 1
        height = len(block.rows)
        for r, row in enumerate(block.rows):
            if isinstance(row, TextRow):
                total += len(row.texts)  # one grid cell each, without a SourceCell each
                continue
            below = height - r
            for cell in row:
                rows = min(cell.rowspan, below, max_span) if cell.rowspan > 1 else 1
                total += rows * (min(cell.colspan, max_span) if cell.colspan > 1 else 1)
        if total > limit:
            raise ReadError(
                f"the tables' merged cells span more than {limit} grid cells in all (a real"
                " report's tables cover a few thousand)",
                source=document.name,
                place=f"table {number}",
            )
