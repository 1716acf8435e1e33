"""The benchmark script's structure (bench/run.py): its corpus, rows, table and JSON.

Nothing here is timed: speed is measured by running ``python bench/run.py``, never in tests.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import govdisclosure as gd
from support import ROOT, load_module

RUN: Any = load_module(ROOT / "bench" / "run.py")
CORPUS: Any = load_module(ROOT / "bench" / "corpus.py")
TINY = RUN.Sizes(corpus=len(CORPUS.KINDS), repeats=1, fixture=1, batch=3, memory=(2, 3))


def test_the_corpus_is_varied_and_fixed_by_its_seed() -> None:
    recipes = CORPUS.recipes(12)
    assert recipes == CORPUS.recipes(12)
    assert recipes != CORPUS.recipes(12, seed=1)
    reports = [CORPUS.build(r) for r in recipes]
    assert {r.edition.key for r in reports} == {"2019", "2021"}
    codes = Counter(i.code for r in reports for i in r.validate())
    assert codes["A7.blank_cells"] > 0  # blanks
    assert codes["A1.balance"] > 0  # flawed sums
    assert codes["F.nonstandard_row"] > 0  # extra rows
    typical = [r for r, recipe in zip(reports, recipes, strict=True) if recipe["kind"] == "typical"]
    assert typical
    assert all(r.validate().ok for r in typical)
    assert all(r.validate().issues == () for r in typical)
    long = max(reports, key=lambda r: sum(len(t.text) for _, t in r.narrative()))
    assert sum(len(t.text) for _, t in long.narrative()) > 10_000
    assert any(v not in (None, 0) for r in reports for v in r.applications.values.values())


def test_targets_are_checked_in_their_direction() -> None:
    rate = RUN.Target("rate", 1000, "issue 7")
    ratio = RUN.Target("ratio", 3, "issue 7")
    assert RUN.Row("g", "p", 0.5e-3, target=rate).finish().passed is True  # 2,000/s
    assert RUN.Row("g", "p", 2e-3, target=rate).finish().passed is False  # 500/s
    assert RUN.Row("g", "p", 1.0, ratio=2.9, target=ratio).finish().passed is True
    assert RUN.Row("g", "p", 1.0, ratio=3.1, target=ratio).finish().passed is False
    assert RUN.Row("g", "p", target=rate, note="skipped: x").finish().passed is None
    assert str(rate) == ">= 1,000/s"
    assert str(ratio) == "<= 3x"


@pytest.mark.parametrize("group", ["model", "text", "json"])
def test_a_group_gives_rows_with_times(group: str) -> None:
    rows = RUN.Benchmark(TINY, only=group, log=lambda _: None).run()
    assert rows
    assert {r.group for r in rows} == {group}
    assert all(r.seconds is None or r.seconds > 0 for r in rows)
    targeted = [r for r in rows if r.target is not None]
    assert targeted  # every one of these groups has a target
    assert all(r.passed in (True, False) for r in targeted)


def test_missing_fixtures_are_reported_as_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    missing = {k: Path("/nonexistent") / p.name for k, p in RUN.FIXTURES.items()}
    monkeypatch.setattr(RUN, "FIXTURES", missing)
    rows = RUN.Benchmark(TINY, only="real-world", log=lambda _: None).run()
    assert [r.path for r in rows] == [
        "copied text read + validate (xiangyunzhen)",
        "HTML read (Shanghai)",
        "PDF read (Huai'an), pages/s",
    ]
    assert all(r.note.startswith("skipped:") and r.passed is None for r in rows)


def test_the_table_and_the_json_say_the_same(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert RUN.main(["--quick", "--only", "model", "--json", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["quick"] is True
    assert data["environment"]["seed"] == CORPUS.SEED
    assert data["environment"]["versions"]["govdisclosure"] == gd.__version__
    paths = [r["path"] for r in data["rows"]]
    assert "validate (xiangyun sample)" in paths
    (sample,) = [r for r in data["rows"] if r["path"] == "validate (xiangyun sample)"]
    assert sample["target"]["kind"] == "seconds"
    assert sample["passed"] in (True, False)
    lines = list(RUN.table([RUN.Row(**{**r, "target": None}) for r in data["rows"]]))
    assert lines[0].split() == ["path", "median", "ratio", "or", "rate", "target", "result"]
    assert len(lines) == len(data["rows"]) + 2


def test_batch_and_memory_rows_come_from_the_command_line_path() -> None:
    rows = RUN.Benchmark(TINY, only="batch", log=lambda _: None).run()
    rows += RUN.Benchmark(TINY, only="memory", log=lambda _: None).run()
    by_path = {r.path: r for r in rows}
    speedup = by_path["--jobs 2 vs --jobs 1"]
    assert speedup.clock == "wall"
    assert speedup.ratio is not None
    assert speedup.ratio > 0
    assert speedup.target.kind == "speedup"
    memory = [r for r in rows if r.group == "memory"]
    assert [r.path for r in memory] == [
        "peak RSS, 3 vs 2 files, --jobs 1",
        "peak RSS, 3 vs 2 files, --jobs 2",
    ]
    for row in memory:
        assert row.ratio is not None
        assert 0.5 < row.ratio < 2  # a few files more: about the same peak
        assert row.passed in (True, False)
    # The process's own peak, not the benchmark's (which a child inherits in ru_maxrss).
    assert memory[0].note.startswith("process ")
    assert "largest worker" in memory[1].note
