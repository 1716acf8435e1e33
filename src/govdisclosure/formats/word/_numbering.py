"""Automatic list numbering: the ``一、`` or ``（一）`` that Word draws before a paragraph.

Reports drafted in Word often number their headings with a multilevel list (多级列表) linked to
the heading styles, so the numeral is not in the text. The reader puts it back, as Word shows
it, so that headings such as ``一、总体情况`` are recognised. Counters run in document order per
list (``w:numId``); a level restarts after a higher level, as Word's default does.
"""

from __future__ import annotations

import attrs
from lxml import etree

from govdisclosure.formats.word._ooxml import qn

__all__ = ["Numbering", "format_number"]

_VAL = qn("w:val")
_CN_DIGITS = "〇一二三四五六七八九"


def _chinese(number: int) -> str:
    """一 … 九十九, as Word's ``chineseCounting`` writes (十一, not 一十一)."""
    if number <= 0:
        return str(number)
    if number < 10:
        return _CN_DIGITS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return (
            ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + ("" if ones == 0 else _CN_DIGITS[ones])
        )
    return "".join(_CN_DIGITS[int(d)] for d in str(number))


def _roman(number: int) -> str:
    out = []
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    # Word repeats the letter past z: aa, bb …
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1) if number > 0 else ""


def format_number(number: int, fmt: str) -> str:
    """``number`` in a ``w:numFmt``; ``""`` for bullets, ``none`` and formats not known here."""
    if fmt in {"decimal", "decimalZero"}:
        return f"{number:02d}" if fmt == "decimalZero" and number < 10 else str(number)
    if fmt in {"decimalFullWidth", "decimalFullWidth2", "decimalHalfWidth"}:
        digits = str(number)
        if fmt == "decimalHalfWidth":
            return digits
        return digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in {
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "chineseLegalSimplified",
    }:
        return _chinese(number)
    if fmt in {"ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"}:
        return "".join(_CN_DIGITS[int(d)] for d in str(number))
    if fmt in {"decimalEnclosedCircle", "decimalEnclosedCircleChinese"} and 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if fmt in {"decimalEnclosedParen", "decimalEnclosedFullstop"}:
        return str(number)
    if fmt == "ideographTraditional" and 1 <= number <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[number - 1]
    if fmt == "lowerLetter":
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    return ""


@attrs.frozen
class _Level:
    start: int
    fmt: str
    text: str


def _int(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_VAL, default))
    except ValueError:
        return default


def _levels(abstract: etree._Element) -> dict[int, _Level]:
    levels = {}
    for level in abstract.iter(qn("w:lvl")):
        try:
            ilvl = int(level.get(qn("w:ilvl"), "0"))
        except ValueError:
            continue
        fmt = level.find(qn("w:numFmt"))
        text = level.find(qn("w:lvlText"))
        levels[ilvl] = _Level(
            start=_int(level.find(qn("w:start")), 1),
            fmt=fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
            text=text.get(_VAL, "") if text is not None else "",
        )
    return levels


class Numbering:
    """The numbering definitions of a document, and the counters of one reading of it.

    Built per read (it counts), from ``word/numbering.xml`` and the styles (a heading style
    linked to a list carries its ``w:numPr``).
    """

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        abstracts = {}
        self._lists: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numbers: dict[str, tuple[str, int | None]] = {}
        if numbering is not None:
            for abstract in numbering.iter(qn("w:abstractNum")):
                abstracts[abstract.get(qn("w:abstractNumId"))] = _levels(abstract)
            for num in numbering.iter(qn("w:num")):
                reference = num.find(qn("w:abstractNumId"))
                levels = dict(
                    abstracts.get(reference.get(_VAL) if reference is not None else None, {})
                )
                for override in num.iter(qn("w:lvlOverride")):
                    try:
                        ilvl = int(override.get(qn("w:ilvl"), "0"))
                    except ValueError:
                        continue
                    start = override.find(qn("w:startOverride"))
                    if start is not None and ilvl in levels:
                        levels[ilvl] = attrs.evolve(levels[ilvl], start=_int(start, 1))
                self._lists[num.get(qn("w:numId")) or ""] = levels
        if styles is not None:
            self._read_styles(styles)

    def _read_styles(self, styles: etree._Element) -> None:
        own: dict[str, tuple[str | None, int | None, str | None]] = {}
        for style in styles.iter(qn("w:style")):
            style_id = style.get(qn("w:styleId")) or ""
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            based = style.find(qn("w:basedOn"))
            num_id = ilvl = None
            if num_pr is not None:
                num_element = num_pr.find(qn("w:numId"))
                num_id = num_element.get(_VAL) if num_element is not None else None
                level = num_pr.find(qn("w:ilvl"))
                ilvl = _int(level, 0) if level is not None else None
            own[style_id] = (num_id, ilvl, based.get(_VAL) if based is not None else None)
        for style_id in own:
            seen = set()
            current: str | None = style_id
            while current is not None and current in own and current not in seen:
                seen.add(current)
                style_num, style_level, parent = own[current]
                if style_num is not None:
                    self._style_numbers[style_id] = (style_num, style_level)
                    break
                current = parent

    def label(self, paragraph: etree._Element, style: str | None) -> str:
        """The number Word draws before ``paragraph`` (advancing the counters), or ``""``."""
        num_id, ilvl = None, None
        if style is not None and style in self._style_numbers:
            num_id, ilvl = self._style_numbers[style]
        num_pr = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_element = num_pr.find(qn("w:numId"))
            if num_element is not None:
                num_id = num_element.get(_VAL)
            level_element = num_pr.find(qn("w:ilvl"))
            if level_element is not None:
                ilvl = _int(level_element, 0)
        if num_id is None or num_id == "0" or num_id not in self._lists:
            return ""
        levels = self._lists[num_id]
        ilvl = ilvl or 0
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        for index in range(9):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                shown = levels.get(index)
                value = counters.get(index, shown.start if shown is not None else 1)
                text = text.replace(
                    placeholder, format_number(value, shown.fmt if shown else "decimal")
                )
        if levels[ilvl].fmt in {"bullet", "none"}:
            return ""
        return text
