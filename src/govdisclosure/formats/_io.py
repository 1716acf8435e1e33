"""File plumbing shared by every format: reading a source whole, writing a file atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Union

from govdisclosure.errors import ReadError, WriteError

__all__ = ["MAX_INPUT_BYTES", "PathOrFile", "atomic_write", "read_source", "source_name"]

PathOrFile = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Default cap on the size of one input document (64 MiB); pass ``max_bytes`` to change it."""


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


def read_source(source: PathOrFile, *, max_bytes: int = MAX_INPUT_BYTES) -> bytes | str:
    """The whole content of a path or an open file, refusing more than ``max_bytes``.

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
                    f"file is {size} bytes, more than the limit of {max_bytes}", source=name
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
        raise ReadError(f"input is larger than the limit of {max_bytes} bytes", source=name)
    return data


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either wholly written or not changed at all.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the temporary
    file then replaces ``path`` in one ``os.replace``. On any failure the temporary file is
    removed and a previous file at ``path`` is left as it was.

    Raises:
        WriteError: naming the path and the cause.
    """
    target = Path(path)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise WriteError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
