"""JSON: the XML vocabulary for web systems, with a published JSON Schema (draft 2020-12).

Members are named by the canonical keys, in the official order::

    {
      "format": "urn:govdisclosure:report:1",
      "edition": "2019",
      "year": 2020,
      "agency": {"name": "祥云镇", "region": "河南省焦作市温县", "level": "township"},
      "title": null,
      "published_on": null,
      "preamble": [{"p": "2020年，祥云镇…"}],
      "overview": {"content": [{"h": "（一）…"}, {"p": "一年来，…"}]},
      "proactive": {"content": [], "article20_1": {"rules": {"made": 0, …}, …}, …, "extra_rows": []},
      "applications": {"content": [], "new_received": {"natural_person": 0, …}, …, "extra_rows": []},
      …
    }

Counts are JSON integers; amounts are strings holding the exact decimal (``"0.0000"``), so no
JSON parser turns them into binary floating point; a blank cell is ``null``, never ``0``. One
schema covers both editions, with the edition as the discriminator (:func:`json_schema`).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

from govdisclosure.editions import EDITIONS, Edition, TableSpec, ValueKind
from govdisclosure.errors import CellValueError, ReadError, WriteError
from govdisclosure.formats._io import MAX_TEXT_BYTES, check_limit, reader_guard
from govdisclosure.formats._vocab import (
    REPORT_URN,
    block_elements,
    check_amount,
    format_decimal,
    parse_value,
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
    SourceInfo,
    Table,
    Value,
)
from govdisclosure.validation import make_issue

__all__ = [
    "JSON_SCHEMA_DIALECT",
    "JsonReader",
    "JsonWriter",
    "build_json_schema",
    "build_json_schema_bytes",
    "from_data",
    "json_schema",
    "json_schema_path",
    "to_data",
]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SCHEMA_FILE = "report.schema.json"
_URN_PREFIX = "urn:govdisclosure:report:"

_TEXT = r"^[^\n\r]*\S[^\n\r]*$"
_MONEY = r"^(?:-?0(?:\.0+)?|(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)$"
_DECIMAL = r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$"

# -- schema ------------------------------------------------------------------------------------


def json_schema_path() -> Path:
    """Where the JSON Schema is installed (``…/govdisclosure/formats/schemas/report.schema.json``)."""
    return Path(str(resources.files(__package__) / "schemas" / _SCHEMA_FILE))


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON format (both editions), as shipped; a fresh copy per call."""
    schema: dict[str, Any] = json.loads(json_schema_path().read_text("utf-8"))
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(kind: ValueKind) -> dict[str, Any]:
    kinds: dict[ValueKind, dict[str, Any]] = {
        ValueKind.COUNT: {"type": ["integer", "null"], "minimum": 0},
        ValueKind.SIGNED: {"type": ["integer", "null"]},
        ValueKind.MONEY: {"type": ["string", "null"], "pattern": _MONEY},
    }
    return kinds[kind]


def _object(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object"}
    if description:
        schema["description"] = description
    schema.update(
        {"required": list(properties), "properties": properties, "additionalProperties": False}
    )
    return schema


def _table_defs(edition: Edition, spec: TableSpec) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    prefix = f"{edition.key}.{spec.key}"
    members: dict[str, Any] = {"content": _ref("content")}
    nested = block_elements(spec)
    for block in spec.blocks:
        row_name = f"{prefix}.{block.key}.row"
        defs[row_name] = _object(
            {
                c.key: {
                    **_nullable(c.kind),
                    "description": f"{c.label}{f' ({c.unit})' if c.unit else ''}",
                }
                for c in block.columns
            }
        )
        rows = {}
        for row in block.rows:
            path = [g.label for g in reversed(list(spec.ancestors(row.key)))]
            rows[row.key] = {**_ref(row_name), "description": " / ".join([*path, row.label])}
        if nested:
            defs[f"{prefix}.{block.key}"] = _object(rows, block.label)
            members[block.key] = _ref(f"{prefix}.{block.key}")
        else:
            members.update(rows)
    members["extra_rows"] = {
        "type": "array",
        "description": "Rows the format does not define, kept as printed (non-standard).",
        "items": _object(
            {
                "label": {"type": "string"},
                "block": {"enum": [*(b.key for b in spec.blocks), None]},
                "values": {
                    "type": "array",
                    "items": {"type": ["integer", "string", "null"], "pattern": _DECIMAL},
                },
            }
        ),
    }
    defs[prefix] = _object(members, f"{spec.number}、{spec.title}")
    return defs


def build_json_schema() -> dict[str, Any]:
    """The JSON Schema, generated from the edition data (what is shipped in the package)."""
    defs: dict[str, Any] = {
        "text": {
            "type": "string",
            "pattern": _TEXT,
            "description": "One line of text: not blank, no line break.",
        },
        "content": {
            "type": "array",
            "items": {
                "oneOf": [
                    _object({"p": _ref("text")}, "A paragraph (段落)."),
                    _object({"h": _ref("text")}, "A sub-heading (小标题)."),
                ]
            },
        },
        "narrative": _object({"content": _ref("content")}),
        "agency": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "pattern": r"\S", "description": "制作机关"},
                "region": {"type": ["string", "null"], "description": "行政区划"},
                "level": {"enum": [*(v.value for v in AdministrativeLevel), None]},
            },
            "additionalProperties": False,
        },
    }
    branches = []
    for edition in EDITIONS.values():
        sections: dict[str, Any] = {}
        for section in edition.sections:
            if section.table is None:
                sections[section.key] = {**_ref("narrative"), "description": section.heading}
            else:
                defs.update(_table_defs(edition, edition.table(section.table)))
                sections[section.key] = {
                    **_ref(f"{edition.key}.{section.table}"),
                    "description": section.heading,
                }
        defs[f"edition.{edition.key}"] = {
            "description": f"Edition {edition.key}: {edition.title} ({edition.document}).",
            "required": list(sections),
            "properties": sections,
        }
        branches.append(
            {
                "if": {"properties": {"edition": {"const": edition.key}}, "required": ["edition"]},
                "then": _ref(f"edition.{edition.key}"),
            }
        )
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{REPORT_URN}:json",
        "title": "政府信息公开工作年度报告 (annual report on government information disclosure)",
        "description": (
            "The JSON format of govdisclosure, both editions; the member 'edition' selects the"
            " tables. Generated from the edition data (govdisclosure.formats.govjson."
            "build_json_schema); do not edit by hand."
        ),
        "type": "object",
        "required": ["format", "edition", "year", "agency"],
        "properties": {
            "format": {"const": REPORT_URN},
            "edition": {"enum": list(EDITIONS)},
            "year": {"type": "integer"},
            "agency": _ref("agency"),
            "title": {
                "type": ["string", "null"],
                "description": "The title as printed; null when composed from agency and year.",
            },
            "published_on": {
                "type": ["string", "null"],
                "format": "date",
                "pattern": r"^\d{4}-\d{2}-\d{2}$",
            },
            "preamble": _ref("content"),
        },
        "allOf": branches,
        "unevaluatedProperties": False,
        "$defs": defs,
    }


def build_json_schema_bytes() -> bytes:
    """:func:`build_json_schema` as the shipped file's bytes (UTF-8, indented, newline-terminated)."""
    text = json.dumps(build_json_schema(), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


# -- writing -----------------------------------------------------------------------------------


class JsonWriter:
    """Writes a report as JSON (a ``str``).

    Args:
        indent: spaces per level (default 2); ``None`` writes one compact line.
        ensure_ascii: escape every non-ASCII character (``\\u7965``); off by default, so the
            Chinese text stays readable.
    """

    def __init__(self, *, indent: int | None = 2, ensure_ascii: bool = False) -> None:
        self.indent = indent
        self.ensure_ascii = ensure_ascii

    def dumps(self, report: AnnualReport) -> str:
        """The report as a JSON document that validates against :func:`json_schema`.

        Raises:
            WriteError: an extra row names a block its table does not have.
        """
        data = to_data(report)
        text = self._dumps(data, self.ensure_ascii)
        if not self.ensure_ascii:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                # A lone surrogate (which the model lets through in names and labels) has no
                # UTF-8 form; escaped as \udXXX it survives, and reads back the same.
                text = self._dumps(data, True)
        return text + "\n"

    def _dumps(self, data: dict[str, Any], ensure_ascii: bool) -> str:
        return json.dumps(
            data,
            ensure_ascii=ensure_ascii,
            indent=self.indent,
            separators=None if self.indent is not None else (",", ":"),
        )


def to_data(report: AnnualReport) -> dict[str, Any]:
    """The report as plain JSON data (dicts, lists, str, int, None): what :class:`JsonWriter`
    serialises; for systems that embed the report in a larger document."""
    data: dict[str, Any] = {
        "format": REPORT_URN,
        "edition": report.edition.key,
        "year": report.year,
        "agency": {
            "name": report.agency.name,
            "region": report.agency.region,
            "level": report.agency.level.value if report.agency.level is not None else None,
        },
        "title": report.title,
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "preamble": _content(report.preamble),
    }
    for spec in report.edition.sections:
        section: dict[str, Any] = {"content": _content(report.sections[spec.key].content)}
        if spec.table is not None:
            section.update(_table(report.table(spec.table)))
        data[spec.key] = section
    return data


def _content(content: Iterable[Content]) -> list[dict[str, str]]:
    items = []
    for item in content:
        match item:
            case Paragraph():
                items.append({"p": item.text})
            case Heading():
                items.append({"h": item.text})
            case _:
                _assert_never(item)
    return items


def _assert_never(item: NoReturn) -> NoReturn:  # typing.assert_never is Python ≥ 3.11
    raise AssertionError(f"unhandled content {item!r}")


def _value(value: Value) -> int | str | None:
    return format_decimal(value) if isinstance(value, Decimal) else value


def _table(table: Table) -> dict[str, Any]:
    spec = table.spec
    cells = table.values
    data: dict[str, Any] = {}
    nested = block_elements(spec)
    for block in spec.blocks:
        rows = {
            row.key: {c.key: _value(cells[row.key, c.key]) for c in block.columns}
            for row in block.rows
        }
        if nested:
            data[block.key] = rows
        else:
            data.update(rows)
    known = {b.key for b in spec.blocks}
    extras = []
    for extra in table.extra_rows:
        if extra.block is not None and extra.block not in known:
            raise WriteError(
                f"table {spec.key}: extra row {extra.label!r} names block {extra.block!r},"
                f" which edition {table.edition.key} does not have"
            )
        extras.append(
            {
                "label": extra.label,
                "block": extra.block,
                "values": [_value(v) for v in extra.values],
            }
        )
    data["extra_rows"] = extras
    return data


# -- reading -----------------------------------------------------------------------------------


class JsonReader:
    """Reads the JSON format (as :class:`JsonWriter` writes it, or any tool following the schema).

    Args:
        strict: refuse anything the JSON Schema refuses, raising :class:`ReadError` with the
            JSON pointer of the first problem (default). With ``False``, read what can be read
            (amounts given as numbers, missing members as blank, unknown members ignored) and
            record each problem as a ``read.schema`` note in ``report.source.notes``.
        max_bytes: refuse a document longer than this (:data:`~govdisclosure.formats.MAX_TEXT_BYTES`)
            before parsing it.
    """

    def __init__(self, *, strict: bool = True, max_bytes: int = MAX_TEXT_BYTES) -> None:
        self.strict = strict
        self.max_bytes = check_limit("max_bytes", max_bytes)

    @reader_guard("json")
    def loads(self, data: str | bytes, *, source: str | None = None) -> AnnualReport:
        """Read a report from a JSON document.

        Args:
            data: the whole document.
            source: a name for the input, used in messages.

        Raises:
            ReadError: not JSON, not this format, or (strict) not valid against the JSON Schema;
                the message names the JSON pointer of the problem.
        """
        name = source or "<json>"
        duplicates: list[str] = []
        document = _parse(data, name, duplicates)
        return _Reading(name, self.strict).build(document, duplicates)


@reader_guard("json")
def from_data(
    data: dict[str, Any], *, strict: bool = True, source: str | None = None
) -> AnnualReport:
    """A report from plain JSON data (as :func:`to_data` gives it, or ``json.load`` of a file).

    Amounts may be ``str`` or, with ``strict=False``, ``int``/``Decimal``; see :class:`JsonReader`.
    """
    return _Reading(source or "<data>", strict).build(data, [])


def _parse(data: str | bytes, source: str, duplicates: list[str]) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) < len(items):  # a member given twice: say which (rare, so slow)
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
        return result

    def constant(token: str) -> NoReturn:
        raise ValueError(f"{token} is not a JSON number")

    if isinstance(data, str):
        data = data.lstrip("\ufeff")
    try:
        return json.loads(
            data, object_pairs_hook=pairs, parse_float=Decimal, parse_constant=constant
        )
    except json.JSONDecodeError as exc:
        raise ReadError(f"not valid JSON: {exc.msg}", source=source, line=exc.lineno) from None
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8, UTF-16 or UTF-32 text: {exc.reason}", source=source) from None
    except RecursionError:
        raise ReadError("not a report: nested too deeply", source=source) from None
    except ValueError as exc:
        raise ReadError(f"not valid JSON: {exc}", source=source) from None


def _pointer(path: tuple[str | int, ...]) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


class _Reading:
    """One read: problems raised (strict) or noted (lenient), with their JSON pointers."""

    def __init__(self, source: str, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.notes: list[Issue] = []

    def fail(
        self, path: tuple[str | int, ...], message: str, location: Location | None = None
    ) -> None:
        pointer = _pointer(path)
        if self.strict:
            raise ReadError(message, source=self.source, place=pointer)
        self.notes.append(
            make_issue(
                "read.schema",
                f"{pointer}: {message}",
                f"{pointer}：文档不符合发布的JSON Schema：{message}",
                location or _location(path),
            )
        )

    def member(
        self,
        parent: dict[str, Any],
        key: str,
        path: tuple[str | int, ...],
        kind: type | tuple[type, ...],
        *,
        required: bool = True,
    ) -> Any:
        """``parent[key]`` if present and of ``kind``; otherwise a problem and ``None``."""
        if key not in parent:
            if required:
                self.fail(path, f"member {key!r} is missing")
            return None
        value = parent[key]
        if value is None and not required:
            return None
        if not isinstance(value, kind) or isinstance(value, bool):
            self.fail((*path, key), f"expected {_kind_name(kind)}, found {_show(value)}")
            return None
        return value

    def unknown(
        self, parent: dict[str, Any], known: Iterable[str], path: tuple[str | int, ...]
    ) -> None:
        expected = set(known)
        for key in parent:
            if key not in expected:
                self.fail((*path, key), f"unknown member {key!r}")

    def build(self, document: Any, duplicates: list[str]) -> AnnualReport:
        if not isinstance(document, dict):
            raise ReadError(
                f"not a report: expected a JSON object, found {_show(document)}", source=self.source
            )
        for key in dict.fromkeys(duplicates):
            self.fail((key,), f"member {key!r} appears more than once (the last one is used)")
        self.check_format(document)
        edition_key = document.get("edition")
        if not isinstance(edition_key, str) or edition_key not in EDITIONS:
            what = (
                "no member 'edition'" if edition_key is None else f"unknown edition {edition_key!r}"
            )
            raise ReadError(
                f"{what}; known editions: {', '.join(EDITIONS)}",
                source=self.source,
                place="/edition",
            )
        edition = EDITIONS[edition_key]
        year = document.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            raise ReadError(
                f"expected the year as a whole number, found {_show(year)}",
                source=self.source,
                place="/year",
            )
        agency_data = document.get("agency")
        if not isinstance(agency_data, dict):
            raise ReadError(
                f"expected the agency as an object, found {_show(agency_data)}",
                source=self.source,
                place="/agency",
            )
        try:
            report = AnnualReport.blank(
                agency=self.agency(agency_data),
                year=year,
                edition=edition,
                title=self.member(document, "title", (), str, required=False),
                published_on=self.date(document),
            )
        except (ValueError, TypeError) as exc:
            if isinstance(exc, ReadError):
                raise
            raise ReadError(str(exc), source=self.source) from None
        top = ["format", "edition", "year", "agency", "title", "published_on", "preamble"]
        self.unknown(document, [*top, *(s.key for s in edition.sections)], ())
        preamble = self.member(document, "preamble", (), list, required=False)
        if preamble is not None:
            report.preamble.extend(self.content(preamble, ("preamble",)))
        for spec in edition.sections:
            section = self.member(document, spec.key, (), dict)
            if section is None:
                continue
            path: tuple[str | int, ...] = (spec.key,)
            content = self.member(section, "content", path, list)
            if content is not None:
                report.sections[spec.key].content.extend(self.content(content, (*path, "content")))
            if spec.table is None:
                self.unknown(section, ["content"], path)
            else:
                self.table(report.table(spec.table), section, path)
        report.source = SourceInfo(name=self.source, format="json", notes=self.notes)
        return report

    def check_format(self, document: dict[str, Any]) -> None:
        found = document.get("format")
        if found == REPORT_URN:
            return
        if isinstance(found, str) and found.startswith(_URN_PREFIX):
            raise ReadError(
                f"version {found[len(_URN_PREFIX) :]!r} of the report vocabulary is not supported;"
                f" this version of govdisclosure reads {REPORT_URN}",
                source=self.source,
                place="/format",
            )
        if found is None and not self.strict:
            self.fail(("format",), f"member 'format' is missing (expected {REPORT_URN!r})")
            return
        raise ReadError(
            f'not a govdisclosure report: expected "format": {REPORT_URN!r}, found {_show(found)}',
            source=self.source,
            place="/format",
        )

    def agency(self, data: dict[str, Any]) -> Agency:
        path = ("agency",)
        self.unknown(data, ["name", "region", "level"], path)
        name = data.get("name")
        if not isinstance(name, str):
            raise ReadError(
                f"expected the agency name as a string, found {_show(name)}",
                source=self.source,
                place="/agency/name",
            )
        region = self.member(data, "region", path, str, required=False)
        level_text = self.member(data, "level", path, str, required=False)
        level = None
        if level_text is not None:
            try:
                level = AdministrativeLevel(level_text)
            except ValueError:
                self.fail(
                    (*path, "level"),
                    f"unknown agency level {level_text!r}; known:"
                    f" {', '.join(v.value for v in AdministrativeLevel)}",
                )
        return Agency(name=name, region=region, level=level)

    def date(self, document: dict[str, Any]) -> datetime.date | None:
        text = self.member(document, "published_on", (), str, required=False)
        if text is None:
            return None
        try:
            if len(text) != 10:
                raise ValueError
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.fail(("published_on",), f"expected a date YYYY-MM-DD, found {text!r}")
            return None

    def content(self, items: list[Any], path: tuple[str | int, ...]) -> Iterator[Content]:
        for index, item in enumerate(items):
            here = (*path, index)
            if not (isinstance(item, dict) and len(item) == 1 and next(iter(item)) in {"p", "h"}):
                self.fail(here, f'expected {{"p": text}} or {{"h": text}}, found {_show(item)}')
                continue
            ((kind, text),) = item.items()
            if not isinstance(text, str):
                self.fail((*here, kind), f"expected a string, found {_show(text)}")
                continue
            try:
                yield Paragraph(text=text) if kind == "p" else Heading(text=text)
            except ValueError as exc:
                self.fail((*here, kind), str(exc))

    def table(self, table: Table, data: dict[str, Any], path: tuple[str | int, ...]) -> None:
        spec = table.spec
        nested = block_elements(spec)
        known = ["content", "extra_rows"]
        for block in spec.blocks:
            if nested:
                known.append(block.key)
                rows = self.member(data, block.key, path, dict)
                if rows is None:
                    continue
                block_path = (*path, block.key)
                self.unknown(rows, [r.key for r in block.rows], block_path)
            else:
                rows, block_path = data, path
                known.extend(r.key for r in block.rows)
            keys = [c.key for c in block.columns]
            for row in block.rows:
                cells = self.member(rows, row.key, block_path, dict)
                if cells is None or (list(cells) == keys and _plain_row(table, row.key, cells)):
                    continue
                row_path = (*block_path, row.key)
                self.unknown(cells, [c.key for c in block.columns], row_path)
                for column in block.columns:
                    if column.key not in cells:
                        self.fail(row_path, f"member {column.key!r} is missing")
                        continue
                    self.cell(table, row.key, column.key, column.kind, cells[column.key], row_path)
        self.unknown(data, known, path)
        extras = self.member(data, "extra_rows", path, list)
        for index, extra in enumerate(extras or ()):
            self.extra(table, extra, (*path, "extra_rows", index))

    def value(
        self, kind: ValueKind | None, raw: Any, path: tuple[str | int, ...]
    ) -> tuple[bool, Value]:
        if raw is None:
            return True, None
        if isinstance(raw, bool):
            self.fail(path, f"expected a number or null, found {_show(raw)}")
            return False, None
        if kind is ValueKind.MONEY:
            if isinstance(raw, str):
                try:
                    return True, parse_value(raw, kind)
                except ValueError as exc:
                    self.fail(path, str(exc))
                    return False, None
            if isinstance(raw, (int, Decimal)) and not self.strict:
                self.fail(path, f"an amount should be a string (exact decimal), found {raw}")
                try:
                    return True, check_amount(Decimal(raw))
                except ValueError as exc:
                    self.fail(path, str(exc))
                    return False, None
            self.fail(path, f'expected an amount as a string ("12.5") or null, found {_show(raw)}')
            return False, None
        if kind is None:  # a value of an extra row: the spelling decides, as it was written
            if isinstance(raw, int):
                return True, raw
            if isinstance(raw, str):
                try:
                    return True, parse_value(raw, ValueKind.MONEY)
                except ValueError as exc:
                    self.fail(path, str(exc))
                    return False, None
            self.fail(path, f"expected an integer, a decimal string or null, found {_show(raw)}")
            return False, None
        if isinstance(raw, int):
            return True, raw
        self.fail(path, f"expected a whole number or null, found {_show(raw)}")
        return False, None

    def cell(
        self,
        table: Table,
        row: str,
        column: str,
        kind: ValueKind,
        raw: Any,
        row_path: tuple[str | int, ...],
    ) -> None:
        path = (*row_path, column)
        ok, value = self.value(kind, raw, path)
        if not ok:
            return
        try:
            table[row, column] = value
        except CellValueError as exc:
            message = f"expected {exc.expected}, found {_show(exc.actual)}"
            self.fail(path, message, Location(table=table.key, row=row, column=column))

    def extra(self, table: Table, data: Any, path: tuple[str | int, ...]) -> None:
        if not isinstance(data, dict):
            self.fail(path, f"expected an object, found {_show(data)}")
            return
        self.unknown(data, ["label", "block", "values"], path)
        label = self.member(data, "label", path, str)
        block = self.member(data, "block", path, str, required=False)
        raw_values = self.member(data, "values", path, list)
        if label is None or raw_values is None:
            return
        if block is not None and block not in {b.key for b in table.spec.blocks}:
            self.fail((*path, "block"), f"unknown block {block!r}")
            return
        values = []
        for index, raw in enumerate(raw_values):
            _ok, value = self.value(None, raw, (*path, "values", index))
            values.append(value)
        table.extra_rows.append(ExtraRow(label=label, values=tuple(values), block=block))


def _plain_row(table: Table, row: str, cells: dict[str, Any]) -> bool:
    """Set a row whose members are the columns in order, each a count or null, in one step;
    ``False`` (and nothing set) for any other row, which is then read member by member.

    Runs for every row of every report read: the common case is kept to a few C calls.
    """
    if row in table.spec.money_rows:
        return False  # amounts must be strings: checked one by one
    values = list(cells.values())
    if [v for v in values if v is not None and type(v) is not int]:
        return False  # booleans, strings, anything else: checked one by one
    try:
        table.set_row(row, values)
    except CellValueError:
        return False
    return True


def _location(path: tuple[str | int, ...]) -> Location:
    names = [p for p in path if isinstance(p, str)]
    tables = {s.table for e in EDITIONS.values() for s in e.sections if s.table}
    if names and names[0] in tables:
        blocks = {b.key for e in EDITIONS.values() for b in e.table(names[0]).blocks}
        rest = [n for n in names[1:] if n not in blocks]
        row = rest[0] if rest and rest[0] not in {"content", "extra_rows"} else None
        column = rest[1] if row is not None and len(rest) > 1 else None
        return Location(table=names[0], row=row, column=column)
    sections = {s.key for e in EDITIONS.values() for s in e.sections}
    if names and names[0] in sections:
        return Location(section=names[0])
    return Location()


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {dict: "an object", list: "an array", str: "a string", int: "a whole number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    shown = repr(value) if not isinstance(value, Decimal) else str(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."
