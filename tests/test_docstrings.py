"""The API reference (docs/reference/api.md, rendered from docstrings) covers the public API."""

from __future__ import annotations

import importlib
import inspect
import re
from types import ModuleType

import pytest

import govdisclosure as gd
from support import ROOT, load_module

API = (ROOT / "docs" / "reference" / "api.md").read_text("utf-8")
_BLOCK = re.compile(r"^::: ([\w.]+)\n(?:    options:\n      members: \[([^\]]*)\])?", re.MULTILINE)


def documented() -> dict[str, set[str] | None]:
    """Module → the members api.md renders (``None``: every public member)."""
    blocks: dict[str, set[str] | None] = {}
    for match in _BLOCK.finditer(API):
        members = match.group(2)
        blocks[match.group(1)] = (
            None if members is None else {m.strip() for m in members.split(",") if m.strip()}
        )
    return blocks


def public_names(module: ModuleType, listed: set[str] | None) -> list[str]:
    names = list(getattr(module, "__all__", ()))
    return names if listed is None else [n for n in names if n in listed]


def test_every_public_name_of_the_package_is_in_the_reference() -> None:
    blocks = documented()
    missing = []
    for name in gd.__all__:
        obj = getattr(gd, name)
        if name.startswith("__") or isinstance(obj, ModuleType):
            continue
        modules = [m for m, members in blocks.items() if members is None or name in members]
        if not any(name in getattr(importlib.import_module(m), "__dict__", {}) for m in modules):
            missing.append(name)
    assert missing == []


def test_every_listed_member_exists() -> None:
    for module_name, members in documented().items():
        module = importlib.import_module(module_name)
        for member in members or ():
            assert hasattr(module, member), f"api.md lists {module_name}.{member}"


def _undocumented(module: ModuleType, name: str) -> list[str]:
    obj = getattr(module, name)
    if not (inspect.isclass(obj) or inspect.isfunction(obj)):
        return []
    where = f"{module.__name__}.{name}"
    found = [] if inspect.getdoc(obj) and obj.__doc__ else [where]
    if inspect.isclass(obj) and not issubclass(obj, BaseException):
        for attr, value in vars(obj).items():
            if attr.startswith("_"):
                continue
            function = value.fget if isinstance(value, property) else value
            function = getattr(function, "__func__", function)
            if callable(function) and not getattr(function, "__doc__", None):
                found.append(f"{where}.{attr}")
    return found


@pytest.mark.parametrize("module_name", sorted(documented()))
def test_rendered_functions_classes_and_methods_have_docstrings(module_name: str) -> None:
    module = importlib.import_module(module_name)
    listed = documented()[module_name]
    missing = [m for n in public_names(module, listed) for m in _undocumented(module, n)]
    assert missing == []


def test_sphinx_roles_become_inline_code() -> None:
    roles = load_module(ROOT / "tools" / "griffe_sphinx_roles.py")
    assert roles.plain("see :class:`~govdisclosure.errors.ReadError` and :func:`load`") == (
        "see `ReadError` and `load`"
    )
    assert roles.plain(":meth:`AnnualReport.blank`, :data:`MAX_PAGES`") == (
        "`AnnualReport.blank`, `MAX_PAGES`"
    )
