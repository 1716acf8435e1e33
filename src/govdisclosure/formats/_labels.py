"""Label normalisation and lookup: how a printed label is matched to the edition data.

Real copies print the official labels with drift: full-width punctuation turned half-width
(``(一)`` for ``（一）``), spaces inside words, line breaks in headers (``本年新`` / ``制作数量``),
other quote styles, numbering written ``1、`` or ``(1)`` for ``1.``. Every reader compares labels
through :func:`label_key`, which reduces a label to its numbering (canonical form) and its words
(letters and digits only), and looks keys up in a :class:`LabelIndex`, built once per edition
from the declarations in :mod:`govdisclosure.editions` (labels and their ``aliases``). Readers
never spell out a label themselves: add a variant to the edition data instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

import attrs

from govdisclosure.editions import EDITIONS, Edition, get_edition

__all__ = [
    "LabelIndex",
    "LabelMatch",
    "body_of",
    "label_index",
    "label_key",
    "layout_keys",
    "normalize_text",
]

_CN_NUMERALS = "一二三四五六七八九十"

# Zero-width characters and the BOM vanish; NFKC turns the ideographic space into a plain one.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACE = re.compile(r"\s+")
# Dashes some copies print for 一 (``—、总体情况``).
_DASH_ONE = re.compile(r"^[—–―‒－-]、")
_NUMBERING = (
    (re.compile(r"^\((\d{1,2})\)"), "{}."),
    (re.compile(r"^(\d{1,2})[、.,:;](?!\d)"), "{}."),
    (re.compile(rf"^\(([{_CN_NUMERALS}]{{1,3}})\)"), "({})"),
    (re.compile(rf"^([{_CN_NUMERALS}]{{1,3}})[、.,:;]"), "{}、"),
)
_NOT_WORD = re.compile(r"[\W_]+")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
_MAX_LABEL = 300
_INNER_NUMBER = re.compile(
    r"(?:\d{1,2}\s*[.、．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}、)"
)
"""Where a row's numbering starts inside a text (``法提供 2.没有现成信息…``)."""
_MAX_PREFIX = 12
"""Characters of layout debris a row label may follow (a group label's last piece, as a PDF's
text puts it on the row's line: ``三、本年度办理结果 （一）予以公开``)."""
"""Longer texts are paragraphs: never looked up as a label with a note."""


@lru_cache(maxsize=8192)
def normalize_text(text: str) -> str:
    """NFKC, without whitespace or invisible characters: the text a label is compared on."""
    folded = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    folded = folded.replace("（", "(").replace("）", ")").replace("【", "(").replace("】", ")")
    folded = folded.replace("〔", "(").replace("〕", ")").replace("[", "(").replace("]", ")")
    return _SPACE.sub("", folded)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The key a label is matched on: canonical numbering followed by its words.

    ``（一）予以公开`` and ``(一) 予以公开`` give ``(一)予以公开``; ``1、属于国家秘密`` and
    ``(1)属于国家秘密`` give ``1.属于国家秘密``; ``3.危及"三安全一稳定"`` gives
    ``3.危及三安全一稳定``; ``本年增/减`` gives ``本年增减``.
    """
    folded = _DASH_ONE.sub("一、", normalize_text(text))
    prefix = ""
    for pattern, template in _NUMBERING:
        match = pattern.match(folded)
        if match:
            prefix = template.format(match.group(1))
            folded = folded[match.end() :]
            break
    return prefix + _NOT_WORD.sub("", folded)


def body_of(key: str) -> str:
    """A key without its numbering: ``1.属于国家秘密`` → ``属于国家秘密``."""
    if key[:1] == "(":
        end = key.find(")")
        return key[end + 1 :] if end > 0 else key
    for i, char in enumerate(key[:4]):
        if char in ".、":
            return key[i + 1 :]
    return key


@lru_cache(maxsize=4096)
def _without_note(text: str) -> str:
    """A label without a trailing parenthetical note (湖北: ``规范性文件（含…）``)."""
    folded = normalize_text(text)
    stripped = _TRAILING_NOTE.sub("", folded)
    return stripped if stripped and stripped != folded else ""


@attrs.frozen
class LabelMatch:
    """What a label names: a row, row group, block or column of a table, or a section heading."""

    kind: str
    """``"row"``, ``"group"``, ``"block"``, ``"column"``, ``"header"`` or ``"section"``."""
    table: str | None
    key: str


def _add(index: dict[str, LabelMatch], labels: Iterable[str], match: LabelMatch) -> None:
    for label in labels:
        index.setdefault(label_key(label), match)


@attrs.frozen(eq=False)
class LabelIndex:
    """Every label of one edition by :func:`label_key`, built once (see :func:`label_index`).

    Row labels may be found with or without their numbering (``属于国家秘密``) when the words
    alone are unambiguous within the edition.
    """

    edition: Edition
    labels: Mapping[str, LabelMatch]
    bodies: Mapping[str, LabelMatch]
    columns: Mapping[str, Mapping[str, str]]
    """Per block key (table 二's blocks, ``applications``, ``reviews``): column key by label key."""
    headings: Mapping[str, str]
    """Section key by heading key (canonical and aliases)."""

    def match(self, text: str) -> LabelMatch | None:
        """The row, group, block or header label ``text`` names, if any."""
        key = label_key(text)
        found = self.labels.get(key) or self.bodies.get(body_of(key))
        if found is None and len(text) <= _MAX_LABEL:
            bare = _without_note(text)
            if bare:
                key = label_key(bare)
                found = self.labels.get(key) or self.bodies.get(body_of(key))
                if found is not None and found.kind not in {"row", "group"}:
                    found = None
            if found is None:
                found = self._after_debris(text)
        return found

    def _after_debris(self, text: str) -> LabelMatch | None:
        """The row whose numbered label ``text`` ends with, after a few characters of debris
        (text copied out of a PDF puts the pieces of a vertical group label before rows)."""
        for number in _INNER_NUMBER.finditer(text, 1, _MAX_PREFIX + 8):
            if number.start() > _MAX_PREFIX:
                break
            if number.start() == 0 or not text[: number.start()].strip():
                continue
            rest = text[number.start() :]
            key = label_key(rest)
            found = self.labels.get(key)
            if found is not None and found.kind == "row":
                return found
        return None

    def column(self, block: str, text: str) -> str | None:
        """The column of ``block`` a header cell names, if any."""
        columns = self.columns.get(block)
        if not columns:
            return None
        key = label_key(text)
        return columns.get(key) or columns.get(label_key(_without_note(text) or text))

    def section(self, text: str) -> str | None:
        """The section a heading names (canonical heading or a declared variant), if any."""
        return self.headings.get(label_key(text))


def _build(edition: Edition) -> LabelIndex:
    labels: dict[str, LabelMatch] = {}
    headings: dict[str, str] = {}
    columns: dict[str, dict[str, str]] = {}
    for section in edition.sections:
        for heading in (section.heading, *section.aliases):
            headings.setdefault(label_key(heading), section.key)
    for table in edition.tables:
        for block in table.blocks:
            for row in block.rows:
                _add(labels, (row.label, *row.aliases), LabelMatch("row", table.key, row.key))
            if block.label is not None:
                _add(
                    labels,
                    (block.label, *block.aliases),
                    LabelMatch("block", table.key, block.key),
                )
            by_label: dict[str, str] = {}
            for column in block.columns:
                for label in (column.label, *column.aliases):
                    by_label.setdefault(label_key(label), column.key)
            columns[block.key] = by_label
        for group in table.row_groups:
            _add(labels, (group.label, *group.aliases), LabelMatch("group", table.key, group.key))
        header = [g.label for g in table.column_groups]
        header += [a for g in table.column_groups for a in g.aliases]
        header += [x for x in (table.corner_label, table.column_header) if x]
        _add(labels, header, LabelMatch("header", table.key, table.key))
    # Words without numbering, where they name one thing only.
    column_keys = {k for by_label in columns.values() for k in by_label}
    bodies: dict[str, LabelMatch | None] = {}
    for key, match in labels.items():
        if match.kind not in {"row", "group"}:
            continue
        body = body_of(key)
        if body and body != key:
            previous = bodies.get(body, match)
            bodies[body] = match if previous == match else None
    clean = {
        k: v
        for k, v in bodies.items()
        if v is not None and k not in labels and k not in column_keys
    }
    return LabelIndex(
        edition=edition,
        labels=MappingProxyType(labels),
        bodies=MappingProxyType(clean),
        columns=MappingProxyType({k: MappingProxyType(v) for k, v in columns.items()}),
        headings=MappingProxyType(headings),
    )


_INDEXES: dict[str, LabelIndex] = {key: _build(e) for key, e in EDITIONS.items()}


def label_index(edition: Edition | str | int) -> LabelIndex:
    """The label index of an edition (built once, at import, for every registered edition)."""
    chosen = get_edition(edition)
    index = _INDEXES.get(chosen.key)
    return index if index is not None else _build(chosen)


def _layout_keys(edition: Edition) -> frozenset[str]:
    keys: set[str] = set()
    for table in edition.tables:
        for block in table.blocks:
            for column in block.columns:
                keys.update(label_key(x) for x in (column.label, *column.aliases))
            for row in block.rows:
                keys.update(label_key(x) for x in (row.label, *row.aliases))
            if block.label:
                keys.update(label_key(x) for x in (block.label, *block.aliases))
        for group in table.row_groups:
            keys.update(label_key(x) for x in (group.label, *group.aliases))
    return frozenset(keys)


def _distinctive() -> Mapping[str, frozenset[str]]:
    every = {key: _layout_keys(e) for key, e in EDITIONS.items()}
    result = {}
    for key, keys in every.items():
        others = set().union(*(v for k, v in every.items() if k != key))
        result[key] = frozenset(keys - others)
    return MappingProxyType(result)


_DISTINCTIVE = _distinctive()


def layout_keys() -> Mapping[str, frozenset[str]]:
    """Per edition key, the label keys that only that edition prints (its layout's signature).

    A document's edition is read from which of these it prints (a 2021 report that still
    prints ``本年新制作数量`` is laid out in edition 2019).
    """
    return _DISTINCTIVE
