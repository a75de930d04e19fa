"""Set up and run the main job: an end-to-end demo on the embedded SQLite default.

Usage: ``python3 scripts/demo.py [--workdir DIR]``. Runs the demo of each package in turn
(``python -m blikopwerk._demo``, ``werkscan._demo``, ``keurmerk._demo``) into one folder.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from _bootstrap import ROOT, ensure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, default=ROOT / "demo-out")
    workdir = parser.parse_args().workdir.resolve()
    py = str(ensure("all"))
    if workdir.exists():
        shutil.rmtree(workdir)
    for package in ("blikopwerk", "werkscan", "keurmerk"):
        code = subprocess.run([py, "-m", f"{package}._demo", "--workdir", str(workdir)],
                              cwd=ROOT).returncode
        if code != 0:
            print(f"the {package} demo failed (exit {code})", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
