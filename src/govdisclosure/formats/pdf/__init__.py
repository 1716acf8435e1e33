"""Reading reports published as PDF (read only; needs ``pip install 'govdisclosure[pdf]'``).

Text and ruled tables come from the PDF's text layer through pdfplumber; the PDF-specific work
(tables joined over page breaks, repeated header rows dropped, wrapped labels joined, merged
cells from the ruling lines, page numbers and running heads dropped) happens here and yields a
:class:`~govdisclosure.formats._source.SourceDocument`, which the shared recogniser turns into
a report like any other published layout. See ``docs/pdf.md``.
"""

from __future__ import annotations

import io
import itertools
import logging
from collections.abc import Iterator

import attrs
import pdfplumber
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfplumber.page import Page
from pdfplumber.pdf import PDF

from govdisclosure.editions import Edition
from govdisclosure.errors import ReadError
from govdisclosure.formats._io import MAX_INPUT_BYTES, reader_guard
from govdisclosure.formats._recognize import MAX_SPLIT_STEPS, assemble
from govdisclosure.formats._source import MAX_GRID_CELLS, SourceDocument
from govdisclosure.formats.pdf._document import Continuation, build_blocks
from govdisclosure.formats.pdf._guard import (
    MAX_OBJECTS,
    MAX_STREAM_BYTES,
    MAX_TOTAL_STREAM_BYTES,
    check_header,
    check_objects,
    check_streams,
    decoded_size,
)
from govdisclosure.formats.pdf._layout import PageLayout, read_page
from govdisclosure.model import Agency, AnnualReport, SourceInfo
from govdisclosure.model.diagnostics import Issue, Location, Position
from govdisclosure.validation import make_issue

__all__ = ["MAX_PAGES", "MAX_PAGE_BYTES", "MAX_STREAM_BYTES", "PdfReader"]

logger = logging.getLogger(__name__)

MAX_PAGES = 500
"""Default limit on the pages of one PDF (``PdfReader(max_pages=...)``). Annual reports run to
a few dozen pages; a compilation of many reports may need more."""

MAX_PAGE_BYTES = 8 * 1024 * 1024
"""Default limit on one page's content stream, decoded (``PdfReader(max_page_bytes=...)``).
A page over it is skipped with a reader note: laying out that much drawing takes minutes."""

_FORMAT = "pdf"
_DETAIL = 160


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive int, got {value!r}")


@attrs.frozen(kw_only=True)
class PdfReader:
    """Reads a report from a PDF that has a text layer.

    Configured by keyword arguments (``PdfReader(password=...)``), which are its attributes.

    Attributes:
        password: opens a PDF encrypted with a user password. PDFs that are only
            owner-protected (copying or printing restricted) open without one.
        max_pages: refuse PDFs with more pages than this (:data:`MAX_PAGES`).
        max_page_bytes: skip, with a reader note, pages whose decoded content is larger
            (:data:`MAX_PAGE_BYTES`).
        max_bytes: refuse a PDF larger than this
            (:data:`~govdisclosure.formats.MAX_INPUT_BYTES`) before opening it.
        max_stream_bytes: refuse a PDF with a stream that decodes past this
            (:data:`MAX_STREAM_BYTES`), before pdfminer decodes it.
        max_total_stream_bytes: refuse a PDF whose streams decode past this in all
            (``_guard.MAX_TOTAL_STREAM_BYTES``).
        max_objects: refuse a PDF that lists more objects (``_guard.MAX_OBJECTS``).
        max_grid_cells: refuse tables whose cells cover more grid cells in all
            (``_source.MAX_GRID_CELLS``).
        max_split_steps: the search budget for run-together numbers
            (``_recognize.MAX_SPLIT_STEPS``).
        agency: the agency to assume where the document does not name one.
        year: the report year to assume where the document does not say.
        edition: the edition to assume where the tables do not show it.

    Scanned PDFs (pages that are only images) need OCR, which this reader does not do: they
    raise :class:`~govdisclosure.errors.ReadError` saying so.
    """

    password: str | None = attrs.field(default=None, repr=False)
    max_pages: int = attrs.field(default=MAX_PAGES, validator=_positive)
    max_page_bytes: int = attrs.field(default=MAX_PAGE_BYTES, validator=_positive)
    max_bytes: int = attrs.field(default=MAX_INPUT_BYTES, validator=_positive)
    max_stream_bytes: int = attrs.field(default=MAX_STREAM_BYTES, validator=_positive)
    max_total_stream_bytes: int = attrs.field(default=MAX_TOTAL_STREAM_BYTES, validator=_positive)
    max_objects: int = attrs.field(default=MAX_OBJECTS, validator=_positive)
    max_grid_cells: int = attrs.field(default=MAX_GRID_CELLS, validator=_positive)
    max_split_steps: int = attrs.field(default=MAX_SPLIT_STEPS, validator=_positive)
    agency: Agency | str | None = None
    year: int | None = None
    edition: Edition | str | int | None = None

    @reader_guard("pdf")
    def loads(self, data: str | bytes, *, source: str | None = None) -> AnnualReport:
        """Read a whole PDF into a report.

        Raises:
            ReadError: not a PDF, damaged, encrypted without the password, over the limits,
                or without a text layer (a scan, which needs OCR).
        """
        document, notes = self._extract(data, source)
        report = assemble(
            document,
            agency=self.agency,
            year=self.year,
            edition=self.edition,
            max_grid_cells=self.max_grid_cells,
            max_split_steps=self.max_split_steps,
        )
        if report.source is None:
            report.source = SourceInfo(name=source, format=_FORMAT)
        for note in notes:
            report.source.note(note)
        return report

    @reader_guard("pdf")
    def extract(self, data: str | bytes, *, source: str | None = None) -> SourceDocument:
        """The PDF as the recogniser sees it: paragraphs and tables in reading order, each with
        its page (and table, row, cell) as :class:`~govdisclosure.model.Position`.

        Raises:
            ReadError: as :meth:`loads`.
        """
        return self._extract(data, source)[0]

    def _extract(self, data: str | bytes, name: str | None) -> tuple[SourceDocument, list[Issue]]:
        if isinstance(data, str):
            raise ReadError("a PDF is binary data: give bytes, not str", source=name)
        check_header(data, name)
        check_streams(
            data,
            name,
            max_stream_bytes=self.max_stream_bytes,
            max_total_bytes=self.max_total_stream_bytes,
        )
        pages = self._pages(data, name)
        notes = _page_notes(pages, name)
        blocks, joined = build_blocks(pages, name)
        notes.extend(_joined_notes(joined, name))
        document = SourceDocument(blocks=blocks, name=name, format=_FORMAT)
        return document, notes

    def _read_page(self, page: Page, name: str | None) -> PageLayout:
        size = _content_size(page.page_obj, self.max_page_bytes)
        if size > self.max_page_bytes:
            logger.info("%s: page %d skipped: %d bytes of content", name, page.page_number, size)
            return _skipped(page.page_number, size)
        return read_page(page)

    def _pages(self, data: bytes, name: str | None) -> list[PageLayout]:
        try:
            with pdfplumber.open(io.BytesIO(data), password=self.password or "") as pdf:
                return self._read_pages(pdf, name)
        except ReadError:
            raise
        except Exception as exc:
            raise _read_error(exc, name, self.password) from exc

    def _read_pages(self, pdf: PDF, name: str | None) -> list[PageLayout]:
        check_objects(
            pdf.doc,
            name,
            max_stream_bytes=self.max_stream_bytes,
            max_total_bytes=self.max_total_stream_bytes,
            max_objects=self.max_objects,
        )
        declared = _declared_pages(pdf.doc)
        if declared > self.max_pages:
            raise _too_many(declared, self.max_pages, name)
        pages: list[PageLayout] = []
        doctop = 0.0
        for number, page_obj in enumerate(_page_objects(pdf.doc, self.max_pages + 1), 1):
            if number > self.max_pages:
                raise _too_many(number, self.max_pages, name)
            try:
                page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
                doctop += float(page.height)
                pages.append(self._read_page(page, name))
                page.close()
            except Exception as exc:  # pdfminer raises many kinds on a damaged page
                logger.info("%s: page %d cannot be read: %s", name, number, _detail(exc))
                pages.append(_skipped(number, 0, _detail(exc)))
        if not pages:
            raise ReadError("the PDF has no pages", source=name)
        _require_text(pages, name)
        return pages


# -- opening --------------------------------------------------------------------------------


def _page_objects(doc: PDFDocument, limit: int) -> Iterator[PDFPage]:
    return itertools.islice(PDFPage.create_pages(doc), limit)


def _declared_pages(doc: PDFDocument) -> int:
    """The page count the page tree declares (``/Count``), before walking it."""
    pages = resolve1(doc.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) else 0


def _too_many(count: int, limit: int, name: str | None) -> ReadError:
    return ReadError(
        f"the PDF has {count} pages or more, over the limit of {limit}"
        " (raise it with PdfReader(max_pages=...))",
        source=name,
    )


def _content_size(page: PDFPage, limit: int) -> int:
    """The decoded size of a page's content, counting at most ``limit + 1`` (decoding only that
    much: a content stream marked as an image was not checked with the others)."""
    size = 0
    for stream in page.contents:
        stream = resolve1(stream)
        if isinstance(stream, PDFStream):
            size += decoded_size(stream, limit - size)
            if size > limit:
                break
    return size


def _detail(exc: BaseException) -> str:
    """An exception as a short message: pdfminer's may quote whole dictionaries."""
    cause = _cause(exc)
    text = " ".join((str(cause) or type(cause).__name__).split())
    return text if len(text) <= _DETAIL else text[: _DETAIL - 1] + "…"


def _skipped(number: int, size: int, error: str | None = None) -> PageLayout:
    return PageLayout(
        number=number,
        width=0.0,
        height=0.0,
        lines=(),
        tables=(),
        chars=0,
        undecodable=0,
        images=0,
        content_bytes=size,
        error=error,
    )


def _cause(exc: BaseException) -> BaseException:
    # pdfplumber wraps pdfminer's exceptions in PdfminerException(original).
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _read_error(exc: Exception, name: str | None, password: str | None) -> ReadError:
    cause = _cause(exc)
    if isinstance(cause, PDFPasswordIncorrect):
        if password:
            return ReadError("the PDF is encrypted and the password given is wrong", source=name)
        return ReadError(
            "the PDF is encrypted with a password; give it with PdfReader(password=...)",
            source=name,
        )
    if isinstance(cause, PDFEncryptionError):
        return ReadError(f"the PDF is encrypted in a way that cannot be read: {cause}", source=name)
    if isinstance(cause, RecursionError):
        return ReadError("the PDF's objects nest too deeply to read (damaged?)", source=name)
    if isinstance(cause, MemoryError):
        return ReadError("the PDF needs more memory to read than is available", source=name)
    return ReadError(
        f"the PDF is damaged or truncated and cannot be read: {_detail(cause)}", source=name
    )


def _require_text(pages: list[PageLayout], name: str | None) -> None:
    chars = sum(p.chars for p in pages)
    undecodable = sum(p.undecodable for p in pages)
    if chars == 0 and undecodable == 0:
        if any(p.images for p in pages):
            raise ReadError(
                "the PDF has no text layer: its pages are images (a scan?). It needs OCR"
                " (optical character recognition), which this reader does not do; run an OCR"
                " tool such as ocrmypdf on it first",
                source=name,
            )
        broken = [p for p in pages if p.error]
        if broken:
            raise ReadError(
                f"the PDF is damaged: no page could be read ({broken[0].error})",
                source=name,
                place=f"page {broken[0].number}",
            )
        if any(p.content_bytes for p in pages):
            raise ReadError(
                "no page could be read within the size limit (raise it with"
                " PdfReader(max_page_bytes=...))",
                source=name,
            )
        raise ReadError("the PDF has no text", source=name)
    if undecodable > chars:
        raise ReadError(
            f"the PDF's text cannot be decoded: {undecodable} of {undecodable + chars} glyphs"
            " use fonts without a Unicode map. It needs OCR, which this reader does not do",
            source=name,
        )


# -- reader notes -----------------------------------------------------------------------------


def _where(name: str | None, page: int) -> Location:
    return Location(position=Position(source=name, page=page))


def _page_notes(pages: list[PageLayout], name: str | None) -> list[Issue]:
    notes = []
    for page in pages:
        if page.content_bytes:
            notes.append(
                make_issue(
                    "read.pdf_page_too_large",
                    f"page {page.number} was skipped: its content is {page.content_bytes}"
                    " bytes, over the limit (PdfReader(max_page_bytes=...))",
                    f"第{page.number}页内容过大（{page.content_bytes}字节），超过上限，未读取",
                    _where(name, page.number),
                    actual=page.content_bytes,
                )
            )
        elif page.error:
            notes.append(
                make_issue(
                    "read.pdf_page_unreadable",
                    f"page {page.number} is damaged and was not read: {page.error}",
                    f"第{page.number}页已损坏，未读取：{page.error}",
                    _where(name, page.number),
                    actual=page.error,
                )
            )
        elif page.chars == 0 and page.images:
            notes.append(
                make_issue(
                    "read.pdf_no_text",
                    f"page {page.number} has no text layer (an image: a scan?); it needs OCR",
                    f"第{page.number}页没有文字层（可能是扫描图像），需要文字识别（OCR）",
                    _where(name, page.number),
                )
            )
        if page.undecodable:
            notes.append(
                make_issue(
                    "read.pdf_undecodable_text",
                    f"page {page.number}: {page.undecodable} characters in fonts without a"
                    " Unicode map were left out",
                    f"第{page.number}页有{page.undecodable}个字符的字体缺少Unicode映射，已略去",
                    _where(name, page.number),
                    actual=page.undecodable,
                )
            )
        if page.tables_skipped:
            notes.append(
                make_issue(
                    "read.pdf_tables_not_searched",
                    f"page {page.number} draws too many lines to search for tables; its text"
                    " was read as paragraphs",
                    f"第{page.number}页线条过多，未识别表格，其文字按段落读取",
                    _where(name, page.number),
                )
            )
    return notes


def _joined_notes(joined: list[Continuation], name: str | None) -> list[Issue]:
    return [
        make_issue(
            "read.pdf_cell_across_pages",
            f"a cell cut by the page break was joined: {c.upper!r} + {c.lower!r}",
            f"被分页截断的单元格已合并：“{c.upper}”+“{c.lower}”",
            _where(name, c.page),
            actual=(c.upper, c.lower),
        )
        for c in joined
    ]
