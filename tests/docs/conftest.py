"""Fixtures for the docs site tests: the built HTML site (built once per session).

``scripts/test.py`` builds the site with ``sphinx -n -W`` first and points
``BLIKOPWERK_DOCS_HTML`` at it; without that variable the site is built here, into a
temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
for path in (HERE, ROOT / "docs" / "_ext"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the built HTML docs."""
    given = os.environ.get("BLIKOPWERK_DOCS_HTML")
    if given:
        path = Path(given)
        if not (path / "index.html").exists():
            pytest.fail(f"BLIKOPWERK_DOCS_HTML={given} holds no built site (no index.html)")
        return path
    out = tmp_path_factory.mktemp("html")
    done = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(ROOT / "docs"), str(out)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"the docs did not build:\n{done.stderr[-3000:]}")
    return out
