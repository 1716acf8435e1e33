"""What a format is: a reader and/or writer class, looked up by name and imported on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from govdisclosure.errors import MissingDependencyError, UnsupportedFormatError

if TYPE_CHECKING:
    from govdisclosure.model import AnnualReport

__all__ = ["FormatInfo", "Reader", "Writer"]


@runtime_checkable
class Writer(Protocol):
    """Turns a report into a document. Instances are configured by their constructor and hold
    no state between calls, so one instance may serve several threads."""

    def dumps(self, report: AnnualReport) -> str | bytes:
        """The whole document: ``str`` for text-like formats, ``bytes`` for binary ones."""
        ...


@runtime_checkable
class Reader(Protocol):
    """Turns a document into a report; raises :class:`~govdisclosure.errors.ReadError` for input
    it cannot read, and nothing else. Stateless between calls, like :class:`Writer`."""

    def loads(self, data: str | bytes, *, source: str | None = None) -> AnnualReport:
        """Read a whole document. ``source`` names it in error messages and provenance."""
        ...


def _able(side: str) -> list[str]:
    from govdisclosure.formats import available_formats

    return [f.name for f in available_formats() if getattr(f, side) is not None]


def _import(target: str, info: FormatInfo) -> Any:
    module, _, name = target.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as exc:
        if info.extra is None:
            raise
        raise MissingDependencyError(f"format {info.name!r}", info.extra, str(exc)) from exc


@attrs.frozen
class FormatInfo:
    """A registered format.

    ``reader`` and ``writer`` are ``"module:Class"`` strings, imported only when the format is
    first used, so that ``import govdisclosure`` loads neither python-docx nor a PDF library.

    Third-party packages register a format by exposing a ``FormatInfo`` (or a callable returning
    one) in the ``govdisclosure.formats`` entry-point group; the registry consults it only when
    a name or suffix is not built in.
    """

    name: str
    suffixes: tuple[str, ...]
    reader: str | None = None
    writer: str | None = None
    binary: bool = False
    """Whether the writer produces ``bytes`` (``str`` otherwise)."""
    media_type: str = "application/octet-stream"
    description: str = ""
    extra: str | None = None
    """The optional dependency group it needs (``pip install govdisclosure[pdf]``)."""

    @property
    def can_read(self) -> bool:
        """Whether the format has a reader."""
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        """Whether the format has a writer."""
        return self.writer is not None

    def reader_class(self) -> type[Reader]:
        """The reader class, imported now if it was not yet.

        Raises:
            UnsupportedFormatError: the format cannot be read (a LookupError).
            MissingDependencyError: the reader needs an optional extra that is not installed.
        """
        if self.reader is None:
            raise UnsupportedFormatError(self.name, "read", _able("reader"))
        cls: type[Reader] = _import(self.reader, self)
        return cls

    def writer_class(self) -> type[Writer]:
        """The writer class, imported now if it was not yet.

        Raises:
            UnsupportedFormatError: the format cannot be written (``pdf``; a LookupError).
            MissingDependencyError: the writer needs an optional extra that is not installed.
        """
        if self.writer is None:
            raise UnsupportedFormatError(self.name, "written", _able("writer"))
        cls: type[Writer] = _import(self.writer, self)
        return cls
