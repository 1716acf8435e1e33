"""DOCX: write a report in the official layout (GB/T 9704 look), read DOCX reports back.

The registry finds :class:`DocxWriter` and :class:`DocxReader` here under the format name
``docx``; see ``docs/docx.md``. The reader side (and the recogniser it calls) is imported on
first use, so that writing does not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govdisclosure.formats.word.writer import (
    CUSTOM_PROPERTY_PREFIX,
    DocxWriter,
    PageNumbers,
    custom_property_name,
)

if TYPE_CHECKING:
    from govdisclosure.formats.word._extract import read_source_document
    from govdisclosure.formats.word.reader import DocxReader

__all__ = [
    "CUSTOM_PROPERTY_PREFIX",
    "DocxReader",
    "DocxWriter",
    "PageNumbers",
    "custom_property_name",
    "read_source_document",
]


def __getattr__(name: str) -> Any:
    if name == "DocxReader":
        from govdisclosure.formats.word.reader import DocxReader

        return DocxReader
    if name == "read_source_document":
        from govdisclosure.formats.word._extract import read_source_document

        return read_source_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
