"""HTML: report pages as portals serve them (read), and a standalone printable page (write).

:class:`HtmlReader` reads full pages and fragments with lxml's HTML parser: paragraphs in document order,
tables with their ``rowspan``/``colspan`` kept, ``&nbsp;`` blanks, ``<br>`` inside cells and
headers; everything the format defines is then matched by the shared recogniser
(:func:`govdisclosure.formats._recognize.assemble`). Each value remembers its table, row and
cell (and each paragraph its source line).

:class:`HtmlWriter` writes one page with inline CSS, printable on A4, with the official table
layout (spans derived from the edition data). It embeds the report's metadata as
``<meta name="govdisclosure:…">`` and marks paragraph roles with classes (``gd-heading``,
``gd-paragraph`` …), so :class:`HtmlReader` reads it back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from html import escape
from typing import Any

import lxml.etree

from govdisclosure.editions import Edition
from govdisclosure.errors import ReadError
from govdisclosure.formats._decode import decode_text
from govdisclosure.formats._io import MAX_TEXT_BYTES, check_limit, reader_guard
from govdisclosure.formats._recognize import (
    CELL_EXTRA,
    CELL_PAD,
    MAX_SPLIT_STEPS,
    ROLE_HEADING,
    ROLE_META,
    ROLE_PARAGRAPH,
    ROLE_SECTION,
    ROLE_TITLE,
    assemble,
)
from govdisclosure.formats._source import (
    MAX_GRID_CELLS,
    META_AGENCY,
    META_EDITION,
    META_LEVEL,
    META_PUBLISHED_ON,
    META_REGION,
    META_TITLE,
    META_YEAR,
    SourceBlock,
    SourceCell,
    SourceDocument,
    SourceParagraph,
    SourceTable,
)
from govdisclosure.model import (
    Agency,
    AnnualReport,
    Content,
    ExtraRow,
    Heading,
    Paragraph,
    Position,
    Table,
)

__all__ = ["META_PREFIX", "HtmlReader", "HtmlWriter", "html_document"]

META_PREFIX = "govdisclosure:"
"""Prefix of the ``<meta name>`` under which the writer embeds the report's metadata."""

_CLASS_ROLES = {
    "gd-title": ROLE_TITLE,
    "gd-meta": ROLE_META,
    "gd-section-heading": ROLE_SECTION,
    "gd-heading": ROLE_HEADING,
    "gd-paragraph": ROLE_PARAGRAPH,
}
_CELL_ROLES = {"gd-extra": CELL_EXTRA, "gd-pad": CELL_PAD}

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "blockquote",
        "pre",
        "dl",
        "dt",
        "dd",
        "center",
        "form",
        "address",
        "figure",
        "figcaption",
        "hr",
        "caption",
        "body",
        "html",
    ]
)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "iframe",
        "svg",
        "object",
        "embed",
        "canvas",
        "map",
        "area",
        "audio",
        "video",
    ]
)
_CELL_TAGS = frozenset(["td", "th"])
_ROW_TAGS = frozenset(["table", "tr"])
"""Also start a new line inside a cell."""
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
_SPAN = re.compile(r"\s*(\d+)")
_BREAK = "\u2028"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Page furniture of portal pages: short lines that are never part of a report.
_CHROME = re.compile(
    r"打印本页|关闭窗口|【打印】|【关闭】|分享到|扫一扫|网站地图|版权所有|ICP备|主办单位|承办单位"
    r"|技术支持|当前位置|浏览次数|字体[:：]?\s*[【\[]?大|设为首页|加入收藏|返回顶部|上一篇|下一篇"
)
_MAX_CHROME_LENGTH = 60
_LAYOUT_TEXT = 400
"""A cell with more text than this is a page's body, not a table cell."""


def _parser() -> lxml.etree.HTMLParser:
    # One hardened parser per reader: no network, no comments or processing instructions.
    # lxml.etree's, not lxml.html's: the same tree, but lxml.html looks up the Python class of
    # every element the reader touches with a Python function (a tenth of a page's reading
    # time), for methods the reader does not use.
    return lxml.etree.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=False,
    )


def _role(element: Any, table: dict[str, str]) -> str | None:
    value = element.get("class")
    if not value:
        return None
    for name in set(value.split()):
        role = table.get(name)
        if role is not None:
            return role
    return None


def _span(value: str | None) -> int:
    if not value:
        return 1
    if value.isdecimal():
        return max(1, int(value))
    digits = _SPAN.match(value)
    return max(1, int(digits.group(1))) if digits else 1


class _Extractor:
    """Paragraphs and tables of an HTML tree, in document order."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.blocks: list[SourceBlock] = []
        self.buffer: list[str] = []
        self.line: int | None = None
        self.tables = 0
        self.metadata: dict[str, str] = {}
        self.extra_order: dict[str, list[int]] = {}
        """Own output: per table id, the original index of each extra row, in page order."""

    def flush(self, role: str | None) -> None:
        if not self.buffer:
            return
        text = "".join(self.buffer)
        self.buffer = []
        position = Position(source=self.source, line=self.line) if self.line else None
        for part in text.split(_BREAK):
            part = part.strip()
            if not part:
                continue
            if role is None and len(part) <= _MAX_CHROME_LENGTH and _CHROME.search(part):
                continue
            self.blocks.append(SourceParagraph(text=part, position=position, role=role))

    def text(self, text: str | None, preserve: bool) -> None:
        if text:
            self.buffer.append(text if preserve else _WHITESPACE.sub(" ", text))

    def walk(self, element: Any, preserve: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP_TAGS or not tag:
            return
        if tag == "br":
            self.buffer.append(_BREAK)
            return
        if tag == "table":
            self.flush(None)
            if _is_layout(element):
                # Older portals lay the whole page out in a table: its cells hold the article.
                for row in _table_rows(element):
                    for cell in row:
                        self.walk(cell, preserve)
                        self.flush(None)
                return
            self.table(element)
            return
        block = tag in _BLOCK_TAGS
        role = _role(element, _CLASS_ROLES)
        if block or role:
            self.flush(None)
            self.line = element.sourceline
        keep = preserve or role is not None
        self.text(element.text, keep)
        for child in element:
            self.walk(child, keep)
            self.text(child.tail, keep)
        if block or role:
            self.flush(role)

    def table(self, element: Any) -> None:
        self.tables += 1
        table_id = (element.get("id") or "").removeprefix("table-")
        source, number = self.source, self.tables
        rows = []
        for r, tr in enumerate(_table_rows(element), 1):
            cells = []
            # (lxml's HTML parser names elements in lower case: the tag filter runs in C.)
            for c, td in enumerate(tr.iterchildren(*_CELL_TAGS), 1):
                role = _role(td, _CELL_ROLES)
                if role == CELL_EXTRA and table_id:
                    index = td.get("data-index")
                    if index and index.isdigit():
                        self.extra_order.setdefault(table_id, []).append(int(index))
                cells.append(
                    # (Positional arguments, in field order: hundreds of cells a page, and
                    # keywords make each constructor call about twice as slow.)
                    SourceCell(
                        # This library's own cells keep their text exactly.
                        "".join(td.itertext()) if role else _cell_text(td),  # text
                        _span(td.get("rowspan")),  # rowspan
                        _span(td.get("colspan")),  # colspan
                        Position(source, None, None, number, r, c),  # table, row, cell
                        role,
                    )
                )
            rows.append(tuple(cells))
        if rows:
            position = Position(source=self.source, table=self.tables)
            self.blocks.append(SourceTable(rows=tuple(rows), position=position))


_ROWS = "(tr | thead/tr | tbody/tr | tfoot/tr)"
_LONG_CELL = lxml.etree.XPath(
    # A table of less text has no such cell; a name test (td, th) is matched much faster
    # than a predicate on the element's name (*[self::td or self::th]).
    f"string-length(.) > {_LAYOUT_TEXT}"
    f" and (boolean({_ROWS}/td[string-length(.) > {_LAYOUT_TEXT}])"
    f" or boolean({_ROWS}/th[string-length(.) > {_LAYOUT_TEXT}]))"
)
"""Whether a table has a cell with more text than :data:`_LAYOUT_TEXT` (evaluated in lxml)."""


def _is_layout(table: Any) -> bool:
    """A table used for page layout, not data: it holds tables, or cells of running text."""
    return table.find(".//table") is not None or bool(_LONG_CELL(table))


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _table_rows(table: Any) -> Iterator[Any]:
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in {"thead", "tbody", "tfoot"}:
            yield from (x for x in child if _tag(x) == "tr")


def _cell_text(cell: Any) -> str:
    """A cell's text: whitespace runs as one space, a line break at ``<br>`` and before a
    block; lines stripped, empty ones dropped."""
    text = cell.text
    if not len(cell):
        return _WHITESPACE.sub(" ", text).strip() if text else ""
    parts: list[str] = [_WHITESPACE.sub(" ", text)] if text else []
    _inner_text(cell, parts)
    joined = "".join(parts)
    if "\n" not in joined:
        return joined.strip()
    lines = [line.strip() for line in joined.split("\n")]
    return "\n".join([line for line in lines if line])


def _inner_text(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = _tag(child)
        if tag == "br":
            parts.append("\n")
        elif tag not in _SKIP_TAGS:
            if parts and (tag in _BLOCK_TAGS or tag in _ROW_TAGS):
                parts.append("\n")
            if child.text:
                parts.append(_WHITESPACE.sub(" ", child.text))
            if len(child):
                _inner_text(child, parts)
        if child.tail:
            parts.append(_WHITESPACE.sub(" ", child.tail))


@reader_guard("html")
def html_document(data: str | bytes, *, source: str | None = None) -> SourceDocument:
    """The paragraphs and tables of an HTML page or fragment, with their positions.

    Raises:
        ReadError: the input cannot be decoded or holds no HTML content.
    """
    return _extract(data, source).document


class _Extracted:
    def __init__(self, document: SourceDocument, extra_order: dict[str, list[int]]) -> None:
        self.document = document
        self.extra_order = extra_order


def _extract(data: str | bytes, source: str | None) -> _Extracted:
    declared = None
    if isinstance(data, bytes):
        match = _CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii", "ignore") if match else None
    text = _XML_DECLARATION.sub("", decode_text(data, source=source, declared=declared))
    if not text.strip():
        raise ReadError("the document is empty", source=source)
    try:
        root = lxml.etree.fromstring(text, parser=_parser())
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ReadError(f"not an HTML document: {exc}", source=source) from exc
    if root is None:
        # (What lxml.html.document_fromstring reports for a page of only comments or space.)
        raise ReadError("not an HTML document: Document is empty", source=source)
    extractor = _Extractor(source)
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").strip()
        content = meta.get("content")
        if name.startswith(META_PREFIX) and content is not None:
            extractor.metadata[name[len(META_PREFIX) :]] = content
    body = root.find("body")
    extractor.walk(body if body is not None else root)
    extractor.flush(None)
    document = SourceDocument(
        blocks=tuple(extractor.blocks),
        name=source,
        format="html",
        metadata=extractor.metadata,
    )
    return _Extracted(document, extractor.extra_order)


class HtmlReader:
    """Reads report pages as portals publish them, and this library's own HTML exactly.

    Args:
        agency: the agency to assume where the page does not name one (an excerpt that only
            says 我局).
        year: the report year to assume where the page does not say.
        edition: the edition to assume where the tables do not show it.
        max_bytes: refuse a page longer than this (:data:`~govdisclosure.formats.MAX_TEXT_BYTES`)
            before parsing it.
        max_grid_cells: refuse tables whose merged cells cover more grid cells in all
            (``_source.MAX_GRID_CELLS``, 1 000 000).
        max_split_steps: the search budget of one page for splitting run-together numbers
            (``_recognize.MAX_SPLIT_STEPS``).
    """

    def __init__(
        self,
        *,
        agency: Agency | str | None = None,
        year: int | None = None,
        edition: Edition | str | int | None = None,
        max_bytes: int = MAX_TEXT_BYTES,
        max_grid_cells: int = MAX_GRID_CELLS,
        max_split_steps: int = MAX_SPLIT_STEPS,
    ) -> None:
        self.agency = agency
        self.year = year
        self.edition = edition
        self.max_bytes = check_limit("max_bytes", max_bytes)
        self.max_grid_cells = check_limit("max_grid_cells", max_grid_cells)
        self.max_split_steps = check_limit("max_split_steps", max_split_steps)

    @reader_guard("html")
    def loads(self, data: str | bytes, *, source: str | None = None) -> AnnualReport:
        """Read a page or fragment.

        Raises:
            ReadError: the input is not HTML, or holds nothing of an annual report.
        """
        try:
            extracted = _extract(data, source)
            report = assemble(
                extracted.document,
                agency=self.agency,
                year=self.year,
                edition=self.edition,
                max_grid_cells=self.max_grid_cells,
                max_split_steps=self.max_split_steps,
            )
        except RecursionError:
            raise ReadError("the HTML is nested too deeply to read", source=source) from None
        for key, order in extracted.extra_order.items():
            # The writer prints extra rows at the end of their block; put them back in the
            # order the report held them.
            table = report.table(key) if key in {t.key for t in report.tables} else None
            if table is not None and len(order) == len(table.extra_rows):
                ranked = sorted(zip(order, table.extra_rows, strict=True), key=lambda p: p[0])
                table.extra_rows[:] = [row for _, row in ranked]
        return report


# -- writing -------------------------------------------------------------------------------

_CSS = """\
@page { size: A4; margin: 25mm 20mm; }
body { margin: 0; background: #fff; color: #000;
  font-family: "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt;
  line-height: 1.6; }
.gd-report { max-width: 180mm; margin: 0 auto; padding: 12mm 0; }
.gd-title { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 22pt;
  font-weight: bold; text-align: center; margin: 0 0 8mm; }
.gd-meta { text-align: center; font-size: 12pt; margin: 0 0 6mm; }
.gd-section-heading { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif;
  font-size: 16pt; font-weight: bold; margin: 6mm 0 2mm; }
.gd-heading { font-family: "KaiTi", "楷体", serif; font-size: 16pt; font-weight: bold;
  margin: 3mm 0 1mm; text-indent: 2em; }
.gd-paragraph { margin: 0; text-indent: 2em; text-align: justify; }
.gd-title, .gd-section-heading, .gd-heading, .gd-paragraph { white-space: pre-wrap; }
table.gd-table { border-collapse: collapse; width: 100%; margin: 3mm 0 5mm; font-size: 10.5pt;
  line-height: 1.3; page-break-inside: auto; }
.gd-table th, .gd-table td { border: 1px solid #000; padding: 1.5mm 2mm; }
.gd-table th { font-weight: normal; text-align: left; }
.gd-table thead th, .gd-table .gd-block, .gd-table .gd-corner { text-align: center; }
.gd-table td { text-align: center; white-space: nowrap; }
.gd-table tr { page-break-inside: avoid; }
@media print { .gd-report { padding: 0; max-width: none; } }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _attrs(**values: object) -> str:
    parts = []
    for name, value in values.items():
        if value is None or value == 1:
            continue
        parts.append(f' {name.rstrip("_")}="{_e(str(value))}"')
    return "".join(parts)


class HtmlWriter:
    """Writes a report as one standalone, printable HTML page in the official layout.

    Args:
        css: the style sheet to embed instead of the default one (A4, 仿宋 body text).
        lang: the page's ``lang`` attribute.
    """

    def __init__(self, *, css: str | None = None, lang: str = "zh-CN") -> None:
        self.css = _CSS if css is None else css
        self.lang = lang

    def dumps(self, report: AnnualReport) -> str:
        """The whole page, as text (UTF-8 when written to a file)."""
        out: list[str] = []
        add = out.append
        add("<!DOCTYPE html>\n")
        add(f'<html lang="{_e(self.lang)}">\n<head>\n<meta charset="utf-8">\n')
        add('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        add('<meta name="generator" content="govdisclosure">\n')
        for name, value in _metadata(report):
            add(f'<meta name="{META_PREFIX}{name}" content="{_e(value)}">\n')
        add(f"<title>{_e(report.display_title)}</title>\n<style>\n{self.css}</style>\n")
        add(f'</head>\n<body>\n<article class="gd-report" data-edition="{report.edition.key}">\n')
        add(f'<h1 class="gd-title">{_e(report.display_title)}</h1>\n')
        if report.published_on is not None:
            add(f'<p class="gd-meta">发布日期：{report.published_on.isoformat()}</p>\n')
        _content(out, report.preamble)
        for spec in report.edition.sections:
            add(f'<section class="gd-section" id="{spec.key}">\n')
            add(f'<h2 class="gd-section-heading">{_e(spec.heading)}</h2>\n')
            _content(out, report.sections[spec.key].content)
            if spec.table is not None:
                _table(out, report.table(spec.table))
            add("</section>\n")
        add("</article>\n</body>\n</html>\n")
        return "".join(out)


def _metadata(report: AnnualReport) -> Iterator[tuple[str, str]]:
    yield META_AGENCY, report.agency.name
    if report.agency.region is not None:
        yield META_REGION, report.agency.region
    if report.agency.level is not None:
        yield META_LEVEL, report.agency.level.value
    yield META_YEAR, str(report.year)
    yield META_EDITION, report.edition.key
    if report.published_on is not None:
        yield META_PUBLISHED_ON, report.published_on.isoformat()
    if report.title is not None:
        yield META_TITLE, report.title


def _content(out: list[str], content: list[Content]) -> None:
    for item in content:
        if isinstance(item, Heading):
            out.append(f'<h3 class="gd-heading">{_e(item.text)}</h3>\n')
        elif isinstance(item, Paragraph):
            out.append(f'<p class="gd-paragraph">{_e(item.text)}</p>\n')


def _values(out: list[str], values: tuple[Any, ...], width: int) -> None:
    """Value cells; the last one spans what the block leaves of the table's width."""
    for i, value in enumerate(values):
        span = width - len(values) + 1 if i == len(values) - 1 else 1
        out.append(f"<td{_attrs(colspan=span)}>{_e(_cell(value))}</td>")


def _extra(out: list[str], index: int, extra: ExtraRow, columns: int, span: int) -> None:
    label, values = extra.label, extra.values
    out.append(
        f'<tr><th class="gd-extra" data-index="{index}"{_attrs(colspan=span)}>{_e(label)}</th>'
    )
    for value in values:
        out.append(f"<td>{_e(_cell(value))}</td>")
    if columns > len(values):
        out.append(f'<td class="gd-pad"{_attrs(colspan=columns - len(values))}></td>')
    out.append("</tr>\n")


def _table(out: list[str], table: Table) -> None:
    spec = table.spec
    out.append(f'<table class="gd-table" id="table-{spec.key}">\n')
    if len(spec.blocks) > 1:
        _blocks_table(out, table)
    elif spec.row_groups and not spec.column_groups and spec.corner_label is None:
        _transposed_table(out, table)
    else:
        _grouped_table(out, table)
    out.append("</table>\n")


def _blocks_table(out: list[str], table: Table) -> None:
    """Table 二: for each block, its header, its column labels and its rows."""
    spec = table.spec
    width = max(len(b.columns) for b in spec.blocks)
    for block in spec.blocks:
        out.append(
            f'<tr><th class="gd-block"{_attrs(colspan=width + 1)}>{_e(block.label or "")}</th></tr>\n'
        )
        out.append(f'<tr><th class="gd-corner">{_e(spec.corner_label or "")}</th>')
        for i, column in enumerate(block.columns):
            span = width - len(block.columns) + 1 if i == len(block.columns) - 1 else 1
            out.append(f"<th{_attrs(colspan=span)}>{_e(column.label)}</th>")
        out.append("</tr>\n")
        for row in block.rows:
            out.append(f"<tr><th>{_e(row.label)}</th>")
            _values(out, tuple(table[row.key, c.key] for c in block.columns), width)
            out.append("</tr>\n")
        for index, extra in enumerate(table.extra_rows):
            if extra.block == block.key:
                _extra(out, index, extra, width, 1)


def _grouped_table(out: list[str], table: Table) -> None:
    """Table 三: the corner note, applicant columns under their groups, nested row labels."""
    spec = table.spec
    columns = spec.blocks[0].columns
    depth = spec.label_columns
    grouped = any(c.group for c in columns)
    levels = (1 if spec.column_header else 0) + (2 if grouped else 1)
    out.append("<thead>\n<tr>")
    out.append(
        f'<th class="gd-corner"{_attrs(colspan=depth, rowspan=levels)}>{_e(spec.corner_label or "")}</th>'
    )
    if spec.column_header:
        out.append(f"<th{_attrs(colspan=len(columns))}>{_e(spec.column_header)}</th></tr>\n<tr>")
    seen: set[str] = set()
    for column in columns:
        group = spec.column_group(column.group) if column.group else None
        if group is None:
            out.append(f"<th{_attrs(rowspan=2 if grouped else 1)}>{_e(column.label)}</th>")
        elif group.key not in seen:
            seen.add(group.key)
            out.append(f"<th{_attrs(colspan=len(group.members))}>{_e(group.label)}</th>")
    out.append("</tr>\n")
    if grouped:
        out.append("<tr>")
        for column in columns:
            if column.group:
                out.append(f"<th>{_e(column.label)}</th>")
        out.append("</tr>\n")
    out.append("</thead>\n<tbody>\n")
    rows = spec.rows
    chains = [list(reversed(list(spec.ancestors(r.key)))) for r in rows]
    open_groups: list[str | None] = [None] * depth
    for i, row in enumerate(rows):
        out.append("<tr>")
        chain = chains[i]
        for level, group in enumerate(chain):
            if open_groups[level] == group.key:
                continue
            open_groups[level] = group.key
            span = 1
            for later in chains[i + 1 :]:
                if len(later) > level and later[level].key == group.key:
                    span += 1
                else:
                    break
            out.append(f"<th{_attrs(rowspan=span)}>{_e(group.label)}</th>")
        for level in range(len(chain), depth):
            open_groups[level] = None
        out.append(f"<th{_attrs(colspan=spec.label_span(row.key))}>{_e(row.label)}</th>")
        for column in columns:
            out.append(f"<td>{_e(_cell(table[row.key, column.key]))}</td>")
        out.append("</tr>\n")
    for index, extra in enumerate(table.extra_rows):
        _extra(out, index, extra, len(columns), depth)
    out.append("</tbody>\n")


def _transposed_table(out: list[str], table: Table) -> None:
    """Table 四: groups and rows across the top, their columns below, one row of values."""
    spec = table.spec
    columns = spec.blocks[0].columns
    width = len(columns)
    units: list[tuple[str, tuple[str, ...]]] = []
    for row in spec.rows:
        if row.group is None:
            units.append((row.label, (row.key,)))
        elif not units or units[-1][0] != spec.group(row.group).label:  # type: ignore[union-attr]
            group = spec.group(row.group)
            assert group is not None
            units.append((group.label, group.members))
    out.append("<thead>\n<tr>")
    for label, members in units:
        out.append(f"<th{_attrs(colspan=width * len(members))}>{_e(label)}</th>")
    out.append("</tr>\n<tr>")
    for label, members in units:
        if len(members) == 1 and spec.row(members[0]).label == label:
            for column in columns:
                out.append(f"<th{_attrs(rowspan=2)}>{_e(column.label)}</th>")
        else:
            for member in members:
                out.append(f"<th{_attrs(colspan=width)}>{_e(spec.row(member).label)}</th>")
    out.append("</tr>\n<tr>")
    for label, members in units:
        if not (len(members) == 1 and spec.row(members[0]).label == label):
            for _member in members:
                for column in columns:
                    out.append(f"<th>{_e(column.label)}</th>")
    out.append("</tr>\n</thead>\n<tbody>\n<tr>")
    for _label, members in units:
        for member in members:
            for column in columns:
                out.append(f"<td>{_e(_cell(table[member, column.key]))}</td>")
    out.append("</tr>\n")
    total = width * sum(len(m) for _, m in units)
    for index, extra in enumerate(table.extra_rows):
        _extra(out, index, extra, total - 1, 1)
    out.append("</tbody>\n")
