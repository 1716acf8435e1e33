"""Shared test helpers: where the real corpus is, and how to load the example scripts."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("GOVDISCLOSURE_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SPEC = SHARED / "spec" / "FORMAT.md"


def corpus_path(name: str) -> Path:
    """A file of ``../shared/corpus/``; skips the test (with the reason) when it is absent."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"real corpus file {path} not present (set GOVDISCLOSURE_SHARED to its folder)")
    return path


def expected_values(stem: str) -> dict[str, Any]:
    """The hand-checked values for a corpus file (``expected/<stem>.json``)."""
    data: dict[str, Any] = json.loads(corpus_path(f"expected/{stem}.json").read_text("utf-8"))
    return data


def spec_text() -> str:
    if not SPEC.exists():
        pytest.skip(f"format reference {SPEC} not present (set GOVDISCLOSURE_SHARED)")
    return SPEC.read_text("utf-8")


@cache
def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` as a module (examples are scripts, not a package)."""
    return load_module(EXAMPLES / f"{name}.py")


@cache
def load_module(path: Path) -> ModuleType:
    """Import a script that is not in a package (``examples/``, ``tools/``, ``bench/``)."""
    spec = importlib.util.spec_from_file_location(f"_script_{path.parent.name}_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def sample_report() -> Any:
    """A fresh copy of the 祥云镇 2020 sample report built by ``examples/xiangyun_2020.py``."""
    return load_example("xiangyun_2020").build_report()
