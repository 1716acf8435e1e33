"""File plumbing shared by every format: input limits, the reader guard, atomic writes.

Every reader's entry point is wrapped by :func:`reader_guard`: it refuses input over the
reader's ``max_bytes`` before any parser sees it, and turns whatever escapes the reader into a
:class:`~govdisclosure.errors.ReadError`, so that a caller (``gd.load`` or an embedding system
calling ``XmlReader().loads`` directly) catches one exception type for every bad input.
Every file the library writes goes through :func:`atomic_open` (or :func:`atomic_write`, its
whole-content form): either the whole new file is there, or the old one is left untouched.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, TypeVar, Union, overload

from govdisclosure.errors import (
    GovDisclosureError,
    MissingDependencyError,
    ReadError,
    WriteError,
)

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_TEXT_BYTES",
    "PathOrFile",
    "atomic_open",
    "atomic_write",
    "check_limit",
    "check_size",
    "is_reader_bug",
    "read_source",
    "reader_guard",
    "source_name",
    "translate_errors",
]

PathOrFile = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Default cap on the size of one input document (64 MiB): the binary formats' readers (DOCX,
PDF) and what :func:`govdisclosure.load` reads from a file. Pass ``max_bytes`` to change it."""

MAX_TEXT_BYTES = 8 * 1024 * 1024
"""Default cap on the text formats' input (text, XML, JSON, HTML: 8 MiB; characters for a
``str``). A published report is well under 1 MiB in any of them; the cap bounds the time a
reader can be kept busy. Pass ``max_bytes`` to the reader (or to ``gd.load``) to change it."""

_log = logging.getLogger("govdisclosure.formats")

_F = TypeVar("_F", bound=Callable[..., Any])


def _current_umask() -> int:
    # os.umask can only be read by setting it; do that once, at import, before any thread
    # of the caller's can be writing files.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def source_name(source: PathOrFile) -> str | None:
    """A name for messages: the path, or a file object's ``name`` if it has a useful one."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


# -- limits ----------------------------------------------------------------------------------


def check_limit(name: str, value: object) -> int:
    """``value`` if it is a usable limit (an ``int`` ≥ 1), for reader constructors.

    Raises:
        ValueError: naming the option and the value.
    """
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a whole number ≥ 1, got {value!r}")
    return value


def check_size(data: str | bytes, max_bytes: int, source: str | None) -> None:
    """Refuse input over the limit before any parser sees it (``len``: bytes, or characters).

    Raises:
        ReadError: naming the size and the limit, and how to raise it.
    """
    if len(data) > max_bytes:
        unit = "characters" if isinstance(data, str) else "bytes"
        raise ReadError(
            f"the input is {len(data)} {unit}, more than the limit of {max_bytes}"
            " (raise it with max_bytes=...)",
            source=source,
        )


def read_source(source: PathOrFile, *, max_bytes: int = MAX_INPUT_BYTES) -> bytes | str:
    """The whole content of a path or an open file, refusing more than ``max_bytes``.

    A file over the limit is refused from its size, before it is read.

    Raises:
        ReadError: the file cannot be opened or read, or is larger than the limit.
    """
    name = source_name(source) or "<input>"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise ReadError(
                    f"file is {size} bytes, more than the limit of {max_bytes}"
                    " (raise it with max_bytes=...)",
                    source=name,
                )
            with path.open("rb") as stream:
                data: bytes | str = stream.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError(f"cannot read file: {exc.strerror or exc}", source=name) from exc
    else:
        try:
            data = source.read(max_bytes + 1)
        except (OSError, ValueError) as exc:
            raise ReadError(f"cannot read stream: {exc}", source=name) from exc
    if len(data) > max_bytes:
        raise ReadError(
            f"input is larger than the limit of {max_bytes} bytes (raise it with max_bytes=...)",
            source=name,
        )
    return data


# -- the reader guard --------------------------------------------------------------------------

_MODEL_MODULES = ("govdisclosure.model", "govdisclosure.editions", "attr.", "attrs.")
_BUG_MARK = "_govdisclosure_reader_bug"


def _raised_in(exc: BaseException) -> str:
    """The module of the innermost frame ``exc`` passed through."""
    tb = exc.__traceback__
    if tb is None:
        return ""
    while tb.tb_next is not None:
        tb = tb.tb_next
    name = tb.tb_frame.f_globals.get("__name__", "")
    return name if isinstance(name, str) else ""


def _refused_by_model(exc: BaseException) -> bool:
    """Whether ``exc`` is the model refusing a value the document holds (a control character
    in a name, a negative count): bad input, reported as such."""
    if isinstance(exc, UnicodeError) or not isinstance(exc, (ValueError, TypeError)):
        return False
    return _raised_in(exc).startswith(_MODEL_MODULES)


def is_reader_bug(error: BaseException) -> bool:
    """Whether a :class:`ReadError` from a guarded reader stands for a bug in the reader.

    That is an exception no reader should let happen (``KeyError``, ``IndexError``,
    ``RecursionError``, a parser's own exception type…), which :func:`translate_errors` turned
    into a ``ReadError`` so the caller still gets one exception type. Any exception that is
    not a ``ReadError`` counts as a bug too. The fuzz harness counts these as crashes.
    """
    if not isinstance(error, ReadError):
        return True
    return getattr(error, _BUG_MARK, False) is True


@contextlib.contextmanager
def translate_errors(format: str, source: str | None) -> Iterator[None]:
    """Inside the block, any exception but :class:`ReadError` becomes a ``ReadError``.

    :class:`~govdisclosure.errors.MissingDependencyError` passes (the input is not at fault).
    A value the model refuses becomes "the document holds a value a report cannot: …";
    anything else ("cannot read this document as 'xml': KeyError: …") is a bug in the reader,
    which is logged with its traceback (logger ``govdisclosure.formats``) and can be told by
    :func:`is_reader_bug`. The cause is kept as ``__cause__``.
    """
    try:
        yield
    except (ReadError, MissingDependencyError):
        raise
    except MemoryError as exc:
        raise ReadError(
            "the document needs more memory to read than is available", source=source
        ) from exc
    except Exception as exc:
        if isinstance(exc, GovDisclosureError) or _refused_by_model(exc):
            raise ReadError(
                f"the document holds a value a report cannot: {exc}", source=source
            ) from exc
        _log.warning(
            "the %s reader failed on %s with %s",
            format,
            source or "<input>",
            type(exc).__name__,
            exc_info=exc,
        )
        detail = " ".join(str(exc).split())[:200]
        error = ReadError(
            f"cannot read this document as {format!r}: {type(exc).__name__}: {detail}",
            source=source,
        )
        setattr(error, _BUG_MARK, True)  # for is_reader_bug; not part of the public type
        raise error from exc


def reader_guard(format: str) -> Callable[[_F], _F]:
    """Decorator for a reader's entry point: ``Reader.loads`` or a public reading function.

    The wrapped callable takes the document first (after ``self`` for a method) and
    ``source=`` as a keyword. For a method whose instance has a ``max_bytes`` attribute, input
    longer than that is refused before the reader starts; then :func:`translate_errors` makes
    sure nothing but :class:`ReadError` (or :class:`MissingDependencyError`) escapes. The
    undecorated callable stays available as ``__wrapped__``.
    """

    def decorate(func: _F) -> _F:
        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            source = kwargs.get("source")
            name = source if isinstance(source, str) and source else f"<{format}>"
            if len(args) >= 2 and isinstance(args[1], (str, bytes)):
                limit = getattr(args[0], "max_bytes", None)
                if isinstance(limit, int):
                    check_size(args[1], limit, name)
            with translate_errors(format, name):
                return func(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


# -- atomic writes -----------------------------------------------------------------------------


@overload
def atomic_open(
    path: str | os.PathLike[str],
    mode: Literal["w"] = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[str]]: ...


@overload
def atomic_open(
    path: str | os.PathLike[str],
    mode: Literal["wb"],
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...


def atomic_open(
    path: str | os.PathLike[str],
    mode: Literal["w", "wb"] = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[Any]]:
    """A stream whose content replaces ``path`` only when the ``with`` block ends normally.

    What is written goes to a temporary file in the same folder (``.name.XXXX.tmp``), is
    flushed to disk, and replaces ``path`` in one ``os.replace``; the folder is then synced so
    that the rename survives a power cut. If the block raises (or the process is interrupted),
    the temporary file is removed and a previous file at ``path`` is left as it was. A new file
    gets the permissions the umask allows; a replaced one keeps its permissions. A symbolic link
    at ``path`` is replaced by the new file (the file it pointed to is not written through).

    Args:
        mode: ``"w"`` for text (``encoding``, ``newline`` as in :func:`open`), ``"wb"`` for bytes.

    Raises:
        WriteError: naming the path and the cause; the temporary file is gone and a previous
            file at ``path`` is unchanged.
    """
    return _atomic(Path(path), mode, encoding, newline)


@contextlib.contextmanager
def _atomic(target: Path, mode: str, encoding: str, newline: str | None) -> Iterator[IO[Any]]:
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
    except OSError as exc:
        raise WriteError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    done = False
    try:
        text = mode == "w"
        with os.fdopen(
            fd, mode, encoding=encoding if text else None, newline=newline if text else None
        ) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise WriteError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    # The rename is durable once the folder's entry is on disk; not every system can open a
    # folder for that (Windows cannot), and the file is already whole either way.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder or ".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either wholly written or not changed at all
    (:func:`atomic_open` with the whole content at once).

    Raises:
        WriteError: naming the path and the cause.
    """
    with atomic_open(path, "wb") as stream:
        stream.write(data)
