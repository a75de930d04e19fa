"""Shared test configuration: Hypothesis profiles (``HYPOTHESIS_PROFILE=ci`` in CI) and
the ``storage`` fixture (each test once on each embedded backend)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from blikopwerk import Storage, open_storage

settings.register_profile("ci", max_examples=60, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(params=["memory", "sqlite"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """A fresh embedded backend: ``memory://``, then ``sqlite:///`` in a temporary folder."""
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'test.sqlite3'}"
    s = open_storage(url)
    yield s
    s.close()
