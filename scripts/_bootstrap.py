"""Set up the project's virtual environment with nothing but Python 3.11+.

Used by ``scripts/demo.py`` and ``scripts/test.py``. Standard library only: this runs
before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("BLIKOPWERK_VENV", ROOT / ".venv"))
PLUGINS = sorted(p for p in (ROOT / "plugins").glob("*") if (p / "pyproject.toml").exists())


def python() -> Path:
    """The virtual environment's interpreter."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _fingerprint(extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    for path in [ROOT / "pyproject.toml", *(p / "pyproject.toml" for p in PLUGINS)]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure(extra: str) -> Path:
    """Create the venv and install the project (with ``extra``) and every plugin, editable.

    Re-installs only when a ``pyproject.toml`` changed since the last run.
    """
    if sys.version_info < (3, 11):
        sys.exit(f"blikopwerk needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    if not python().exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    stamp = VENV / f".blikopwerk-{extra}.stamp"
    fingerprint = _fingerprint(extra)
    if stamp.exists() and stamp.read_text() == fingerprint:
        return python()
    pip = [str(python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    targets = ["-e", f"{ROOT}[{extra}]"]
    for plugin in PLUGINS:
        targets += ["-e", f"{plugin}[test]" if extra == "dev" else str(plugin)]
    print("installing blikopwerk and its plugins ...", flush=True)
    subprocess.run([*pip, *targets], check=True)
    stamp.write_text(fingerprint)
    return python()
