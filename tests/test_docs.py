"""The generated reference pages in docs/ match the code they are generated from."""

from __future__ import annotations

from support import ROOT, load_module


def test_generated_references_are_current() -> None:
    gendocs = load_module(ROOT / "tools" / "gendocs.py")
    for name, build in gendocs.PAGES.items():
        page = ROOT / "docs" / name
        assert page.read_text("utf-8") == build(), f"{name} is stale: run python tools/gendocs.py"
