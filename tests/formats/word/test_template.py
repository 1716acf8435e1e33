"""A user's template: its styles, header, footer and page setup are used."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt

import govdisclosure as gd
from docx_support import NSMAP, names, part, tables, w
from govdisclosure.formats.word import DocxWriter

DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def letterhead(*, footer: bool = True, body_style: bool = True) -> bytes:
    """An agency template as python-docx writes it: a letterhead header, a footer, its own
    GovBody style, Letter paper with 20 mm margins, and some body text to be dropped."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)
    section.left_margin = section.right_margin = Mm(20)
    section.header.paragraphs[0].text = "某某县人民政府办公室"
    if footer:
        section.footer.paragraphs[0].text = "某某县人民政府办公室 印发"
    if body_style:
        style = document.styles.add_style("GovBody", WD_STYLE_TYPE.PARAGRAPH)
        style.font.size = Pt(14)
    document.add_paragraph("模板正文，不应出现在报告中")
    document.core_properties.author = "模板作者"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _as_dotx(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(DOCX.encode(), DOTX.encode())
            target.writestr(info, content)
    return buffer.getvalue()


def _rel_targets(data: bytes) -> dict[str, str]:
    rels = part(data, "word/_rels/document.xml.rels")
    return {r.get("Id"): r.get("Target") for r in rels}


def test_template_header_footer_and_styles(sample: gd.AnnualReport) -> None:
    data = DocxWriter(template=letterhead()).dumps(sample)
    result = docx.Document(io.BytesIO(data))
    section = result.sections[0]
    assert section.header.paragraphs[0].text == "某某县人民政府办公室"
    assert section.footer.paragraphs[0].text == "某某县人民政府办公室 印发"
    texts = [p.text for p in result.paragraphs]
    assert "模板正文，不应出现在报告中" not in texts
    assert texts[0] == sample.display_title
    assert len(result.tables) == 3
    styles = {
        s.get(w("styleId")): s for s in part(data, "word/styles.xml").findall("w:style", NSMAP)
    }
    # The template's own GovBody is kept; the styles it lacks are added.
    assert styles["GovBody"].find("w:rPr/w:sz", NSMAP).get(w("val")) == "28"
    assert styles["GovTitle"].find("w:rPr/w:rFonts", NSMAP).get(w("eastAsia")) == "方正小标宋简体"
    assert "Normal" in styles  # and python-docx's own styles stay


def test_template_page_setup_sets_the_table_width(sample: gd.AnnualReport) -> None:
    data = DocxWriter(template=letterhead()).dumps(sample)
    width = round((216 - 40) * 1440 / 25.4)
    for table in tables(data):
        widths = [int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NSMAP)]
        assert abs(sum(widths) - width) <= 2
    size = part(data, "word/document.xml").find("w:body/w:sectPr/w:pgSz", NSMAP)
    assert abs(int(size.get(w("w"))) - round(216 * 1440 / 25.4)) <= 2


def test_template_without_footer_gets_a_centred_page_number(sample: gd.AnnualReport) -> None:
    data = DocxWriter(template=letterhead(footer=False)).dumps(sample)
    sect = part(data, "word/document.xml").find("w:body/w:sectPr", NSMAP)
    references = sect.findall("w:footerReference", NSMAP)
    assert len(references) == 1
    target = _rel_targets(data)[references[0].get(f"{{{NSMAP['r']}}}id")]
    footer = part(data, f"word/{target}")
    assert footer.find("w:p/w:pPr/w:jc", NSMAP).get(w("val")) == "center"
    assert "".join(t.text for t in footer.iter(w("instrText"))).strip() == "PAGE"
    # The header is still the template's.
    assert docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text


def test_template_properties_are_the_reports(sample: gd.AnnualReport) -> None:
    data = DocxWriter(template=letterhead()).dumps(sample)
    core = part(data, "docProps/core.xml")
    assert core.findtext("dc:creator", namespaces=NSMAP) == "祥云镇"
    assert core.findtext("dc:title", namespaces=NSMAP) == sample.display_title
    custom = part(data, "docProps/custom.xml")
    assert {p.get("name") for p in custom} >= {"govdisclosure:agency", "govdisclosure:year"}
    types = part(data, "[Content_Types].xml")
    overrides = {o.get("PartName").lstrip("/") for o in types.findall("ct:Override", NSMAP)}
    defaults = {d.get("Extension") for d in types.findall("ct:Default", NSMAP)}
    for name in names(data):
        if name != "[Content_Types].xml":
            assert name in overrides or name.rpartition(".")[2] in defaults, name
    assert {"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"} <= overrides
    assert len(names(data)) == len(set(names(data)))


def test_dotx_template_becomes_a_document(sample: gd.AnnualReport) -> None:
    data = DocxWriter(template=_as_dotx(letterhead())).dumps(sample)
    types = part(data, "[Content_Types].xml")
    main = next(
        o for o in types.findall("ct:Override", NSMAP) if o.get("PartName") == "/word/document.xml"
    )
    assert main.get("ContentType") == DOCX
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == sample.display_title


def test_template_from_a_path(sample: gd.AnnualReport, tmp_path: Path) -> None:
    path = tmp_path / "letterhead.docx"
    path.write_bytes(letterhead(body_style=False))
    data = DocxWriter(template=path).dumps(sample)
    assert docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    styles = {s.get(w("styleId")) for s in part(data, "word/styles.xml").findall("w:style", NSMAP)}
    assert {"GovBody", "GovTitle", "GovTable", "GovTableExtra"} <= styles


def test_bad_template_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(gd.ReadError, match=r"bad\.docx: not a DOCX"):
        DocxWriter(template=path)
    with pytest.raises(gd.ReadError, match="cannot read file"):
        DocxWriter(template=tmp_path / "missing.docx")
