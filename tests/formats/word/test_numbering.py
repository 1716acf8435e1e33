"""Word's automatic list numbering, put back before the text as Word shows it."""

from __future__ import annotations

import pytest

from govdisclosure.formats.word._numbering import format_number


@pytest.mark.parametrize(
    ("number", "fmt", "shown"),
    [
        (1, "chineseCounting", "一"),
        (6, "chineseCountingThousand", "六"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (23, "japaneseCounting", "二十三"),
        (105, "chineseCounting", "一〇五"),
        (12, "ideographDigital", "一二"),
        (3, "decimal", "3"),
        (3, "decimalZero", "03"),
        (12, "decimalFullWidth", "１２"),
        (2, "decimalEnclosedCircle", "②"),
        (3, "ideographTraditional", "丙"),
        (27, "lowerLetter", "aa"),
        (2, "upperLetter", "B"),
        (4, "upperRoman", "IV"),
        (1994, "lowerRoman", "mcmxciv"),
        (1, "bullet", ""),
        (1, "none", ""),
        (1, "someFutureFormat", ""),
    ],
)
def test_format_number(number: int, fmt: str, shown: str) -> None:
    assert format_number(number, fmt) == shown
