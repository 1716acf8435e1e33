"""The DOCX reader: this library's own documents back to the same report, and DOCX reports
written by Word, WPS and portal converters to the values they print."""

from __future__ import annotations

from collections.abc import Mapping

from govdisclosure.editions import Edition
from govdisclosure.errors import ReadError
from govdisclosure.formats._io import MAX_INPUT_BYTES, check_limit, reader_guard
from govdisclosure.formats._recognize import MAX_SPLIT_STEPS, assemble
from govdisclosure.formats._source import MAX_GRID_CELLS
from govdisclosure.formats.word._extract import extract
from govdisclosure.formats.word._package import (
    MAX_COMPRESSION_RATIO,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_TOTAL_BYTES,
    Package,
)
from govdisclosure.model import Agency, AnnualReport

__all__ = ["DocxReader"]


class DocxReader:
    """Reads a report from a ``.docx``.

    Paragraphs and tables are taken from ``word/document.xml`` (see
    :func:`~govdisclosure.formats.word.read_source_document`) and recognised by the shared
    recogniser: the tables by their labels, the narrative by its headings. This library's own
    documents read back to an equal report (their metadata is kept in custom document
    properties, each paragraph's role in its style).

    Args:
        agency: the publishing body, where the document does not say (a hint).
        year: the report year, where the document does not say.
        edition: the format edition, where the layout does not settle it.
        max_part_bytes: refuse a package part that unpacks to more than this.
        max_total_bytes: refuse a package whose parts read unpack to more than this in all.
        max_parts: refuse a package with more entries than this.
        max_compression_ratio: refuse a part that unpacks to more than this many times its
            compressed size (once past 1 MiB): a zip bomb.
        allow_macros: read a macro-enabled document (``.docm`` content, whatever the file is
            called) instead of refusing it; its macros are never run either way.
        max_bytes: refuse a package larger than this
            (:data:`~govdisclosure.formats.MAX_INPUT_BYTES`) before opening it.
        max_grid_cells: refuse tables whose merged cells cover more grid cells in all
            (``_source.MAX_GRID_CELLS``, 1 000 000).
        max_split_steps: the search budget of one document for splitting run-together numbers
            (``_recognize.MAX_SPLIT_STEPS``).

    The defaults of the limits are the constants of the same name in
    ``govdisclosure.formats.word._package``; ``docs/security.md`` lists them.
    """

    def __init__(
        self,
        *,
        agency: Agency | str | None = None,
        year: int | None = None,
        edition: Edition | str | int | None = None,
        max_part_bytes: int = MAX_PART_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        max_parts: int = MAX_PARTS,
        max_compression_ratio: int = MAX_COMPRESSION_RATIO,
        allow_macros: bool = False,
        max_bytes: int = MAX_INPUT_BYTES,
        max_grid_cells: int = MAX_GRID_CELLS,
        max_split_steps: int = MAX_SPLIT_STEPS,
    ) -> None:
        self.agency = agency
        self.year = year
        self.edition = edition
        self.max_part_bytes = check_limit("max_part_bytes", max_part_bytes)
        self.max_total_bytes = check_limit("max_total_bytes", max_total_bytes)
        self.max_parts = check_limit("max_parts", max_parts)
        self.max_compression_ratio = check_limit("max_compression_ratio", max_compression_ratio)
        self.allow_macros = allow_macros
        self.max_bytes = check_limit("max_bytes", max_bytes)
        self.max_grid_cells = check_limit("max_grid_cells", max_grid_cells)
        self.max_split_steps = check_limit("max_split_steps", max_split_steps)

    @reader_guard("docx")
    def loads(self, data: str | bytes, *, source: str | None = None) -> AnnualReport:
        """Read a whole ``.docx`` given as bytes.

        A document with only some of the tables gives a partial report (validation lists what
        is missing).

        Raises:
            ReadError: the input is not a readable DOCX, or holds none of the report's tables.
        """
        if isinstance(data, str):
            raise ReadError(
                "a DOCX is binary data (a zip package), got text; pass bytes", source=source
            )
        package = Package(
            data,
            source=source,
            max_part_bytes=self.max_part_bytes,
            max_total_bytes=self.max_total_bytes,
            max_parts=self.max_parts,
            max_compression_ratio=self.max_compression_ratio,
            allow_macros=self.allow_macros,
        )
        extracted = extract(package)
        report = assemble(
            extracted.document,
            agency=self.agency,
            year=self.year,
            edition=self.edition,
            max_grid_cells=self.max_grid_cells,
            max_split_steps=self.max_split_steps,
        )
        if not _has_tables(report):
            labels = "; ".join(f"{spec.number} {spec.title}" for spec in report.edition.tables)
            raise ReadError(
                f"none of the report's tables was found (looked for tables {labels} by their"
                " row and column labels); is it a 政府信息公开工作年度报告?",
                source=source,
            )
        _restore_extra_order(report, extracted.extra_order)
        return report


def _restore_extra_order(report: AnnualReport, order: Mapping[str, tuple[int, ...]]) -> None:
    """Put extra rows back in the order the report held them: the layout prints each at the
    end of its block. Left as read when the marks do not account for every row (an edited
    document)."""
    for table in report.tables:
        indexes = order.get(table.key, ())
        if sorted(indexes) == list(range(len(table.extra_rows))) and indexes:
            ranked = sorted(zip(indexes, table.extra_rows, strict=True), key=lambda p: p[0])
            table.extra_rows[:] = [row for _, row in ranked]


def _has_tables(report: AnnualReport) -> bool:
    """Whether the recogniser read any row of any of the three tables."""
    keys = {table.key for table in report.tables}
    positions = report.source.positions if report.source is not None else {}
    return any(path.partition("[")[0] in keys for path in positions) or not all(
        table.is_blank for table in report.tables
    )
