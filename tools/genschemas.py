"""Generate the schemas shipped in the package from the edition data: one XSD per edition and
the JSON Schema (``src/govdisclosure/formats/schemas/``).

Run ``python tools/genschemas.py`` after changing the edition data; ``--check`` fails when a
shipped schema is stale (the test suite checks the same).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from govdisclosure.editions import EDITIONS
from govdisclosure.formats import govjson, govxml

SCHEMAS = Path(__file__).resolve().parent.parent / "src" / "govdisclosure" / "formats" / "schemas"


def schemas() -> dict[str, Callable[[], bytes]]:
    """Every shipped schema file by name, with the function that builds its content."""
    built: dict[str, Callable[[], bytes]] = {
        govxml.xml_schema_path(key).name: (lambda key=key: govxml.build_xsd(key))  # type: ignore[misc]
        for key in EDITIONS
    }
    built[govjson.json_schema_path().name] = govjson.build_json_schema_bytes
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a schema is out of date")
    args = parser.parse_args(argv)
    stale = []
    for name, build in schemas().items():
        path = SCHEMAS / name
        content = build()
        if args.check:
            if not path.exists() or path.read_bytes() != content:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    if stale:
        print(f"out of date: {', '.join(stale)}; run: python tools/genschemas.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
