"""The vocabulary the lossless formats (XML, JSON, text) share: identifiers, numbers, reserved names.

XML, JSON and the text rendering carry the same data under the same canonical keys; what they
share about spelling values is declared here once, so the three cannot drift apart.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from govdisclosure.editions import Edition, TableSpec, ValueKind
from govdisclosure.model import Location, Value

__all__ = [
    "FORMAT_VERSION",
    "MAX_AMOUNT_DIGITS",
    "REPORT_URN",
    "RESERVED_NAMES",
    "block_elements",
    "check_amount",
    "format_decimal",
    "format_value",
    "parse_value",
    "position_paths",
    "reserved_clashes",
    "value_for_extra",
]

FORMAT_VERSION = 1
"""Version of the vocabulary; part of the XML namespace and of the JSON ``format`` member."""

REPORT_URN = f"urn:govdisclosure:report:{FORMAT_VERSION}"
"""The XML namespace and the JSON ``format`` identifier: ``urn:govdisclosure:report:1``."""

RESERVED_NAMES = frozenset(
    {
        # beside the sections, at the top of a report
        "format", "edition", "year", "agency", "title", "published", "published_on", "preamble",
        # beside the blocks and rows, inside a section
        "p", "h", "content", "extra", "extra_rows",
    }
)  # fmt: skip
"""Element and member names the formats use themselves, at the levels where section, block and
row keys are names too; no edition may use them as such a key (columns are not affected)."""

MAX_AMOUNT_DIGITS = 64
"""The most digits an amount read from XML, JSON or text may have written out in full. Exponent
notation is read (``1.5E+3``), so without a cap ``1E+999999999`` (13 characters) would become a
billion digits in any document written from the report."""

_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")


def format_decimal(value: Decimal) -> str:
    """An amount in plain positional notation, keeping every digit and the scale.

    ``Decimal("0.0000")`` → ``"0.0000"``, ``Decimal("1E-7")`` → ``"0.0000001"`` (the same
    digits and exponent as ``str()`` prints in scientific form). This is the lexical form of
    ``xs:decimal``; a positive exponent (``Decimal("1E+3")``, which no reader produces) is
    written ``"1000"`` and reads back as an equal amount.
    """
    return format(value, "f")


def format_value(value: Value) -> str | None:
    """A cell's value as text; ``None`` for a blank cell."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format_decimal(value)
    return str(value)


def check_amount(value: Decimal) -> Decimal:
    """``value`` if it has at most :data:`MAX_AMOUNT_DIGITS` digits in positional notation.

    Raises:
        ValueError: saying how many digits it would have.
    """
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int):  # finite
        digits = len(value.as_tuple().digits)
        written = max(digits + exponent, 1) + max(-exponent, 0)
        if written > MAX_AMOUNT_DIGITS:
            shown = str(value)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise ValueError(
                f"expected an amount of at most {MAX_AMOUNT_DIGITS} digits, found {shown}"
                f" ({written} digits written out)"
            )
    return value


def parse_value(text: str, kind: ValueKind | None) -> Value:
    """A cell's value from its text form.

    ``kind`` decides the type: amounts are ``Decimal``, counts ``int``. With ``kind=None``
    (a value beyond the declared columns) the spelling decides: a point or exponent makes a
    ``Decimal``. Range checks are the model's; this only refuses what is not a number.

    Raises:
        ValueError: the text is not a number of that kind.
    """
    if kind is not ValueKind.MONEY and text.isdigit() and text.isascii():
        return int(text)  # the common case, first
    text = text.strip()
    if kind is ValueKind.MONEY or (kind is None and not _INTEGER.match(text)):
        if not _DECIMAL.match(text):
            raise ValueError(f"expected a decimal number, found {text!r}")
        try:
            return check_amount(Decimal(text))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            raise ValueError(f"expected a decimal number, found {text!r}") from None
    if not _INTEGER.match(text):
        raise ValueError(f"expected a whole number, found {text!r}")
    return int(text)


def value_for_extra(spec: TableSpec, block: str | None, index: int) -> ValueKind | None:
    """The kind of the ``index``-th value of an extra row printed in ``block``.

    ``None`` when the block has no such column (the spelling then decides, see
    :func:`parse_value`).
    """
    try:
        columns = spec.block(block).columns if block is not None else spec.blocks[0].columns
    except KeyError:
        return None
    return columns[index].kind if index < len(columns) else None


@functools.lru_cache(maxsize=16)
def position_paths(spec: TableSpec) -> Mapping[str, tuple[str, ...]]:
    """By row key: the :attr:`Location.path` of the row, then of each of its cells in column order.

    What readers key ``SourceInfo.positions`` by; the same for every report of an edition, so
    built once per table (and never changed).
    """
    return MappingProxyType(
        {
            row.key: (
                Location(table=spec.key, row=row.key).path,
                *(Location(table=spec.key, row=row.key, column=c.key).path for c in block.columns),
            )
            for block in spec.blocks
            for row in block.rows
        }
    )


def block_elements(spec: TableSpec) -> bool:
    """Whether a table's rows are grouped by block in XML and JSON (tables of several blocks)."""
    return len(spec.blocks) > 1


def reserved_clashes(edition: Edition) -> frozenset[str]:
    """Keys of ``edition`` that are also :data:`RESERVED_NAMES` (there must be none)."""
    return RESERVED_NAMES.intersection(_names(edition))


def _names(edition: Edition) -> Iterator[str]:
    for section in edition.sections:
        yield section.key
    for spec in edition.tables:
        for block in spec.blocks:
            yield block.key
            yield from (r.key for r in block.rows)
