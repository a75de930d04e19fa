"""Where the seed texts are, for the tests that read them (the package never needs them).

``$BLIKOPWERK_SEEDS`` names the folder; otherwise a ``shared/seeds`` folder above the
repository is used. Tests that need a seed skip, saying why, when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def seed_dir() -> Path | None:
    """The folder of the seed texts, or ``None``."""
    env = os.environ.get("BLIKOPWERK_SEEDS")
    if env:
        return Path(env)
    for parent in ROOT.parents:
        candidate = parent / "shared" / "seeds"
        if (candidate / "000_fce2b4cd91976fe2.txt").exists():
            return candidate
    return None


def seed_text(name: str) -> str:
    """The text of seed ``name`` (a file name); skips the test when it is not there."""
    folder = seed_dir()
    if folder is None or not (folder / name).exists():
        pytest.skip(f"seed {name} not found: set BLIKOPWERK_SEEDS to the folder of the seed texts")
    return (folder / name).read_text("utf-8")
