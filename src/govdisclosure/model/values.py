"""Cell values: ``int`` counts, ``Decimal`` amounts, ``None`` for a cell that was not filled."""

from __future__ import annotations

from decimal import Decimal
from typing import Union

from govdisclosure.editions import ValueKind
from govdisclosure.errors import CellValueError

__all__ = ["Value", "check_value"]

Value = Union[int, Decimal, None]  # noqa: UP007 -- a runtime alias, usable on Python 3.10
"""What a cell holds. ``None`` means "not filled" (blank, ``/``), never zero."""

_EXPECTED = {
    ValueKind.COUNT: "a whole number ≥ 0 (int) or None",
    ValueKind.SIGNED: "a whole number (int) or None",
    ValueKind.MONEY: "an amount ≥ 0 in 万元 (Decimal or int) or None",
}


def check_value(kind: ValueKind, value: object, where: str) -> Value:
    """Return ``value`` as a cell of ``kind`` holds it, or raise :class:`CellValueError`.

    Counts accept ``int`` only (not ``bool``, ``float`` or ``str``: a count written ``"3"`` or
    ``3.0`` is a reader's job to parse). Amounts accept ``Decimal`` and ``int`` (made a
    ``Decimal``); a ``float`` is refused because it cannot hold 万元 to four places exactly.
    """
    if value is None:
        return None
    if kind is ValueKind.MONEY:
        if isinstance(value, Decimal):
            if value.is_finite() and value >= 0:
                return value
        elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return Decimal(value)
    elif (
        isinstance(value, int)
        and not isinstance(value, bool)
        and (kind is ValueKind.SIGNED or value >= 0)
    ):
        return value
    raise CellValueError(where, _EXPECTED[kind], value)
