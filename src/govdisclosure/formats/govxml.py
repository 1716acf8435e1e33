"""XML: one namespaced vocabulary for both editions, validated by a published XSD per edition.

A report is one ``<report>`` element in the namespace :data:`XML_NAMESPACE`, its edition and
year as attributes; every other element is named by a canonical key (FORMAT.md), so the same
path means the same cell in every document::

    <report xmlns="urn:govdisclosure:report:1" edition="2019" year="2020">
      <agency level="township"><name>祥云镇</name><region>河南省焦作市温县</region></agency>
      <overview><h>（一）政府信息公开工作组织推进情况</h><p>一年来，…</p></overview>
      <proactive>
        <article20_1><rules><made>0</made>…</rules>…</article20_1>…
      </proactive>
      <applications>
        <new_received><natural_person>0</natural_person>…<total>0</total></new_received>…
      </applications>
      …
    </report>

A blank cell is present with ``xsi:nil="true"`` (never confused with ``0``); amounts keep their
scale (``0.0000``). The XSDs are generated from the edition data (:func:`build_xsd`) and shipped
in the package (:func:`xml_schema_path`, :func:`xml_schema`).
"""

from __future__ import annotations

import codecs
import copy
import datetime
import re
import threading
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, cast

from lxml import etree

from govdisclosure.editions import EDITIONS, Block, Edition, TableSpec, ValueKind, get_edition
from govdisclosure.errors import CellValueError, GovDisclosureError, ReadError, WriteError
from govdisclosure.formats._io import MAX_TEXT_BYTES, check_limit, reader_guard
from govdisclosure.formats._vocab import (
    FORMAT_VERSION,
    REPORT_URN,
    block_elements,
    format_value,
    parse_value,
    position_paths,
    value_for_extra,
)
from govdisclosure.model import (
    AdministrativeLevel,
    Agency,
    AnnualReport,
    Content,
    ExtraRow,
    Heading,
    Issue,
    Location,
    Paragraph,
    Position,
    SourceInfo,
    Table,
    Value,
)
from govdisclosure.validation import make_issue

__all__ = [
    "XML_NAMESPACE",
    "XSI_NAMESPACE",
    "XmlReader",
    "XmlWriter",
    "build_xsd",
    "xml_schema",
    "xml_schema_path",
]

XML_NAMESPACE = REPORT_URN
"""``urn:govdisclosure:report:1``: the namespace of every element; its last part is the version."""

XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"

_XS = "http://www.w3.org/2001/XMLSchema"
_NS = f"{{{XML_NAMESPACE}}}"
_NIL = f"{{{XSI_NAMESPACE}}}nil"
_TRUE = frozenset({"true", "1"})
_NS_PREFIX = "urn:govdisclosure:report:"

# -- schema ------------------------------------------------------------------------------------

_KIND_TYPES = {ValueKind.COUNT: "Count", ValueKind.SIGNED: "Signed", ValueKind.MONEY: "Money"}


def _schema_file(edition: Edition) -> str:
    return f"report-{edition.key}.xsd"


def xml_schema_path(edition: Edition | str | int) -> Path:
    """Where the XSD of an edition is installed (``…/govdisclosure/formats/schemas/report-2019.xsd``).

    Raises:
        UnknownEditionError: naming the known editions.
    """
    chosen = get_edition(edition)
    return Path(str(resources.files(__package__) / "schemas" / _schema_file(chosen)))


_schemas = threading.local()


def xml_schema(edition: Edition | str | int) -> etree.XMLSchema:
    """The XSD of an edition, parsed, for ``schema.validate(document)``.

    Parsed once per thread (lxml keeps the last error log on the schema object, so one object
    must not serve two threads at once).
    """
    chosen = get_edition(edition)
    cache: dict[str, etree.XMLSchema] | None = getattr(_schemas, "by_edition", None)
    if cache is None:
        cache = _schemas.by_edition = {}
    schema = cache.get(chosen.key)
    if schema is None:
        document = etree.fromstring(xml_schema_path(chosen).read_bytes(), _hardened_parser())
        schema = cache[chosen.key] = etree.XMLSchema(document)
    return schema


class _Xsd:
    """Builds one edition's XSD from its declarations."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.root = etree.Element(
            f"{{{_XS}}}schema",
            nsmap={"xs": _XS, None: XML_NAMESPACE},  # type: ignore[dict-item]
            attrib={
                "targetNamespace": XML_NAMESPACE,
                "elementFormDefault": "qualified",
                "version": f"{FORMAT_VERSION}-{edition.key}",
            },
        )

    def el(self, parent: etree._Element, tag: str, **attrib: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{_XS}}}{tag}", attrib=dict(attrib.items()))

    def doc(self, parent: etree._Element, text: str) -> None:
        annotation = self.el(parent, "annotation")
        self.el(annotation, "documentation").text = text

    def simple(self, name: str, base: str, doc: str, **facets: str | list[str]) -> None:
        simple = self.el(self.root, "simpleType", name=name)
        self.doc(simple, doc)
        restriction = self.el(simple, "restriction", base=base)
        for facet, value in facets.items():
            for one in value if isinstance(value, list) else [value]:
                self.el(restriction, facet, value=one)

    def content_ref(self, parent: etree._Element) -> None:
        self.el(parent, "group", ref="Content", minOccurs="0", maxOccurs="unbounded")

    def build(self) -> bytes:
        e = self.edition
        self.doc(
            self.root,
            f"政府信息公开工作年度报告 / annual report on government information disclosure,"
            f" edition {e.key}: {e.title} ({e.document}), report years {e.years_label}."
            f" Namespace {XML_NAMESPACE}. Generated by govdisclosure from its edition data"
            " (govdisclosure.formats.govxml.build_xsd); do not edit by hand.",
        )
        report = self.el(self.root, "element", name="report", type="Report")
        self.doc(report, "One annual report (政府信息公开工作年度报告).")
        self.simple_types()
        self.report_type()
        content = self.el(self.root, "group", name="Content")
        choice = self.el(content, "choice")
        self.doc(self.el(choice, "element", name="p", type="Text"), "A paragraph (段落).")
        self.doc(self.el(choice, "element", name="h", type="Text"), "A sub-heading (小标题).")
        narrative = self.el(self.root, "complexType", name="Narrative")
        self.content_ref(self.el(narrative, "sequence"))
        agency = self.el(self.root, "complexType", name="Agency")
        seq = self.el(agency, "sequence")
        self.doc(self.el(seq, "element", name="name", type="Name"), "制作机关 (agency name).")
        self.doc(
            self.el(seq, "element", name="region", type="xs:string", minOccurs="0"),
            "行政区划 (administrative region), where the name alone does not say.",
        )
        self.doc(self.el(agency, "attribute", name="level", type="Level"), "机关层级.")
        for spec in e.tables:
            self.table_types(spec)
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def simple_types(self) -> None:
        self.simple(
            "Text",
            "xs:string",
            "One line of narrative text: not empty, no line break.",
            pattern=r".*\S.*",
        )
        self.simple("Name", "xs:string", "A name: not blank.", pattern=r"[\s\S]*\S[\s\S]*")
        self.simple("Count", "xs:nonNegativeInteger", "A count: a whole number ≥ 0.")
        self.simple("Signed", "xs:integer", "A signed whole number (本年增/减).")
        self.simple(
            "Money",
            "xs:decimal",
            "An amount in 万元 ≥ 0; the digits after the point are kept as written.",
            minInclusive="0",
        )
        self.simple(
            "Level",
            "xs:string",
            "Administrative level of the agency.",
            enumeration=[level.value for level in AdministrativeLevel],
        )
        self.simple("Date", "xs:date", "A date, YYYY-MM-DD.", pattern=r"\d{4}-\d{2}-\d{2}")

    def report_type(self) -> None:
        e = self.edition
        report = self.el(self.root, "complexType", name="Report")
        seq = self.el(report, "sequence")
        self.el(seq, "element", name="agency", type="Agency")
        self.doc(
            self.el(seq, "element", name="title", type="xs:string", minOccurs="0"),
            "The title as printed; absent when it is composed from agency and year"
            f" ({e.report_title}).",
        )
        self.doc(
            self.el(seq, "element", name="published", type="Date", minOccurs="0"),
            "发布日期 (publishing date).",
        )
        self.doc(
            self.el(seq, "element", name="preamble", type="Narrative", minOccurs="0"),
            "Text before section 一.",
        )
        for section in e.sections:
            kind = f"Section.{section.table}" if section.table else "Narrative"
            self.doc(self.el(seq, "element", name=section.key, type=kind), section.heading)
        edition = self.el(report, "attribute", name="edition", type="xs:string", use="required")
        edition.set("fixed", e.key)
        self.doc(edition, f"Edition of the format: {e.key} ({e.document}).")
        year = self.el(report, "attribute", name="year", type="xs:integer", use="required")
        self.doc(year, "The report year.")

    def table_types(self, spec: TableSpec) -> None:
        section = self.el(self.root, "complexType", name=f"Section.{spec.key}")
        self.doc(
            section, f"{spec.number}、{spec.title}: text printed with the table, then the table."
        )
        seq = self.el(section, "sequence")
        self.content_ref(seq)
        nested = block_elements(spec)
        for block in spec.blocks:
            if nested:
                element = self.el(
                    seq, "element", name=block.key, type=f"Block.{spec.key}.{block.key}"
                )
                self.doc(element, block.label or block.key)
                holder = self.el(self.root, "complexType", name=f"Block.{spec.key}.{block.key}")
                rows = self.el(holder, "sequence")
            else:
                rows = seq
            row_type = f"Row.{spec.key}.{block.key}"
            for row in block.rows:
                path = [g.label for g in reversed(list(spec.ancestors(row.key)))]
                element = self.el(rows, "element", name=row.key, type=row_type)
                self.doc(element, " / ".join([*path, row.label]))
            cells = self.el(self.el(self.root, "complexType", name=row_type), "sequence")
            for column in block.columns:
                element = self.el(
                    cells,
                    "element",
                    name=column.key,
                    type=_KIND_TYPES[column.kind],
                    nillable="true",
                )
                unit = f" ({column.unit})" if column.unit else ""
                self.doc(element, f'{column.label}{unit}; xsi:nil="true" when blank')
        extra = self.el(
            seq,
            "element",
            name="extra",
            type=f"Extra.{spec.key}",
            minOccurs="0",
            maxOccurs="unbounded",
        )
        self.doc(extra, "A row the format does not define, kept as printed (non-standard).")
        extra_type = self.el(self.root, "complexType", name=f"Extra.{spec.key}")
        parts = self.el(extra_type, "sequence")
        self.el(parts, "element", name="label", type="xs:string")
        value = self.el(
            parts,
            "element",
            name="value",
            type="xs:decimal",
            nillable="true",
            minOccurs="0",
            maxOccurs="unbounded",
        )
        self.doc(value, "The row's values, aligned to the columns of its block.")
        block_attr = self.el(extra_type, "attribute", name="block")
        self.doc(block_attr, "The block it was printed in; absent for tables of one block.")
        restriction = self.el(self.el(block_attr, "simpleType"), "restriction", base="xs:string")
        for block in spec.blocks:
            self.el(restriction, "enumeration", value=block.key)


def build_xsd(edition: Edition | str | int) -> bytes:
    """The XSD of an edition, generated from its declarations (what is shipped in the package)."""
    return _Xsd(get_edition(edition)).build()


# -- writing -----------------------------------------------------------------------------------


class XmlWriter:
    """Writes a report as XML in :data:`XML_NAMESPACE` (UTF-8 bytes).

    Args:
        pretty_print: indent the elements (default); ``False`` writes one line.
    """

    def __init__(self, *, pretty_print: bool = True) -> None:
        self.pretty_print = pretty_print

    def dumps(self, report: AnnualReport) -> bytes:
        """The report as an XML document that validates against its edition's XSD.

        Raises:
            WriteError: a name, title or label holds a character XML 1.0 cannot carry (a
                control character), or an extra row names a block its table does not have.
        """
        root = etree.Element(
            _NS + "report",
            nsmap={None: XML_NAMESPACE, "xsi": XSI_NAMESPACE},  # type: ignore[dict-item]
        )
        root.set("edition", report.edition.key)
        root.set("year", str(report.year))
        agency = _sub(root, "agency")
        if report.agency.level is not None:
            agency.set("level", report.agency.level.value)
        _set_text(_sub(agency, "name"), report.agency.name, "agency name")
        if report.agency.region is not None:
            _set_text(_sub(agency, "region"), report.agency.region, "agency region")
        if report.title is not None:
            _set_text(_sub(root, "title"), report.title, "title")
        if report.published_on is not None:
            _sub(root, "published").text = report.published_on.isoformat()
        if report.preamble:
            _write_content(_sub(root, "preamble"), report.preamble)
        for spec in report.edition.sections:
            element = _sub(root, spec.key)
            _write_content(element, report.sections[spec.key].content)
            if spec.table is not None:
                _write_table(element, report.table(spec.table))
        return etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", pretty_print=self.pretty_print
        )


def _sub(parent: etree._Element, key: str) -> etree._Element:
    return etree.SubElement(parent, _NS + key)


def _set_text(element: etree._Element, text: str, what: str) -> None:
    try:
        element.text = text
    except ValueError:
        bad = next((c for c in text if not _xml_char(c)), "")
        raise WriteError(
            f"{what} {text[:40]!r} contains the character {bad!r}, which XML 1.0 cannot carry"
        ) from None


def _xml_char(c: str) -> bool:
    o = ord(c)
    return (
        o in (0x9, 0xA, 0xD)
        or 0x20 <= o <= 0xD7FF
        or 0xE000 <= o <= 0xFFFD
        or 0x10000 <= o <= 0x10FFFF
    )


def _write_content(parent: etree._Element, content: Iterable[Content]) -> None:
    for item in content:
        match item:
            case Paragraph():
                _sub(parent, "p").text = item.text
            case Heading():
                _sub(parent, "h").text = item.text
            case _:
                _assert_never(item)


def _assert_never(item: NoReturn) -> NoReturn:  # typing.assert_never is Python ≥ 3.11
    raise AssertionError(f"unhandled content {item!r}")


_templates = threading.local()


def _table_template(spec: TableSpec) -> etree._Element:
    """A holder of the table's block, row and cell elements, every cell empty.

    Built once per table and thread (lxml elements must not be used by two threads at once)
    and never changed: each report gets a deep copy, which lxml makes in C, many times faster
    than creating the same elements one by one.
    """
    cache: dict[TableSpec, etree._Element] | None = getattr(_templates, "by_spec", None)
    if cache is None:
        cache = _templates.by_spec = {}
    template = cache.get(spec)
    if template is None:
        template = etree.Element(_NS + "table", nsmap={None: XML_NAMESPACE})  # type: ignore[dict-item]
        nested = block_elements(spec)
        for block in spec.blocks:
            holder = _sub(template, block.key) if nested else template
            for row in block.rows:
                row_element = _sub(holder, row.key)
                for column in block.columns:
                    _sub(row_element, column.key)
        cache[spec] = template
    return template


def _write_table(parent: etree._Element, table: Table) -> None:
    spec = table.spec
    copied = copy.deepcopy(_table_template(spec))
    rows = [row for holder in copied for row in holder] if block_elements(spec) else list(copied)
    cells = [cell for row in rows for cell in row]
    # Moved into the report before the values are set: the xsi prefix of a blank cell is then
    # the one the root declares.
    parent.extend(list(copied))
    values = table.values
    for element, value in zip(cells, map(values.__getitem__, spec.cells), strict=True):
        if value is None:
            element.set(_NIL, "true")
        else:
            element.text = str(value) if type(value) is int else format_value(value)
    known = {b.key for b in spec.blocks}
    for extra in table.extra_rows:
        element = _sub(parent, "extra")
        if extra.block is not None:
            if extra.block not in known:
                raise WriteError(
                    f"table {spec.key}: extra row {extra.label!r} names block {extra.block!r},"
                    f" which edition {table.edition.key} does not have"
                )
            element.set("block", extra.block)
        _set_text(_sub(element, "label"), extra.label, f"table {spec.key}: extra row label")
        for value in extra.values:
            _write_value(_sub(element, "value"), value)


def _write_value(element: etree._Element, value: Value) -> None:
    text = format_value(value)
    if text is None:
        element.set(_NIL, "true")
    else:
        element.text = text


# -- reading -----------------------------------------------------------------------------------


def _hardened_parser() -> etree.XMLParser:
    # A parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_ROOT_START = re.compile(r"<(?![?!])")
_PROLOG_SCAN = 1 << 16


def _prolog(data: bytes) -> str:
    """The start of a document as text, for the DOCTYPE scan (UTF-16 by its byte order mark)."""
    head = data[: 2 * _PROLOG_SCAN]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    return head.decode("latin-1")  # every ASCII-compatible encoding keeps '<!DOCTYPE' as is


def _doctype_line(data: bytes) -> int | None:
    """The line of a DOCTYPE before the root element, if there is one."""
    head = _prolog(data)
    root = _ROOT_START.search(head, 0, _PROLOG_SCAN)
    found = head.find("<!DOCTYPE", 0, root.start() if root else _PROLOG_SCAN)
    return head.count("\n", 0, found) + 1 if found >= 0 else None


def _parse_xml(data: str | bytes, source: str) -> etree._ElementTree:
    """Parse a document with the hardened parser: no DTD, no entities, no network.

    Raises:
        ReadError: the input is not well-formed XML, or has a DOCTYPE (entity declarations,
            external DTDs and "billion laughs" are refused before they are expanded).
    """
    if isinstance(data, str):
        # lxml refuses str input with an encoding declaration; the text is already decoded.
        data = _XML_DECLARATION.sub("", data.lstrip("\ufeff"), count=1).encode("utf-8")
    doctype = _doctype_line(data)
    if doctype is not None:
        # Refused before parsing: no entity declaration is ever seen by the parser.
        _refuse_doctype(source, doctype)
    try:
        tree = etree.fromstring(data, _hardened_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        message = re.sub(r", line \d+, column \d+$", "", str(exc.msg or exc))
        raise ReadError(
            f"not well-formed XML: {message}", source=source, line=exc.lineno or None
        ) from None
    except (etree.LxmlError, ValueError) as exc:
        raise ReadError(f"cannot parse as XML: {exc}", source=source) from None
    docinfo: Any = tree.docinfo  # lxml-stubs lack DocInfo.doctype
    if docinfo.doctype or docinfo.internalDTD is not None:
        # A DOCTYPE the byte scan missed (UTF-16 input, a comment before it).
        _refuse_doctype(source, None)
    return tree


def _refuse_doctype(source: str, line: int | None) -> NoReturn:
    raise ReadError(
        "a DOCTYPE declaration is not allowed (DTDs and entity declarations are refused)",
        source=source,
        line=line,
    )


def _strip_ns(message: str) -> str:
    return message.replace(_NS, "")


class XmlReader:
    """Reads XML written in :data:`XML_NAMESPACE` (by :class:`XmlWriter` or any other tool).

    Args:
        strict: validate against the edition's XSD and raise :class:`ReadError` naming the line
            of the first problem (default). With ``False``, read what can be read and record
            each problem as a ``read.schema`` note in ``report.source.notes``.
        max_bytes: refuse a document longer than this (:data:`~govdisclosure.formats.MAX_TEXT_BYTES`)
            before parsing it.

    The parser refuses DTDs, entity declarations and network access in both modes; a root
    element, namespace, edition or year it cannot use raises :class:`ReadError` in both.
    """

    def __init__(self, *, strict: bool = True, max_bytes: int = MAX_TEXT_BYTES) -> None:
        self.strict = strict
        self.max_bytes = check_limit("max_bytes", max_bytes)

    @reader_guard("xml")
    def loads(self, data: str | bytes, *, source: str | None = None) -> AnnualReport:
        """Read a report from an XML document.

        Args:
            data: the whole document (bytes, or a ``str`` without an encoding declaration).
            source: a name for the input, used in messages and positions.

        Raises:
            ReadError: not well-formed, a DOCTYPE, a root element or vocabulary version it cannot
                use, or (strict) not valid against the edition's XSD; the message names the line.
        """
        name = source or "<xml>"
        tree = _parse_xml(data, name)
        root = tree.getroot()
        edition = _check_root(root, name)
        reading = _Reading(edition=edition, source=name, strict=self.strict)
        schema = xml_schema(edition)
        reading.valid = schema.validate(tree)
        if not reading.valid:
            errors: list[Any] = list(cast(Iterable[Any], schema.error_log))
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            if self.strict:
                raise ReadError(
                    f"does not conform to the XSD of edition {edition.key}:"
                    f" {_strip_ns(first.message)}{more}",
                    source=name,
                    line=first.line or None,
                )
            for error in errors:
                location = _path_location(tree, error.path)
                reading.note(_strip_ns(error.message), error.line or None, location)
        return reading.build(root)


def _check_root(root: etree._Element, source: str) -> Edition:
    qname = etree.QName(root)
    if qname.namespace != XML_NAMESPACE or qname.localname != "report":
        if qname.localname == "report" and (qname.namespace or "").startswith(_NS_PREFIX):
            raise ReadError(
                f"version {qname.namespace[len(_NS_PREFIX) :]!r} of the report vocabulary is not"
                f" supported; this version of govdisclosure reads {XML_NAMESPACE}",
                source=source,
                line=_line(root),
            )
        found = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        raise ReadError(
            f"expected the root element {{{XML_NAMESPACE}}}report, found {found!r}",
            source=source,
            line=_line(root),
        )
    key = root.get("edition")
    if key not in EDITIONS:
        what = "no edition attribute" if key is None else f"unknown edition {key!r}"
        raise ReadError(
            f"{what}; known editions: {', '.join(EDITIONS)}", source=source, line=_line(root)
        )
    assert key is not None
    return EDITIONS[key]


def _path_location(tree: etree._ElementTree, path: str | None) -> Location | None:
    """The canonical location of the element an XSD error names (lxml gives ``/*/*[4]/*[2]``)."""
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    if not isinstance(found, list) or not found or not isinstance(found[0], etree._Element):
        return None
    element = found[0]
    names = [etree.QName(e).localname for e in (element, *element.iterancestors())]
    return _location_for(list(reversed(names))[1:])


_SECTIONS = frozenset(s.key for e in EDITIONS.values() for s in e.sections)
_TABLES = frozenset(s.table for e in EDITIONS.values() for s in e.sections if s.table)


def _location_for(names: list[str]) -> Location | None:
    """A location from element names below the root: ``applications/new_received/total``."""
    if not names:
        return None
    first, rest = names[0], names[1:]
    if first in _TABLES:
        spec_blocks = {b.key for e in EDITIONS.values() for b in e.table(first).blocks}
        rest = [n for n in rest if n not in spec_blocks]
        row = rest[0] if rest and rest[0] not in {"extra", "p", "h"} else None
        column = rest[1] if row is not None and len(rest) > 1 else None
        return Location(table=first, row=row, column=column)
    if first in _SECTIONS:
        return Location(section=first)
    return None


class _Reading:
    """One read: the report being built, and the problems found (raised or noted)."""

    def __init__(self, *, edition: Edition, source: str, strict: bool) -> None:
        self.edition = edition
        self.source = source
        self.strict = strict
        self.notes: list[Issue] = []
        self.noted_lines: set[int | None] = set()
        self.positions: dict[str, Position] = {}
        self.valid = False
        """The document conforms to the edition's XSD: every row holds its cells, in order,
        each a number or nil (and then empty)."""

    # problems

    def note(self, message: str, line: int | None, location: Location | None) -> None:
        position = Position(self.source, line)
        where = location or Location()
        self.notes.append(
            make_issue(
                "read.schema",
                message,
                f"文档不符合XML架构：{message}",
                Location(
                    table=where.table,
                    row=where.row,
                    column=where.column,
                    section=where.section,
                    position=position,
                ),
            )
        )
        self.noted_lines.add(line)

    def fail(self, message: str, element: etree._Element, location: Location | None = None) -> None:
        line = _line(element)
        if self.strict:
            raise ReadError(message, source=self.source, line=line)
        if line not in self.noted_lines:
            self.note(message, line, location)

    def here(self, path: str, element: etree._Element) -> None:
        self.positions[path] = Position(self.source, _line(element))  # (source, line)

    # structure

    def build(self, root: etree._Element) -> AnnualReport:
        children = _children(root)
        agency_element = children.get("agency")
        if agency_element is None:
            raise ReadError("no <agency> element", source=self.source, line=_line(root))
        year_text = root.get("year", "")
        try:
            year = int(year_text)
        except ValueError:
            raise ReadError(
                f"the year attribute is not a whole number: {year_text!r}",
                source=self.source,
                line=_line(root),
            ) from None
        try:
            report = AnnualReport.blank(
                agency=self.agency(agency_element),
                year=year,
                edition=self.edition,
                title=_text(children["title"]) if "title" in children else None,
                published_on=self.date(children.get("published")),
            )
        except (ValueError, TypeError) as exc:
            if isinstance(exc, ReadError):
                raise
            raise ReadError(str(exc), source=self.source, line=_line(root)) from None
        if "preamble" in children:
            report.preamble.extend(self.content(children["preamble"], "preamble"))
        for spec in self.edition.sections:
            element = children.get(spec.key)
            if element is None:
                self.fail(
                    f"no <{spec.key}> element ({spec.heading})", root, Location(section=spec.key)
                )
                continue
            self.here(Location(section=spec.key).path, element)
            report.sections[spec.key].content.extend(self.content(element, spec.key))
            if spec.table is not None:
                self.table(report.table(spec.table), element)
        report.source = SourceInfo(
            name=self.source, format="xml", positions=self.positions, notes=self.notes
        )
        return report

    def agency(self, element: etree._Element) -> Agency:
        children = _children(element)
        name = children.get("name")
        if name is None:
            raise ReadError("<agency> has no <name>", source=self.source, line=_line(element))
        level: AdministrativeLevel | None = None
        level_text = element.get("level")
        if level_text is not None:
            try:
                level = AdministrativeLevel(level_text)
            except ValueError:
                self.fail(
                    f"unknown agency level {level_text!r}; known:"
                    f" {', '.join(v.value for v in AdministrativeLevel)}",
                    element,
                )
        region = children.get("region")
        return Agency(
            name=_text(name), region=_text(region) if region is not None else None, level=level
        )

    def date(self, element: etree._Element | None) -> datetime.date | None:
        if element is None:
            return None
        text = _text(element).strip()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.fail(f"<published> is not a date (YYYY-MM-DD): {text!r}", element)
            return None

    def content(self, parent: etree._Element, section: str) -> Iterator[Content]:
        for element in parent:
            local = _tag(element)
            if local not in {"p", "h"}:
                continue
            try:
                yield (
                    Paragraph(text=_text(element)) if local == "p" else Heading(text=_text(element))
                )
            except (ValueError, TypeError) as exc:
                self.fail(f"<{local}>: {exc}", element, Location(section=section))

    def table(self, table: Table, parent: etree._Element) -> None:
        spec = table.spec
        children = _children(parent)
        nested = block_elements(spec)
        paths = position_paths(spec)
        for block in spec.blocks:
            tags = [_NS + column.key for column in block.columns]
            holder: etree._Element | None = parent
            if nested:
                holder = children.get(block.key)
                if holder is None:
                    self.fail(
                        f"<{spec.key}> has no <{block.key}> ({block.label})",
                        parent,
                        Location(table=spec.key),
                    )
                    continue
            assert holder is not None
            rows = _children(holder) if nested else children
            for row in block.rows:
                row_element = rows.get(row.key)
                if row_element is None:
                    self.fail(
                        f"<{spec.key}> has no row <{row.key}> ({row.label})",
                        holder,
                        Location(table=spec.key, row=row.key),
                    )
                    continue
                row_path, *cell_paths = paths[row.key]
                self.here(row_path, row_element)
                if not self.plain_row(table, row.key, row_element, tags, cell_paths):
                    self.row(table, block, row.key, row_element, cell_paths)
        # Filtered by lxml: no Python object is made for the rows passed over.
        for element in parent.iterchildren(f"{_NS}extra"):
            self.extra(table, element)

    def plain_row(
        self,
        table: Table,
        row: str,
        element: etree._Element,
        tags: list[str],
        paths: list[str],
    ) -> bool:
        """Read a row whose cells are as the writer writes them, in one step; ``False`` (and
        nothing read) for any other row, which :meth:`row` then reads cell by cell.

        Runs for every row of every report read: what it does per cell is kept to the least.
        """
        cells = list(element)
        texts: list[str | None]
        if self.valid:
            # The XSD has checked names, order and content: a cell without text is nil.
            texts = [cell.text for cell in cells]
        else:
            if [cell.tag for cell in cells] != tags:
                return False
            # None for a blank (nil) cell; "" for an empty one, which is not a number.
            texts = [
                None
                if cell.get(_NIL) in _TRUE
                else (cell.text or "")
                if not len(cell)
                else _text(cell)
                for cell in cells
            ]
        kinds = table.spec.row_kinds(row)
        digits = "".join([text or "/" for text in texts])  # "/": not a digit
        values: list[Value]
        if digits.isdigit() and digits.isascii() and row not in table.spec.money_rows:
            try:
                values = list(map(int, texts))  # type: ignore[arg-type]  # counts only: most rows
            except ValueError:  # more digits than int() converts: read cell by cell
                return False
        else:
            values = []
            for text, kind in zip(texts, kinds, strict=True):
                try:
                    values.append(None if text is None else parse_value(text, kind))
                except ValueError:
                    return False
        try:
            table.set_row(row, values)
        except GovDisclosureError:
            return False
        source = self.source
        lines: list[Any] = [cell.sourceline for cell in cells]
        self.positions.update(
            # Positional (source, line): a keyword call costs more, for every cell of every report.
            zip(paths, [Position(source, line) for line in lines], strict=True)
        )
        return True

    def row(
        self, table: Table, block: Block, row: str, element: etree._Element, paths: list[str]
    ) -> None:
        """Read a row cell by cell, each problem raised or noted with its cell."""
        spec = table.spec
        cells = _children(element)
        for column, path in zip(block.columns, paths, strict=True):
            cell = cells.get(column.key)
            if cell is None:
                location = Location(table=spec.key, row=row, column=column.key)
                self.fail(f"row <{row}> has no cell <{column.key}>", element, location)
                continue
            self.positions[path] = Position(self.source, _line(cell))  # (source, line)
            if cell.get(_NIL) not in _TRUE:  # a blank cell: the table starts blank
                self.cell(table, row, column.key, column.kind, cell)

    def value(
        self, kind: ValueKind | None, element: etree._Element, location: Location
    ) -> tuple[bool, Value]:
        if element.get(_NIL) in _TRUE:
            return True, None
        try:
            return True, parse_value(_text(element), kind)
        except ValueError as exc:
            self.fail(f"<{_tag(element)}>: {exc}", element, location)
            return False, None

    def cell(
        self, table: Table, row: str, column: str, kind: ValueKind, element: etree._Element
    ) -> None:
        try:
            table[row, column] = parse_value(_text(element), kind)
        except (ValueError, GovDisclosureError) as exc:
            location = Location(table=table.key, row=row, column=column)
            reason = (
                f"expected {exc.expected}, found {exc.actual!r}"
                if isinstance(exc, CellValueError)
                else str(exc)
            )
            self.fail(f"<{column}>: {reason}", element, location)

    def extra(self, table: Table, element: etree._Element) -> None:
        spec = table.spec
        block = element.get("block")
        location = Location(table=spec.key)
        if block is not None and block not in {b.key for b in spec.blocks}:
            self.fail(f"<extra> names an unknown block {block!r}", element, location)
            return
        label_element = _children(element).get("label")
        label = _text(label_element) if label_element is not None else ""
        values: list[Value] = []
        index = 0
        for child in element:
            if _tag(child) == "value":
                _ok, value = self.value(value_for_extra(spec, block, index), child, location)
                values.append(value)
                index += 1
        try:
            table.extra_rows.append(ExtraRow(label=label, values=tuple(values), block=block))
        except GovDisclosureError as exc:
            self.fail(f"<extra>: {exc}", element, location)


def _children(parent: etree._Element) -> dict[str, etree._Element]:
    """Child elements in the report namespace by local name; the first of each name wins."""
    found: dict[str, etree._Element] = {}
    size = len(_NS)
    for child in reversed(parent):
        tag: object = child.tag
        if isinstance(tag, str) and tag.startswith(_NS):
            found[tag[size:]] = child
    return found


def _line(element: etree._Element) -> int | None:
    line: object = element.sourceline  # lxml-stubs type it oddly
    return line if isinstance(line, int) else None


def _tag(element: etree._Element) -> str | None:
    """The local name of an element in the report namespace; ``None`` for anything else."""
    tag: object = element.tag
    if isinstance(tag, str) and tag.startswith(_NS):
        return tag[len(_NS) :]
    return None


def _text(element: etree._Element) -> str:
    if len(element) == 0:  # no children: the common case, and faster
        text: object = element.text
        return text if isinstance(text, str) else ""
    return "".join(cast(Iterator[str], element.itertext()))
