"""DOCX: write a report in the official layout (GB/T 9704 look), read DOCX reports back.

The registry finds :class:`DocxWriter` and :class:`DocxReader` here under the format name
``docx``; see ``docs/docx.md``.
"""

from __future__ import annotations

from govdisclosure.formats.word._extract import read_source_document
from govdisclosure.formats.word.reader import DocxReader
from govdisclosure.formats.word.writer import (
    CUSTOM_PROPERTY_PREFIX,
    DocxWriter,
    PageNumbers,
    custom_property_name,
)

__all__ = [
    "CUSTOM_PROPERTY_PREFIX",
    "DocxReader",
    "DocxWriter",
    "PageNumbers",
    "custom_property_name",
    "read_source_document",
]
