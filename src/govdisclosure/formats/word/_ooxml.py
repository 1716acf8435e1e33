"""WordprocessingML vocabulary shared by the DOCX writer and reader: namespaces, part names,
the paragraph styles that mark each paragraph's role, page geometry, and one hardened parser."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from lxml import etree

__all__ = [
    "CONTENT_TYPES",
    "CUSTOM_PROPERTY_PREFIX",
    "EXTRA_BOOKMARK",
    "EXTRA_BOOKMARK_PATTERN",
    "NS",
    "PAGE",
    "REL",
    "STRICT_NAMESPACES",
    "STYLE",
    "Page",
    "make_parser",
    "qn",
]

NS: Mapping[str, str] = MappingProxyType(
    {
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
        "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "custom": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
        "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    }
)


STRICT_NAMESPACES: tuple[tuple[bytes, bytes], ...] = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", NS["w"].encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", NS["r"].encode()),
)
"""Strict Open XML namespaces (Word's "Strict Open XML Document") and their Transitional
equivalents: the vocabulary is the same, so a Strict document is read as Transitional."""

CUSTOM_PROPERTY_PREFIX = "govdisclosure:"
"""Custom document properties of this library are named ``govdisclosure:<META key>``."""


EXTRA_BOOKMARK = "_gdx_{table}_{index}"
"""Name of the hidden bookmark (a leading ``_`` hides it in Word) on the label of an extra row:
its table and its index in ``Table.extra_rows``, so that the reader restores the rows' order
(the layout prints each at the end of its block)."""
EXTRA_BOOKMARK_PATTERN = re.compile(r"^_gdx_([a-z_]+)_(\d{1,6})$")


def qn(name: str) -> str:
    """Clark notation for a prefixed name: ``qn("w:p")`` → ``{http://…/main}p``."""
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


class REL:
    """Relationship types."""

    OFFICE_DOCUMENT = (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    )
    CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    EXTENDED = (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
    )
    CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
    STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
    SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
    FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"


class CONTENT_TYPES:
    """Content types of the parts, as ``[Content_Types].xml`` declares them."""

    DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    DOCUMENT_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
    TEMPLATE_MACRO = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
    STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
    SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
    FONT_TABLE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
    FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
    CORE = "application/vnd.openxmlformats-package.core-properties+xml"
    EXTENDED = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    RELS = "application/vnd.openxmlformats-package.relationships+xml"


class STYLE:
    """Ids of the paragraph and table styles the writer defines; the reader knows a
    paragraph's role by them."""

    TITLE = "GovTitle"
    SECTION = "GovSectionHeading"
    HEADING = "GovHeading"
    BODY = "GovBody"
    TABLE_TEXT = "GovTableText"
    TABLE_LABEL = "GovTableLabel"
    TABLE_EXTRA = "GovTableExtra"
    """Label of a row the edition does not define; the reader never matches it to a row."""
    SIGNATURE = "GovSignature"
    """The closing lines (落款): agency and publishing date; the reader skips them."""
    PAGE_NUMBER = "GovPageNumber"
    TABLE = "GovTable"


class Page:
    """GB/T 9704-2012 page geometry, in twips (1/20 pt; 1 mm ≈ 56.7 twips)."""

    WIDTH = 11906  # A4, 210 mm
    HEIGHT = 16838  # 297 mm
    TOP = 2098  # 37 mm
    BOTTOM = 1984  # 35 mm
    LEFT = 1587  # 28 mm
    RIGHT = 1474  # 26 mm
    HEADER = 851  # 15 mm
    # The page number sits 7 mm below the text area: its line ends about 23 mm above the edge.
    FOOTER = 1304
    TEXT_WIDTH = WIDTH - LEFT - RIGHT  # 156 mm
    LINE = 579  # 22 lines in the 225 mm text area: 28.95 pt, "fixed" line spacing


PAGE = Page


def make_parser() -> etree.XMLParser:
    """A parser that resolves no entities, loads no DTD and touches no network.

    One per call: lxml parsers must not be shared between threads, and readers are thread-safe.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
