"""Set up and run every check: ruff, mypy (strict), the docs (Sphinx html with its
internal link and anchor check, linkcheck, doctest), pytest (with Hypothesis; it also reads
the built site, tests/docs), and the wheels (tests/packaging: build, check the licences,
install in a fresh venv, run the README's tour).

Usage: ``python3 scripts/test.py [pytest args...]``. Exits non-zero when any check fails.
pytest runs in one pytest-xdist worker per core (at most 4; ``BLIKOPWERK_TEST_WORKERS``
sets the number, 0 runs it in this process).
All checks run even when an earlier one fails, so one run shows everything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from _bootstrap import PLUGINS, ROOT, ensure


def main() -> int:
    py = str(ensure("dev"))
    html = ROOT / "docs" / "_build" / "html"
    # pytest's docs tests read the site the "sphinx html" step built (tests/docs/conftest.py)
    env = dict(os.environ, HYPOTHESIS_PROFILE=os.environ.get("HYPOTHESIS_PROFILE", "ci"),
               BLIKOPWERK_DOCS_HTML=str(html))
    plugin_src = [str(p / "src") for p in PLUGINS]
    workers = os.environ.get("BLIKOPWERK_TEST_WORKERS", str(min(4, os.cpu_count() or 1)))
    sphinx = [py, "-m", "sphinx", "-E", "-n", "-W", "--keep-going", "-q", "-b"]
    checks: list[tuple[str, list[str]]] = [
        ("ruff", [py, "-m", "ruff", "check", "src", "tests", "bench", "docs", "scripts",
                  *(str(p) for p in PLUGINS)]),
        ("mypy", [py, "-m", "mypy", "--strict", "src", *plugin_src]),
        # -W also fails on a broken internal link or #anchor (docs/_ext/blikopwerk_linkcheck.py)
        ("sphinx html", [*sphinx, "html", "docs", str(html)]),
        # offline: external URLs are ignored (docs/conf.py), links to local files checked
        ("sphinx linkcheck", [*sphinx, "linkcheck", "docs", "docs/_build/linkcheck"]),
        ("sphinx doctest", [*sphinx, "doctest", "docs", "docs/_build/doctest"]),
        # pytest-xdist: one worker per core (most of the suite waits on databases and
        # subprocesses), an idle worker taking tests queued for a busy one (worksteal);
        # the plugins' long multi-process tests are collected first (testpaths), so they
        # do not finish last. BLIKOPWERK_TEST_WORKERS=0 runs it in this process
        ("pytest", [py, "-m", "pytest", "-p", "no:cacheprovider", "--ignore=tests/packaging",
                    "-n", workers, "--dist", "worksteal", *sys.argv[1:]]),
        # build the sdists and wheels, check their licences, install blikopwerk[all] from the
        # wheel in a fresh venv and run the README's tour there
        ("wheels", [py, "-m", "pytest", "-p", "no:cacheprovider", "-rsx", "tests/packaging"]),
    ]
    # a fresh site: pages left from an earlier build (a moved module's source page, say)
    # would otherwise be link-checked and read by the docs tests
    shutil.rmtree(html, ignore_errors=True)
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
