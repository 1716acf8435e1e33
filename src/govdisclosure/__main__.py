"""``python -m govdisclosure``: the same command line as the ``govdisclosure`` console script."""

from __future__ import annotations

import sys

from govdisclosure.cli import main

if __name__ == "__main__":
    sys.exit(main())
