"""PDF pages to a SourceDocument: paragraphs, page numbers, tables joined over page breaks.

Every PDF here is drawn by the test (``pdfdraw``), with the layouts real reports have: table 三
of the format broken over two pages with its header rows repeated, a merged label cut by the
page break, a row allowed to break across pages, labels wrapped in narrow cells.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

pytest.importorskip("pdfplumber", reason="the pdf extra is not installed")

import pdfdraw as d
from govdisclosure.editions import Edition, get_edition
from govdisclosure.formats._source import SourceDocument, SourceParagraph, SourceTable
from govdisclosure.formats.pdf import PdfReader
from govdisclosure.formats.pdf._document import is_page_number, known_label


def extract(pages: list[list[d.Item]]) -> SourceDocument:
    return PdfReader().extract(d.make_pdf(pages), source="drawn.pdf")


def paragraphs(doc: SourceDocument) -> list[SourceParagraph]:
    return [b for b in doc.blocks if isinstance(b, SourceParagraph)]


def tables(doc: SourceDocument) -> list[SourceTable]:
    return [b for b in doc.blocks if isinstance(b, SourceTable)]


def texts(table: SourceTable) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def value(edition: Edition) -> Callable[[str, str], int]:
    """A distinct number for every cell: row index × 10 + column index."""
    spec = edition.applications
    rows = list(spec.row_keys)
    columns = [c.key for c in spec.columns]
    return lambda row, column: rows.index(row) * 10 + columns.index(column)


def body_rows(table: SourceTable) -> dict[str, list[str]]:
    """Data rows by their last label cell: the numbers that follow it."""
    found: dict[str, list[str]] = {}
    for row in table.rows:
        cells = [c.text for c in row]
        numbers = [t for t in cells if t.isdigit()]
        if len(numbers) >= 7:
            labels = [t for t in cells if t and not t.isdigit()]
            found[labels[-1]] = numbers
    return found


# -- narrative ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["- 3 -", "— 3 —", "－12－", "3", "第3页", "第 3 页 共 6 页", "3/6", "Page 3 of 6"]
)
def test_page_numbers_are_recognised(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["一、总体情况", "2024年", "3件", "- 3 - 4 -x", "（三）"])
def test_text_is_not_a_page_number(text: str) -> None:
    assert not is_page_number(text)


def test_title_lines_join_and_paragraphs_follow_the_indent() -> None:
    first = "本报告根据条例规定编制。报告所列统计期限自一月一日至十二月三十一日止，特此说明如下。"
    second = "如对本报告有疑问，请与办公室联系。"
    page = [
        d.Text(200, 80, "某某市人民政府", size=22),
        d.Text(120, 112, "二〇二四年政府信息公开工作年度报告", size=22),
        *d.paragraph(first, 180, chars=27),
        *d.paragraph(second, 180 + 3 * d.PITCH, chars=27),
        d.Text(d.LEFT + 2 * d.BODY, 180 + 4 * d.PITCH, "一、总体情况"),
        d.footer(1),
    ]
    doc = extract([page])
    found = paragraphs(doc)
    assert [p.text for p in found] == [
        "某某市人民政府二〇二四年政府信息公开工作年度报告",
        first,
        second,
        "一、总体情况",
    ]
    assert found[0].role == "title"
    assert [p.role for p in found[1:]] == [None, None, None]
    assert found[1].position is not None
    assert (found[1].position.page, found[1].position.source) == (1, "drawn.pdf")


def test_page_numbers_and_running_heads_are_dropped() -> None:
    head = "某某市人民政府办公室"
    pages = [
        [
            d.Text(d.LEFT, 30, head, size=10),
            *d.paragraph(f"第{n}页的正文，" * 8, 100),
            d.Text(280, d.HEIGHT - 60, f"— {k} —", size=14),
        ]
        for k, n in enumerate("一二三", 1)
    ]
    doc = extract(pages)
    assert [p.text for p in paragraphs(doc)] == [f"第{n}页的正文，" * 8 for n in "一二三"]


def test_a_paragraph_runs_on_over_the_page_break() -> None:
    text = "这一段文字很长，" * 12
    lines = d.paragraph(text, 100)
    doc = extract(
        [[*lines[:2], d.footer(1)], [*[attrs.evolve(t, top=t.top - 100) for t in lines[2:]]]]
    )
    assert [p.text for p in paragraphs(doc)] == [text]
    position = paragraphs(doc)[0].position
    assert position is not None
    assert position.page == 1


def test_shaded_paragraph_boxes_are_not_tables() -> None:
    # WPS paints a white (or tinted) rectangle behind each line of some paragraphs.
    lines = d.paragraph("带底纹的段落文字，" * 6, 200)
    boxes = [d.Box(d.LEFT - 6, t.top - 6, d.RIGHT + 4, t.top + d.PITCH - 6) for t in lines]
    tinted = [attrs.evolve(b, gray=0.9) for b in boxes]
    doc = extract([[*boxes, *lines], [*tinted, *lines]])
    assert tables(doc) == []
    assert len(paragraphs(doc)) == 2


# -- tables ---------------------------------------------------------------------------------------


def test_wrapped_labels_and_merged_header_cells() -> None:
    edition = get_edition("2021")
    cells = d.applications_cells(edition, value(edition))
    heights = d.row_heights(cells)
    rows = 12
    kept = [c for c in cells if c.row < rows]
    grid = d.Grid(
        70,
        100,
        d.widths_of(edition),
        tuple(heights[:rows]),
        tuple(attrs.evolve(c, rowspan=min(c.rowspan, rows - c.row)) for c in kept),
        size=d.CELL_FONT,
    )
    [table] = tables(extract([[grid]]))
    spec = edition.applications
    corner = table.rows[0][0]
    assert (corner.text, corner.rowspan, corner.colspan) == (spec.corner_label, 3, 3)
    assert [(c.text, c.rowspan, c.colspan) for c in table.rows[1]] == [
        ("自然人", 2, 1),
        (spec.column_group("legal_person").label, 1, 5),
        ("总计", 2, 1),
    ]
    partially = spec.row("partially_granted")
    assert "\n" in d.wrap(partially.label, sum(d.LABEL_WIDTHS[1:]))  # drawn on two lines
    assert body_rows(table)[partially.label] == [
        str(value(edition)("partially_granted", c.key)) for c in spec.columns
    ]
    outcomes = next(c for row in table.rows for c in row if c.rowspan > 3)
    assert outcomes.text == spec.group("outcomes").label  # one character a line in the PDF
    assert outcomes.position is not None
    assert (outcomes.position.page, outcomes.position.table, outcomes.position.row) == (1, 1, 6)


@pytest.mark.parametrize("edition_key", ["2019", "2021"])
def test_table_broken_over_pages_is_joined_without_its_repeated_header(edition_key: str) -> None:
    edition = get_edition(edition_key)
    spec = edition.applications
    cells = d.applications_cells(edition, value(edition))
    heights = d.row_heights(cells)
    at = 3 + list(spec.row_keys).index("denied_internal_affairs")
    upper, lower = d.split_grid(
        cells, heights, at, x=70, tops=(140, 70), widths=d.widths_of(edition), repeat=3
    )
    heading = d.Text(d.LEFT + 2 * d.BODY, 100, "三、收到和处理政府信息公开申请情况")
    after = d.Text(d.LEFT + 2 * d.BODY, lower.bottom + 20, "四、政府信息公开行政复议、行政诉讼情况")
    doc = extract([[heading, upper, d.footer(1)], [lower, after, d.footer(2)]])
    [table] = tables(doc)
    assert len(table.rows) == 3 + len(spec.rows)
    assert [c.text for c in table.rows[2]] == [c.label for c in spec.columns if c.group]
    numbers = body_rows(table)
    for row in spec.rows:
        assert numbers[row.label] == [str(value(edition)(row.key, c.key)) for c in spec.columns]
    pages = {c.position.page for row in table.rows for c in row if c.position is not None}
    assert pages == {1, 2}
    last = table.rows[-1][-1]
    assert last.position is not None
    assert (last.position.page, last.position.row, last.position.table) == (2, len(table.rows), 1)
    assert [p.text for p in paragraphs(doc)] == [heading.text, after.text]


def test_merged_label_cut_by_the_page_break_is_joined() -> None:
    edition = get_edition("2021")
    spec = edition.applications
    group = spec.group("unavailable")
    cells = d.applications_cells(edition, value(edition))
    heights = d.row_heights(cells)
    at = 3 + list(spec.row_keys).index(group.members[1])

    def cut(cell: d.Cell) -> tuple[str, str]:
        text = cell.text.replace("\n", "")
        if text == group.label:
            return text[:4], text[4:]  # （四）无 | 法提供, as in the Huai'an report
        return cell.text, ""

    upper, lower = d.split_grid(
        cells, heights, at, x=70, tops=(140, 70), widths=d.widths_of(edition), cut=cut
    )
    reader = PdfReader()
    doc, notes = reader._extract(d.make_pdf([[upper], [lower]]), "drawn.pdf")
    [table] = tables(doc)
    labels = [c for row in table.rows for c in row if c.text == group.label]
    assert [(c.rowspan, c.colspan) for c in labels] == [(len(group.members), 1)]
    outcomes = [c for row in table.rows for c in row if c.text == spec.group("outcomes").label]
    assert [c.rowspan for c in outcomes] == [len(spec.group("outcomes").members) + 1]
    assert len(table.rows) == 3 + len(spec.rows)
    assert not any(c.text == "" and c.rowspan > 1 for row in table.rows for c in row)
    assert [(n.code, n.actual) for n in notes] == [
        ("read.pdf_cell_across_pages", (group.label[:4], group.label[4:]))
    ]
    assert notes[0].location.position is not None
    assert notes[0].location.position.page == 2


def test_row_broken_across_pages_is_joined() -> None:
    edition = get_edition("2021")
    spec = edition.applications
    key = "other_no_correction"
    label = spec.row(key).label
    cells = d.applications_cells(edition, value(edition))
    at = 3 + list(spec.row_keys).index(key)
    # The row's label is cut after its first line; its numbers sit in the lower part.
    first, rest = label[:12], label[12:]
    heights = d.row_heights(cells)
    grid_cells: list[d.Cell] = []
    for cell in cells:
        if cell.row == at and cell.col == 2:
            grid_cells.append(attrs.evolve(cell, text=first))
            grid_cells.append(attrs.evolve(cell, row=at + 1, text=d.wrap(rest, d.LABEL_WIDTHS[2])))
        elif cell.row == at and cell.col > 2:
            grid_cells.append(attrs.evolve(cell, text=""))
            grid_cells.append(attrs.evolve(cell, row=at + 1))
        else:
            shift = 1 if cell.row > at else 0
            grow = 1 if cell.row <= at < cell.row + cell.rowspan else 0
            grid_cells.append(attrs.evolve(cell, row=cell.row + shift, rowspan=cell.rowspan + grow))
    heights = [*heights[: at + 1], 40.0, *heights[at + 1 :]]
    upper, lower = d.split_grid(
        grid_cells, heights, at + 1, x=70, tops=(140, 70), widths=d.widths_of(edition)
    )
    [table] = tables(extract([[upper], [lower]]))
    numbers = body_rows(table)
    assert numbers[label] == [str(value(edition)(key, c.key)) for c in spec.columns]
    assert len(table.rows) == 3 + len(spec.rows)


def test_tables_apart_are_not_joined() -> None:
    edition = get_edition("2021")
    cells = d.applications_cells(edition, value(edition))
    heights = d.row_heights(cells)
    upper, lower = d.split_grid(
        cells, heights, 12, x=70, tops=(140, 70), widths=d.widths_of(edition)
    )
    narrower = attrs.evolve(lower, widths=(*lower.widths[:-1], lower.widths[-1] + 30))
    between = d.Text(d.LEFT, 70, "表2", size=12)
    assert len(tables(extract([[upper], [narrower]]))) == 2
    assert len(tables(extract([[upper], [between, attrs.evolve(lower, top=90)]]))) == 2
    assert (
        len(
            tables(
                extract([[upper], [d.Text(d.LEFT, 70, "另起一页"), attrs.evolve(lower, top=120)]])
            )
        )
        == 2
    )


def test_labels_of_the_format_are_known() -> None:
    assert known_label("（四）无法提供")
    assert known_label("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    assert not known_label("（四）无")
    assert not known_label("法提供")


def test_rows_with_complementary_blanks_are_not_taken_for_one_broken_row() -> None:
    # Above the break: （一）予以公开 with numbers in some columns; below it: （二）部分公开
    # with numbers only where the row above is blank. The outcome label is cut in two, but
    # these are two rows, not one row broken across pages.
    edition = get_edition("2021")
    spec = edition.applications
    columns = [c.key for c in spec.columns]

    def values(row: str, column: str) -> int | None:
        index = columns.index(column)
        if row == "granted":
            return index + 1 if index % 2 else None
        if row == "partially_granted":
            return None if index % 2 else index + 100
        return 0

    cells = d.applications_cells(edition, values)
    heights = d.row_heights(cells)
    at = 3 + list(spec.row_keys).index("partially_granted")
    outcomes = spec.group("outcomes")

    def cut(cell: d.Cell) -> tuple[str, str]:
        if cell.text.replace("\n", "") != outcomes.label:
            return cell.text, ""
        lines = cell.text.split("\n")  # one line fits above the break
        return lines[0], "\n".join(lines[1:])

    upper, lower = d.split_grid(
        cells, heights, at, x=70, tops=(500, 70), widths=d.widths_of(edition), cut=cut
    )
    [table] = tables(extract([[upper], [lower]]))
    assert len(table.rows) == 3 + len(spec.rows)
    rows = {row[-8].text: [c.text for c in row[-7:]] for row in table.rows if len(row) >= 8}
    assert rows[spec.row("granted").label] == ["", "2", "", "4", "", "6", ""]
    assert rows[spec.row("partially_granted").label] == ["100", "", "102", "", "104", "", "106"]


@pytest.mark.parametrize("caption", ["续表", "（续表）", "续表1："])
def test_a_continued_caption_does_not_stop_the_join(caption: str) -> None:
    edition = get_edition("2021")
    cells = d.applications_cells(edition, value(edition))
    heights = d.row_heights(cells)
    upper, lower = d.split_grid(
        cells, heights, 12, x=70, tops=(140, 95), widths=d.widths_of(edition), repeat=3
    )
    doc = extract([[upper], [d.Text(d.LEFT, 70, caption, size=12), lower]])
    [table] = tables(doc)
    assert len(table.rows) == 3 + len(edition.applications.rows)
    assert paragraphs(doc) == []
