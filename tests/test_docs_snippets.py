"""Every Python snippet in the documentation runs, and every output it shows is what it prints.

Each page's ```` ```python ````, ```` ```pycon ```` and ```` ```console ```` blocks run in order,
in one namespace per page, in a temporary working folder: ``python`` blocks are executed,
``pycon`` blocks are run as doctests (the ``>>>`` lines run, the lines under them must match what
they print), and in ``console`` blocks each ``$ govdisclosure …`` line runs the command line
(``govdisclosure.cli.main``), whose output must match the lines under it (``...`` matches
anything). ```` ```sh ```` blocks are lists of commands to read, not run. Two HTML comments,
invisible on the rendered page, let a page prepare or leave out a block:

- ``<!-- doctest-setup`` … ``-->``: code run at that point (to make a file a snippet reads);
- ``<!-- doctest-skip: reason -->`` on the line before a fence: that block is not run.

In setup code, ``corpus_file(name)`` copies a file of the real corpus into the working folder
(skipping the page when the corpus is absent) and ``sample_report()`` builds the 祥云镇 sample.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

from govdisclosure import cli
from support import ROOT, corpus_path, sample_report

GENERATED = {"docs/reference/format.md", "docs/reference/rules.md", "docs/examples.md"}
PAGES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    if p.relative_to(ROOT).as_posix() not in GENERATED
)

_FENCE = re.compile(r"^(`{3,})([\w+-]*)[^\n]*$")
_SETUP = re.compile(r"^<!-- doctest-setup\s*$")
_SKIP = re.compile(r"^<!-- doctest-skip: .+ -->\s*$")
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@attrs.frozen
class Snippet:
    kind: str
    """``python``, ``pycon``, ``console`` or ``setup``."""
    code: str
    line: int


def snippets(text: str) -> list[Snippet]:
    """The runnable blocks of a Markdown page, in order."""
    lines = text.splitlines()
    found: list[Snippet] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _SETUP.match(line):
            end = lines.index("-->", i)
            found.append(Snippet("setup", "\n".join(lines[i + 1 : end]), i + 2))
            i = end + 1
            continue
        fence = _FENCE.match(line)
        if fence is None:
            i += 1
            continue
        close = next(j for j in range(i + 1, len(lines)) if lines[j].startswith(fence.group(1)))
        skipped = i > 0 and _SKIP.match(lines[i - 1])
        if fence.group(2) in ("python", "pycon", "console") and not skipped:
            found.append(Snippet(fence.group(2), "\n".join(lines[i + 1 : close]), i + 2))
        i = close + 1
    return found


def test_pages_are_found() -> None:
    assert "README.md" in PAGES
    assert "docs/guide.md" in PAGES
    assert "docs/reference/api.md" in PAGES


def test_snippet_parser() -> None:
    text = "\n".join(
        [
            "<!-- doctest-setup",
            "x = 1",
            "-->",
            "```python",
            "y = x + 1",
            "```",
            "<!-- doctest-skip: needs a file -->",
            "```python",
            "open('nowhere')",
            "```",
            "```pycon",
            ">>> y",
            "2",
            "```",
            "```sh",
            "ls",
            "```",
            "```console",
            "$ govdisclosure formats",
            "```",
        ]
    )
    assert [(s.kind, s.code, s.line) for s in snippets(text)] == [
        ("setup", "x = 1", 2),
        ("python", "y = x + 1", 5),
        ("pycon", ">>> y\n2", 12),
        ("console", "$ govdisclosure formats", 19),
    ]
    assert commands("$ govdisclosure validate 'a b.txt'\nok\n  more\n$ govdisclosure formats") == [
        (["validate", "a b.txt"], "ok\n  more\n"),
        (["formats"], ""),
    ]


def commands(transcript: str) -> list[tuple[list[str], str]]:
    """``$ govdisclosure …`` lines of a console block, each with the output shown under it."""
    found: list[tuple[list[str], str]] = []
    for line in transcript.splitlines():
        if line.startswith("$ "):
            argv = shlex.split(line[2:])
            assert argv[0] == "govdisclosure", f"only govdisclosure commands run: {line!r}"
            found.append((argv[1:], ""))
        elif found:
            found[-1] = (found[-1][0], found[-1][1] + line + "\n")
    return found


def run_console(transcript: str, where: str) -> None:
    checker = doctest.OutputChecker()
    for argv, expected in commands(transcript):
        out = io.StringIO()
        # argparse exits on a usage error; the message is the output to check.
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(out),
            contextlib.suppress(SystemExit),
        ):
            cli.main(argv)
        got = out.getvalue()
        assert checker.check_output(expected, got, _FLAGS), (
            f"{where}: govdisclosure {shlex.join(argv)}\nexpected:\n{expected}\ngot:\n{got}"
        )


def corpus_file(name: str) -> Path:
    """Copy a real corpus file into the working folder; skip the page without the corpus."""
    target = Path(name)
    shutil.copyfile(corpus_path(name), target)
    return target


@pytest.mark.parametrize("page", PAGES)
def test_page_snippets_run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(name, "C.UTF-8")  # issue messages in English, as the pages show them
    namespace: dict[str, Any] = {
        "__name__": "__docs__",
        "corpus_file": corpus_file,
        "sample_report": sample_report,
    }
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    for snippet in snippets((ROOT / page).read_text("utf-8")):
        where = f"{page}:{snippet.line}"
        if snippet.kind == "pycon":
            test = parser.get_doctest(snippet.code, namespace, where, page, snippet.line)
            failures: list[str] = []
            result = runner.run(test, clear_globs=False, out=failures.append)
            assert result.failed == 0, f"{where}:\n{''.join(failures)}"
            namespace.update(test.globs)  # a DocTest runs in a copy of the namespace
        elif snippet.kind == "console":
            run_console(snippet.code, where)
        else:
            try:
                exec(compile(snippet.code, where, "exec"), namespace)
            except Exception as exc:
                pytest.fail(f"{where}: {type(exc).__name__}: {exc}")
