"""The shared recogniser: a published report's paragraphs and tables → :class:`AnnualReport`.

Every reader of a *published* layout (text copied from portals, HTML pages, DOCX, PDF) turns its
input into a :class:`~govdisclosure.formats._source.SourceDocument` and calls :func:`assemble`.
Everything the format defines is matched here, from the edition data, after normalising labels
(:mod:`._labels`):

* title, agency, year and publishing date (the document's metadata first, then the title, the
  statistics-period sentence, ``截止2023年12月31日``; then the caller's hints);
* the edition, **from the layout** (which edition's column and row labels the tables print), so
  a 2021 report still printing the 2019 tables is read as edition 2019 and validation reports
  the mismatch (A6);
* the preamble and the six sections, split by their headings (canonical or a declared variant),
  with sub-headings and paragraphs;
* the three tables, found by their labels (never by position): rows by their labels, columns by
  order, or by grid position under the header when the spans say so; rows with fewer numbers than
  columns, or numbers run together, are settled only when the format's own rules leave one
  reading (:mod:`._align`), else left blank with a note listing the candidates;
* amounts written with a unit (``251000元``) converted to 万元 with a note; unknown rows kept as
  :class:`~govdisclosure.model.ExtraRow`; a :class:`~govdisclosure.model.Position` recorded for
  every value, row and section read;
* a partial document (an excerpt, a page cut off) gives a partial report: what is missing is
  reported by validation (A7), never raised.

Roles: a :class:`SourceParagraph` whose ``role`` is set is taken as that (a paragraph of this
library's own output that happens to look like a heading stays a paragraph); a
:class:`SourceCell` with role ``"extra"`` labels a non-standard row, ``"pad"`` is ignored.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

import attrs

from govdisclosure.editions import (
    EDITIONS,
    Axis,
    Edition,
    SumRule,
    TableSpec,
    ValueKind,
    edition_for_year,
    get_edition,
)
from govdisclosure.errors import CellValueError, ReadError, UnknownEditionError
from govdisclosure.formats import _align, _runs
from govdisclosure.formats._io import check_limit
from govdisclosure.formats._labels import (
    LabelIndex,
    LabelMatch,
    body_of,
    label_index,
    label_key,
    layout_keys,
    normalize_text,
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
    SourceDocument,
    SourceParagraph,
    SourceTable,
    TextRow,
    check_grid,
)
from govdisclosure.formats._values import (
    BLANK,
    EMPTY,
    NUMBER,
    TEXT,
    Token,
    convert,
    money_unit,
    parse_cell,
    split_label,
)
from govdisclosure.model import (
    AdministrativeLevel,
    Agency,
    AnnualReport,
    Content,
    Heading,
    Issue,
    Location,
    Paragraph,
    Position,
    SourceInfo,
    Table,
    Value,
)
from govdisclosure.model.narrative import is_clean_line, without_forbidden
from govdisclosure.validation import make_issue

__all__ = [
    "CELL_EXTRA",
    "CELL_PAD",
    "ROLE_HEADING",
    "ROLE_META",
    "ROLE_PARAGRAPH",
    "ROLE_SECTION",
    "ROLE_TITLE",
    "UNKNOWN_AGENCY",
    "assemble",
]

ROLE_TITLE = "title"
ROLE_SECTION = "section_heading"
ROLE_HEADING = "heading"
ROLE_PARAGRAPH = "paragraph"
ROLE_META = "meta"
"""A paragraph that displays metadata (a publishing date line): skipped."""
CELL_EXTRA = "extra"
CELL_PAD = "pad"

UNKNOWN_AGENCY = "未知机关"
"""The agency name given when neither the document nor the caller names one (with a note)."""

_MAX_SPAN = 200
_NO_FACTORS: Mapping[str, Decimal] = MappingProxyType({})
_IGNORED = "!"
"""Prefix of a header grid entry whose column the format does not define."""
_MAX_RUN = 200
"""Longer runs of digits are not split (no report row holds that many digits)."""
_MAX_COMBINATIONS = 20_000
"""Ambiguous rows whose readings combine in more ways than this are left ambiguous: the column
rules are not searched for the one combination that holds (the search prunes a combination as
soon as a rule fails, but what it visits still grows with their number)."""
MAX_SPLIT_STEPS = 400_000
"""Steps the searches for the splits of run-together numbers (``196772157…`` for a row of
seven counts) may take in one document, all rows together; each row's own search also stops
at :data:`~govdisclosure.formats._align.MAX_SPLIT_NODES`. Past it, such rows are left blank
(``read.ambiguous_row``). Without a bound for the document, a crawler's 3 KB text of long runs
took over a minute; with it, a few seconds at the most."""
_TITLE_SCAN = 60

# -- text patterns (compiled once) -----------------------------------------------------------

_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678 9".replace(" ", ""))
_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=年)")
_TITLE_YEAR_FIRST = re.compile(
    r"^(?P<year>(?:19|20)\d{2})年度?(?P<agency>.*?)(?:的)?政府信息公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_TITLE_AGENCY_FIRST = re.compile(
    r"^(?P<agency>.*?)(?:关于)?(?P<year>(?:19|20)\d{2})年度?(?:的)?政府信息公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_PUBLISHED = re.compile(
    r"(?:发布|发文|成文|公开)(?:日期|时间)[:：]?(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})"
)
_PERIOD_YEAR = re.compile(r"(\d{4})年0?1月0?1日(?:起)?(?:至|到|—|－|-|~|～)(?:(\d{4})年)?12月31日")
_UNTIL_YEAR = re.compile(r"截(?:止|至)(?:到)?(\d{4})年12月31日")
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})年")
_SECTION_NUMBER = re.compile(r"^([一二三四五六七八九十])、")
_TITLE_PREFIX = re.compile(
    r"^\s*(.{0,60}?(?:19|20)\d{2}.{0,8}?政府信息公开(?:工作)?(?:年度)?(?:报告|年报))"
)
_SUBHEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d))"
)
_SENTENCE_END = re.compile(r"[。；;！!？?]")
PAGE_FOOTER = re.compile(
    r"^(?:[-—–―－]\s*\d{1,4}\s*[-—–―－]|第\s*\d{1,4}\s*页\s*[,，]?\s*(?:共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页)$"
)
"""A page number as a copy out of a PDF keeps it on a line of its own (``- 3 -``, ``— 3 —``,
``第3页 共6页``): page furniture, never a value."""
_MAX_FRAGMENT = 40
"""A line of a table's text no longer than this may be a piece of a wrapped row label."""
_MAX_WRAP = 4
"""Lines a wrapped row label may span (the numbers on the line after them)."""
_DEBRIS = 8
"""A line between a table's rows no longer than this is layout debris (a piece of a vertical
group label such as ``（三）不`` / ``予公开``), not narrative."""


# -- the document as items -------------------------------------------------------------------


class _Row:
    """A table row: its cells' texts, roles and positions (a source's own cells, or made from
    text), and their grid columns."""

    __slots__ = (
        "_positions",
        "glued",
        "grids",
        "position",
        "roles",
        "spanful",
        "table_no",
        "texts",
    )

    def __init__(
        self,
        texts: tuple[str, ...],
        roles: tuple[str | None, ...],
        positions: tuple[Position | None, ...] | None,
        spanful: bool,
        table_no: int | None,
        position: Position | None,
        grids: tuple[int, ...] | None = None,
        glued: bool = False,
    ) -> None:
        self.texts = texts
        self.roles = roles
        self._positions = positions
        """Each cell's position; ``None`` when every cell is at the row's (a line of text)."""
        self.spanful = spanful
        self.table_no = table_no
        """Which source table (index among the document's tables) the row is in; ``None`` for
        a row made from text."""
        self.position = position
        """Where the row is: its first cell's position (the table's, for a row of none)."""
        self.grids = grids
        """Grid column of each cell, for tables with spans; ``None``: the cell's index."""
        self.glued = glued
        """Whether the row comes from text whose separators were all lost (crawler text):
        its numbers may be run together with one another, a unit and all."""

    @property
    def positions(self) -> tuple[Position | None, ...]:
        """Each cell's position."""
        if self._positions is None:
            return (self.position,) * len(self.texts)
        return self._positions

    def at(self, cells: tuple[int, ...]) -> tuple[Position | None, ...]:
        """The positions of the cells ``cells`` (indexes)."""
        positions = self._positions
        if positions is None:
            return (self.position,) * len(cells)
        return tuple([positions[i] for i in cells])

    @classmethod
    def of_text(
        cls, texts: tuple[str, ...], position: Position | None, *, glued: bool = False
    ) -> _Row:
        """A row made from text: plain cells at one position."""
        return cls(texts, (None,) * len(texts), None, False, None, position, glued=glued)


_Para = SourceParagraph
"""A paragraph of one line (a source's paragraph of one clean line is its own item)."""


_Item = _Row | _Para


def _grid_rows(table: SourceTable, table_no: int) -> Iterator[_Row]:
    spanful = any(
        c.rowspan > 1 or c.colspan > 1
        for row in table.rows
        if not isinstance(row, TextRow)
        for c in row
    )
    if not spanful:
        for row in table.rows:
            if isinstance(row, TextRow):
                texts = row.texts
                yield _Row(
                    texts,
                    (None,) * len(texts),
                    None,  # every cell at the line's position
                    False,
                    table_no,
                    row.position if texts else table.position,
                )
                continue
            yield _Row(
                tuple([c.text for c in row]),
                tuple([c.role for c in row]),
                tuple([c.position for c in row]),
                False,
                table_no,
                row[0].position if row else table.position,
            )
        return
    taken: dict[int, set[int]] = {}
    height = len(table.rows)
    for r, row in enumerate(table.rows):
        occupied = taken.pop(r, set())
        column = 0
        grids: list[int] = []
        for cell in row:
            while column in occupied:
                column += 1
            grids.append(column)
            colspan = _clamped(cell.colspan)
            if cell.rowspan != 1:
                for dr in range(1, min(_clamped(cell.rowspan), height - r)):
                    taken.setdefault(r + dr, set()).update(range(column, column + colspan))
            column += colspan
        position = row[0].position if row else table.position
        cells = tuple(row)
        yield _Row(
            tuple([c.text for c in cells]),
            tuple([c.role for c in cells]),
            tuple([c.position for c in cells]),
            spanful,
            table_no,
            position,
            tuple(grids),
        )


def _clamped(span: int) -> int:
    return span if 1 <= span <= _MAX_SPAN else max(1, min(span, _MAX_SPAN))


def _items(doc: SourceDocument) -> Iterator[_Item]:
    table_no = 0
    for block in doc.blocks:
        if isinstance(block, SourceTable):
            yield from _grid_rows(block, table_no)
            table_no += 1
            continue
        text = block.text
        if (
            text
            and is_clean_line(text)
            and text.strip() == text
            and (block.role is not None or not _runs.worth_scanning(text))
        ):
            yield block  # one line, nothing to take out (every paragraph of copied text)
            continue
        for line in text.splitlines():
            text = without_forbidden(line).strip()
            if not text:
                continue
            if block.role is None and _runs.worth_scanning(text):
                pieces = _runs.segment(text)
                if pieces is not None:
                    yield from _run_items(pieces, block.position)
                    continue
            yield _Para(text, block.position, block.role)


def _run_items(pieces: list[_runs.Piece], position: Position | None) -> Iterator[_Item]:
    """Items of a run-together text: headings and narrative as paragraphs, each table label
    with the numbers that follow it as a row."""
    previous = ""
    for i, piece in enumerate(pieces):
        following = pieces[i + 1] if i + 1 < len(pieces) else None
        if piece.kind == "row":
            if following is not None and following.kind == "text":
                yield _Row.of_text((piece.text, following.text), position, glued=True)
            else:
                yield _Row.of_text((piece.text,), position, glued=True)
        elif piece.kind == "text" and previous == "row":
            pass  # the numbers of the row before
        elif piece.kind == "text" and previous == "label" and piece.text[:1].isdigit():
            yield _Row.of_text((piece.text,), position)
        elif piece.kind == "text" and previous == "label" and len(piece.text) <= 12:
            pass  # header words between labels (自然人, 其他 …)
        else:
            yield _Para(piece.text, position, None)
        previous = piece.kind


# -- small helpers -----------------------------------------------------------------------------


def _folded(text: str) -> str:
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), normalize_text(text))


def _year(text: str) -> int | None:
    try:
        year = int(text)
    except ValueError:
        return None
    return year if 1990 <= year <= 2200 else None


@lru_cache(maxsize=2048)
def _title_parts(text: str) -> tuple[str | None, int | None]:
    folded = _folded(text)
    for pattern in (_TITLE_YEAR_FIRST, _TITLE_AGENCY_FIRST):
        match = pattern.match(folded)
        if match:
            agency = match.group("agency").strip("：:，,、的 ")
            agency = agency.removeprefix("关于")
            return (agency or None), _year(match.group("year"))
    return None, None


def _looks_like_title(text: str) -> bool:
    if len(text) > 100 or text.endswith(("。", "；")):
        return False
    folded = normalize_text(text)
    return "政府信息公开" in folded and ("报告" in folded or "年报" in folded)


def _is_subheading(text: str) -> bool:
    if len(text) > 40 or not _SUBHEADING.match(text):
        return False
    return not _SENTENCE_END.search(text.rstrip("。；;"))


def _content(text: str, role: str | None) -> Content:
    if role == ROLE_HEADING:
        return Heading(text=text)
    if role == ROLE_PARAGRAPH:
        return Paragraph(text=text)
    return Heading(text=text) if _is_subheading(text) else Paragraph(text=text)


def _where(position: Position | None) -> str:
    return f" ({position})" if position is not None else ""


# -- rows as read, before they are placed in the model --------------------------------------


_Cells = tuple[tuple[str, str], ...]
"""Cells of a table as ``(row, column)`` keys."""


@attrs.define
class _RowRead:
    table: str
    key: str | None
    """The row key; ``None`` for an extra row or table 四's row of every group."""
    label: str
    block: str | None
    tokens: tuple[Token, ...]
    """The values as written, in order (a value is named by its index here)."""
    where: tuple[Position | None, ...]
    """Where each value was."""
    grids: tuple[int, ...] | None
    """The grid column of each value, for a source with spans (``spanful``)."""
    position: Position | None
    spanful: bool
    grid: dict[int, str] | None
    """Header grid column → column key, for the block the row is in (same source table)."""
    factors: Mapping[str, Decimal]
    """Money columns whose header names a unit: column key → factor to 万元."""
    extra: bool = False
    standard: _StandardRow | None = None
    """How the row is placed, made once for every row printed the same way (a standard row
    without spans and without unit factors); ``None``: worked out when placed. Cleared when
    the walk changes the row (a wrapped label, numbers on the next line)."""
    glued: bool = False
    """From text whose separators were all lost (:attr:`_Row.glued`)."""


def _rule_constraints(
    spec: TableSpec, edition: Edition, cells: tuple[tuple[str, str], ...]
) -> list[_align.Constraint]:
    """The sums of the edition that hold between ``cells`` (one row, or table 四's groups)."""
    index = {cell: i for i, cell in enumerate(cells)}
    constraints = []
    for rule in edition.rules:
        if rule.table != spec.key or rule.along is not Axis.ROWS:
            continue
        for instance in edition.rule_instances(rule):
            wanted = (*instance.left, *instance.right)
            if len(instance.left) == 1 and all(c in index for c in wanted):
                constraints.append(
                    (index[instance.left[0]], tuple(index[c] for c in instance.right))
                )
    return constraints


@attrs.define
class _Pending:
    """A row whose numbers allow several readings: resolved later with the column rules."""

    row: _RowRead
    cells: _Cells
    readings: list[_align.Vector] | None
    reason: str


# -- the recogniser ----------------------------------------------------------------------------


class _Recognizer:
    def __init__(
        self,
        doc: SourceDocument,
        agency: Agency | str | None,
        year: int | None,
        edition: Edition | str | int | None,
        max_split_steps: int = MAX_SPLIT_STEPS,
    ) -> None:
        self.doc = doc
        self.name = doc.name
        self.hint_agency = agency
        self.hint_year = year
        self.hint_edition = edition
        self.notes: list[Issue] = []
        self.positions: dict[str, Position] = {}
        self.max_split_steps = max_split_steps

    # -- entry --------------------------------------------------------------------------

    def run(self) -> AnnualReport:
        items = list(_items(self.doc))
        meta = self.doc.metadata
        title_at, title_text = self._find_title(items)
        title_agency, title_year = _title_parts(title_text) if title_text else (None, None)
        published, published_at = self._find_published(items, title_at)
        year = self._decide_year(title_year, items)
        agency = self._decide_agency(title_agency)
        edition = self._decide_edition(items, year)
        title = self._decide_title(title_text, agency, year, edition)
        if META_PUBLISHED_ON in meta:
            published = self._meta_date(meta[META_PUBLISHED_ON])
        report = AnnualReport.blank(
            agency=agency, year=year, edition=edition, title=title, published_on=published
        )
        # What comes before the title is page furniture (a portal's menus, a breadcrumb).
        skip = set(range(title_at + 1)) if title_at is not None else set()
        if published_at is not None:
            skip.add(published_at)
        found_any = _Walk(self, report, items, skip).run()
        if not found_any and title_text is None and not meta:
            raise ReadError(
                "no section heading, table or title of a government information disclosure"
                " annual report (政府信息公开工作年度报告) was found",
                source=self.name,
            )
        report.source = SourceInfo(
            name=self.name, format=self.doc.format, positions=self.positions, notes=self.notes
        )
        return report

    def note(
        self,
        code: str,
        message: str,
        message_zh: str,
        location: Location | None = None,
        **values: object,
    ) -> None:
        self.notes.append(make_issue(code, message, message_zh, location, **values))

    # -- title, dates, agency, year, edition ------------------------------------------------

    def _find_title(self, items: list[_Item]) -> tuple[int | None, str | None]:
        for i, item in enumerate(items[:_TITLE_SCAN]):
            if isinstance(item, _Row):
                break
            if item.role == ROLE_TITLE:
                return i, item.text
            if item.role is None and len(item.text) > 100:
                # Crawler text: the title runs straight into what follows it.
                glued = _TITLE_PREFIX.match(item.text)
                if glued and _looks_like_title(glued.group(1)):
                    rest = item.text[glued.end() :].strip()
                    items[i : i + 1] = [
                        _Para(glued.group(1), item.position, None),
                        _Para(rest, item.position, None),
                    ]
            if item.role is None and _looks_like_title(items[i].text):  # type: ignore[union-attr]
                text: str = items[i].text  # type: ignore[union-attr]
                first = items[i - 1] if i > 0 else None
                if (
                    _title_parts(text)[0] is None
                    and isinstance(first, _Para)
                    and first.role is None
                    and _title_parts(first.text + text)[0] is not None
                    and len(first.text) <= _MAX_FRAGMENT
                    and not _SENTENCE_END.search(first.text)
                ):
                    # The agency on a line of its own above the rest of the title (淮安市人民政府
                    # / 2024年政府信息公开工作年度报告), as a PDF's text has it.
                    item, text = first, first.text + text
                if item.position is not None:
                    self.positions["title"] = item.position
                return i, text
            if item.role is None and self._heading_key(item.text) is not None:
                break
        return None, None

    def _find_published(
        self, items: Sequence[_Item], title_at: int | None
    ) -> tuple[datetime.date | None, int | None]:
        start = (title_at or 0) + 1 if title_at is not None else 0
        for i in range(start, min(len(items), start + 4)):
            item = items[i]
            if not isinstance(item, _Para) or item.role not in {None, ROLE_META}:
                continue
            match = _PUBLISHED.search(normalize_text(item.text))
            if match:
                try:
                    date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
                except ValueError:
                    return None, None
                return date, (i if len(item.text) <= 80 else None)
        return None, None

    def _meta_date(self, text: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ReadError(
                f"metadata {META_PUBLISHED_ON!r} is {text!r}, not an ISO date", source=self.name
            ) from None

    def _decide_year(self, title_year: int | None, items: Sequence[_Item]) -> int:
        raw = self.doc.metadata.get(META_YEAR)
        if raw is not None:
            year = _year(raw.strip())
            if year is None:
                raise ReadError(f"metadata {META_YEAR!r} is {raw!r}, not a year", source=self.name)
            return year
        if title_year is not None:
            return title_year
        texts = [normalize_text(i.text) for i in items if isinstance(i, _Para)][:200]
        for pattern in (_PERIOD_YEAR, _UNTIL_YEAR):
            for text in texts:
                match = pattern.search(text)
                if match and _year(match.group(1)):
                    year = int(match.group(1))
                    if self.hint_year is None:
                        self._inferred("year", year, f"the statement {match.group()!r}")
                    return self.hint_year or year
        if self.hint_year is not None:
            return self.hint_year
        counts = Counter(
            y for text in texts for m in _ANY_YEAR.finditer(text) if (y := _year(m.group(1)))
        )
        if counts:
            year = counts.most_common(1)[0][0]
            self._inferred("year", year, "the year the text mentions most")
            return year
        raise ReadError(
            "the report year cannot be found (no title, statistics period or date); pass"
            " year= to the reader",
            source=self.name,
        )

    def _inferred(self, what: str, value: object, evidence: str) -> None:
        self.note(
            "read.inferred",
            f"the {what} ({value}) was inferred from {evidence}, not from the title",
            f"报告{'年度' if what == 'year' else '机关'}（{value}）系根据正文推断",
            Location(),
            actual=value,
        )

    def _decide_agency(self, title_agency: str | None) -> Agency:
        data = self.doc.metadata
        if META_AGENCY in data:
            level = data.get(META_LEVEL)
            try:
                return Agency(
                    name=data[META_AGENCY],
                    region=data.get(META_REGION),
                    level=AdministrativeLevel(level) if level else None,
                )
            except ValueError as exc:
                raise ReadError(
                    f"metadata names an invalid agency: {exc}", source=self.name
                ) from exc
        if title_agency:
            return Agency(name=title_agency)
        if self.hint_agency is not None:
            return (
                self.hint_agency
                if isinstance(self.hint_agency, Agency)
                else Agency(name=self.hint_agency)
            )
        self.note(
            "read.agency_unknown",
            f"the document does not name its agency; {UNKNOWN_AGENCY!r} is used (pass agency=)",
            f"文档未写明制作机关，暂记为“{UNKNOWN_AGENCY}”",
            Location(),
        )
        return Agency(name=UNKNOWN_AGENCY)

    def _decide_edition(self, items: Sequence[_Item], year: int) -> Edition:
        raw = self.doc.metadata.get(META_EDITION)
        if raw is not None:
            try:
                return get_edition(raw.strip())
            except UnknownEditionError:
                raise ReadError(
                    f"metadata {META_EDITION!r} is {raw!r}; known editions: {', '.join(EDITIONS)}",
                    source=self.name,
                ) from None
        found = self._layout_edition(items)
        if found is not None:
            return found
        if self.hint_edition is not None:
            return get_edition(self.hint_edition)
        assumed = edition_for_year(year)
        self.note(
            "read.edition_assumed",
            f"the tables do not show which edition of the format they follow; edition"
            f" {assumed.key} ({assumed.document}) is assumed from the year {year}",
            f"表格未体现格式版本，按年度推定为{assumed.document}格式",
            Location(),
            expected=None,
            actual=assumed.key,
        )
        return assumed

    def _layout_edition(self, items: Sequence[_Item]) -> Edition | None:
        keys: set[str] = set()
        for item in items:
            if isinstance(item, _Row):
                keys.update(_row_keys(item.texts))
            elif len(item.text) < 60:
                keys.add(label_key(item.text))
                split = split_label(item.text)
                if split is not None:
                    keys.add(label_key(split[0]))
        scores = {key: len(keys & signature) for key, signature in layout_keys().items()}
        best = max(scores.values(), default=0)
        winners = [key for key, score in scores.items() if score == best]
        if best == 0 or len(winners) != 1:
            return None
        return EDITIONS[winners[0]]

    def _decide_title(
        self,
        title_text: str | None,
        agency: Agency,
        year: int,
        edition: Edition,
    ) -> str | None:
        data = self.doc.metadata
        if META_AGENCY in data or META_YEAR in data:
            return data.get(META_TITLE)
        if title_text is None:
            return None
        composed = edition.report_title.format(agency=agency.name, year=year)
        return None if normalize_text(title_text) == normalize_text(composed) else title_text

    # -- headings -----------------------------------------------------------------------

    @staticmethod
    def _heading_key(text: str) -> str | None:
        if len(text) > 60:
            return None
        return _section_of(text)


@lru_cache(maxsize=4096)
def _row_keys(texts: tuple[str, ...]) -> frozenset[str]:
    """The label keys of a row's cells, as the edition's layout is told by (the same rows
    recur in report after report)."""
    return frozenset(label_key(t) for t in texts if t and len(t) < 80)


@lru_cache(maxsize=4096)
def _section_of(text: str) -> str | None:
    """The section a heading names, in any edition (sections are the same in both)."""
    key = label_key(text)
    for edition in EDITIONS.values():
        found = label_index(edition).headings.get(key)
        if found is not None:
            return found
    match = _SECTION_NUMBER.match(key)
    if match is None or len(key) > 40:
        return None
    number = match.group(1)
    body = key[2:]
    for edition in EDITIONS.values():
        for section in edition.sections:
            if section.number != number:
                continue
            for heading in (section.heading, *section.aliases):
                other = label_key(heading)[2:]
                if difflib.SequenceMatcher(None, body, other).ratio() >= 0.75:
                    return section.key
    return None


# -- walking the document --------------------------------------------------------------------


@attrs.frozen
class _Numbers:
    """A line of numbers without a label, as :meth:`_Walk._numbers` got it."""

    tokens: tuple[Token, ...]
    where: tuple[Position | None, ...]
    grids: tuple[int, ...] | None
    positions: tuple[Position | None, ...]
    spanful: bool
    from_text: bool


class _Walk:
    """One pass over the items: sections and their text, and the table rows by label."""

    def __init__(
        self, owner: _Recognizer, report: AnnualReport, items: list[_Item], skip: set[int]
    ) -> None:
        self.owner = owner
        self.report = report
        self.edition = report.edition
        self.index: LabelIndex = label_index(report.edition)
        self.items = items
        self.skip = skip
        self.order = [s.key for s in self.edition.sections]
        self.tables = {s.key: s.table for s in self.edition.sections}
        self.section: str | None = None
        self.content: dict[str | None, list[Content]] = {None: []}
        self.context: str | None = None
        self.block: str | None = None
        self.rows: dict[str, list[_RowRead]] = {t.key: [] for t in self.edition.tables}
        self.grids: dict[tuple[int | None, str], dict[int, str]] = {}
        self.factors: dict[str, dict[str, Decimal]] = {}
        self.review_order: dict[str, int] = {}
        self.open_row: _RowRead | None = None
        self.found = False
        self.loose: list[_Para] = []
        """Short lines of a table's text since its last row, kept as narrative for now: the
        pieces of a wrapped row label whose numbers may follow on a line of their own."""
        self.held: _Numbers | None = None
        """Numbers after the first piece of a wrapped label, waiting for the piece after them
        (a label cell of two lines with its numbers centred: 首行 / 447 7 0 … / 次行)."""
        self.held_after: list[_Para] = []
        """The lines after held numbers that may still be pieces of their label."""

    def run(self) -> bool:
        for i, item in enumerate(self.items):
            if i in self.skip:
                continue
            if isinstance(item, _Para):
                self._paragraph(item)
            else:
                self._flush_held()
                self.loose.clear()
                self._row(item)
        self._flush_held()
        self._finish_text()
        _Tables(self).fill()
        return self.found

    # -- narrative ----------------------------------------------------------------------

    def _paragraph(self, item: _Para) -> None:
        role = item.role
        if role in {ROLE_META, ROLE_TITLE}:
            return
        if role is None and PAGE_FOOTER.match(item.text.strip()):
            return  # a page number copied out of a PDF
        if self.held is not None:
            if role is None and self._completes_held(item):
                return
            self._flush_held()
        if role in {None, ROLE_SECTION}:
            key = self.owner._heading_key(item.text)
            if key is not None and self._enter(key, item):
                return
            if role == ROLE_SECTION:
                role = ROLE_HEADING
        if role is None and self.context is not None:
            if self._row_from_text(item):
                if self.held is None:  # held numbers wait for the pieces before them
                    self._drop_debris()
                return
            if self._continues_label(item):
                return
        self.open_row = None
        if role is None and not body_of(label_key(item.text)):
            return  # a stray numbering ("1.") left where a copy was cut off
        content = self.content.setdefault(self.section, [])
        content.append(_content(item.text, role))
        if role is None and self.context is not None and len(item.text) <= _MAX_FRAGMENT:
            self.loose.append(item)
        else:
            self.loose.clear()

    def _continues_label(self, item: _Para) -> bool:
        """Whether a short line continues the label of a row read from the line before, whose
        numbers have not come yet (a label wrapped over lines, as a PDF's text has it)."""
        row = self.open_row
        text = item.text.strip()
        if (
            row is None
            or row.tokens
            or row.key is None
            or len(text) > _MAX_FRAGMENT
            or _SENTENCE_END.search(text)
        ):
            return False
        label = row.label + text
        found = self.index.match(label)
        if found is not None and found.kind == "row" and found.table == row.table:
            row.key = found.key
        row.label = label
        row.standard = None
        return True

    def _drop_debris(self) -> None:
        """Forget the short lines between two rows of a table as narrative: they are pieces of
        the table's own labels (a vertical group label cut into lines)."""
        content = self.content.get(self.section, [])
        while self.loose and len(self.loose[-1].text) <= _DEBRIS and content:
            self.loose.pop()
            content.pop()
        self.loose.clear()

    def _enter(self, key: str, item: _Para) -> bool:
        position = self.order.index(key)
        current = self.order.index(self.section) if self.section is not None else -1
        if position < current:
            return False
        self.found = True
        self._flush_held()
        self.loose.clear()
        self.open_row = None
        if position == current:
            # The heading again (祥云镇 prints 一、总体情况 above its introduction and then
            # once more): what came under the first one was the introduction.
            if position == 0 and all(k in {None, key} for k in self.content):
                self.content.setdefault(None, []).extend(self.content.pop(key, []))
            return True
        self.section = key
        self.content.setdefault(key, [])
        self.context = self.tables[key]
        self.block = None
        if item.position is not None:
            self.owner.positions.setdefault(f"section[{key}]", item.position)
        return True

    def _row_from_text(self, item: _Para) -> bool:
        """A paragraph inside a table's section that is a row (``规章 0 0 0``), a block
        label, a header, or numbers continuing the row before it."""
        return self._row(_Row.of_text((item.text,), item.position), from_text=True)

    def _finish_text(self) -> None:
        report = self.report
        report.preamble.extend(self.content.get(None, []))
        for key, content in self.content.items():
            if key is not None:
                report.sections[key].content.extend(content)

    # -- table rows ---------------------------------------------------------------------

    def _row(self, row: _Row, *, from_text: bool = False) -> bool:
        """Read one row; returns whether it was table content (else the caller keeps the text)."""
        spanful = row.spanful
        table_no = row.table_no
        texts = row.texts
        grids = row.grids if row.grids is not None else range(len(texts))
        plan = _plan(texts, row.roles, self.context, self.block, self.edition.key)
        if plan.block_seen:
            self.open_row = None
        self.context, self.block = plan.context, plan.block
        tokens = plan.tokens
        where = row.at(plan.cells)
        value_grids = tuple([grids[i] for i in plan.cells]) if spanful else None
        has_values = plan.has_values
        if plan.review_hits and not has_values:
            for i, key in plan.review_hits:
                self.review_order.setdefault(key, grids[i])
        if plan.header_hits and not has_values:
            self._header(plan.header_hits, texts, grids, table_no)
            return True
        match = plan.match
        if match is not None:
            self.found = True
            if not has_values and (not from_text or match.table == "reviews"):
                if row.position is not None:
                    key = f"{match.table}[{match.key}]"
                    self.owner.positions.setdefault(key, row.position)
                return True
            block = plan.match_block
            self._add(
                _RowRead(  # (positional: one per row of every report read)
                    str(match.table),  # table
                    match.key,  # key
                    plan.label,  # label
                    block if plan.match_blocks > 1 else None,  # block
                    tokens,  # tokens
                    where,  # where
                    value_grids,  # grids
                    row.position,  # position (its first cell's)
                    spanful,  # spanful
                    self.grids.get((table_no, block)),  # grid
                    self.factors.get(block, _NO_FACTORS),  # factors
                    False,  # extra
                    None if spanful else plan.standard_row(self.edition.key),  # standard
                    row.glued,  # glued
                ),
                from_text,
            )
            return True
        loose = plan.loose_text
        # A row marked as an extra row belongs to the table it is in; before any table there
        # is none to add it to.
        if self.context is not None and (
            plan.extra or (loose and self._extra_like(tokens, from_text, loose))
        ):
            self.found = True
            label = plan.label if plan.extra else str(loose)
            self._add(
                self._extra(label, tokens, where, value_grids, row.positions, spanful), from_text
            )
            return True
        if has_values and loose is None and self.context is not None:
            self.found = True
            return self._numbers(tokens, where, value_grids, row.positions, spanful, from_text)
        return plan.recognised

    def _current_block(self) -> str | None:
        return _current_block(self.edition, self.context, self.block)

    def _header(
        self,
        named: tuple[tuple[int, str], ...],
        texts: tuple[str, ...],
        grids: Sequence[int],
        table_no: int | None,
    ) -> None:
        """A header row: ``named`` holds the cells that name a column (cell index, column)."""
        block = self._current_block()
        if block is None:
            return
        header = _header_plan(texts, named, self.edition.key, str(self.context), block)
        grid = self.grids.setdefault((table_no, block), {})
        for i, column in header.columns:
            column_grid = grids[i]
            # A header cell that names no column of the format (an added 小计) marks its
            # column to be skipped.
            if column_grid >= 0 and column not in grid.values():
                grid.setdefault(column_grid, column)
        if header.factors:
            self.factors.setdefault(block, {}).update(header.factors)

    def _extra(
        self,
        label: str,
        tokens: tuple[Token, ...],
        where: tuple[Position | None, ...],
        grids: tuple[int, ...] | None,
        positions: tuple[Position | None, ...],
        spanful: bool,
    ) -> _RowRead:
        table = str(self.context)
        spec = self.edition.table(table)
        block = self._current_block() if len(spec.blocks) > 1 else None
        if len(spec.blocks) > 1 and block is None:
            block = spec.blocks[-1].key
        return _RowRead(
            table=table,
            key=None,
            label=label,
            block=block,
            tokens=tokens,
            where=where,
            grids=grids,
            position=positions[0] if positions else None,
            spanful=spanful,
            grid=None,
            factors=self.factors.get(block or spec.blocks[0].key, {}),
            extra=True,
        )

    def _numbers(
        self,
        tokens: tuple[Token, ...],
        where: tuple[Position | None, ...],
        grids: tuple[int, ...] | None,
        positions: tuple[Position | None, ...],
        spanful: bool,
        from_text: bool,
    ) -> bool:
        """Numbers without a label: table 四's row of all groups, or a row's continuation."""
        open_row = self.open_row
        if open_row is not None and open_row.table == self.context:
            # An open row is one made from text: it has no grid to extend.
            open_row.tokens += tokens
            open_row.where += where
            open_row.standard = None
            if self._complete(open_row):
                self.open_row = None
            return True
        if self.context == "reviews":
            self._add(
                _RowRead(
                    table="reviews",
                    key=None,
                    label="",
                    block=None,
                    tokens=tokens,
                    where=where,
                    grids=grids,
                    position=positions[0] if positions else None,
                    spanful=spanful,
                    grid=None,
                    factors={},
                ),
                from_text,
            )
            return True
        if self._wrapped(tokens, where, grids, spanful, from_text):
            return True
        numbers = _Numbers(tokens, where, grids, positions, spanful, from_text)
        self._flush_held()
        if self.loose and from_text:
            self.held = numbers  # the rest of the label may follow
        else:
            self._unplaced(numbers)
        return True

    def _unplaced(self, numbers: _Numbers) -> None:
        position = numbers.positions[0] if numbers.positions else None
        shown = " ".join(t.text for t in numbers.tokens)
        self.owner.note(
            "read.unplaced_values",
            f"numbers without a row label could not be placed{_where(position)}: {shown!r}",
            f"无法确定所属行的数字：{shown}",
            Location(table=self.context, position=position),
            actual=tuple(t.text for t in numbers.tokens),
        )

    def _flush_held(self) -> None:
        """The held numbers are placed nowhere after all; the lines after them are narrative."""
        if self.held is not None:
            held, self.held = self.held, None
            self._unplaced(held)
            after, self.held_after = self.held_after, []
            self.content.setdefault(self.section, []).extend(_content(p.text, None) for p in after)
            self.loose.clear()

    def _completes_held(self, item: _Para) -> bool:
        """Whether ``item`` is the last piece of the label whose numbers came before it: the
        row is read with them, and its pieces are not narrative."""
        held = self.held
        text = item.text.strip()
        if held is None or len(text) > _MAX_FRAGMENT or _SENTENCE_END.search(text):
            return False
        after = "".join(p.text.strip() for p in self.held_after) + text
        if self._wrapped(held.tokens, held.where, held.grids, held.spanful, held.from_text, after):
            self.held = None
            self.held_after = []
            return True
        if len(self.held_after) + 1 < _MAX_WRAP:
            self.held_after.append(item)  # the label may go on
            return True
        return False

    def _wrapped(
        self,
        tokens: tuple[Token, ...],
        where: tuple[Position | None, ...],
        grids: tuple[int, ...] | None,
        spanful: bool,
        from_text: bool,
        after: str = "",
    ) -> bool:
        """Numbers on a line of their own after the pieces of a wrapped row label (``（二）部分
        公开（区分处理的，只计这一情`` / ``形，不计其他情形）`` / ``447 7 0 0 0 0 454``): the
        row the last lines name together (with ``after``, a piece that came after the numbers),
        their narrative taken back."""
        loose = self.loose
        content = self.content.get(self.section, [])
        for count in range(1, min(len(loose), _MAX_WRAP, len(content)) + 1):
            pieces = loose[-count:]
            label = "".join(p.text.strip() for p in pieces) + after
            found = self.index.match(label)
            if found is None or found.kind != "row" or found.table != self.context:
                continue
            del content[-count:]
            del loose[-count:]
            self._drop_debris()
            table = str(found.table)
            spec = self.edition.table(table)
            block = _block_key(spec, found.key)
            self.found = True
            self._add(
                _RowRead(
                    table=table,
                    key=found.key,
                    label=label,
                    block=block if len(spec.blocks) > 1 else None,
                    tokens=tokens,
                    where=where,
                    grids=grids,
                    position=pieces[0].position,
                    spanful=spanful,
                    grid=None,
                    factors=self.factors.get(block, _NO_FACTORS),
                ),
                from_text,
            )
            return True
        return False

    def _width(self, row: _RowRead) -> int:
        spec = self.edition.table(row.table)
        if row.key is not None:
            return len(spec.columns_of(row.key))
        if row.extra:
            block = spec.block(row.block) if row.block else spec.blocks[0]
            return len(block.columns)
        return len(spec.cells)

    def _complete(self, row: _RowRead) -> bool:
        filled = sum(1 for t in row.tokens if t.kind != EMPTY)
        return filled >= self._width(row)

    def _add(self, row: _RowRead, from_text: bool = False) -> None:
        self.rows[row.table].append(row)
        self.open_row = row if from_text and not self._complete(row) else None

    @staticmethod
    def _extra_like(tokens: tuple[Token, ...], from_text: bool, label: str) -> bool:
        numbers = sum(1 for t in tokens if t.kind == NUMBER)
        if not from_text:
            return numbers > 0 or any(t.kind == BLANK for t in tokens)
        return numbers >= 2 and len(label) <= 30


@attrs.define
class _Plan:
    """What a row's texts say, given the table context: computed once per distinct row (the
    same rows recur in report after report) and applied with the row's positions."""

    match: LabelMatch | None
    match_block: str
    """The block of the row matched (``""`` when none is)."""
    match_blocks: int
    """How many blocks the table of the row matched has."""
    label: str
    extra: bool
    tokens: tuple[Token, ...]
    """Value tokens after the row's label."""
    cells: tuple[int, ...]
    """The index of the cell each token came from."""
    header_hits: tuple[tuple[int, str], ...]
    review_hits: tuple[tuple[int, str], ...]
    recognised: bool
    loose_text: str | None
    context: str | None
    block: str | None
    block_seen: bool
    has_values: bool
    standard: _StandardRow | None = None
    """:func:`_standard_row` of the row matched, without unit factors (what most rows are),
    once :meth:`standard_row` has been asked for it."""
    standard_known: bool = False

    def standard_row(self, edition_key: str) -> _StandardRow | None:
        """:func:`_standard_row` of the row matched (``None`` for none), kept with the plan: the
        plan is made once for each distinct row, and rows are placed for every report read.
        (Kept on first use: both threads of a race keep the same value.)"""
        if not self.standard_known:
            match = self.match
            if match is not None and not self.extra:
                self.standard = _standard_row(
                    edition_key, str(match.table), match.key, self.label, self.tokens, ()
                )
            self.standard_known = True
        return self.standard


def _block_key(spec: TableSpec, row: str) -> str:
    return spec.block_of(row).key


@lru_cache(maxsize=16384)
def _plan(
    texts: tuple[str, ...],
    roles: tuple[str | None, ...],
    context: str | None,
    block: str | None,
    edition_key: str,
) -> _Plan:
    edition = EDITIONS[edition_key]
    index = label_index(edition)
    match: LabelMatch | None = None
    label = ""
    extra = False
    slots: list[tuple[int, Token]] = []
    header_hits: list[tuple[int, str]] = []
    review_hits: list[tuple[int, str]] = []
    recognised = False
    written = False
    block_seen = False
    loose_text: str | None = None
    for i, (text, role) in enumerate(zip(texts, roles, strict=True)):
        if role == CELL_PAD:
            continue
        if role == CELL_EXTRA:
            match, label, extra, slots = None, text.strip(), True, []
            recognised, written = True, False
            continue
        tokens = parse_cell(text)
        first = tokens[0]
        if first.kind != TEXT:
            slots.extend((i, token) for token in tokens)
            written = written or first.kind != EMPTY or len(tokens) > 1
            continue
        if (match is not None or extra) and written:
            slots.append((i, first))
            continue
        found = index.match(text)
        trailing: tuple[Token, ...] = ()
        if found is None:
            split = split_label(text)
            if split is not None:
                found = index.match(split[0])
                trailing = split[1] if found is not None else ()
        if found is None:
            current = _current_block(edition, context, block)
            column = index.column(current, text) if current and len(text) <= 80 else None
            if column is not None:
                header_hits.append((i, column))
                recognised = True
            elif loose_text is None and not extra and match is None:
                loose_text = text.strip()
            continue
        recognised = True
        if found.table is not None and found.table != context:
            context = found.table
            if found.kind != "block" and found.table == "proactive":
                block = None
        if found.kind == "row":
            match, label, extra = found, text.strip(), False
            if found.table == "proactive":
                block = _block_key(edition.proactive, found.key)
            slots = [(i, t) for t in trailing]
            written = bool(trailing)
            if found.table == "reviews":
                review_hits.append((i, found.key))
        elif found.kind == "block":
            block = found.key
            block_seen = True
        elif found.kind == "group" and found.table == "reviews":
            review_hits.append((i, found.key))
    has_values = any(t.kind in {NUMBER, BLANK} for _, t in slots)
    row = match if match is not None and match.kind == "row" else None
    spec = edition.table(str(row.table)) if row is not None else None
    tokens = tuple(t for _, t in slots)
    return _Plan(
        match=row,
        match_block=_block_key(spec, row.key) if spec is not None and row is not None else "",
        match_blocks=len(spec.blocks) if spec is not None else 0,
        label=label,
        extra=extra,
        tokens=tokens,
        cells=tuple(i for i, _ in slots),
        header_hits=tuple(header_hits),
        review_hits=tuple(review_hits),
        recognised=recognised,
        loose_text=loose_text,
        context=context,
        block=block,
        block_seen=block_seen,
        has_values=has_values,
    )


class _HeaderPlan(NamedTuple):
    columns: tuple[tuple[int, str], ...]
    """(cell index, column key) in the row's order: the columns the cells name, then
    ``_IGNORED`` + text for the cells that name none."""
    factors: tuple[tuple[str, Decimal], ...]
    """Money columns whose header names a unit other than 万元: (column key, factor)."""


@lru_cache(maxsize=1024)
def _header_plan(
    texts: tuple[str, ...],
    named: tuple[tuple[int, str], ...],
    edition_key: str,
    context: str,
    block: str,
) -> _HeaderPlan:
    """What a header row says about its block's columns (cached: headers recur verbatim)."""
    edition = EDITIONS[edition_key]
    index = label_index(edition)
    hit = {i for i, _ in named}
    unknown = [
        (i, _IGNORED + text.strip())
        for i, text in enumerate(texts)
        if i not in hit
        and text.strip()
        and parse_cell(text)[0].kind == TEXT
        and index.match(text) is None
    ]
    kinds = {c.key: c.kind for c in edition.table(context).block(block).columns}
    factors: dict[str, Decimal] = {}
    for text in texts:
        column = index.column(block, text) if text else None
        if column is not None and kinds.get(column) is ValueKind.MONEY:
            factor = money_unit(text)
            if factor is not None and factor != 1:
                factors[column] = factor
    return _HeaderPlan(columns=(*named, *unknown), factors=tuple(factors.items()))


def _current_block(edition: Edition, context: str | None, block: str | None) -> str | None:
    if context is None:
        return None
    spec = edition.table(context)
    if len(spec.blocks) == 1:
        return spec.blocks[0].key
    return block


# -- placing rows in the tables ------------------------------------------------------------


class _Tables:
    def __init__(self, walk: _Walk) -> None:
        self.walk = walk
        self.owner = walk.owner
        self.report = walk.report
        self.edition = walk.edition
        self.skipped_columns: set[tuple[str, str]] = set()
        self.split_steps = walk.owner.max_split_steps
        """What is left of the document's budget for splitting run-together numbers."""

    def fill(self) -> None:
        for spec in self.edition.tables:
            rows = self.walk.rows[spec.key]
            if not rows:
                continue
            if rows[0].position is not None:
                self.owner.positions.setdefault(spec.key, rows[0].position)
            pending: list[_Pending] = []
            done: set[str] = set()
            for row in rows:
                self._place(spec, row, done, pending)
            if pending:
                self._resolve_by_columns(spec, pending)

    # -- one row ------------------------------------------------------------------------

    def _cells(self, spec: TableSpec, row: _RowRead) -> tuple[_Cells, tuple[ValueKind, ...]]:
        """The cells a row's values go to, and what each holds."""
        if row.key is not None:
            return _row_cells(spec, row.key)
        if row.extra:
            block = spec.block(row.block) if row.block else spec.blocks[0]
            return tuple(("", c.key) for c in block.columns), tuple(c.kind for c in block.columns)
        return _ordered_cells(spec, tuple(self.walk.review_order.items()))

    def _place(
        self, spec: TableSpec, row: _RowRead, done: set[str], pending: list[_Pending]
    ) -> None:
        if (
            row.key is not None
            and not row.spanful
            and not row.extra
            and not row.glued
            and row.key not in done
            and self._place_standard(spec, row, row.key, done, pending)
        ):
            return
        tokens = row.tokens
        if row.key is not None and row.key in done:
            if _has_values(tokens):
                self.owner.note(
                    "read.duplicate_row",
                    f"row {row.label!r} is printed again; the first is kept",
                    f"“{row.label}”行重复出现，保留第一次的数据",
                    Location(table=spec.key, row=row.key, position=row.position),
                )
            return
        if row.key is not None and not _has_values(tokens):
            if row.position is not None:
                self.owner.positions.setdefault(f"{spec.key}[{row.key}]", row.position)
            return
        cells, kinds = self._cells(spec, row)
        if row.key is not None:
            done.add(row.key)
        elif not row.extra:
            done.update(r for r, _ in cells)
        span = _label_span(spec, row.key) if row.key is not None and not row.extra else _MAX_SPAN
        fit = _fit(tokens, len(cells), row.spanful, row.extra, span)
        picks: tuple[int | None, ...] | None = fit.direct
        if picks is None:
            picks = self._by_grid(row, fit.kept, cells)
        if picks is None:
            self._misaligned(spec, row, fit.written, cells, kinds, pending)
            return
        self._store(spec, row, cells, kinds, picks)

    def _place_standard(
        self,
        spec: TableSpec,
        row: _RowRead,
        key: str,
        done: set[str],
        pending: list[_Pending],
    ) -> bool:
        """:meth:`_place` for a row of the format without spans (every row of copied text),
        from what :func:`_standard_row` made of the same row before; ``False`` for a row
        that must go the general way (numbers run together: their search is budgeted)."""
        factors = row.factors
        plan = row.standard
        if plan is None or factors:
            plan = _standard_row(
                self.edition.key,
                spec.key,
                key,
                row.label,
                row.tokens,
                tuple(factors.items()) if factors else (),
            )
        if plan is None:
            return False
        positions = self.owner.positions
        if not plan.has_values:
            if row.position is not None:
                positions.setdefault(f"{spec.key}[{key}]", row.position)
            return True
        done.add(key)
        if plan.values is not None:  # plain counts, one per cell
            where = row.where
            for path, k in plan.paths:
                position = where[k]
                if position is not None:
                    positions[path] = position
            if row.position is not None:
                positions.setdefault(f"{spec.key}[{key}]", row.position)
            self.report.table(spec.key).set_row(key, plan.values)
            return True
        if plan.picks is not None:
            self._store(spec, row, plan.cells, plan.kinds, plan.picks)
            return True
        written = plan.written
        if not written:
            return True
        if plan.settled is not None and plan.readings:  # settled by the row's own total
            reading = plan.readings[0]
            self._settle(spec, row, plan.cells, reading, written, plan.reason, "row", plan.settled)
            return True
        readings = list(plan.readings) if plan.readings is not None else None
        pending.append(_Pending(row, plan.cells, readings, plan.reason))
        return True

    def _by_grid(
        self, row: _RowRead, kept: tuple[int, ...], cells: _Cells
    ) -> tuple[int | None, ...] | None:
        grid = row.grid
        # Only a source that keeps spans has a grid to trust: text copies shift cells freely.
        if not grid or row.key is None or not row.spanful or row.grids is None:
            return None
        tokens = row.tokens
        by_column: dict[str, int] = {}
        skipped: list[tuple[str, int]] = []
        for k in kept:
            column = grid.get(row.grids[k])
            if column is None:
                if tokens[k].kind == EMPTY:
                    continue
                return None
            if column.startswith(_IGNORED):
                skipped.append((column[len(_IGNORED) :], k))
                continue
            if column in by_column:
                return None
            by_column[column] = k
        if all(tokens[k].kind == EMPTY for k in by_column.values()):
            return None
        for header, k in skipped:
            if (row.table, header) not in self.skipped_columns:
                self.skipped_columns.add((row.table, header))
                self.owner.note(
                    "read.extra_column",
                    f"table {row.table}: the column {header!r} is not one the format defines;"
                    " its cells are not read",
                    f"表格中“{header}”栏不属于规定格式，未读入",
                    Location(table=row.table, position=row.where[k]),
                    actual=header,
                )
        return tuple(by_column.get(c) for _, c in cells)

    def _store(
        self,
        spec: TableSpec,
        row: _RowRead,
        cells: _Cells,
        kinds: tuple[ValueKind, ...],
        picks: tuple[int | None, ...],
    ) -> None:
        if row.key is not None and not row.extra:
            values = self._plain_values(spec, row, cells, kinds, picks)
        else:
            values = [
                self._value(spec, row, row_key, column, kind, k)
                for (row_key, column), kind, k in zip(cells, kinds, picks, strict=False)
            ]
        if row.extra:
            table = self.report.table(spec.key)
            try:
                table.add_extra_row(row.label, values[: len(picks)], row.block)
            except CellValueError as exc:
                self._unreadable_row(spec, row, str(exc))
            return
        if row.key is not None and row.position is not None:
            self.owner.positions.setdefault(f"{spec.key}[{row.key}]", row.position)
        table = self.report.table(spec.key)
        if row.key is not None:
            table.set_row(row.key, values)  # the cells of a row's key, in column order
            return
        for (row_key, column), value in zip(cells, values, strict=False):
            table[row_key, column] = value

    def _plain_values(
        self,
        spec: TableSpec,
        row: _RowRead,
        cells: _Cells,
        kinds: tuple[ValueKind, ...],
        picks: tuple[int | None, ...],
    ) -> list[Value]:
        """:meth:`_value` of each cell of a standard row; plain counts (the common case, for
        every row of every report) without a call each."""
        tokens = row.tokens
        where = row.where
        positions = self.owner.positions
        values: list[Value] = []
        paths = _cell_paths(spec.key, cells)
        for path, cell, kind, k in zip(paths, cells, kinds, picks, strict=False):
            if k is None:
                values.append(None)
                continue
            token = tokens[k]
            if token.kind == NUMBER:
                fast = _plain_count(token, kind)
                if fast is not None:
                    position = where[k]
                    if position is not None:
                        positions[path] = position
                    values.append(fast)
                    continue
            values.append(self._value(spec, row, cell[0], cell[1], kind, k))
        return values

    def _value(
        self,
        spec: TableSpec,
        row: _RowRead,
        row_key: str,
        column: str,
        kind: ValueKind,
        k: int | None,
    ) -> Value:
        """The value of the cell ``(row_key, column)`` from the row's value ``k``."""
        if k is None:
            return None
        token = row.tokens[k]
        position = row.where[k]
        if position is not None and row_key:
            self.owner.positions[_cell_path(spec.key, row_key, column)] = position
        if token.kind == NUMBER:
            fast = _plain_count(token, kind)
            if fast is not None:
                return fast
        elif token.kind != TEXT:
            return None
        where = Location(table=spec.key, row=row_key or row.label, column=column, position=position)
        if token.kind == TEXT:
            self.owner.note(
                "read.unreadable_cell",
                f"{where.path}: {token.text!r} is not a number; the cell is left blank",
                f"{where.path}单元格内容“{token.text}”不是数字，已留空",
                where,
                actual=token.text,
            )
            return None
        try:
            value, converted = convert(token, kind, row.factors.get(column))
        except ValueError:
            self.owner.note(
                "read.unreadable_cell",
                f"{where.path}: {token.text!r} is not a {kind.value} value; the cell is left blank",
                f"{where.path}单元格内容“{token.text}”不符合要求，已留空",
                where,
                actual=token.text,
            )
            return None
        if converted:
            self.owner.note(
                "read.unit_converted",
                f"{where.path}: {token.text!r} read as {value} 万元",
                f"{where.path}单元格“{token.text}”已换算为{value}万元",
                where,
                expected=value,
                actual=token.text,
            )
        return value

    def _unreadable_row(self, spec: TableSpec, row: _RowRead, reason: str) -> None:
        self.owner.note(
            "read.unreadable_cell",
            f"row {row.label!r} cannot be kept: {reason}",
            f"“{row.label}”行无法读取",
            Location(table=spec.key, row=row.label, position=row.position),
        )

    # -- rows with lost cells or lost separators --------------------------------------------

    def _misaligned(
        self,
        spec: TableSpec,
        row: _RowRead,
        written: tuple[int, ...],
        cells: _Cells,
        kinds: tuple[ValueKind, ...],
        pending: list[_Pending],
    ) -> None:
        if not written:
            return
        factors = row.factors
        tokens = tuple([row.tokens[k] for k in written])
        if row.glued and any(t.unit is not None and len(t.integer) > 1 for t in tokens):
            # 6251000元 for 项目数量 and 采购总金额: where the count ends is lost with the
            # separators (6 | 251000元? 62 | 51000元?), and no rule of the format tells.
            pending.append(_Pending(row, cells, None, "unit"))
            return
        run = len(tokens) == 1 and tokens[0].is_run and len(tokens[0].integer) > 1
        if run and not row.glued and not _has_row_rule(self.edition.key, spec.key, cells):
            # One number in a row that kept its separators (951 for three cells): split into
            # digits only where the row's own total says how (a split by count alone, 9 5 1,
            # would be a guess); otherwise it is one value whose cell is not known.
            run = False
        if run and self.split_steps <= 0:
            pending.append(_Pending(row, cells, None, "spent"))
            return
        reason, found, steps = _readings(
            self.edition.key,
            spec.key,
            cells,
            kinds,
            _cell_factors(cells, factors),
            tokens,
            run,
        )
        # Counted whether or not the readings came from the cache: the same document is read
        # the same way every time.
        self.split_steps -= steps
        readings = list(found) if found is not None else None
        if readings is not None and len(readings) == 1:
            self._settle(spec, row, cells, readings[0], written, reason, "row")
            return
        pending.append(_Pending(row, cells, readings, reason))

    def _settle(
        self,
        spec: TableSpec,
        row: _RowRead,
        cells: _Cells,
        reading: _align.Vector,
        written: tuple[int, ...],
        reason: str,
        by: str,
        settled: _Settled | None = None,
    ) -> None:
        table = self.report.table(spec.key)
        position = row.where[written[0]] if written else row.position
        positions = self.owner.positions
        if settled is None:
            settled = _settled(
                spec.key,
                row.label or spec.title,
                None if row.extra else row.key,
                cells,
                reading,
                tuple([row.tokens[k].text for k in written]),
                reason,
                by,
            )
        if _set_whole_row(table, row, settled.whole):
            if position is not None:
                positions.update(dict.fromkeys(settled.paths, position))
        else:
            for (row_key, column), value in zip(cells, () if row.extra else reading, strict=False):
                if isinstance(value, _align._Unknown):
                    continue
                try:
                    table[row_key, column] = value
                except CellValueError:
                    continue
                if position is not None:
                    positions[_cell_path(spec.key, row_key, column)] = position
        if row.key is not None and row.position is not None:
            positions.setdefault(f"{spec.key}[{row.key}]", row.position)
        self.owner.notes.append(
            make_issue(
                settled.code,
                settled.message,
                settled.message_zh,
                Location(spec.key, row.key, None, None, row.position),
                expected=settled.expected,
                actual=settled.shown,
            )
        )

    def _ambiguous(self, spec: TableSpec, item: _Pending) -> None:
        row = item.row
        written = _written(row.tokens)
        shown = _shown(row.tokens, written)
        label = row.label or spec.title
        readings = item.readings
        if item.reason == "more":
            detail = f"more numbers ({len(written)}) than columns ({len(item.cells)})"
        elif item.reason == "unit":
            detail = "a number with a unit is run together with the numbers before it"
        elif item.reason == "spent":
            detail = (
                f"not split: the document's budget of {MAX_SPLIT_STEPS:,} search steps for"
                " run-together numbers is spent"
            )
        elif readings is None:
            detail = "too many readings to list"
        elif not readings:
            detail = "no reading agrees with the format's rules"
        else:
            ranked = sorted(readings, key=lambda r: sum(v is _align.UNKNOWN for v in r))
            listed = " | ".join(_describe(item.cells, r) for r in ranked[:5])
            more = f" (and {len(ranked) - 5} more)" if len(ranked) > 5 else ""
            detail = f"{len(readings)} readings fit: {listed}{more}"
        what = (
            "run together" if item.reason in {"run", "spent", "unit"} else f"{len(written)} numbers"
        )
        self.owner.note(
            "read.ambiguous_row",
            f"row {label!r}: {what} ({shown!r}) for {len(item.cells)}"
            f" columns; {detail}; the cells are left blank",
            f"“{label}”行数字（{shown}）无法确定所属栏目，相关单元格留空",
            Location(table=spec.key, row=row.key or (row.label or None), position=row.position),
            expected=tuple(tuple(_plain(v) for v in r) for r in (readings or [])[:20]),
            actual=shown,
        )
        if row.extra:
            self.report.table(spec.key).add_extra_row(row.label, (), row.block)
        elif row.key is not None and row.position is not None:
            self.owner.positions.setdefault(f"{spec.key}[{row.key}]", row.position)

    def _resolve_by_columns(self, spec: TableSpec, pending: list[_Pending]) -> None:
        """Rows that allow several readings: keep those the column rules (A1, A2) allow."""
        table = self.report.table(spec.key)
        rules = [r for r in self.edition.rules if r.table == spec.key and r.along is Axis.COLUMNS]
        choices = [p for p in pending if p.readings and not p.row.extra and p.row.key]
        total = 1
        for p in choices:
            total *= len(p.readings or ())
        settled: dict[int, _align.Vector] = {}
        if rules and choices and total <= _MAX_COMBINATIONS:
            kept = _align.compatible(
                [p.readings or () for p in choices],
                _identities(self.edition, rules, table.values, [p.cells for p in choices]),
            )
            # None: no combination holds the rules; every row stays ambiguous.
            for p, readings in zip(choices, kept or [[] for _ in choices], strict=True):
                if len(readings) == 1:
                    settled[id(p)] = readings[0]
        for p in pending:
            chosen = settled.get(id(p))
            if chosen is not None:
                written = _written(p.row.tokens)
                self._settle(spec, p.row, p.cells, chosen, written, p.reason, "columns")
            else:
                self._ambiguous(spec, p)


@attrs.frozen
class _Fit:
    """Which of a row's values fill its cells, from what they are (empty or not) alone."""

    kept: tuple[int, ...]
    """The values left when empty cells the copy added are trimmed."""
    written: tuple[int, ...]
    """The values that are not empty."""
    direct: tuple[int, ...] | None
    """The value of each cell in turn, when the values fill the cells one to one."""


@lru_cache(maxsize=4096)
def _fit(
    tokens: tuple[Token, ...], width: int, spanful: bool, extra: bool, label_span: int = _MAX_SPAN
) -> _Fit:
    """How a row's values meet its ``width`` cells (cached: the same rows recur).

    ``label_span``: how many label columns the row's label covers in the official layout
    (:func:`_label_span`).
    """
    kept = list(range(len(tokens)))
    if not spanful:
        # Text copies keep a merged label's other columns as empty cells right after it:
        # as many as the label covers columns beyond its own, or any that leave too many.
        lead = 0
        while (
            kept and tokens[kept[0]].kind == EMPTY and (lead < label_span - 1 or len(kept) > width)
        ):
            kept.pop(0)
            lead += 1
    while len(kept) > width and tokens[kept[-1]].kind == EMPTY:
        kept.pop()
    if extra:
        while kept and tokens[kept[-1]].kind == EMPTY and len(kept) > width:
            kept.pop()
    written = tuple(k for k in kept if tokens[k].kind != EMPTY)
    direct: tuple[int, ...] | None = None
    if len(kept) == width or (extra and len(kept) <= width):
        direct = tuple(kept)
    elif len(written) == width and not spanful:
        direct = written
    return _Fit(kept=tuple(kept), written=written, direct=direct)


@lru_cache(maxsize=4096)
def _has_values(tokens: tuple[Token, ...]) -> bool:
    """Whether a row has a number or a blank mark (not only empty cells or text)."""
    return any(t.kind in {NUMBER, BLANK} for t in tokens)


def _written(tokens: tuple[Token, ...]) -> tuple[int, ...]:
    return tuple(k for k, t in enumerate(tokens) if t.kind != EMPTY)


def _shown(tokens: tuple[Token, ...], written: tuple[int, ...]) -> str:
    """The values a row has, as notes quote them."""
    return " ".join(tokens[k].text for k in written)


def _fit_value(token: Token, kind: ValueKind, factor: Decimal | None) -> tuple[bool, Value]:
    if token.kind in {BLANK, TEXT}:
        return True, None
    try:
        return True, convert(token, kind, factor)[0]
    except ValueError:
        return False, None


@lru_cache(maxsize=4096)
def _readings(
    edition: str,
    table: str,
    cells: tuple[tuple[str, str], ...],
    kinds: tuple[ValueKind, ...],
    factors: tuple[Decimal | None, ...],
    tokens: tuple[Token, ...],
    run: bool = True,
) -> tuple[str, tuple[_align.Vector, ...] | None, int]:
    """Every reading of a row's written values that the format allows (cached: the same
    patterns, rows of zeros above all, recur in report after report), and the steps the
    search for the splits of a run-together row took (0 for other rows). ``run=False``: a
    single run of digits is one value, not numbers run together."""
    chosen = EDITIONS[edition]
    spec = chosen.table(table)
    width = len(cells)
    constraints = _rule_constraints(spec, chosen, cells)
    nonnegative = [k is not ValueKind.SIGNED for k in kinds]
    if run and len(tokens) == 1 and tokens[0].is_run and len(tokens[0].integer) > 1:
        digits = tokens[0].integer
        if len(digits) > _MAX_RUN:
            return "run", None, 0
        found, steps = _align.split_search(digits, width, constraints)
        if found == [] and len(digits) < width:
            # Fewer digits than cells: each digit a cell, and cells lost as well.
            found = _align.placements([int(d) for d in digits], width, constraints, nonnegative)
        return "run", (tuple(found) if found is not None else None), steps
    if len(tokens) > width:
        return "more", (), 0
    values: list[_align.Cell] = []
    fits: list[list[bool]] = []
    for token in tokens:
        parsed = [_fit_value(token, k, f) for k, f in zip(kinds, factors, strict=True)]
        fits.append([ok for ok, _ in parsed])
        usable = [v for ok, v in parsed if ok]
        values.append(usable[0] if usable else None)
    found = _align.placements(values, width, constraints, nonnegative, fits)
    return "lost", (tuple(found) if found is not None else None), 0


def _identities(
    edition: Edition,
    rules: Sequence[SumRule],
    values: Mapping[tuple[str, str], Value],
    rows: Sequence[Sequence[tuple[str, str]]],
) -> list[_align.Identity]:
    """The column rules' instances as identities between the table's values and the cells of
    the rows still to be read (``rows[i]``: the cells of row ``i``'s readings)."""
    terms = {cell: (row, i) for row, cells in enumerate(rows) for i, cell in enumerate(cells)}
    identities: list[_align.Identity] = []
    for rule in edition.rules:
        if rule not in rules:
            continue
        for instance in edition.rule_instances(rule):
            left = [c for c in instance.left if c not in terms]
            right = [c for c in instance.right if c not in terms]
            identities.append(
                (
                    tuple(values.get(c) for c in left),
                    tuple(terms[c] for c in instance.left if c in terms),
                    tuple(values.get(c) for c in right),
                    tuple(terms[c] for c in instance.right if c in terms),
                )
            )
    return identities


def _cell_factors(cells: _Cells, factors: Mapping[str, Decimal]) -> tuple[Decimal | None, ...]:
    """The factor to 万元 of each cell's column, from its header (``None``: no unit named)."""
    if not factors:
        return (None,) * len(cells)
    return tuple(factors.get(column) for _, column in cells)


def _plain(value: object) -> object:
    return None if value is _align.UNKNOWN else value


@lru_cache(maxsize=1024)
def _plain_reading(reading: _align.Vector) -> tuple[object, ...]:
    """A reading as notes give it (``issue.expected``): lost cells as ``None``."""
    return tuple(_plain(v) for v in reading)


@lru_cache(maxsize=1024)
def _describe(cells: tuple[tuple[str, str], ...], reading: _align.Vector) -> str:
    parts = []
    for (row, column), value in zip(cells, reading, strict=True):
        if value is _align.UNKNOWN:
            continue
        name = f"{row}/{column}" if len({r for r, _ in cells}) > 1 else column
        parts.append(f"{name}={value}")
    return ", ".join(parts) or "nothing"


class _StandardRow(NamedTuple):
    """What :meth:`_Tables._place` does with a row of the format printed without spans,
    worked out from the row's label and values alone (:func:`_standard_row`)."""

    has_values: bool
    cells: _Cells
    kinds: tuple[ValueKind, ...]
    values: tuple[Value, ...] | None
    """The row's values, when they are plain counts filling its cells one to one."""
    paths: tuple[tuple[str, int], ...]
    """With ``values``: each cell's path and the index of the value it holds."""
    picks: tuple[int | None, ...] | None
    """The value of each cell, when the values fill the cells one to one (not all plain)."""
    written: tuple[int, ...]
    reason: str
    readings: tuple[_align.Vector, ...] | None
    settled: _Settled | None
    """The row settled by its own total, when exactly one reading agrees with it."""


@lru_cache(maxsize=8192)
def _standard_row(
    edition_key: str,
    table: str,
    key: str,
    label: str,
    tokens: tuple[Token, ...],
    factors: tuple[tuple[str, Decimal], ...],
) -> _StandardRow | None:
    """How a standard row without spans is placed (cached: the same rows, rows of zeros above
    all, recur in report after report): the steps of :meth:`_Tables._place`, up to what
    depends on the document (positions, the split budget, the column rules across rows)."""
    spec = EDITIONS[edition_key].table(table)
    cells, kinds = _row_cells(spec, key)
    nothing = _StandardRow(False, cells, kinds, None, (), None, (), "", None, None)
    if not _has_values(tokens):
        return nothing
    fit = _fit(tokens, len(cells), False, False, _label_span(spec, key))
    if fit.direct is not None:
        picks: tuple[int | None, ...] = fit.direct
        values = tuple(
            _plain_count(tokens[k], kind) if k is not None and tokens[k].kind == NUMBER else None
            for k, kind in zip(picks, kinds, strict=False)
        )
        if all(v is not None for v in values):
            paths = tuple(
                (path, k)
                for path, k in zip(_cell_paths(table, cells), picks, strict=False)
                if k is not None
            )
            return nothing._replace(has_values=True, values=values, paths=paths)
        return nothing._replace(has_values=True, picks=picks)
    written = fit.written
    values_written = tuple([tokens[k] for k in written])
    if len(values_written) == 1 and values_written[0].is_run and len(values_written[0].integer) > 1:
        return None  # run together: searched within the document's budget, the general way
    if not written:
        return nothing._replace(has_values=True)
    reason, found, _ = _readings(
        edition_key,
        table,
        cells,
        kinds,
        _cell_factors(cells, dict(factors)),
        values_written,
    )
    settled = None
    if found is not None and len(found) == 1:
        shown = tuple(t.text for t in values_written)
        settled = _settled(table, label or spec.title, key, cells, found[0], shown, reason, "row")
    return nothing._replace(
        has_values=True,
        written=written,
        reason=reason,
        readings=found,
        settled=settled,
    )


class _Settled(NamedTuple):
    """What settling a row with one reading writes: the same for every report that prints the
    row the same way (rows of zeros above all), so made once (:func:`_settled`)."""

    whole: tuple[Value, ...] | None
    """The values of a standard row's every cell, when the reading has them all."""
    paths: tuple[str, ...]
    code: str
    message: str
    message_zh: str
    expected: tuple[object, ...]
    shown: str


@lru_cache(maxsize=4096)
def _settled(
    table: str,
    label: str,
    key: str | None,
    cells: _Cells,
    reading: _align.Vector,
    shown_values: tuple[str, ...],
    reason: str,
    by: str,
) -> _Settled:
    whole = (
        reading
        if key is not None and not any(isinstance(v, _align._Unknown) for v in reading)
        else None
    )
    rules = "the row's own total" if by == "row" else "the column rules (A1, A2)"
    shown = " ".join(shown_values)
    placed = _describe(cells, reading)
    if reason == "run":
        code = "read.run_together"
        message = (
            f"row {label!r}: the numbers {shown!r} run together; only"
            f" one split into {len(cells)} cells agrees with {rules}: {placed}"
        )
        message_zh = f"“{label}”行数字连在一起（{shown}），按勾稽关系唯一可行的拆分读取"
    else:
        code = "read.misaligned_row"
        message = (
            f"row {label!r}: {len(shown_values)} numbers for"
            f" {len(cells)} columns; the only placement that agrees with {rules}: {placed}"
        )
        message_zh = f"“{label}”行只有{len(shown_values)}个数字（应有{len(cells)}个），按唯一可行的对应方式读取"
    return _Settled(
        whole=whole,  # type: ignore[arg-type]
        paths=_cell_paths(table, cells),
        code=code,
        message=message,
        message_zh=message_zh,
        expected=_plain_reading(reading),
        shown=shown,
    )


@lru_cache(maxsize=4096)
def _cell_path(table: str, row: str, column: str) -> str:
    """``Location.path`` of a cell, without building a Location (one per value read)."""
    return f"{table}[{row}][{column}]"


@lru_cache(maxsize=1024)
def _cell_paths(table: str, cells: _Cells) -> tuple[str, ...]:
    """``Location.path`` of each of a row's cells."""
    return tuple(_cell_path(table, row, column) for row, column in cells)


def _set_whole_row(table: Table, row: _RowRead, whole: tuple[Value, ...] | None) -> bool:
    """Set a standard row's cells from a reading that has every one of them (``whole``), in
    one step; ``False`` (nothing to undo: the cells are set one by one after it) when there is
    none or a value does not fit its cell."""
    if whole is None or row.key is None or row.extra:
        return False
    try:
        table.set_row(row.key, whole)
    except CellValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def _plain_count(token: Token, kind: ValueKind) -> int | None:
    """The count a plain number token gives (the common case), or ``None`` to go the long way."""
    if kind is ValueKind.MONEY or token.unit is not None or token.fraction:
        return None
    number = token.sign * int(token.integer) if len(token.integer) < 100 else None
    if number is None or (number < 0 and kind is ValueKind.COUNT):
        return None
    return number


@lru_cache(maxsize=256)
def _row_cells(spec: TableSpec, key: str) -> tuple[_Cells, tuple[ValueKind, ...]]:
    """The cells of a stored row and what each holds (rows are few: computed once)."""
    columns = spec.columns_of(key)
    return tuple((key, c.key) for c in columns), tuple(c.kind for c in columns)


@lru_cache(maxsize=256)
def _ordered_cells(
    spec: TableSpec, order: tuple[tuple[str, int], ...]
) -> tuple[_Cells, tuple[ValueKind, ...]]:
    """The cells of table 四's row of every group, its groups in the order the header printed
    them (``order``: group or row key → grid column; the same few orders recur)."""
    grid = dict(order)
    rows = sorted(
        (r.key for r in spec.rows),
        key=lambda k: (grid.get(k, grid.get(_group_of(spec, k), 10**6)), _rank(spec, k)),
    )
    cells = tuple((r, c.key) for r in rows for c in spec.columns_of(r))
    return cells, tuple(spec.kinds[cell] for cell in cells)


@lru_cache(maxsize=1024)
def _has_row_rule(edition: str, table: str, cells: _Cells) -> bool:
    """Whether a sum of the edition holds between the cells of one row (its total)."""
    chosen = EDITIONS[edition]
    return bool(_rule_constraints(chosen.table(table), chosen, cells))


@lru_cache(maxsize=256)
def _label_span(spec: TableSpec, key: str) -> int:
    """:meth:`TableSpec.label_span`, for every row placed (cached)."""
    return spec.label_span(key)


def _group_of(spec: TableSpec, key: str) -> str:
    row = spec.row(key)
    return row.group or key


def _rank(spec: TableSpec, key: str) -> int:
    return [r.key for r in spec.rows].index(key)


# -- public entry -----------------------------------------------------------------------------


def assemble(
    doc: SourceDocument,
    *,
    agency: Agency | str | None = None,
    year: int | None = None,
    edition: Edition | str | int | None = None,
    max_grid_cells: int = MAX_GRID_CELLS,
    max_split_steps: int = MAX_SPLIT_STEPS,
) -> AnnualReport:
    """Recognise a published report in a document's paragraphs and tables.

    The document's own metadata (``doc.metadata``, this library's output) is used first; then
    what the text says (title, statistics period); the hints ``agency``, ``year`` and
    ``edition`` fill in what the document does not say. The edition is read from the tables'
    layout whenever they show it.

    Returns a report whose ``source`` holds the reader notes (``read.*`` issues: rows whose
    numbers could not be placed for sure, converted units…) and the position of every value
    read. A document that stops early gives a partial report; validation lists what is missing.

    Raises:
        ReadError: the document has nothing of an annual report (no heading, table or title),
            or its year cannot be found and ``year`` is not given, or its metadata is invalid,
            or its tables' merged cells span more grid cells than any report's
            (``max_grid_cells``, :data:`~govdisclosure.formats._source.MAX_GRID_CELLS`).

    ``max_split_steps`` bounds the search for the splits of run-together numbers in the whole
    document (:data:`MAX_SPLIT_STEPS`).
    """
    check_grid(doc, max_span=_MAX_SPAN, limit=check_limit("max_grid_cells", max_grid_cells))
    steps = check_limit("max_split_steps", max_split_steps)
    return _Recognizer(doc, agency, year, edition, steps).run()
