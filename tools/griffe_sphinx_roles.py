"""A Griffe extension for the API reference: Sphinx roles in docstrings shown as inline code.

The docstrings name other objects with Sphinx roles (``:class:`~govdisclosure.errors.ReadError```),
which read well in ``help()`` and editors; mkdocstrings renders docstrings as Markdown, where a
role would print as ``:class: ReadError``. This rewrites each role as inline code showing the
name (its last part when the target starts with ``~``, as Sphinx does). Loaded by ``mkdocs.yml``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|meth|attr|data|func|mod|exc|obj|const):`(~?)([^`]+)`")


def plain(text: str) -> str:
    """``text`` with every Sphinx role replaced by inline code."""

    def replace(match: re.Match[str]) -> str:
        tilde, target = match.groups()
        return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"

    return ROLE.sub(replace, text)


class SphinxRoles(griffe.Extension):
    """Rewrites the docstring of every object Griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain(obj.docstring.value)
