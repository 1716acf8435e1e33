"""Narrative text: the paragraphs and sub-headings of sections 一, 五, 六 (and notes around tables)."""

from __future__ import annotations

import re
from typing import Union

import attrs

__all__ = ["Content", "Heading", "Paragraph", "Section"]

# Characters XML 1.0 cannot carry (C0 controls but tab, surrogates, U+FFFE/U+FFFF) would make a
# report that the XML writer could not write; they are refused here, once, for every format.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_chars(value: str, what: str) -> str:
    """Return ``value`` if it has no character a document cannot carry; else raise ValueError.

    The same rule for every text field of the model (narrative, title, agency, row labels), so
    that every writer can write whatever the model holds.
    """
    bad = _FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            f"{what} contains the control character {bad.group()!r} at offset {bad.start()}"
        )
    return value


def _clean_text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"narrative text must be str, got {value!r}")
    return value.strip()


# What makes a text more than one line (str.splitlines) or holds a character refused above:
# one scan clears the common case; the checks below say what is wrong when it finds one.
_SUSPECT = re.compile("[\n\r\x85\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_clean_line(text: str) -> bool:
    """Whether ``text`` is one line without a character a document cannot carry: what a
    :class:`Paragraph` or :class:`Heading` holds (readers check their text with it)."""
    # Every character _SUSPECT finds is unprintable: a printable text (most are) is cleared
    # in C at twice the speed of the scan.
    return text.isprintable() or _SUSPECT.search(text) is None


def without_forbidden(text: str) -> str:
    """``text`` without the characters :func:`check_chars` refuses."""
    return _FORBIDDEN.sub("", text)


def _check_text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value:
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must not be empty")
    if is_clean_line(value):
        return
    if len(value.splitlines()) != 1:
        raise ValueError(
            f"{type(instance).__name__} text must be one line; split {value[:30]!r}… into"
            " several paragraphs"
        )
    check_chars(value, f"{type(instance).__name__} text")


@attrs.frozen
class Paragraph:
    """A paragraph of narrative text: one line, trimmed of surrounding whitespace (and of the
    leading full-width spaces reports use for indentation; writers add indentation back)."""

    text: str = attrs.field(converter=_clean_text, validator=_check_text)


@attrs.frozen
class Heading:
    """A sub-heading inside a section, kept as printed: ``（一）政府信息公开工作组织推进情况``."""

    text: str = attrs.field(converter=_clean_text, validator=_check_text)


Content = Union[Paragraph, Heading]  # noqa: UP007 -- a runtime alias, usable on Python 3.10
"""A piece of narrative: the closed set every writer handles (``match`` + ``assert_never``)."""


def _check_content(instance: object, attribute: object, value: list[Content]) -> None:
    for item in value:
        if not isinstance(item, (Paragraph, Heading)):
            raise TypeError(f"section content must be Paragraph or Heading, got {item!r}")


@attrs.define(kw_only=True)
class Section:
    """The text of one of the six sections (FORMAT.md, "Sections").

    For 一 总体情况, 五 and 六 this is the section itself; for 二, 三, 四 it is any text printed
    with the table (notes such as 单位：万元), usually empty. The heading is not stored: writers
    print the edition's canonical heading for :attr:`key`.
    """

    key: str
    content: list[Content] = attrs.field(factory=list, validator=_check_content)

    def add_paragraph(self, text: str) -> Paragraph:
        """Append a paragraph and return it.

        Args:
            text: one line of text; surrounding whitespace (full-width spaces included) is dropped.

        Raises:
            ValueError: the text is empty, has a line break, or holds a control character.
        """
        paragraph = Paragraph(text=text)
        self.content.append(paragraph)
        return paragraph

    def add_heading(self, text: str) -> Heading:
        """Append a sub-heading (``（一）主动公开情况``) and return it.

        Raises:
            ValueError: the text is empty, has a line break, or holds a control character.
        """
        heading = Heading(text=text)
        self.content.append(heading)
        return heading

    @property
    def paragraphs(self) -> list[Paragraph]:
        """The paragraphs, without the sub-headings."""
        return [c for c in self.content if isinstance(c, Paragraph)]

    @property
    def text(self) -> str:
        """All headings and paragraphs, one per line."""
        return "\n".join(c.text for c in self.content)

    @property
    def is_empty(self) -> bool:
        """True when the section has no text at all (rule A7 reports it for sections 一, 五, 六)."""
        return not self.content
