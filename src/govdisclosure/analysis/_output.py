"""Writing a file that is produced a piece at a time, so that it is either whole or not there."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from govdisclosure.errors import WriteError
from govdisclosure.formats import _io

__all__ = ["atomic_open"]


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` only when the ``with`` block ends normally.

    The streaming counterpart of :func:`govdisclosure.formats.atomic_write` (which takes the
    whole content at once): the text goes to a temporary file in the same folder, is flushed to
    disk, and replaces ``path`` in one ``os.replace``. If the block raises (or the process is
    interrupted), the temporary file is removed and a previous file at ``path`` is left as it
    was.

    Raises:
        WriteError: naming the path and the cause.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
    except OSError as exc:
        raise WriteError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    done = False
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_io._UMASK)
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise WriteError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
