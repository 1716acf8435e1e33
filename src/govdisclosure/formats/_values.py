"""Cell text to numbers: counts, signed changes and amounts as published reports write them.

A cell may hold a number (``12``, ``1,234``, ``-3``), a number with a unit (``5件``,
``251000元``, ``25.1万元``), a mark for "not filled" (``/``, ``—``, ``无``), nothing at all,
several numbers (``0 0 0``: cells that lost their separators), or text. Parsing is cached:
the same short cell texts recur in every report.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from govdisclosure.editions import ValueKind

__all__ = [
    "BLANK",
    "EMPTY",
    "NUMBER",
    "TEXT",
    "Token",
    "convert",
    "money_unit",
    "parse_cell",
    "split_label",
    "trim_decimal",
]

EMPTY = "empty"
"""A cell with no text: blank, or layout filler in text copies."""
BLANK = "blank"
"""A mark that says "not filled": ``/``, ``—``, ``无``."""
NUMBER = "number"
TEXT = "text"

_BLANK_MARKS = frozenset({"/", "／", "\\", "-", "—", "——", "–", "―", "无", "空", "×", "*", "—/—"})

# Money units, as factors to 万元 (the unit the format fixes for amounts).
_MONEY_FACTORS = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
}
_NUMBER = re.compile(
    r"^(?P<sign>[+\-−]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<unit>万元|亿元|千元|元|万|亿|件|个|条|项|次|宗|人次|人|家)?$"
)
_NUMBER_TOKEN = r"(?:[+\-−]?\d[\d,]*(?:\.\d+)?(?:万元|亿元|千元|元)?|/)"
# Tokens after the first need whitespace between them: without it the pattern could cut a run
# of digits in exponentially many ways before failing.
_TRAILING_NUMBERS = re.compile(rf"{_NUMBER_TOKEN}(?:\s+{_NUMBER_TOKEN})*\s*$")
_MAX_LABEL_CELL = 300
_UNIT_IN_HEADER = re.compile(r"(亿元|千元|万元|元)")


class Token(NamedTuple):
    """One value slot as written: a number (with its unit), a blank mark, nothing, or text.

    A named tuple, not an attrs class: tokens and tuples of them key the recogniser's caches,
    and a tuple hashes and compares in C (a row's tokens are hashed for several caches, for
    every row of every report).
    """

    kind: str
    text: str
    sign: int = 1
    integer: str = ""
    fraction: str = ""
    unit: str | None = None

    @property
    def is_run(self) -> bool:
        """A bare string of digits: one number, or several whose separators were lost."""
        return (
            self.kind == NUMBER
            and not self.fraction
            and self.unit is None
            and self.sign == 1
            and self.integer.isdigit()
        )

    @property
    def money_unit(self) -> str | None:
        return self.unit if self.unit in _MONEY_FACTORS else None


def _number(text: str) -> Token | None:
    match = _NUMBER.match(text)
    if match is None:
        return None
    return Token(
        kind=NUMBER,
        text=text,
        sign=-1 if match.group("sign") in {"-", "−"} else 1,
        integer=match.group("int").replace(",", ""),
        fraction=match.group("frac") or "",
        unit=match.group("unit"),
    )


@lru_cache(maxsize=8192)
def parse_cell(text: str) -> tuple[Token, ...]:
    """The value tokens of a cell's text: one, several (``0 0 0``), or one ``TEXT`` token."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded:
        return (Token(kind=EMPTY, text=""),)
    if folded in _BLANK_MARKS:
        return (Token(kind=BLANK, text=folded),)
    single = _number(folded.replace(" ", ""))
    if single is not None and " " not in folded:
        return (single,)
    parts = folded.split()
    tokens = []
    for part in parts:
        if part in _BLANK_MARKS:
            tokens.append(Token(kind=BLANK, text=part))
            continue
        number = _number(part)
        if number is None:
            return (Token(kind=TEXT, text=folded),)
        tokens.append(number)
    return tuple(tokens)


@lru_cache(maxsize=4096)
def split_label(text: str) -> tuple[str, tuple[Token, ...]] | None:
    """``规章 0 0 0`` → (``规章``, three tokens); ``None`` when the text does not end in numbers."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if len(folded) > _MAX_LABEL_CELL:
        return None  # a paragraph, not a label with its numbers
    match = _TRAILING_NUMBERS.search(folded)
    if match is None or match.start() == 0:
        return None
    label = folded[: match.start()].strip()
    if not label or label[-1].isdigit():
        return None
    tokens = parse_cell(match.group())
    if any(t.kind == TEXT for t in tokens):
        return None
    return label, tokens


def money_unit(header: str) -> Decimal | None:
    """The factor to 万元 of the unit a column header names (``采购总金额（元）`` → 0.0001)."""
    match = _UNIT_IN_HEADER.search(unicodedata.normalize("NFKC", header))
    return _MONEY_FACTORS[match.group(1)] if match else None


def trim_decimal(value: Decimal) -> Decimal:
    """``25.1000`` → ``25.1``, ``100.00`` → ``100``; never exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def convert(
    token: Token, kind: ValueKind, factor: Decimal | None = None
) -> tuple[int | Decimal | None, bool]:
    """The value a number token gives in a cell of ``kind``, and whether it was written with a
    unit (and so converted to 万元).

    Raises:
        ValueError: the token cannot be such a value (a decimal count, a negative count, a
            money unit on a count).
    """
    if token.kind != NUMBER:
        raise ValueError(token.text)
    if kind is ValueKind.MONEY:
        try:
            amount = Decimal(
                f"{token.integer}.{token.fraction}" if token.fraction else token.integer
            )
        except InvalidOperation:
            raise ValueError(token.text) from None
        if token.sign < 0:
            raise ValueError(token.text)
        unit = token.money_unit
        if unit is not None:
            scale = _MONEY_FACTORS[unit]
        elif factor is not None:
            scale = factor
        else:
            return amount, False
        if scale == 1:
            return amount, True  # written with its unit: 25.1万元 is 25.1, and says so
        return trim_decimal(amount * scale), True
    if token.money_unit is not None or (token.fraction and token.fraction.strip("0")):
        raise ValueError(token.text)
    number = token.sign * int(token.integer)
    if kind is ValueKind.COUNT and number < 0:
        raise ValueError(token.text)
    return number, False
