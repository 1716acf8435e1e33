"""The fixed parts of the package the writer makes: styles, settings, font table, page-number
footers. Written once, here, as text; they carry the GB/T 9704 look.

Fonts follow GB/T 9704-2012: title 方正小标宋简体 二号 (22 pt), body 仿宋_GB2312 三号 (16 pt),
一、 headings 黑体, （一） headings 楷体_GB2312, page numbers 宋体 四号 as ``— N —``. Digits and
Latin text use Times New Roman (``w:ascii``/``w:hAnsi``); Chinese text the East-Asian font
(``w:eastAsia``), with ``w:hint="eastAsia"`` so that quotes and dashes, which both scripts
share, take the Chinese font as in Chinese Word.
"""

from __future__ import annotations

from govdisclosure.formats.word._ooxml import NS, PAGE, STYLE

__all__ = [
    "FONT_TABLE_XML",
    "MY_STYLE_IDS",
    "STYLES_XML",
    "footer_xml",
    "settings_xml",
    "style_elements_xml",
]

_W = f'xmlns:w="{NS["w"]}"'
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
SECTION_FONT = "黑体"
HEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

TITLE_SIZE = 44  # half-points: 二号, 22 pt
BODY_SIZE = 32  # 三号, 16 pt
TABLE_SIZE = 21  # 五号, 10.5 pt
PAGE_NUMBER_SIZE = 28  # 四号, 14 pt


def _fonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}"'
        f' w:cs="{LATIN_FONT}" w:hint="eastAsia"/>'
    )


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


_INDENT = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{PAGE.LINE}" w:lineRule="exact"/>'
_SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'

# Paragraph and table styles of this library, by id; a template that defines one of these ids
# keeps its own definition.
_MY_STYLES: tuple[tuple[str, str], ...] = (
    (
        STYLE.TITLE,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.TITLE}">'
        '<w:name w:val="GovDisclosure Title"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="{STYLE.BODY}"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:spacing w:before="0" w:after="579" w:line="700"'
        ' w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        f"<w:rPr>{_fonts(TITLE_FONT)}{_size(TITLE_SIZE)}</w:rPr></w:style>",
    ),
    (
        STYLE.SECTION,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.SECTION}">'
        '<w:name w:val="GovDisclosure Section Heading"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="{STYLE.BODY}"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/>{_EXACT}{_INDENT}<w:outlineLvl w:val="0"/></w:pPr>'
        f"<w:rPr>{_fonts(SECTION_FONT)}{_size(BODY_SIZE)}</w:rPr></w:style>",
    ),
    (
        STYLE.HEADING,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.HEADING}">'
        '<w:name w:val="GovDisclosure Sub-heading"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="{STYLE.BODY}"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/>{_EXACT}{_INDENT}<w:outlineLvl w:val="1"/></w:pPr>'
        f"<w:rPr>{_fonts(HEADING_FONT)}{_size(BODY_SIZE)}</w:rPr></w:style>",
    ),
    (
        STYLE.BODY,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.BODY}">'
        '<w:name w:val="GovDisclosure Body"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f'<w:pPr>{_EXACT}{_INDENT}<w:jc w:val="both"/></w:pPr>'
        f"<w:rPr>{_fonts(BODY_FONT)}{_size(BODY_SIZE)}</w:rPr></w:style>",
    ),
    (
        STYLE.SIGNATURE,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.SIGNATURE}">'
        '<w:name w:val="GovDisclosure Signature"/><w:basedOn w:val="Normal"/>'
        f'<w:pPr>{_EXACT}<w:ind w:rightChars="200" w:right="640" w:firstLine="0"/>'
        '<w:jc w:val="right"/></w:pPr>'
        f"<w:rPr>{_fonts(BODY_FONT)}{_size(BODY_SIZE)}</w:rPr></w:style>",
    ),
    (
        STYLE.TABLE_TEXT,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.TABLE_TEXT}">'
        '<w:name w:val="GovDisclosure Table Text"/><w:basedOn w:val="Normal"/>'
        f'<w:pPr><w:snapToGrid w:val="0"/>{_SINGLE}<w:ind w:firstLine="0"/>'
        '<w:jc w:val="center"/></w:pPr>'
        f"<w:rPr>{_fonts(BODY_FONT)}{_size(TABLE_SIZE)}</w:rPr></w:style>",
    ),
    (
        STYLE.TABLE_LABEL,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.TABLE_LABEL}">'
        '<w:name w:val="GovDisclosure Table Label"/>'
        f'<w:basedOn w:val="{STYLE.TABLE_TEXT}"/>'
        '<w:pPr><w:jc w:val="left"/></w:pPr>'
        f"<w:rPr>{_fonts(BODY_FONT)}{_size(TABLE_SIZE)}</w:rPr></w:style>",
    ),
    (
        STYLE.TABLE_EXTRA,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.TABLE_EXTRA}">'
        '<w:name w:val="GovDisclosure Table Extra Row"/>'
        f'<w:basedOn w:val="{STYLE.TABLE_LABEL}"/>'
        '<w:pPr><w:jc w:val="left"/></w:pPr>'
        f"<w:rPr>{_fonts(BODY_FONT)}{_size(TABLE_SIZE)}</w:rPr></w:style>",
    ),
    (
        STYLE.PAGE_NUMBER,
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE.PAGE_NUMBER}">'
        '<w:name w:val="GovDisclosure Page Number"/><w:basedOn w:val="Normal"/>'
        f'<w:pPr>{_SINGLE}<w:ind w:firstLine="0"/></w:pPr>'
        f"<w:rPr>{_fonts(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)}{_size(PAGE_NUMBER_SIZE)}</w:rPr>"
        "</w:style>",
    ),
    (
        STYLE.TABLE,
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{STYLE.TABLE}">'
        '<w:name w:val="GovDisclosure Table"/><w:basedOn w:val="TableNormal"/>'
        "<w:tblPr><w:tblBorders>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
        '<w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    ),
)

MY_STYLE_IDS: tuple[str, ...] = tuple(key for key, _ in _MY_STYLES)


def style_elements_xml(style_ids: tuple[str, ...] = MY_STYLE_IDS) -> str:
    """The ``w:style`` elements of this library with these ids, wrapped in a ``w:styles``."""
    chosen = "".join(xml for key, xml in _MY_STYLES if key in style_ids)
    return f"<w:styles {_W}>{chosen}</w:styles>"


STYLES_XML: bytes = (
    f"{_DECL}<w:styles {_W}>"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'{_fonts(BODY_FONT)}<w:kern w:val="2"/>{_size(BODY_SIZE)}'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault>"
    '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
    '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
    '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style>"
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    + "".join(xml for _, xml in _MY_STYLES)
    + "</w:styles>"
).encode()


def settings_xml(even_and_odd: bool) -> bytes:
    """``word/settings.xml``; ``even_and_odd`` for page numbers outside on facing pages."""
    return (
        f"{_DECL}<w:settings {_W}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
        + ("<w:evenAndOddHeaders/>" if even_and_odd else "")
        + '<w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode"'
        ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    ).encode()


def _font(name: str, alt: str | None, charset: str, family: str, pitch: str) -> str:
    alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
    return (
        f'<w:font w:name="{name}">{alt_xml}<w:charset w:val="{charset}"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
    )


# Alternative names let Word and WPS fall back to the fonts modern systems ship (仿宋, 楷体)
# when the GB2312 ones are not installed.
FONT_TABLE_XML: bytes = (
    f"{_DECL}<w:fonts {_W}>"
    + _font(LATIN_FONT, None, "00", "roman", "variable")
    + _font(BODY_FONT, "仿宋", "86", "modern", "fixed")
    + _font(HEADING_FONT, "楷体", "86", "modern", "fixed")
    + _font(SECTION_FONT, "SimHei", "86", "modern", "fixed")
    + _font(TITLE_FONT, "方正小标宋_GBK", "86", "script", "variable")
    + _font(PAGE_NUMBER_FONT, "SimSun", "86", "auto", "variable")
    + "</w:fonts>"
).encode()


def footer_xml(placement: str) -> bytes:
    """A footer with the page number as ``— N —`` (GB/T 9704 7.5).

    ``placement``: ``"odd"`` (right, one character in), ``"even"`` (left, one character in),
    or ``"center"``.
    """
    # "空一字": one character of 四号, 14 pt = 280 twips.
    ppr = {
        "odd": '<w:ind w:right="280" w:firstLine="0"/><w:jc w:val="right"/>',
        "even": '<w:ind w:left="280" w:firstLine="0"/><w:jc w:val="left"/>',
        "center": '<w:jc w:val="center"/>',
    }[placement]
    return (
        f'{_DECL}<w:ftr {_W} xmlns:r="{NS["r"]}"><w:p><w:pPr>'
        f'<w:pStyle w:val="{STYLE.PAGE_NUMBER}"/>{ppr}</w:pPr>'
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> —</w:t></w:r>'
        "</w:p></w:ftr>"
    ).encode()
