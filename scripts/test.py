"""Set up and run every check: ruff, mypy (strict), pytest (with Hypothesis), Sphinx.

Usage: ``python3 scripts/test.py [pytest args...]``. Exits non-zero when any check fails.
All checks run even when an earlier one fails, so one run shows everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from _bootstrap import PLUGINS, ROOT, ensure


def main() -> int:
    py = str(ensure("dev"))
    env = dict(os.environ, HYPOTHESIS_PROFILE=os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    plugin_src = [str(p / "src") for p in PLUGINS]
    checks: list[tuple[str, list[str]]] = [
        ("ruff", [py, "-m", "ruff", "check", "src", "tests", "bench", "docs", "scripts",
                  *(str(p) for p in PLUGINS)]),
        ("mypy", [py, "-m", "mypy", "--strict", "src", *plugin_src]),
        ("pytest", [py, "-m", "pytest", "-p", "no:cacheprovider", *sys.argv[1:]]),
        ("sphinx html", [py, "-m", "sphinx", "-E", "-n", "-W", "--keep-going", "-q", "-b", "html",
                         "docs", "docs/_build/html"]),
        ("sphinx doctest", [py, "-m", "sphinx", "-E", "-n", "-W", "--keep-going", "-q", "-b",
                            "doctest", "docs", "docs/_build/doctest"]),
    ]
    failed: list[str] = []
    for name, cmd in checks:
        print(f"\n==> {name}", flush=True)
        start = time.monotonic()
        code = subprocess.run(cmd, cwd=ROOT, env=env).returncode
        print(f"<== {name}: {'ok' if code == 0 else f'FAILED (exit {code})'} "
              f"in {time.monotonic() - start:.0f}s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}")
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
