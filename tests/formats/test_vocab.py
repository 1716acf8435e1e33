"""What the lossless formats share: number spelling and reserved names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govdisclosure.editions import EDITIONS, ValueKind
from govdisclosure.formats import _vocab


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_no_edition_uses_a_reserved_name(edition: str) -> None:
    assert _vocab.reserved_clashes(EDITIONS[edition]) == frozenset()


def test_a_clash_would_be_found() -> None:
    assert "p" in _vocab.RESERVED_NAMES
    assert "content" in _vocab.RESERVED_NAMES


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        (0, "0"),
        (-12, "-12"),
        (10**30, "1" + "0" * 30),
        (Decimal("0.0000"), "0.0000"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("12.50"), "12.50"),
        (Decimal("1E+3"), "1000"),
    ],
)
def test_format_value(value: int | Decimal | None, text: str | None) -> None:
    assert _vocab.format_value(value) == text


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("12", ValueKind.COUNT, 12),
        ("-3", ValueKind.SIGNED, -3),
        ("12", ValueKind.MONEY, Decimal("12")),
        ("0.0000", ValueKind.MONEY, Decimal("0.0000")),
        ("1.5", None, Decimal("1.5")),
        ("7", None, 7),
    ],
)
def test_parse_value(text: str, kind: ValueKind | None, value: object) -> None:
    parsed = _vocab.parse_value(text, kind)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("1.5", ValueKind.COUNT), ("x", ValueKind.MONEY), ("", ValueKind.COUNT), ("1,5", None)],
)
def test_parse_value_refuses(text: str, kind: ValueKind | None) -> None:
    with pytest.raises(ValueError, match="expected a"):
        _vocab.parse_value(text, kind)
