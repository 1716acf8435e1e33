"""From a DOCX to the paragraph/table stream the recogniser reads: text, roles, spans."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import docx
import pytest

import govdisclosure as gd
from govdisclosure.formats._source import SourceDocument, SourceParagraph, SourceTable
from govdisclosure.formats.word import DocxWriter, read_source_document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def package(body: str, *, extra: dict[str, str] | None = None) -> bytes:
    """A minimal DOCX whose body is ``body`` (WordprocessingML, prefix ``w``)."""
    document = (
        f'<w:document xmlns:w="{W_NS}"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr("word/document.xml", document)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def paragraphs(doc: SourceDocument) -> list[tuple[str | None, str]]:
    return [(b.role, b.text) for b in doc.blocks if isinstance(b, SourceParagraph)]


def source_tables(doc: SourceDocument) -> list[SourceTable]:
    return [b for b in doc.blocks if isinstance(b, SourceTable)]


def spans(table: SourceTable) -> list[list[tuple[str, int, int]]]:
    return [[(c.text, c.rowspan, c.colspan) for c in row] for row in table.rows]


def test_own_output_roles_and_order(sample: gd.AnnualReport) -> None:
    doc = read_source_document(DocxWriter().dumps(sample), source="x.docx")
    assert doc.format == "docx"
    assert doc.name == "x.docx"
    kinds = [
        b.role if isinstance(b, SourceParagraph) else "table"
        for b in doc.blocks
        if not isinstance(b, SourceParagraph) or b.role != "paragraph"
    ]
    assert kinds == [
        "title",
        "section_heading",
        *["heading"] * 4,
        *["section_heading", "table"] * 3,
        "section_heading",
        "section_heading",
    ]
    headings = [t for r, t in paragraphs(doc) if r == "section_heading"]
    assert headings == [s.heading for s in sample.edition.sections]
    assert doc.metadata == {
        "agency": "祥云镇",
        "region": "河南省焦作市温县",
        "level": "township",
        "year": "2020",
        "edition": "2019",
    }


def test_own_output_spans(sample: gd.AnnualReport) -> None:
    proactive, applications, reviews = source_tables(
        read_source_document(DocxWriter().dumps(sample), source="x.docx")
    )
    assert spans(proactive)[0] == [("第二十条第（一）项", 1, 4)]
    rows = spans(applications)
    assert rows[0] == [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        ("申请人情况", 1, 7),
    ]
    assert rows[1] == [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    assert len(rows[2]) == 5
    assert rows[5][:2] == [("三、本年度办理结果", 20, 1), ("（一）予以公开", 1, 2)]
    assert rows[7][:2] == [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)]
    assert len(rows[8]) == 8  # a leaf under two merged cells: its label and seven values
    assert spans(reviews)[1][:2] == [("结果维持", 2, 1), ("结果纠正", 2, 1)]
    cell = applications.rows[3][1]
    assert cell.position == gd.Position(source="x.docx", table=2, row=4, cell=2)


def test_python_docx_merges() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "合并"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "横向"
    table.cell(2, 0).text = "a"
    table.cell(2, 3).text = "7"
    buffer = io.BytesIO()
    document.save(buffer)
    (found,) = source_tables(read_source_document(buffer.getvalue()))
    assert spans(found) == [
        [("合并", 2, 2), ("横向", 1, 2)],
        [("", 1, 1), ("", 1, 1)],
        [("a", 1, 1), ("", 1, 1), ("", 1, 1), ("7", 1, 1)],
    ]


def _cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_grid_before_keeps_the_grid_and_legacy_hmerge() -> None:
    restart = '<w:hMerge w:val="restart"/>'
    body = (
        "<w:tbl>"
        f"<w:tr>{_cell('a')}{_cell('b')}{_cell('c')}</w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        f"{_cell('x')}{_cell('y')}</w:tr>"
        f"<w:tr>{_cell('m', restart)}{_cell('', '<w:hMerge/>')}{_cell('n')}</w:tr>"
        "</w:tbl>"
    )
    (found,) = source_tables(read_source_document(package(body)))
    assert spans(found) == [
        [("a", 1, 1), ("b", 1, 1), ("c", 1, 1)],
        [("", 1, 1), ("x", 1, 1), ("y", 1, 1)],
        [("m", 1, 2), ("n", 1, 1)],
    ]


def test_vmerge_continue_without_a_start_is_a_plain_cell() -> None:
    body = f"<w:tbl><w:tr>{_cell('a', '<w:vMerge/>')}{_cell('b')}</w:tr></w:tbl>"
    (found,) = source_tables(read_source_document(package(body)))
    assert spans(found) == [[("a", 1, 1), ("b", 1, 1)]]


def test_text_as_word_shows_it() -> None:
    body = (
        "<w:p><w:r><w:t>收到</w:t></w:r>"
        "<w:ins><w:r><w:t>申请</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>3</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:t>件</w:t><w:tab/><w:t>完</w:t></w:r>"
        "<w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>"
        "<w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:t>文本框</w:t></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        "</w:p>"
        "<w:p/>"
        "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>"
        '<w:sdt><w:sdtContent><w:p><w:r><w:t xml:space="preserve">  控件  </w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    )
    assert paragraphs(read_source_document(package(body))) == [
        (None, "收到申请3件\t完链接"),
        (None, "第一行"),
        (None, "第二行"),
        (None, "  控件  "),
    ]


def test_title_broken_over_lines_is_one_paragraph() -> None:
    body = (
        '<w:p><w:pPr><w:pStyle w:val="GovTitle"/></w:pPr>'
        "<w:r><w:t>某某县人民政府</w:t><w:br/><w:t>2021年政府信息公开工作年度报告</w:t></w:r></w:p>"
    )
    assert paragraphs(read_source_document(package(body))) == [
        ("title", "某某县人民政府2021年政府信息公开工作年度报告")
    ]


def test_layout_table_is_unwrapped_and_nested_tables_follow() -> None:
    inner = f"<w:tbl><w:tr>{_cell('1')}{_cell('2')}</w:tr></w:tbl>"
    layout = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"
        f"{inner}<w:p><w:r><w:t>之后</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    doc = read_source_document(package(layout))
    assert [type(b).__name__ for b in doc.blocks] == [
        "SourceParagraph",
        "SourceTable",
        "SourceParagraph",
    ]
    assert spans(source_tables(doc)[0]) == [[("1", 1, 1), ("2", 1, 1)]]
    holder = (
        f"<w:tbl><w:tr>{_cell('a')}{_cell('b')}</w:tr>"
        f"<w:tr>{_cell('c')}<w:tc><w:p/>{inner}</w:tc></w:tr></w:tbl>"
    )
    outer, nested = source_tables(read_source_document(package(holder)))
    assert spans(outer) == [[("a", 1, 1), ("b", 1, 1)], [("c", 1, 1), ("", 1, 1)]]
    assert outer.position == gd.Position(table=1)
    assert nested.position == gd.Position(table=2)
    assert spans(nested) == [[("1", 1, 1), ("2", 1, 1)]]


def test_deep_nesting_is_cut_off() -> None:
    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    for _ in range(40):
        body = f"<w:tbl><w:tr><w:tc>{body}</w:tc></w:tr></w:tbl>"
    doc = read_source_document(package(body))
    assert doc.blocks == ()


def test_metadata_only_from_this_librarys_properties() -> None:
    custom = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="agency">'
        "<vt:lpwstr>别的</vt:lpwstr></property>"
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3"'
        ' name="govdisclosure:year"><vt:lpwstr>2023</vt:lpwstr></property></Properties>'
    )
    doc = read_source_document(package("<w:p/>", extra={"docProps/custom.xml": custom}))
    assert doc.metadata == {"year": "2023"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"plain text, not a zip", "not a readable zip"),
        (b"PK\x03\x04broken", "not a readable zip"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "password-protected",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Word 97"),
    ],
)
def test_not_a_docx(data: bytes, message: str) -> None:
    with pytest.raises(gd.ReadError, match=message) as caught:
        read_source_document(data, source="bad.docx")
    assert caught.value.source == "bad.docx"


def test_text_input_is_refused() -> None:
    with pytest.raises(gd.ReadError, match="binary"):
        read_source_document("PK...")  # type: ignore[arg-type]


def test_zip_without_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(gd.ReadError, match=r"no main document part \(word/document.xml\)"):
        read_source_document(buffer.getvalue(), source="a.docx")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("<w:document", "not well-formed XML"),
        (
            '<!DOCTYPE x [<!ENTITY a "aaaa">]><w:document xmlns:w="' + W_NS + '"/>',
            "DTD",
        ),
        (f'<w:document xmlns:w="{W_NS}"/>', "no body"),
    ],
)
def test_bad_document_xml(document: str, message: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", document)
    with pytest.raises(gd.ReadError, match=message) as caught:
        read_source_document(buffer.getvalue(), source="a.docx")
    assert "word/document.xml" in str(caught.value)


def test_zip_bomb_is_refused_before_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * (3 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 10_000
    with pytest.raises(gd.ReadError, match="more than the limit of 1048576 bytes"):
        read_source_document(data, max_part_bytes=1024 * 1024)
    with pytest.raises(gd.ReadError, match="limit"):
        read_source_document(data, max_total_bytes=1024 * 1024)


def test_a_part_larger_than_its_header_says_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * 200_000 + b"</a>")
    data = bytearray(buffer.getvalue())
    # Make both headers claim 100 bytes unpacked.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = (100).to_bytes(4, "little")
    with pytest.raises(gd.ReadError, match=r"word/document\.xml"):
        read_source_document(bytes(data), max_part_bytes=1000)


def test_closing_lines_are_metadata(sample: gd.AnnualReport) -> None:
    sample.published_on = datetime.date(2021, 1, 5)
    doc = read_source_document(DocxWriter().dumps(sample))
    assert paragraphs(doc)[-2:] == [("meta", "祥云镇"), ("meta", "2021年1月5日")]
    back = gd.loads(DocxWriter().dumps(sample), "docx")
    assert back.other_matters.content == sample.other_matters.content
    assert back.published_on == sample.published_on


def _repackaged(data: bytes, change: Any) -> bytes:
    """The package with each part's ``(name, bytes)`` changed by ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            name, content = change(info.filename, source.read(info))
            target.writestr(name, content)
    return buffer.getvalue()


def test_main_part_found_through_the_package_relationships(sample: gd.AnnualReport) -> None:
    def rename(name: str, content: bytes) -> tuple[str, bytes]:
        content = content.replace(b"word/document.xml", b"word/main.xml")
        if name == "word/document.xml":
            return "word/main.xml", content
        if name == "word/_rels/document.xml.rels":
            return "word/_rels/main.xml.rels", content
        return name, content

    data = _repackaged(DocxWriter().dumps(sample), rename)
    assert gd.loads(data, "docx") == sample


def test_strict_open_xml_reads_as_transitional(sample: gd.AnnualReport) -> None:
    def strict(name: str, content: bytes) -> tuple[str, bytes]:
        return name, content.replace(
            W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"
        )

    data = _repackaged(DocxWriter().dumps(sample), strict)
    assert b"purl.oclc.org" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    back = gd.loads(data, "docx")
    assert back.tables == sample.tables
    assert back.sections == sample.sections


_NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="7">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%3."/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="•"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="7"/>'
    '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    "</w:numbering>"
)
_NUMBERED_STYLES = (
    f'<w:styles xmlns:w="{W_NS}">'
    '<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/>'
    "</w:numPr></w:pPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="H2"><w:basedOn w:val="H1"/><w:pPr><w:numPr>'
    '<w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="H2b"><w:basedOn w:val="H2"/></w:style>'
    "</w:styles>"
)
_NUMBERING_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>'
)


def _styled(style: str, text: str, num: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def test_list_numbers_are_put_back_as_word_shows_them() -> None:
    direct = '<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>'
    restarted = '<w:numPr><w:ilvl w:val="2"/><w:numId w:val="3"/></w:numPr>'
    bullet = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>'
    body = (
        _styled("H1", "总体情况")
        + _styled("H2", "主动公开情况")
        + _styled("Body", "第一项", direct)
        + _styled("Body", "第二项", direct)
        + _styled("H2b", "依申请公开情况")
        + _styled("Body", "又一项", direct)
        + _styled("H1", "", "")
        + _styled("H1", "主动公开政府信息情况")
        + _styled("Body", "要点", bullet)
        + _styled("Body", "另起", restarted)
        + _styled("Body", "不编号", '<w:numPr><w:numId w:val="0"/></w:numPr>')
        + _styled("Unknown", "正文")
    )
    data = package(
        body,
        extra={
            "word/numbering.xml": _NUMBERING,
            "word/styles.xml": _NUMBERED_STYLES,
            "word/_rels/document.xml.rels": _NUMBERING_RELS,
        },
    )
    assert [t for _, t in paragraphs(read_source_document(data))] == [
        "一、总体情况",
        "（一）主动公开情况",
        "1.第一项",
        "2.第二项",
        "（二）依申请公开情况",
        "1.又一项",
        # The empty H1 paragraph counts, as in Word.
        "三、主动公开政府信息情况",
        "要点",
        "5.另起",
        "不编号",
        "正文",
    ]
