"""Mutated real documents (the fuzz harness's seeds and mutations, driven by hypothesis): every
reader gives a report or a deliberate ReadError, in bounded time, for each of them. The fuzz
harness (``fuzz/run.py``) does the same at scale, guided by coverage."""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bounded import run_bounded
from support import ROOT, load_module

_targets: Any = load_module(ROOT / "fuzz" / "targets.py")

_EXAMPLES = {"pdf": 8, "docx": 25, "html": 25, "copied-text": 20, "text": 20}


@cache
def _seeds(name: str) -> list[bytes]:
    return list(_targets.seeds_of(_targets.TARGETS[name]))


@pytest.mark.parametrize("name", list(_targets.TARGETS))
def test_mutated_documents_are_read_or_refused(name: str) -> None:
    target = _targets.TARGETS[name]
    if name == "pdf":
        pytest.importorskip("pdfplumber")
    reader = target.make_reader()
    seeds = _seeds(name)

    @settings(max_examples=_EXAMPLES.get(name, 40), database=None)
    @given(st.integers(0, 2**32 - 1))
    def one(seed: int) -> None:
        rnd = random.Random(seed)
        data = _targets.mutate(target, rnd.choice(seeds), rnd, seeds)
        outcome = run_bounded(lambda: _targets.check(reader, data), seconds=10)
        assert outcome.kind == "report", f"seed {seed}: {outcome}"

    one()


def test_package_mutations_change_members_not_only_bytes() -> None:
    target = _targets.TARGETS["docx"]
    seed = _seeds("docx")[0]
    rnd = random.Random(1)
    mutated = [_targets.mutate_package(seed, rnd, lambda m: m + b"<x/>") for _ in range(20)]
    assert all(m[:2] == b"PK" for m in mutated)
    assert len(set(mutated)) > 10
    assert target.package
