"""Set up and run the main job: an end-to-end demo on the embedded SQLite default.

Usage: ``python3 scripts/demo.py [--workdir DIR]``.
"""

from __future__ import annotations

import subprocess
import sys

from _bootstrap import ROOT, ensure


def main() -> int:
    py = str(ensure("all"))
    return subprocess.run([py, "-m", "blikopwerk._demo", *sys.argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
